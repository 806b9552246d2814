import SluiceBridge
import SQLiteNIO
import Logging
import SluiceCore
