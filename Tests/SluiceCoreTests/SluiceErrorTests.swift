import SluiceCore
import Testing

@Suite struct SluiceErrorTests {
    @Test func codesAreStableSnakeCaseLabels() {
        #expect(SluiceError.Code.validationFailed.description == "validation_failed")
        #expect(SluiceError.Code.malformedJSON.description == "malformed_json")
    }

    @Test func descriptionNamesTheCodeAndReason() {
        let error = SluiceError(.invalidSubject, "subject \"a..b\" has an empty token")
        #expect(error.description == "SluiceError.invalid_subject: subject \"a..b\" has an empty token")
        #expect(error.byteOffset == nil)
    }
}
