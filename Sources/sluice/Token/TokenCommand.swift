import ArgumentParser

/// `sluice token …`: credentials for the operations API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue bearer tokens for the operations API.",
        discussion: "See docs/security.md for turning authentication on.",
        subcommands: [TokenIssueCommand.self]
    )
}
