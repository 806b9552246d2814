#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands glob patterns (`data/*.ndjson`) to existing files, sorted, without duplicates.
enum FileGlob {
    static func expand(_ patterns: [String]) -> [String] {
        var files: Set<String> = []
        for pattern in patterns {
            var result = glob_t()
            defer { globfree(&result) }
            guard glob(pattern, 0, nil, &result) == 0 else { continue }
            for index in 0..<Int(result.gl_pathc) {
                if let path = result.gl_pathv[index].flatMap({ String(validatingCString: $0) }) { files.insert(path) }
            }
        }
        return files.sorted()
    }
}
