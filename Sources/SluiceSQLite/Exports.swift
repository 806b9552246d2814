/// Payloads are NIO's `ByteBuffer`, as in the `NATS` and `JetStream` modules.
@_exported import struct SQLiteNIO.ByteBuffer
