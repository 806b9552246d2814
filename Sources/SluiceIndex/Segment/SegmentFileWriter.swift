#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a segment file (``SegmentFile``'s layout) section by section as the sections are made, through a small
/// buffer: a merge of large segments never holds the whole file in memory. Sections come in ``SegmentFile/Section``
/// order; each is checksummed as it goes.
final class SegmentFileWriter {
    /// How many bytes are gathered before they are written.
    static let bufferBytes = 1 << 20

    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes of the file so far, the buffered ones included.
    private var written = 0
    private var sectionStart = 0
    private var sectionChecksum: UInt32 = 0
    private var footer = ByteWriter()
    private var sections = 0

    /// Creates the file at `path` (replacing any) and writes the current layout's magic number.
    init(path: String) throws {
        self.path = path
        descriptor = try Files.create(path)
        buffer.reserveCapacity(Self.bufferBytes)
        try append(SegmentFile.magic)
        sectionStart = written
        sectionChecksum = 0
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The bytes of the current section so far.
    var sectionLength: Int { written - sectionStart }

    /// Appends `bytes` to the current section.
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Appends `bytes` to the current section.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        sectionChecksum = CRC32C.checksum(bytes, continuing: sectionChecksum)
        written += bytes.count
        if buffer.count + bytes.count > Self.bufferBytes { try drain() }
        if bytes.count >= Self.bufferBytes {
            try Files.write(bytes, to: descriptor, path: path)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Ends the current section; the next bytes begin the next one.
    func endSection() {
        precondition(sections < SegmentFile.Section.allCases.count, "more sections than a segment has")
        footer.uint64(UInt64(sectionStart))
        footer.uint64(UInt64(written - sectionStart))
        footer.uint32(sectionChecksum)
        sections += 1
        sectionStart = written
        sectionChecksum = 0
    }

    /// Appends `bytes` as a whole section.
    func section(_ bytes: [UInt8]) throws {
        try append(bytes)
        endSection()
    }

    /// Writes the footer, syncs the file to the disk and closes it.
    func finish() throws {
        precondition(sections == SegmentFile.Section.allCases.count, "a segment has \(SegmentFile.Section.allCases.count) sections")
        footer.uint32(CRC32C.checksum(footer.bytes))
        buffer.append(contentsOf: footer.bytes)
        buffer.append(contentsOf: SegmentFile.endMagic)
        try drain()
        try Files.sync(descriptor, path: path)
        close(descriptor)
        descriptor = -1
    }

    private func drain() throws {
        try buffer.withUnsafeBytes { try Files.write($0, to: descriptor, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }
}
