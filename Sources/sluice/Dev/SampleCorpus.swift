import Foundation

/// The quickstart's sample corpus in `data/corpus/`, made by `scripts/generate-corpus` (deterministic, no
/// download) the first time `sluice dev` runs in a source tree.
enum SampleCorpus {
    static let directory = "data/corpus"
    static let generator = "scripts/generate-corpus"

    /// Runs the generator unless a complete corpus is there. The generator itself checks its marker file, so this
    /// costs one Python start when the corpus exists.
    ///
    /// - Throws: ``DevError`` when the generator is missing or fails.
    static func ensure() throws {
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: generator) else {
            if fileManager.fileExists(atPath: "\(directory)/.complete") { return }
            throw DevError("\(directory) has no sample corpus and \(generator) is not here; run sluice dev from the Sluice source tree")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: generator)
        process.arguments = ["--out", directory]
        do {
            try process.run()
        } catch {
            throw DevError("cannot run \(generator) (it needs python3): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DevError("\(generator) failed with status \(process.terminationStatus)")
        }
    }
}

/// Why `sluice dev` cannot start.
struct DevError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
