import FoundationEssentials
import NIOCore
import SluiceCore

#if canImport(Glibc)
import Glibc
#endif

/// Reads NDJSON or CSV files matching globs, once, from where the checkpoint says, record by record.
///
/// A record's position is the byte offset after it, so a restart continues after the last record the transport
/// stored (records in a batch that was published but not yet checkpointed are published again and deduplicated
/// by the message id, or made harmless by the idempotent sink). CSV files need a header row; each row becomes a
/// JSON object of strings keyed by the header.
struct FileSource: RecordSource {
    let config: FileSourceConfig
    let checkpoint: FileCheckpoint
    let progress: (any FileProgress)?

    func run(into output: BoundedChannel<SourceRecord>, stopping: @escaping @Sendable () -> Bool) async throws {
        let files = FileGlob.expand(config.paths)
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64) ?? 0 }
        let done = zip(files, sizes).map { min(checkpoint.offset(of: $0), $1) }
        progress?.start(totalBytes: sizes.reduce(0, +), doneBytes: done.reduce(0, +))
        defer { progress?.finish() }
        for file in files {
            if stopping() || Task.isCancelled { return }
            try await read(file, into: output, stopping: stopping)
        }
    }

    func commit(_ position: SourcePosition) async throws {
        try checkpoint.commit(file: position.file, offset: position.offset)
    }

    private func format(of file: String) -> FileSourceConfig.Format {
        config.format ?? (file.lowercased().hasSuffix(".csv") ? .csv : .ndjson)
    }

    private func read(_ file: String, into output: BoundedChannel<SourceRecord>, stopping: @escaping @Sendable () -> Bool) async throws {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { throw FileSourceError(.io, "cannot open \(file): errno \(errno)") }
        defer { close(descriptor) }
        let csv = format(of: file) == .csv
        var header: [String]?
        if csv { header = try Self.readHeader(descriptor, file: file) }
        var offset = max(checkpoint.offset(of: file), 0)
        if csv, offset == 0 { offset = Int64(try Self.headerLength(descriptor)) }
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else { throw FileSourceError(.io, "cannot seek in \(file)") }

        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if stopping() || Task.isCancelled { return }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw FileSourceError(.io, "cannot read \(file): errno \(errno)") }
            let atEnd = count == 0
            if atEnd {
                // A last line without a line break is a record too.
                if !pending.isEmpty {
                    offset += Int64(pending.count)
                    try await emit(pending, header: header, position: SourcePosition(file: file, offset: offset), into: output)
                    pending = []
                }
                return
            }
            pending.append(contentsOf: chunk[0..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if stopping() || Task.isCancelled { return }
                offset += Int64(newline - start + 1)
                var end = newline
                if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end > start {
                    let sent = try await emit(
                        Array(pending[start..<end]),
                        header: header,
                        position: SourcePosition(file: file, offset: offset),
                        into: output
                    )
                    if !sent { return }
                }
                progress?.advance(bytes: newline - start + 1)
                start = newline + 1
            }
            pending.removeFirst(start)
        }
    }

    @discardableResult
    private func emit(
        _ line: [UInt8],
        header: [String]?,
        position: SourcePosition,
        into output: BoundedChannel<SourceRecord>
    ) async throws
        -> Bool
    {
        let bytes: ByteBuffer
        if let header {
            var object = JSONObject()
            let fields = CSVRow.parse(String(decoding: line, as: UTF8.self))
            for (index, name) in header.enumerated() {
                _ = object.updateValue(index < fields.count ? .string(fields[index]) : .null, forKey: name)
            }
            bytes = ByteBuffer(bytes: JSONValue.object(object).serialized())
        } else {
            bytes = ByteBuffer(bytes: line)
        }
        return await output.send(SourceRecord(bytes: bytes, position: position))
    }

    private static func readHeader(_ descriptor: Int32, file: String) throws -> [String] {
        guard let line = try firstLine(descriptor) else { throw FileSourceError(.io, "\(file) is empty; a CSV file needs a header row") }
        return CSVRow.parse(String(decoding: line, as: UTF8.self).trimmingWhitespace())
    }

    private static func headerLength(_ descriptor: Int32) throws -> Int {
        (try firstLine(descriptor)?.count ?? 0) + 1
    }

    private static func firstLine(_ descriptor: Int32) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let end = buffer[0..<count].firstIndex(of: UInt8(ascii: "\n")) ?? count
        return Array(buffer[0..<end])
    }
}

/// Splits one CSV row (RFC 4180 quoting: `"a ""quoted"" value"`); a quoted field may not span lines.
enum CSVRow {
    static func parse(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var previousQuote = false
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                    previousQuote = true
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if previousQuote { field.append("\"") }
                quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                break
            default:
                field.append(character)
            }
            previousQuote = false
        }
        fields.append(field)
        return fields
    }
}
