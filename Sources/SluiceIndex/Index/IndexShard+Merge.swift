extension IndexShard {
    /// Runs merges until the policy wants none: each rewrites its segments without holding the writer lock, then
    /// installs the result in one short step (new manifest, renumbered locations, the sources' files removed).
    /// - Returns: How many merges ran.
    @discardableResult
    func mergeUntilSettled() throws -> Int {
        var merges = 0
        while try mergeOnce() { merges += 1 }
        return merges
    }

    /// One merge, if the policy picks one; `false` when it does not.
    func mergeOnce() throws -> Bool {
        let picked: (sources: [ShardSnapshot.Segment], number: Int, fieldCount: Int)? = writer.withLock { state in
            guard !state.closed else { return nil }
            let candidates = state.manifest.segments.filter { !state.merging.contains($0) }.compactMap { number in
                state.segments[number].map { (number: number, documents: $0.reader.documentCount) }
            }
            let chosen = policy.pick(candidates)
            guard !chosen.isEmpty else { return nil }
            return state.claim(chosen)
        }
        guard let picked else { return false }
        try rewrite(picked.sources, as: picked.number, fieldCount: picked.fieldCount)
        for source in picked.sources { Files.remove("\(directory)/\(source.reader.number).seg") }
        return true
    }

    /// Rewrites the segments of the first format (``PostingsLayout/interleaved``) as one segment in the current
    /// one, before the shard serves a search; a crash during it leaves them as they were, to be rewritten at the next
    /// open. `false` when there were none.
    @discardableResult
    func rewriteInterleavedSegments() throws -> Bool {
        let picked: (sources: [ShardSnapshot.Segment], number: Int, fieldCount: Int)? = writer.withLock { state in
            let interleaved = state.manifest.segments.filter { state.segments[$0]?.reader.layout == .interleaved }
            return interleaved.isEmpty ? nil : state.claim(interleaved)
        }
        guard let picked else { return false }
        try rewrite(picked.sources, as: picked.number, fieldCount: picked.fieldCount)
        for source in picked.sources { Files.remove("\(directory)/\(source.reader.number).seg") }
        return true
    }

    /// Writes the buffered segments as one synced segment named in the manifest, then removes the log files that
    /// held their changes. One flush runs at a time; a caller that finds one running waits for it, then flushes
    /// what is left, or, with `onlyWhenDue`, only when the buffer is still due. `false` when nothing was flushed.
    @discardableResult
    func flush(onlyWhenDue: Bool = false) throws -> Bool {
        try flushes.withLock { _ in
            let picked: (sources: [ShardSnapshot.Segment], number: Int, fieldCount: Int, log: Int)? = try writer.withLock { state in
                guard !state.buffered.isEmpty, !onlyWhenDue || state.flushNeed(buffer) != .none else { return nil }
                let log = try state.log.rotate()
                let claimed = state.claim(state.buffered)
                return (claimed.sources, claimed.number, claimed.fieldCount, log)
            }
            guard let picked else { return false }
            try rewrite(picked.sources, as: picked.number, fieldCount: picked.fieldCount)
            try WriteAheadLog.remove(through: picked.log, in: directory)
            return true
        }
    }

    /// Merges `sources` into the synced segment file `number` and installs it in their place; on failure the
    /// sources stay as they were.
    private func rewrite(_ sources: [ShardSnapshot.Segment], as number: Int, fieldCount: Int) throws {
        let path = "\(directory)/\(number).seg"
        let numbers = sources.map(\.reader.number)
        do {
            let mapping = try SegmentMerger.merge(sources, fieldCount: fieldCount, into: path)
            let reader = try SegmentReader(path: path, number: number, fieldCount: fieldCount, verify: false)
            try install(reader, replacing: numbers, mapping: mapping)
        } catch {
            Files.remove(path)
            writer.withLock { $0.merging.subtract(numbers) }
            throw error
        }
    }

    /// Puts the merged segment in place of its sources: documents superseded while the merge ran stay superseded,
    /// the others' locations move to the new segment.
    private func install(_ merged: SegmentReader, replacing numbers: [Int], mapping: [[Int32]]) throws {
        try writer.withLock { state in
            var superseded = Bitmap(count: merged.documentCount)
            for (source, number) in numbers.enumerated() {
                guard let current = state.segments[number] else { continue }
                for (doc, target) in mapping[source].enumerated() where target >= 0 {
                    if current.superseded.contains(doc) {
                        superseded.insert(Int(target))
                        continue
                    }
                    state.locations.move(merged.entryBytes(Int(target)).id, segment: Int32(merged.number), doc: UInt32(target))
                }
            }
            var manifest = state.manifest
            let first = manifest.segments.firstIndex(of: numbers[0]) ?? manifest.segments.count
            manifest.segments.removeAll { numbers.contains($0) }
            manifest.segments.insert(merged.number, at: min(first, manifest.segments.count))
            manifest.generation += 1
            try Files.replaceAtomically("\(directory)/\(Manifest.fileName)", with: manifest.encoded, directory: directory)
            state.manifest = manifest
            for number in numbers {
                if let reader = state.segments[number]?.reader, state.buffered.contains(number) {
                    state.bufferedDocuments -= reader.documentCount
                    state.bufferedBytes -= reader.size
                }
                state.segments[number] = nil
            }
            state.buffered.removeAll { numbers.contains($0) }
            state.segments[merged.number] = Segment(reader: merged, superseded: superseded)
            state.merging.subtract(numbers)
            publish(state.snapshot())
        }
    }
}

extension IndexShard.WriterState {
    /// Marks `numbers` as being rewritten and reserves the number of the segment that replaces them.
    mutating func claim(_ numbers: [Int]) -> (sources: [ShardSnapshot.Segment], number: Int, fieldCount: Int) {
        merging.formUnion(numbers)
        let number = manifest.nextSegment
        manifest.nextSegment += 1
        let sources = numbers.map { ShardSnapshot.Segment(reader: segments[$0]!.reader, superseded: segments[$0]!.superseded) }
        return (sources, number, manifest.fields.count)
    }
}
