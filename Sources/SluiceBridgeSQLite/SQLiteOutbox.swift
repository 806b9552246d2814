import Logging
import SQLiteNIO
import SluiceBridge
import SluiceCore
