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
            state.merging.formUnion(chosen)
            let number = state.manifest.nextSegment
            state.manifest.nextSegment += 1
            let sources = chosen.map { ShardSnapshot.Segment(reader: state.segments[$0]!.reader, superseded: state.segments[$0]!.superseded) }
            return (sources, number, state.manifest.fields.count)
        }
        guard let picked else { return false }
        let path = "\(directory)/\(picked.number).seg"
        let numbers = picked.sources.map(\.reader.number)
        do {
            let (bytes, mapping) = try SegmentMerger.merge(picked.sources, fieldCount: picked.fieldCount)
            try Files.writeSynced(bytes, to: path)
            let reader = try SegmentReader(path: path, number: picked.number, fieldCount: picked.fieldCount)
            try install(reader, replacing: numbers, mapping: mapping)
        } catch {
            Files.remove(path)
            writer.withLock { $0.merging.subtract(numbers) }
            throw error
        }
        for number in numbers { Files.remove("\(directory)/\(number).seg") }
        return true
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
                    let entry = merged.entry(Int(target))
                    state.locations[entry.id]?.segment = Int32(merged.number)
                    state.locations[entry.id]?.doc = UInt32(target)
                }
            }
            var manifest = state.manifest
            let first = manifest.segments.firstIndex(of: numbers[0]) ?? manifest.segments.count
            manifest.segments.removeAll { numbers.contains($0) }
            manifest.segments.insert(merged.number, at: min(first, manifest.segments.count))
            manifest.generation += 1
            try Files.replaceAtomically("\(directory)/\(Manifest.fileName)", with: manifest.encoded, directory: directory)
            state.manifest = manifest
            for number in numbers { state.segments[number] = nil }
            state.segments[merged.number] = Segment(reader: merged, superseded: superseded)
            state.merging.subtract(numbers)
            publish(state.snapshot())
        }
    }
}
