import Crypto

/// An Ed25519 key pair in NATS's NKey encoding: the identity of a user, account or operator.
///
/// The seed is the secret. ``description``, `debugDescription` and `dump()` show only the
/// type and public key, so a key pair can be logged safely; only ``seed`` gives the secret out.
///
/// ```swift
/// let user = try NKeyPair(seed: "SUA…")
/// let signature = try user.sign(Array(nonce.utf8))
/// print(user.publicKey)   // "UD…"
/// ```
public struct NKeyPair: Sendable {
    /// The role of this key.
    public let type: NKeyType
    /// The encoded public key, such as `UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4`.
    public let publicKey: String
    /// The 32 raw seed bytes (Crypto's key types are not `Sendable`, so the key is rebuilt to sign).
    private let rawSeed: [UInt8]
    private let rawPublicKey: [UInt8]

    private init(type: NKeyType, privateKey: Curve25519.Signing.PrivateKey) {
        self.type = type
        self.rawSeed = Array(privateKey.rawRepresentation)
        self.rawPublicKey = Array(privateKey.publicKey.rawRepresentation)
        self.publicKey = NKeyCodec.encodePublicKey(type: type, key: rawPublicKey)
    }

    private var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key, so this cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: rawSeed)
    }

    /// Decodes an encoded seed (`SU…`, `SA…`, `SO…`, `SN…`, `SC…`); surrounding whitespace is ignored.
    ///
    /// - Parameter seed: The encoded seed.
    /// - Throws: ``NATSError`` with code ``NATSError/Code/invalidArgument`` when the text is not a valid
    ///   seed (bad characters, length, prefix or checksum). The message never contains the seed.
    public init(seed: String) throws {
        let (type, raw) = try NKeyCodec.decodeSeed(seed)
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        } catch {
            throw NATSError(.invalidArgument, "NKey seed does not hold a valid Ed25519 key")
        }
        self.init(type: type, privateKey: key)
    }

    /// Creates a new random key pair.
    ///
    /// - Parameter type: The role of the new key.
    public static func generate(_ type: NKeyType) -> NKeyPair {
        NKeyPair(type: type, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The encoded seed. **This is the secret**: store it as a password, never log it.
    public var seed: String {
        NKeyCodec.encodeSeed(type: type, seed: rawSeed)
    }

    /// Signs `data` with the private key.
    ///
    /// - Parameter data: The bytes to sign, such as the UTF-8 bytes of the server's nonce.
    /// - Returns: The 64-byte Ed25519 signature.
    public func sign(_ data: some Sequence<UInt8>) throws -> [UInt8] {
        Array(try privateKey.signature(for: Array(data)))
    }

    /// Whether `signature` is this key's signature of `data`.
    public func verify(_ signature: some Sequence<UInt8>, for data: some Sequence<UInt8>) -> Bool {
        Self.verify(signature, for: data, rawPublicKey: rawPublicKey)
    }

    /// Whether `signature` over `data` was made by the key whose encoded public key is `publicKey`.
    ///
    /// Returns `false` when `publicKey` is not a valid encoded public key.
    public static func verify(
        _ signature: some Sequence<UInt8>,
        for data: some Sequence<UInt8>,
        publicKey: String
    ) -> Bool {
        guard let (_, raw) = try? NKeyCodec.decodePublicKey(publicKey) else { return false }
        return verify(signature, for: data, rawPublicKey: raw)
    }

    private static func verify(
        _ signature: some Sequence<UInt8>,
        for data: some Sequence<UInt8>,
        rawPublicKey: [UInt8]
    ) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawPublicKey) else { return false }
        return key.isValidSignature(Array(signature), for: Array(data))
    }

    /// Whether `publicKey` is a well-formed encoded public key, of `type` when one is given.
    public static func isValidPublicKey(_ publicKey: String, type: NKeyType? = nil) -> Bool {
        guard let (decodedType, _) = try? NKeyCodec.decodePublicKey(publicKey) else { return false }
        return type == nil || type == decodedType
    }
}

extension NKeyPair: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The type and public key; never the seed.
    public var description: String { "NKeyPair(\(type): \(publicKey))" }
    /// Same as ``description``; never the seed.
    public var debugDescription: String { description }
    /// Only the type and public key, so `dump()` cannot reveal the seed.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": type, "publicKey": publicKey])
    }
}

extension NKeyPair: Equatable {
    /// Key pairs are equal when their public keys are.
    public static func == (lhs: NKeyPair, rhs: NKeyPair) -> Bool { lhs.publicKey == rhs.publicKey }
}
