import FoundationEssentials

// The Swift runtime and FoundationEssentials: JSON coding and dates, as every production role uses them.
struct Message: Codable {
    var text: String
    var at: Date
}

let encoded = try JSONEncoder().encode(Message(text: CommandLine.arguments.joined(separator: " "), at: Date()))
print(String(decoding: encoded, as: UTF8.self))
