#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shard's write-ahead log: every batch the shard applies is appended as one record before `apply` returns, and
/// synced too unless the index is ``SegmentIndex/Synchronous/normal``, which makes the in-memory buffer durable
/// with one write (and sync) per batch instead of a segment file and a manifest. The log is a series of files,
/// `wal-<n>.log`; a flush starts the next file, and once the flushed segment is committed the older files are
/// removed. At open every file is replayed, oldest first, into the buffer.
///
/// A record is its payload's length and CRC-32C (little-endian `UInt32` each) and the payload: the change count,
/// then per change a kind byte (0 upsert, 1 delete), the id, the version and for an upsert each field (a presence
/// byte and the text) and the source. A record cut short or failing its checksum ends the file: it was being
/// written when the process stopped and was never acknowledged.
final class WriteAheadLog {
    static let prefix = "wal-"
    static let suffix = ".log"

    let directory: String
    /// The number of the file appended to.
    private(set) var number: Int
    private var descriptor: Int32
    /// The length of the valid records in the file; the next record is written there.
    private var length: Int = 0
    /// The record being appended.
    private var record = ByteWriter()
    /// The largest record buffer kept from one append to the next.
    private static let largestKeptRecord = 8 << 20
    /// Syncs the records, so that an append's caller works on while the disk takes the record; `nil` when records
    /// are only written (``SegmentIndex/Synchronous/normal``).
    private let syncer: FileSyncer?
    /// The length of the record being synced, once ``beginAppend(_:)`` wrote it.
    private var pending: Int?

    /// Starts the empty log file `number` in `directory`; each record is synced before its append finishes when
    /// `synchronous` is ``SegmentIndex/Synchronous/full``.
    init(directory: String, number: Int, synchronous: SegmentIndex.Synchronous) throws {
        self.directory = directory
        self.number = number
        descriptor = try Self.create(Self.path(directory, number), directory: directory)
        syncer = synchronous == .full ? FileSyncer() : nil
    }

    deinit {
        syncer?.stop()
        close(descriptor)
    }

    static func path(_ directory: String, _ number: Int) -> String { "\(directory)/\(prefix)\(number)\(suffix)" }

    /// The log files in `directory`, oldest first.
    static func files(in directory: String) throws -> [Int] {
        try Files.list(directory).compactMap { name -> Int? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            return Int(name.dropFirst(prefix.count).dropLast(suffix.count))
        }.sorted()
    }

    /// Whether `name` is a log file's name.
    static func isLogFile(_ name: String) -> Bool { name.hasPrefix(prefix) && name.hasSuffix(suffix) }

    private static func create(_ path: String, directory: String) throws -> Int32 {
        let descriptor = try Files.create(path)
        do {
            try Files.syncDirectory(directory)
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Writes `changes` as one record and starts syncing it on the log's own thread (unless records are only
    /// written); ``finishAppend()`` must follow, and the record counts once it returns. On failure nothing counts:
    /// the next record is written over whatever part of this one reached the file.
    func beginAppend<Changes: Collection<IndexChange>>(_ changes: Changes) throws {
        precondition(pending == nil, "the last record's sync was not waited for")
        // The record is encoded after room for its header, which is filled in once the payload's length and
        // checksum are known; its buffer is kept for the next record unless one batch made it very large.
        defer { if record.bytes.capacity > Self.largestKeptRecord { record = ByteWriter() } }
        record.bytes.removeAll(keepingCapacity: true)
        record.uint64(0)
        Self.encode(changes, into: &record)
        record.bytes.withUnsafeMutableBytes { bytes in
            let checksum = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[8...]))
            bytes.storeBytes(of: UInt32(bytes.count - 8).littleEndian, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: checksum.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        let path = Self.path(directory, number)
        try record.bytes.withUnsafeBytes { try Files.write($0, to: descriptor, at: length, path: path) }
        syncer?.start(descriptor, path: path)
        pending = record.count
    }

    /// Waits for the sync ``beginAppend(_:)`` started, if any; the record counts once it returns. On failure nothing
    /// counts: the next record is written over this one.
    func finishAppend() throws {
        guard let written = pending else { return }
        pending = nil
        try syncer?.wait()
        length += written
    }

    /// Continues in a new file and returns the number of the last one written, whose records (and all older ones')
    /// may be removed with ``remove(through:in:)`` once a committed segment holds them.
    func rotate() throws -> Int {
        let next = try Self.create(Self.path(directory, number + 1), directory: directory)
        close(descriptor)
        descriptor = next
        number += 1
        length = 0
        return number - 1
    }

    /// Removes the log files numbered up to `number`.
    static func remove(through number: Int, in directory: String) throws {
        for file in try files(in: directory) where file <= number { Files.remove(path(directory, file)) }
    }

    /// The batches in log file `number`, oldest first, up to the first incomplete record.
    /// - Throws: ``IndexError/Code/corrupt`` for a complete record that does not decode.
    static func replay(_ number: Int, in directory: String) throws -> [[IndexChange]] {
        let path = path(directory, number)
        guard let bytes = try Files.read(path) else { return [] }
        return try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            var batches: [[IndexChange]] = []
            while reader.remaining >= 8 {
                let length = Int(try reader.uint32())
                let checksum = try reader.uint32()
                guard length <= reader.remaining else { break }
                let payload = try reader.slice(length)
                guard CRC32C.checksum(payload) == checksum else { break }
                do {
                    batches.append(try decode(payload))
                } catch let error as IndexError {
                    throw IndexError(.corrupt, "log \(path) is damaged: \(error.message)")
                }
            }
            return batches
        }
    }

    static func encode<Changes: Collection<IndexChange>>(_ changes: Changes, into writer: inout ByteWriter) {
        writer.varint(changes.count)
        for change in changes {
            switch change {
            case .upsert(let document):
                writer.append(CollectionOfOne(0))
                writer.blob(document.id.utf8)
                writer.signed(document.version)
                writer.varint(document.fields.count)
                for field in document.fields {
                    if let field {
                        writer.append(CollectionOfOne(1))
                        writer.blob(field.utf8)
                    } else {
                        writer.append(CollectionOfOne(0))
                    }
                }
                writer.blob(document.source)
            case .delete(let id, let version):
                writer.append(CollectionOfOne(1))
                writer.blob(id.utf8)
                writer.signed(version)
            }
        }
    }

    static func decode(_ payload: UnsafeRawBufferPointer) throws -> [IndexChange] {
        var reader = ByteReader(payload)
        let count = try reader.count(atMost: reader.remaining)
        var changes: [IndexChange] = []
        changes.reserveCapacity(count)
        for _ in 0..<count {
            let kind = try reader.byte()
            let id = String(decoding: try reader.blob(), as: UTF8.self)
            let version = try reader.signed()
            switch kind {
            case 0:
                let fieldCount = try reader.count(atMost: Int(UInt8.max))
                var fields: [String?] = []
                for _ in 0..<fieldCount {
                    fields.append(try reader.byte() == 1 ? String(decoding: try reader.blob(), as: UTF8.self) : nil)
                }
                let source = Array(try reader.blob())
                changes.append(.upsert(IndexDocument(id: id, version: version, fields: fields, source: source)))
            case 1:
                changes.append(.delete(id: id, version: version))
            default:
                throw ByteReader.corrupt("unknown change kind \(kind)")
            }
        }
        guard reader.isAtEnd else { throw ByteReader.corrupt("extra bytes in a record") }
        return changes
    }
}
