/// The layout of a segment file: a magic number, the sections one after another, and a fixed-size footer giving
/// each section's offset, length and CRC-32C, then the footer's own checksum and a closing magic number. The magic
/// number names the format (``SegmentFormat``): how the postings and the stored documents are laid out.
///
/// Sections: `meta` (document count, field count, per-field token totals), `postings`, `terms` (dictionary
/// blocks), `termIndex`, `ids` (per document: id, version, whether it is a deletion), `lengths` (per document and
/// field, the token count as a little-endian `UInt32`), `stored`, `storedIndex`.
enum SegmentFile {
    enum Section: Int, CaseIterable {
        case meta, postings, terms, termIndex, ids, lengths, stored, storedIndex
    }

    /// The magic number new segments are written with, the current format's.
    static let magic = SegmentFormat.current.magic
    static let endMagic: [UInt8] = Array("SLXEND01".utf8)
    static let footerSize = Section.allCases.count * 20 + 4

    /// The file's bytes from its sections, in ``Section`` order. Without `checksummed` the sections' checksums are
    /// left zero: for segments kept in memory only, read back with `verify: false`.
    static func encode(_ sections: [[UInt8]], checksummed: Bool = true) -> [UInt8] {
        precondition(sections.count == Section.allCases.count)
        var file = ByteWriter(capacity: sections.reduce(magic.count + footerSize) { $0 + $1.count })
        file.append(magic)
        var footer = ByteWriter()
        for section in sections {
            footer.uint64(UInt64(file.count))
            footer.uint64(UInt64(section.count))
            footer.uint32(checksummed ? CRC32C.checksum(section) : 0)
            file.append(section)
        }
        footer.uint32(CRC32C.checksum(footer.bytes))
        file.append(footer.bytes)
        file.append(endMagic)
        return file.bytes
    }

    /// The format and the sections of a mapped segment, each section checked against its checksum when `verify` is
    /// set.
    static func sections(
        of bytes: UnsafeRawBufferPointer,
        path: String,
        verify: Bool = true
    ) throws -> (format: SegmentFormat, sections: [UnsafeRawBufferPointer]) {
        func corrupt(_ what: String) -> IndexError { IndexError(.corrupt, "segment \(path) is damaged: \(what)") }
        guard bytes.count >= magic.count + footerSize + endMagic.count else { throw corrupt("too short") }
        guard let format = SegmentFormat.allCases.first(where: { bytes.prefix(magic.count).elementsEqual($0.magic) }) else {
            throw corrupt("not a segment file")
        }
        guard bytes.suffix(endMagic.count).elementsEqual(endMagic) else { throw corrupt("truncated (no end marker)") }
        let footerStart = bytes.count - endMagic.count - footerSize
        let footer = UnsafeRawBufferPointer(rebasing: bytes[footerStart..<footerStart + footerSize - 4])
        var reader = ByteReader(bytes, offset: footerStart + footerSize - 4)
        guard try reader.uint32() == CRC32C.checksum(footer) else { throw corrupt("footer checksum mismatch") }
        reader = ByteReader(footer)
        var sections: [UnsafeRawBufferPointer] = []
        var expected = magic.count
        for section in Section.allCases {
            let offset = try reader.uint64()
            let length = try reader.uint64()
            let checksum = try reader.uint32()
            guard offset == UInt64(expected), length <= UInt64(footerStart - expected) else {
                throw corrupt("section \(section) out of place")
            }
            let slice = UnsafeRawBufferPointer(rebasing: bytes[expected..<expected + Int(length)])
            guard !verify || CRC32C.checksum(slice) == checksum else { throw corrupt("section \(section) checksum mismatch") }
            sections.append(slice)
            expected += Int(length)
        }
        guard expected == footerStart else { throw corrupt("sections do not fill the file") }
        return (format, sections)
    }
}

/// The formats a segment file may be in, each named by its magic number.
enum SegmentFormat: CaseIterable, Sendable {
    /// `SLXSEG01`: each document's positions follow it in the postings; rewritten at open.
    case version1
    /// `SLXSEG02`: each postings block holds its documents, then their positions; every block but a list's last
    /// holds 128 documents; stored documents uncompressed.
    case version2
    /// `SLXSEG03`: as the second, with each postings block's document count in its header (so a merge copies whole
    /// blocks of any size) and the stored documents' blocks compressed (``StoredBlocksWriter``).
    case version3

    /// The format new segments are written in.
    static let current = SegmentFormat.version3

    var magic: [UInt8] {
        switch self {
        case .version1: Array("SLXSEG01".utf8)
        case .version2: Array("SLXSEG02".utf8)
        case .version3: Array("SLXSEG03".utf8)
        }
    }

    var postingsLayout: PostingsLayout { self == .version1 ? .interleaved : .separatePositions }

    /// Whether each postings block gives its document count (else it is 128 but for a list's last block).
    var countsPostingsBlocks: Bool { self == .version3 }

    var compressesStoredDocuments: Bool { self == .version3 }
}

/// How a segment's postings lists are laid out.
enum PostingsLayout: Hashable, Sendable {
    /// The first format: each document's positions follow it (``InterleavedPostingsCursor``); rewritten at open.
    case interleaved
    /// Each block's documents, then their positions (``PostingsCursor``).
    case separatePositions
}
