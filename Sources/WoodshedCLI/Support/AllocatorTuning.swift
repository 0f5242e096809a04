#if canImport(Glibc)
import Glibc
#endif

/// Settings of the C allocator for a command that analyses once and exits.
enum AllocatorTuning {
    /// Keeps freed memory in the process instead of giving it back to the system at once.
    ///
    /// By default glibc serves a block above its mmap threshold (128 KiB, raised as such blocks
    /// are freed) with a fresh mapping and unmaps it when freed, and returns the free top of the
    /// heap above 128 KiB: every large buffer the segmenter and the analyzer allocate and free
    /// (alignment rows, one set per take) then costs a page fault per 4 KiB page touched again.
    /// On the real rehearsals that was 40–50 % of the process's page faults (ghost rehearsal
    /// 7,900 → 4,800) and 7–9 % of `woodshed analyze`'s time; peak memory grows by about 2 MB.
    /// Only for one-shot analysis: a recorder or server running for months keeps the defaults.
    /// Does nothing where the C library has no `mallopt`.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // <malloc.h> is not in the Glibc module: mallopt is looked up, its parameter
        // numbers are glibc's (M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3).
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems.
        _ = mallopt(-3, 32 << 20)
        _ = mallopt(-1, 256 << 20)
        #endif
    }
}
