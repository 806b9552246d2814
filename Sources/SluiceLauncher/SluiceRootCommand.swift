import ArgumentParser

/// The root command of a Sluice executable. `--version` on its own is answered before the argument parser runs:
/// the parser's reflection looks up protocol conformances one by one, and in a static binary each first lookup scans
/// every conformance the binary holds, which is most of the time a bare `--version` would take.
public protocol SluiceRootCommand: AsyncParsableCommand {}

extension SluiceRootCommand {
    /// Prints the version for `--version` alone; otherwise parses the arguments and runs the command they name.
    /// Isolated to the main actor so that the version is printed on the main thread, before anything starts a
    /// thread of the global executor.
    @MainActor
    public static func main() async {
        if CommandLine.arguments.count == 2 && CommandLine.arguments[1] == "--version" {
            print(SluiceVersion.current)
            return
        }
        await main(nil)
    }
}
