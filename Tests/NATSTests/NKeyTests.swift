import Testing

@testable import NATS

/// Vectors computed independently with the `nkeys` PyPI package, from the raw seed bytes 0x01…0x20.
private enum Vector {
    static let rawSeed: [UInt8] = Array(1...32)
    static let userSeed = "SUAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IC5CQ"
    static let userPublicKey = "UB43KVROR7TFJ6KAPCYRF2FJROTZAH4FHLTJLPWX4DRZCC5NASLGJBFE"
    static let accountSeed = "SAAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IFO3A"
    static let accountPublicKey = "AB43KVROR7TFJ6KAPCYRF2FJROTZAH4FHLTJLPWX4DRZCC5NASLGIFW3"
    static let operatorSeed = "SOAACAQDAQCQMBYIBEFAWDANBYHRAEISCMKBKFQXDAMRUGY4DUPB6IHCVI"
    static let operatorPublicKey = "OB43KVROR7TFJ6KAPCYRF2FJROTZAH4FHLTJLPWX4DRZCC5NASLGIT25"
    static let nonce = "nonce-ABC123"
    /// The user key's signature of ``nonce``, base64url without padding.
    static let nonceSignature =
        "-0q8NqfIsHwp2tHtXlRNhYt8snrZ6ZmE07txE9DWGLfDFYrLFE3BvRq6aYq3Xrd4GMjUweNcC9ezL2aSzGR3CA"
}

@Suite struct NKeyCodingTests {
    @Test func crc16MatchesTheXmodemCheckValue() {
        #expect(CRC16.checksum(Array("123456789".utf8)) == 0x31C3)
        #expect(CRC16.checksum([UInt8]()) == 0)
    }

    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func base32MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["MZXW6YTBO1", "mzxw6", "MZXW6===", "MZXW6YTBOJ"])
    func base32RejectsInvalidText(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func base64URLUsesTheURLAlphabetWithoutPadding() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.decode("Zm8") == Array("fo".utf8))
        #expect(Base64URL.decode("Zm8=") == Array("fo".utf8))
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("a+b/") == nil)
    }

    @Test func base64URLRoundTripsEveryLength() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}

@Suite struct NKeyTests {
    @Test(arguments: [
        (Vector.userSeed, Vector.userPublicKey, NKeyType.user),
        (Vector.accountSeed, Vector.accountPublicKey, NKeyType.account),
        (Vector.operatorSeed, Vector.operatorPublicKey, NKeyType.operator),
    ])
    func decodesKnownSeeds(seed: String, publicKey: String, type: NKeyType) throws {
        let pair = try NKeyPair(seed: seed)
        #expect(pair.publicKey == publicKey)
        #expect(pair.type == type)
        #expect(pair.seed == seed)
        #expect(NKeyPair.isValidPublicKey(publicKey, type: type))
    }

    @Test func encodesRawSeedBytesAsReferenceImplementationDoes() {
        #expect(NKeyCodec.encodeSeed(type: .user, seed: Vector.rawSeed) == Vector.userSeed)
    }

    @Test func signsTheNonceVerifiably() throws {
        let pair = try NKeyPair(seed: Vector.userSeed)
        let message = Array(Vector.nonce.utf8)
        let signature = try pair.sign(message)
        #expect(signature.count == 64)
        #expect(pair.verify(signature, for: message))
        #expect(NKeyPair.verify(signature, for: message, publicKey: Vector.userPublicKey))
        #expect(!NKeyPair.verify(signature, for: Array("other".utf8), publicKey: Vector.userPublicKey))
        #expect(!NKeyPair.verify(signature, for: message, publicKey: NKeyPair.generate(.user).publicKey))
        #expect(!NKeyPair.verify(signature, for: message, publicKey: "not a key"))
        // The reference implementation's signature verifies with our key.
        let reference = try #require(Base64URL.decode(Vector.nonceSignature))
        #expect(pair.verify(reference, for: message))
        #if os(Linux)
        // Ed25519 (RFC 8032) is deterministic; BoringSSL follows it, CryptoKit adds randomness.
        #expect(Base64URL.encode(signature) == Vector.nonceSignature)
        #endif
    }

