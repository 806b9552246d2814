/// The one file that says what an index shard is: its fields and the segments that hold its documents. It is
/// replaced atomically (``Files/replaceAtomically(_:with:directory:)``) after every segment write and merge, so a
/// crash leaves the last committed state; segment files it does not name are leftovers and are removed at open.
struct Manifest: Hashable, Sendable {
    static let fileName = "MANIFEST"
    private static let magic: [UInt8] = Array("SLXMAN01".utf8)

    /// Counts commits; every replacement increments it.
    var generation: UInt64 = 0
    /// The number the next segment file gets.
    var nextSegment = 1
    var fields: [IndexField]
    /// The live segments, oldest first.
    var segments: [Int] = []

    init(fields: [IndexField]) { self.fields = fields }

    var encoded: [UInt8] {
        var writer = ByteWriter()
        writer.append(Self.magic)
        writer.varint(generation)
        writer.varint(nextSegment)
        writer.varint(fields.count)
        for field in fields {
            writer.blob(field.name.utf8)
            writer.uint64(field.weight.bitPattern)
        }
        writer.varint(segments.count)
        for segment in segments { writer.varint(segment) }
        writer.uint32(CRC32C.checksum(writer.bytes))
        return writer.bytes
    }

    /// Decodes a manifest; throws ``IndexError/Code/corrupt`` when it is damaged.
    init(decoding bytes: [UInt8], path: String) throws {
        do {
            self = try bytes.withUnsafeBytes { raw in
                guard raw.count >= Self.magic.count + 4, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else {
                    throw ByteReader.corrupt("not a manifest")
                }
                var tail = ByteReader(raw, offset: raw.count - 4)
                guard try tail.uint32() == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 4])) else {
                    throw ByteReader.corrupt("checksum mismatch")
                }
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 4]), offset: Self.magic.count)
                let generation = try reader.varint()
                let nextSegment = try reader.count(atMost: Int(Int32.max))
                let fieldCount = try reader.count(atMost: Int(UInt8.max))
                var fields: [IndexField] = []
                for _ in 0..<fieldCount {
                    let name = String(decoding: try reader.blob(), as: UTF8.self)
                    fields.append(IndexField(name, weight: Double(bitPattern: try reader.uint64())))
                }
                var manifest = Manifest(fields: fields)
                manifest.generation = generation
                manifest.nextSegment = nextSegment
                let segmentCount = try reader.count(atMost: reader.remaining)
                manifest.segments = try (0..<segmentCount).map { _ in try reader.count(atMost: nextSegment - 1) }
                guard reader.isAtEnd else { throw ByteReader.corrupt("extra bytes") }
                return manifest
            }
        } catch let error as IndexError {
            throw IndexError(.corrupt, "manifest \(path) is damaged: \(error.message)")
        }
    }
}

/// A searchable field of a segment index: its name (the path the connector reads it from) and its weight in the
/// score.
public struct IndexField: Hashable, Sendable {
    /// The field's name, as queries name it (`title: river`); compared without regard to case.
    public var name: String
    /// How much a match in this field counts, relative to the others. Default 1.
    public var weight: Double

    /// Creates a field.
    public init(_ name: String, weight: Double = 1) {
        self.name = name
        self.weight = weight
    }
}
