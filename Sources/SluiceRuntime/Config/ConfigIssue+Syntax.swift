import SluiceYAML

extension ConfigIssue {
    /// The issue of a text that is not YAML this reader takes, at the position of the problem.
    public init(syntax error: YAMLError, file: String) {
        self.init(file: file, line: error.mark.line, column: error.mark.column, path: "", message: "invalid YAML: \(error.message)")
    }
}
