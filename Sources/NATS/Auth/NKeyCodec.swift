/// The NKey text encoding.
///
/// A public key is `[version byte] + 32 key bytes + CRC16`, a seed is
/// `[seed byte | type >> 5, (type & 31) << 3] + 32 seed bytes + CRC16`; the CRC (XMODEM)
/// is over everything before it and stored little-endian; the whole is unpadded base32.
/// Errors never quote the input, which may be a secret.
enum NKeyCodec {
    static let keyLength = 32

    static func encodePublicKey(type: NKeyType, key: [UInt8]) -> String {
        precondition(key.count == keyLength)
        return Base32.encode(withChecksum([type.prefixByte] + key))
    }

    static func encodeSeed(type: NKeyType, seed: [UInt8]) -> String {
        precondition(seed.count == keyLength)
        let first = NKeyType.seedPrefixByte | (type.prefixByte >> 5)
        let second = (type.prefixByte & 0x1F) << 3
        return Base32.encode(withChecksum([first, second] + seed))
    }

    /// Decodes a seed into its type and 32 raw seed bytes.
    static func decodeSeed(_ text: String) throws -> (NKeyType, [UInt8]) {
        let raw = try decodeChecked(trimmed(text), what: "NKey seed", expectedLength: 2 + keyLength + 2)
        guard raw[0] & 0xF8 == NKeyType.seedPrefixByte else {
            throw NATSError(
                .invalidArgument,
                "NKey seed must start with 'S', not '\(Base32.encode([raw[0] & 0xF8]).prefix(1))' (is this a public key?)"
            )
        }
        let typeByte = ((raw[0] & 0x07) << 5) | ((raw[1] & 0xF8) >> 3)
        guard let type = NKeyType(prefixByte: typeByte) else {
            throw NATSError(.invalidArgument, "NKey seed has an unknown key type")
        }
        return (type, Array(raw[2..<(2 + keyLength)]))
    }

    /// Decodes a public key into its type and 32 raw key bytes.
    static func decodePublicKey(_ text: String) throws -> (NKeyType, [UInt8]) {
        let raw = try decodeChecked(trimmed(text), what: "NKey public key", expectedLength: 1 + keyLength + 2)
        guard let type = NKeyType(prefixByte: raw[0]) else {
            throw NATSError(.invalidArgument, "NKey public key has an unknown key type")
        }
        return (type, Array(raw[1..<(1 + keyLength)]))
    }

    private static func withChecksum(_ bytes: [UInt8]) -> [UInt8] {
        let crc = CRC16.checksum(bytes)
        return bytes + [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)]
    }

    private static func decodeChecked(_ text: Substring, what: String, expectedLength: Int) throws -> [UInt8] {
        guard !text.isEmpty else { throw NATSError(.invalidArgument, "\(what) is empty") }
        guard let raw = Base32.decode(text) else {
            throw NATSError(.invalidArgument, "\(what) is not valid base32 (A-Z, 2-7)")
        }
        guard raw.count == expectedLength else {
            throw NATSError(
                .invalidArgument,
                "\(what) has the wrong length (\(raw.count) bytes decoded, \(expectedLength) expected)"
            )
        }
        let body = raw[..<(raw.count - 2)]
        let stored = UInt16(raw[raw.count - 2]) | UInt16(raw[raw.count - 1]) << 8
        guard CRC16.checksum(body) == stored else {
            throw NATSError(.invalidArgument, "\(what) has a bad checksum (mistyped or truncated?)")
        }
        return raw
    }

    static func trimmed(_ text: String) -> Substring {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return slice
    }
}
