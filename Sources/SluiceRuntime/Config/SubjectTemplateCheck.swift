import SluiceCore

/// Checks subject templates in configuration files with SluiceCore's ``SluiceCore/SubjectTemplate``.
enum SubjectTemplateCheck {
    /// The variables a pipeline's templates may use besides envelope fields.
    static let variables = ["pipeline"]

    /// Why `text` is not a usable template, or `nil` when it is.
    static func problem(in text: String) -> String? {
        do {
            _ = try SubjectTemplate(text, variables: variables)
            return nil
        } catch let error as SluiceError {
            return
                "\(error.reason); placeholders are envelope fields ({producer}, {resource_type}, {event_type}, {operation}, …), {payload.<path>} or {pipeline}"
        } catch {
            return "\(error)"
        }
    }
}
