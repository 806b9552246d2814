import Hummingbird
import SluiceCore

extension Parameters {
    /// The path parameter `name`, percent-decoded (Hummingbird hands path segments over as sent, so an
    /// id with `/` arrives as `a%2Fb`).
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.percentDecoded() ?? raw
    }
}
