/// A growable byte buffer written through a pointer, for the SMF writer's inner loop: room is
/// reserved once per event (``reserve(_:)``), and the bytes of the event are then stored without
/// the uniqueness, capacity and bounds checks each `Array.append` makes.
///
/// Noncopyable, so its memory has exactly one owner; ``finish()`` hands the bytes over as an
/// array (one copy, O(n)).
struct ByteWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// Makes room for `extra` more bytes: every ``append(_:)`` must be covered by a reserve.
    /// Amortised O(1): the buffer doubles when it grows.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = grown
    }

    /// Stores one byte in room reserved before.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        assert(count < capacity, "ByteWriter.append without reserve")
        start[count] = byte
        count += 1
    }

    /// Appends bytes, reserving room for them.
    mutating func append(contentsOf bytes: some Collection<UInt8>) {
        reserve(bytes.count)
        for byte in bytes { append(byte) }
    }

    /// Stores a variable-length quantity (1 to 4 bytes) in room reserved before.
    @inline(__always)
    mutating func appendVariableLength(_ value: UInt32) {
        let (packed, length) = StandardMIDIFile.variableLength(value)
        for index in stride(from: length - 1, through: 0, by: -1) {
            append(UInt8(truncatingIfNeeded: packed >> (8 * UInt32(index))))
        }
    }

    /// Appends `value` big-endian in 4 bytes, reserving room.
    mutating func appendUInt32(_ value: UInt32) {
        reserve(4)
        for shift: UInt32 in [24, 16, 8, 0] { append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Overwrites 4 bytes written before with `value`, big-endian (a chunk length).
    mutating func setUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count)
        for index in 0..<4 { start[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(index))) }
    }

    /// The bytes written, as an array.
    consuming func finish() -> [UInt8] {
        Array(UnsafeBufferPointer(start: start, count: count))
    }
}
