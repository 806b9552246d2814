import PostgresNIO
import SluiceBridgePostgres
import Testing

/// The connection URL of the relay's PostgreSQL store: credentials are percent-decoded once.
@Suite struct PostgresURLTests {
    @Test func credentialsArePercentDecodedOnce() throws {
        let configuration = try PostgresClient.Configuration(url: "postgres://us%40er:p%25w%2Fd@db.internal:5433/app")
        #expect(configuration.username == "us@er")
        #expect(configuration.password == "p%w/d")
        #expect(configuration.database == "app")
    }
}
