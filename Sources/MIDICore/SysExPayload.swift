import Synchronization

/// The bytes of a System Exclusive message, kept out of line so that ``MIDIMessage`` is a plain
/// value: 5 bytes, nothing to retain or release, and a ``TimedMessage`` 16 bytes instead of 24.
///
/// A performance holds hundreds of thousands of messages and hardly ever a SysEx; with the
/// payload inline (an array) every message was a non-trivial value, so every copy checked its
/// case and every dropped array of messages called a destroy for each one. The payload is an
/// index into one process-wide table instead, where each distinct payload is stored once
/// (interned): equal payloads get the same index, so equality and hashing compare indices.
///
/// The table keeps what it holds for the life of the process — one copy per distinct payload,
/// however many messages carry it (a device repeating its identity reply costs nothing more).
/// SysEx is rare in practice sessions; a stream of distinct ones (a sample dump) grows the
/// process by their bytes, as the messages holding them did while they lived.
public struct SysExPayload: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    private let index: UInt32

    /// Interns `bytes` (the whole message, 0xF0 first; a truncated one as received). O(bytes).
    public init(_ bytes: [UInt8]) {
        index = SysExTable.shared.intern(bytes)
    }

    public init(arrayLiteral bytes: UInt8...) {
        self.init(bytes)
    }

    /// The message's bytes, as given to ``init(_:)``. O(1): the stored array is shared.
    public var bytes: [UInt8] { SysExTable.shared.bytes(at: index) }

    public var description: String { bytes.description }
}

/// The interned SysEx payloads of the process: an array of them and an index by content.
private final class SysExTable: Sendable {
    static let shared = SysExTable()

    private struct State {
        var payloads: [[UInt8]] = []
        var indexOf: [[UInt8]: UInt32] = [:]
    }

    private let state = Mutex(State())

    func intern(_ bytes: [UInt8]) -> UInt32 {
        state.withLock { state in
            if let known = state.indexOf[bytes] { return known }
            // 4 billion distinct payloads are far past any memory this process could hold.
            let index = UInt32(state.payloads.count)
            state.payloads.append(bytes)
            state.indexOf[bytes] = index
            return index
        }
    }

    func bytes(at index: UInt32) -> [UInt8] {
        state.withLock { $0.payloads[Int(index)] }
    }
}
