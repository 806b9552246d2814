import FoundationEssentials

/// Reads `.creds` files (a user JWT and its NKey seed) and NKey seed files.
///
/// The format is what `nsc` writes:
///
/// ```text
/// -----BEGIN NATS USER JWT-----
/// eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ...
/// ------END NATS USER JWT------
///
/// ************************* IMPORTANT *************************
/// -----BEGIN USER NKEY SEED-----
/// SUA...
/// ------END USER NKEY SEED------
/// ```
///
/// Blocks are found by their `---…---` fences wherever they are, so text around them is ignored.
/// A file without fences may hold the bare JWT and seed on lines of their own.
/// Errors name the file and what is missing, and never quote the seed.
enum Credentials {
    /// Reads and parses the `.creds` file at `path`.
    static func load(path: String) throws -> (jwt: String, seed: String) {
        try parse(read(path, what: "credentials file"), source: "credentials file '\(path)'")
    }

    /// Parses the text of a `.creds` file. `source` names it in errors.
    static func parse(_ text: String, source: String = "credentials") throws -> (jwt: String, seed: String) {
        let blocks = fencedBlocks(in: text)
        var jwt = blocks.first { $0.label.contains("JWT") }?.content
        var seed = blocks.first { $0.label.contains("SEED") || $0.label.contains("NKEY") }?.content
        // Blocks without a telling label: the JWT comes first, then the seed.
        var unlabelled = blocks.filter { !$0.label.contains("JWT") && !$0.label.contains("SEED") && !$0.label.contains("NKEY") }
        if jwt == nil, !unlabelled.isEmpty { jwt = unlabelled.removeFirst().content }
        if seed == nil, !unlabelled.isEmpty { seed = unlabelled.removeFirst().content }
        // Undecorated: bare lines.
        let lines = trimmedLines(text)
        if jwt == nil { jwt = lines.first(where: looksLikeJWT) }
        if seed == nil { seed = lines.first(where: looksLikeSeed) }

        guard let jwt, !jwt.isEmpty else {
            throw NATSError(
                .invalidArgument,
                "\(source) has no user JWT (expected a '-----BEGIN NATS USER JWT-----' block)"
            )
        }
        guard looksLikeJWT(jwt) else {
            throw NATSError(.invalidArgument, "\(source): the user JWT is not a JWT (three base64url parts joined by '.')")
        }
        guard let seed, !seed.isEmpty else {
            throw NATSError(
                .invalidArgument,
                "\(source) has no NKey seed (expected a '-----BEGIN USER NKEY SEED-----' block)"
            )
        }
        let pair = try userKeyPair(seed: seed, source: source)
        if let subject = jwtSubject(jwt), subject != pair.publicKey {
            throw NATSError(
                .invalidArgument,
                "\(source): the JWT is for \(subject) but the seed is for \(pair.publicKey)"
            )
        }
        return (jwt, seed)
    }

    /// Reads the seed from an NKey seed file at `path` (bare, or decorated as `nsc` writes it).
    static func loadSeed(path: String) throws -> String {
        try parseSeed(read(path, what: "NKey seed file"), source: "NKey seed file '\(path)'")
    }

    /// Finds the seed in the text of an NKey seed file. `source` names it in errors.
    static func parseSeed(_ text: String, source: String = "NKey seed") throws -> String {
        let blocks = fencedBlocks(in: text)
        let fenced = blocks.first { $0.label.contains("SEED") || $0.label.contains("NKEY") } ?? blocks.first
        guard let seed = fenced?.content ?? trimmedLines(text).first(where: looksLikeSeed) else {
            throw NATSError(.invalidArgument, "\(source) has no NKey seed (a line starting with 'SU')")
        }
        _ = try userKeyPair(seed: seed, source: source)
        return seed
    }

    /// Decodes `seed` and checks it is a user's, with errors that name `source`.
    static func userKeyPair(seed: String, source: String) throws -> NKeyPair {
        let pair: NKeyPair
        do {
            pair = try NKeyPair(seed: seed)
        } catch let error as NATSError {
            throw NATSError(error.code, "\(source): \(error.message)")
        }
        guard pair.type == .user else {
            throw NATSError(
                .invalidArgument,
                "\(source): the NKey seed is an \(pair.type) seed; a user seed (starting 'SU') is needed"
            )
        }
        return pair
    }

    // MARK: - Parsing helpers

    private struct Block {
        var label: String
        var content: String
    }

    private static func read(_ path: String, what: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw NATSError(.invalidArgument, "\(what) '\(path)' does not exist")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NATSError(.invalidArgument, "\(what) '\(path)' cannot be read (permissions?)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func trimmedLines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { String(NKeyCodec.trimmed(String($0))) }
            .filter { !$0.isEmpty }
    }

    private static func isFence(_ line: String) -> Bool {
        line.count >= 6 && line.hasPrefix("---") && line.hasSuffix("---")
    }

    /// Each opening fence with the non-empty lines up to the next fence, joined.
    private static func fencedBlocks(in text: String) -> [Block] {
        let lines = trimmedLines(text)
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard isFence(line), !line.uppercased().contains("END") else { continue }
            var content = ""
            while index < lines.count, !isFence(lines[index]) {
                content += lines[index]
                index += 1
            }
            // Only a block closed by a fence counts.
            guard index < lines.count else { break }
            blocks.append(Block(label: line.uppercased(), content: content))
        }
        return blocks
    }

    private static func looksLikeJWT(_ line: String) -> Bool {
        let parts = line.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && Base64URL.decode($0) != nil }
    }

    private static func looksLikeSeed(_ line: String) -> Bool {
        line.hasPrefix("S") && line.count == 58 && Base32.decode(line) != nil
    }

    /// The `sub` claim of a JWT, if its payload can be read.
    private static func jwtSubject(_ jwt: String) -> String? {
        let parts = jwt.split(separator: ".")
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]),
            let claims = try? JSONDecoder().decode(SubjectClaim.self, from: Data(payload))
        else { return nil }
        return claims.sub
    }

    /// The one claim of a JWT payload read here.
    private struct SubjectClaim: Decodable {
        var sub: String?
    }
}
