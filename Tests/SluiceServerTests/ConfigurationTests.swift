import NIOCore
import SluiceServer
import Testing

@Suite struct ConfigurationTests {
    @Test func defaults() {
        let configuration = SluiceHTTPServerConfiguration()
        #expect(configuration.address == "127.0.0.1:8080")
        #expect(configuration.maxBodySize == 10 * 1024 * 1024)
        #expect(configuration.maxPageSize == 1000)
    }

    @Test func parsesAddresses() {
        #expect(SluiceHTTPServerConfiguration(address: "0.0.0.0:9000") == SluiceHTTPServerConfiguration(host: "0.0.0.0", port: 9000))
        #expect(SluiceHTTPServerConfiguration(address: "[::1]:8080")?.host == "::1")
        #expect(SluiceHTTPServerConfiguration(address: "[::1]:8080")?.address == "[::1]:8080")
        #expect(SluiceHTTPServerConfiguration(address: ":8081")?.host == "0.0.0.0")
        #expect(SluiceHTTPServerConfiguration(address: "localhost") == nil)
        #expect(SluiceHTTPServerConfiguration(address: "localhost:http") == nil)
        #expect(SluiceHTTPServerConfiguration(address: "localhost:70000") == nil)
    }
}
