/// The role an NKey plays, which is also the first letter of its public key.
///
/// New types may be added, so this is a struct with static members rather than an enum.
public struct NKeyType: Sendable, Hashable, CustomStringConvertible {
    /// The version byte: the role's value in the top five bits of the first encoded byte.
    let prefixByte: UInt8
    private let name: String

    private init(prefixByte: UInt8, name: String) {
        self.prefixByte = prefixByte
        self.name = name
    }

    /// A user: public keys start with `U`, seeds with `SU`. Clients authenticate as users.
    public static let user = NKeyType(prefixByte: 20 << 3, name: "user")
    /// An account: public keys start with `A`, seeds with `SA`. Accounts sign user JWTs.
    public static let account = NKeyType(prefixByte: 0, name: "account")
    /// An operator: public keys start with `O`, seeds with `SO`. Operators sign account JWTs.
    public static let `operator` = NKeyType(prefixByte: 14 << 3, name: "operator")
    /// A server: public keys start with `N`, seeds with `SN`.
    public static let server = NKeyType(prefixByte: 13 << 3, name: "server")
    /// A cluster: public keys start with `C`, seeds with `SC`.
    public static let cluster = NKeyType(prefixByte: 2 << 3, name: "cluster")

    /// Every known type.
    static let all: [NKeyType] = [.user, .account, .operator, .server, .cluster]

    /// The version byte of a seed (`S`).
    static let seedPrefixByte: UInt8 = 18 << 3

    /// The type whose version byte is `prefixByte`, if any.
    init?(prefixByte: UInt8) {
        guard let match = Self.all.first(where: { $0.prefixByte == prefixByte }) else { return nil }
        self = match
    }

    /// The letter public keys of this type start with (`U`, `A`, `O`, `N`, `C`).
    public var letter: Character {
        Base32.encode([prefixByte]).first!
    }

    /// The type's name, such as `user`.
    public var description: String { name }
}
