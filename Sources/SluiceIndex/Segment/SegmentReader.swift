/// A segment file mapped into memory and checked, ready to search: its term dictionary index, its document
/// entries and where the rest lies in the mapping. Immutable, so any number of readers share it.
final class SegmentReader: Sendable {
    /// The segment's number (its file is `<number>.seg`).
    let number: Int
    let documentCount: Int
    let fieldCount: Int
    /// Per field, the tokens of all its documents (deleted ones included).
    let fieldTotals: [UInt64]
    let dictionary: TermDictionary
    let stored: StoredBlocks
    /// How many bytes the file has.
    let size: Int
    /// The file's format.
    let format: SegmentFormat
    /// How the postings are laid out; searches read only ``PostingsLayout/separatePositions``.
    var layout: PostingsLayout { format.postingsLayout }
    private let file: MappedFile
    private nonisolated(unsafe) let postings: UnsafeRawBufferPointer
    private nonisolated(unsafe) let lengths: UnsafeRawBufferPointer
    private nonisolated(unsafe) let ids: UnsafeRawBufferPointer
    /// Where each document's entry starts in the `ids` section.
    private let idOffsets: [UInt32]
    /// Each document's token count over all fields, for ranking: four bytes a document read in order, where the
    /// `lengths` section has four a field.
    let documentLengths: [UInt32]

    /// Maps and checks the segment at `path`; throws ``IndexError/Code/corrupt`` for a damaged file and when its
    /// field count is not `fieldCount`.
    /// With `verify` false the sections' checksums are not recomputed: for a file this process has just written
    /// and synced from checksummed bytes.
    convenience init(path: String, number: Int, fieldCount: Int, verify: Bool = true) throws {
        try self.init(file: try MappedFile(path: path), number: number, fieldCount: fieldCount, verify: verify)
    }

    /// Reads a segment just built in memory (``SegmentBuilder/encode(checksummed:)`` without checksums).
    convenience init(memory bytes: [UInt8], number: Int, fieldCount: Int) throws {
        let file = MappedFile(copying: bytes, path: "in-memory segment \(number)")
        try self.init(file: file, number: number, fieldCount: fieldCount, verify: false)
    }

    private init(file: MappedFile, number: Int, fieldCount: Int, verify: Bool) throws {
        let path = file.path
        do {
            let (format, sections) = try SegmentFile.sections(of: file.bytes, path: path, verify: verify)
            let meta = try SegmentMeta(sections[SegmentFile.Section.meta.rawValue])
            guard meta.fieldTotals.count == fieldCount else {
                throw ByteReader.corrupt("it has \(meta.fieldTotals.count) fields, the index \(fieldCount)")
            }
            let lengths = sections[SegmentFile.Section.lengths.rawValue]
            guard lengths.count == meta.documentCount * fieldCount * 4 else { throw ByteReader.corrupt("field lengths do not match") }
            let postings = sections[SegmentFile.Section.postings.rawValue]
            dictionary = try TermDictionary(
                blocks: sections[SegmentFile.Section.terms.rawValue],
                index: sections[SegmentFile.Section.termIndex.rawValue],
                postingsLength: postings.count
            )
            stored = try StoredBlocks(
                blocks: sections[SegmentFile.Section.stored.rawValue],
                index: sections[SegmentFile.Section.storedIndex.rawValue],
                documentCount: meta.documentCount,
                compressed: format.compressesStoredDocuments
            )
            let ids = sections[SegmentFile.Section.ids.rawValue]
            var reader = ByteReader(ids)
            var offsets: [UInt32] = []
            offsets.reserveCapacity(meta.documentCount)
            for _ in 0..<meta.documentCount {
                offsets.append(UInt32(reader.offset))
                _ = try reader.blob()
                _ = try reader.signed()
                guard try reader.byte() <= 1 else { throw ByteReader.corrupt("bad document flag") }
            }
            guard reader.isAtEnd else { throw ByteReader.corrupt("extra bytes after the document entries") }
            self.idOffsets = offsets
            self.documentLengths = (0..<meta.documentCount).map { doc in
                (0..<fieldCount).reduce(0) { $0 &+ Self.length(in: lengths, doc, field: $1, fieldCount: fieldCount) }
            }
            self.ids = ids
            self.postings = postings
            self.lengths = lengths
            self.number = number
            self.documentCount = meta.documentCount
            self.fieldCount = fieldCount
            self.fieldTotals = meta.fieldTotals
            self.size = file.bytes.count
            self.format = format
            self.file = file
        } catch let error as IndexError where error.code == .corrupt && !error.message.hasPrefix("segment ") {
            throw IndexError(.corrupt, "segment \(path) is damaged: \(error.message)")
        }
    }

    /// Document `doc`'s id, version and whether it is a deletion.
    func entry(_ doc: Int) -> (id: String, version: Int64, deletion: Bool) {
        // The entries were all decoded once when the segment was opened.
        var reader = ByteReader(ids, offset: Int(idOffsets[doc]))
        let id = String(decoding: try! reader.blob(), as: UTF8.self)
        let version = try! reader.signed()
        return (id, version, try! reader.byte() == 1)
    }

    /// Document `doc`'s id bytes (in the segment, valid while the reader is), version and whether it is a deletion.
    func entryBytes(_ doc: Int) -> (id: UnsafeRawBufferPointer, version: Int64, deletion: Bool) {
        // The entries were all decoded once when the segment was opened.
        var reader = ByteReader(ids, offset: Int(idOffsets[doc]))
        let id = try! reader.blob()
        let version = try! reader.signed()
        return (id, version, try! reader.byte() == 1)
    }

    /// The token count of field `field` in document `doc`.
    func length(_ doc: Int, field: Int) -> UInt32 { Self.length(in: lengths, doc, field: field, fieldCount: fieldCount) }

    /// The token count of field `field` in document `doc`, read from a `lengths` section.
    private static func length(in lengths: UnsafeRawBufferPointer, _ doc: Int, field: Int, fieldCount: Int) -> UInt32 {
        UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: (doc * fieldCount + field) * 4, as: UInt32.self))
    }

    /// The postings bytes a dictionary entry points to.
    func postings(_ info: TermInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: postings[info.offset..<info.offset + info.length])
    }

    /// A cursor on the postings a dictionary entry points to, for a search.
    func cursor(_ info: TermInfo) throws -> PostingsCursor {
        guard layout == .separatePositions else {
            throw IndexError(.corrupt, "segment \(number) is in the first segment format, which only a merge reads; reopen the index to rewrite it")
        }
        return try PostingsCursor(postings(info), countedBlocks: format.countsPostingsBlocks)
    }

    /// The dictionary entry of `term` in field `field`.
    func lookup(field: Int, term: [UInt8]) throws -> TermInfo? {
        try dictionary.lookup([UInt8(field)] + term)
    }

    /// The stored source of document `doc`.
    func source(_ doc: Int) throws -> [UInt8] { try stored.document(doc) }
}
