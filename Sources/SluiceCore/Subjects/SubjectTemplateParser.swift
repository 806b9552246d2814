/// Parses the text of a ``SubjectTemplate`` into tokens of literal text and placeholders.
struct SubjectTemplateParser {
    private let text: String
    private let variables: Set<String>

    init(text: String, variables: Set<String>) {
        self.text = text
        self.variables = variables
    }

    func parse() throws -> [[SubjectTemplate.Segment]] {
        guard !text.isEmpty else { throw failure("is empty") }
        var tokens: [[SubjectTemplate.Segment]] = []
        var token: [SubjectTemplate.Segment] = []
        var literal = ""
        var placeholder: String?

        func endLiteral() {
            if !literal.isEmpty { token.append(.literal(literal)) }
            literal = ""
        }

        for character in text {
            if var name = placeholder {
                switch character {
                case "}":
                    token.append(try segment(named: name))
                    placeholder = nil
                case "{":
                    throw failure("has '{' inside a placeholder")
                default:
                    name.append(character)
                    placeholder = name
                }
                continue
            }
            switch character {
            case "{":
                endLiteral()
                placeholder = ""
            case "}":
                throw failure("has '}' without a matching '{'")
            case ".":
                endLiteral()
                guard !token.isEmpty else { throw failure("has an empty token") }
                tokens.append(token)
                token = []
            default:
                literal.append(character)
                if let problem = Subject.tokenProblem(String(character)) {
                    throw failure("has literal text that \(problem)")
                }
            }
        }
        guard placeholder == nil else { throw failure("has an unclosed '{'") }
        endLiteral()
        guard !token.isEmpty else { throw failure("has an empty token") }
        tokens.append(token)
        return tokens
    }

    private func segment(named name: String) throws -> SubjectTemplate.Segment {
        guard !name.isEmpty else { throw failure("has an empty placeholder {}") }
        if variables.contains(name) { return .variable(name) }
        if SubjectTemplate.envelopePlaceholders.contains(name) { return .field(name) }
        if name.hasPrefix("payload.") {
            do {
                return .payload(try JSONPath(parsing: String(name.dropFirst("payload.".count))))
            } catch let error as SluiceError {
                throw failure("has a placeholder {\(name)} that is not a valid path: \(error.reason)")
            }
        }
        let known = (SubjectTemplate.envelopePlaceholders + variables.sorted()).joined(separator: ", ")
        throw failure("has an unknown placeholder {\(name)}; known: \(known), payload.<path>")
    }

    private func failure(_ problem: String) -> SluiceError {
        SluiceError(.invalidTemplate, "subject template \"\(text)\" \(problem)")
    }
}
