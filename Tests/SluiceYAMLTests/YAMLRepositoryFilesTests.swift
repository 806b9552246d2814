import Foundation
import SluiceYAML
import Testing
import Yams

/// Every YAML file of the repository, and every ```yaml block of its documentation, reads as Yams reads it.
@Suite struct YAMLRepositoryFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The YAML texts, each with where it comes from.
    static func documents() throws -> [(name: String, text: String)] {
        var documents: [(String, String)] = []
        for folder in ["config", "microvm", "examples", "Examples", "docs", "bench", "."] {
            let url = repository.appendingPathComponent(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { continue }
            for name in names.sorted() {
                let file = url.appendingPathComponent(name)
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    documents.append(("\(folder)/\(name)", try String(contentsOf: file, encoding: .utf8)))
                } else if name.hasSuffix(".md") {
                    let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                    var block: [String]?
                    var start = 0
                    for (number, line) in lines.enumerated() {
                        if block == nil, line.trimmingCharacters(in: .whitespaces) == "```yaml" {
                            block = []
                            start = number + 1
                        } else if block != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                            documents.append(("\(folder)/\(name):\(start)", block!.joined(separator: "\n")))
                            block = nil
                        } else if block != nil {
                            block!.append(line)
                        }
                    }
                }
            }
        }
        return documents
    }

    @Test func everyRepositoryDocumentReadsAsYamsReadsIt() throws {
        let documents = try Self.documents()
        #expect(documents.count >= 10, "found only \(documents.map(\.name))")
        for (name, text) in documents {
            let yams = try Yams.compose(yaml: text)
            let ours = try YAMLNode.parse(text)
            #expect(ours.map { Render.tree($0) } == yams.map { YamsRender.tree($0) }, "\(name)")
        }
    }
}