    @Test(arguments: [NKeyType.user, .account, .operator, .server, .cluster])
    func generatedKeysRoundTrip(type: NKeyType) throws {
        let pair = NKeyPair.generate(type)
        #expect(pair.publicKey.first == type.letter)
        #expect(pair.publicKey.count == 56)
        #expect(pair.seed.hasPrefix("S\(type.letter)"))
        #expect(pair.seed.count == 58)
        let decoded = try NKeyPair(seed: pair.seed)
        #expect(decoded.publicKey == pair.publicKey)
        #expect(decoded.type == type)
        #expect(NKeyPair.generate(type).publicKey != pair.publicKey)
    }

    @Test func typeLettersMatchTheFormat() {
        #expect([NKeyType.user, .account, .operator, .server, .cluster].map(\.letter) == ["U", "A", "O", "N", "C"])
    }

    @Test func ignoresSurroundingWhitespace() throws {
        let pair = try NKeyPair(seed: "  \(Vector.userSeed)\n")
        #expect(pair.publicKey == Vector.userPublicKey)
    }

    @Test func rejectsABadChecksum() throws {
        // Change one character of the key body: the checksum no longer matches.
        var chars = Array(Vector.userSeed)
        chars[20] = chars[20] == "A" ? "B" : "A"
        let error = try expectInvalid(String(chars))
        #expect(error.message.contains("checksum"))
    }

    @Test func rejectsAPublicKeyGivenAsSeed() throws {
        let error = try expectInvalid(Vector.userPublicKey)
        // A public key is one byte shorter, so the length is what gives it away.
        #expect(error.message.contains("length"))
    }

    @Test func rejectsAWrongSeedPrefix() throws {
        // A well-formed 36-byte value whose first byte is a user prefix, not the seed prefix.
        var raw: [UInt8] = [NKeyType.user.prefixByte, 0] + Vector.rawSeed
        let crc = CRC16.checksum(raw)
        raw += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        let text = Base32.encode(raw)
        let error = try expectInvalid(text)
        #expect(error.message.contains("must start with 'S'"))
    }

    @Test func rejectsAnUnknownKeyType() throws {
        var raw: [UInt8] = [NKeyType.seedPrefixByte | 0x07, 0xF8] + Vector.rawSeed
        let crc = CRC16.checksum(raw)
        raw += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        let error = try expectInvalid(Base32.encode(raw))
        #expect(error.message.contains("unknown key type"))
    }

    @Test(arguments: ["", "SUAAC", "suaacaqdaqcqmbyibefawdanbyhraeiscmkbkfqxdamrugy4dupb6ic5cq", "SUAAC1QD"])
    func rejectsMalformedText(text: String) throws {
        _ = try expectInvalid(text)
    }

    @Test func neverShowsTheSeed() throws {
        let pair = try NKeyPair(seed: Vector.userSeed)
        var dumped = ""
        dump(pair, to: &dumped)
        for text in [pair.description, String(reflecting: pair), "\(pair)", dumped] {
            #expect(!text.contains(Vector.userSeed))
            #expect(text.contains(Vector.userPublicKey))
        }
    }

    @Test func authDescriptionRedactsSecrets() {
        let cases: [(NATSAuth, String)] = [
            (.token("s3cret-token"), "s3cret-token"),
            (.userPassword(user: "alice", password: "hunter2"), "hunter2"),
            (.nkey(seed: Vector.userSeed), Vector.userSeed),
            (.credentialsContent("-----BEGIN NATS USER JWT-----"), "BEGIN"),
        ]
        for (auth, secret) in cases {
            var dumped = ""
            dump(auth, to: &dumped)
            for text in [auth.description, String(reflecting: auth), dumped] {
                #expect(!text.contains(secret))
            }
        }
        #expect(NATSAuth.userPassword(user: "alice", password: "x").description.contains("alice"))
    }

    private func expectInvalid(_ seed: String) throws -> NATSError {
        let error = try #require(throws: NATSError.self) { try NKeyPair(seed: seed) }
        #expect(error.code == .invalidArgument)
        if seed.count > 8 { #expect(!error.message.contains(seed)) }
        return error
    }
}
