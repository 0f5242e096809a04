/// libFuzzer's own driver (`LLVMFuzzerRunDriver`, in the runtime `-sanitize=fuzzer` links):
/// SwiftPM gives each executable a main of its own, so a harness's main calls the driver with
/// its test instead of defining `LLVMFuzzerTestOneInput` and letting libFuzzer bring main.
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the command line's arguments on `test` (the bytes of one input, its
/// length; returns 0). Returns libFuzzer's exit status.
public func runFuzzer(
    _ argc: Int32,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments, test)
}
