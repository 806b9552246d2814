import Foundation
import SluiceConnectors
import Testing

@testable import SluiceRuntime

/// Reading configuration files from disk: the system's reason when a file cannot be read, and YAML errors with
/// their position.
@Suite struct ConfigFileReadingTests {
    @Test func anUnreadableFileSaysWhy() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-no-such-\(UUID().uuidString).yaml").path
        #expect {
            try SluiceConfig.load(file: missing, connectors: .builtIn)
        } throws: { error in
            let error = error as! ConfigError
            return error.code == .unreadable && error.description == "\(missing): cannot read the file: No such file or directory"
        }
        #expect(throws: TextFile.ReadError.self) { try TextFile.read(FileManager.default.temporaryDirectory.path) }
    }

    @Test func aFileThatIsNotUTF8IsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-latin1-\(UUID().uuidString).yaml")
        try Data([0x61, 0x3A, 0x20, 0xE9, 0x0A]).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try TextFile.read(file.path)
        } throws: { error in
            (error as? TextFile.ReadError)?.reason == "the file is not UTF-8 text"
        }
    }

    @Test func yamlErrorsNameTheirLineAndColumn() {
        let text = """
            pipelines:
              - name: a
                name: b
            """
        #expect {
            try SluiceConfig.parse(text, file: "dup.yaml", connectors: .builtIn)
        } throws: { error in
            let error = error as! ConfigError
            return error.code == .syntax && error.description == "dup.yaml:3:5: invalid YAML: duplicate key 'name' (first at 2:5)"
        }
    }
}
