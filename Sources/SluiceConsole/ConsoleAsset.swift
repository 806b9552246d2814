import NIOCore

/// One file of the web console, as served: its bytes, content type and entity tag.
struct ConsoleAsset: Sendable {
    let body: ByteBuffer
    let contentType: String
    /// A quoted strong entity tag made from the bytes, so a browser revalidates with `If-None-Match` and gets `304`.
    let entityTag: String

    init(bytes: [UInt8], contentType: String) {
        self.body = ByteBuffer(bytes: bytes)
        self.contentType = contentType
        self.entityTag = "\"\(Self.fingerprint(bytes))\""
    }

    /// FNV-1a over the bytes, as 16 hex digits: enough to tell versions of one file apart.
    private static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
