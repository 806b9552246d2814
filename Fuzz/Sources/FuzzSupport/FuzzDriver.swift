#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry point for a program with its own `main` (`libclang_rt.fuzzer_no_main`): parses the
/// command line as libFuzzer does and calls `test` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the process's arguments (`-max_total_time=600 CORPUS_DIR …`) and exits with its status.
///
/// SwiftPM links every executable with its own `main`, so a fuzz target cannot use libFuzzer's; it calls this from
/// its `@main` type instead, with a non-capturing closure that tests one input.
public func runFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv, test))
}

/// The bytes libFuzzer passed, as a buffer (libFuzzer may pass a null pointer for the empty input).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: count == 0 ? nil : data, count: count)
}

/// Stops the run with `message` when `condition` is false: libFuzzer saves the input that broke the property.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("property broken: \(message())") }
}
