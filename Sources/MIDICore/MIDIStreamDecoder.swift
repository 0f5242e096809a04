/// Decodes a raw MIDI 1.0 byte stream (a serial port, a rawmidi device, stdin) into messages.
///
/// Handles what real cables deliver: running status, realtime bytes interleaved anywhere (even
/// inside a SysEx or between a status and its data), SysEx spanning many reads, and garbage
/// (data bytes with no status, stray 0xF7, undefined status bytes), which is skipped and counted
/// so the decoder resynchronises at the next status byte.
///
/// Feed it any chunking of the stream: the result does not depend on where reads split.
/// Cost is O(n) in the bytes fed; memory is bounded by ``maxSysExLength``.
public struct MIDIStreamDecoder: Sendable {
    /// The longest SysEx kept, in bytes (1 MiB by default). Longer ones are cut and counted.
    public var maxSysExLength: Int
    /// Bytes that could not be part of any message (no running status, stray 0xF7, undefined status).
    public private(set) var droppedBytes = 0
    /// SysEx messages cut short because they exceeded ``maxSysExLength``.
    public private(set) var truncatedSysEx = 0

    private var runningStatus: UInt8 = 0
    private var data: (UInt8, UInt8) = (0, 0)
    private var dataCount = 0
    private var sysEx: [UInt8]? = nil
    private var sysExOverflowed = false

    public init(maxSysExLength: Int = 1 << 20) {
        self.maxSysExLength = maxSysExLength
    }

    /// Data bytes expected after a status byte, or `nil` when the status is not a message start.
    private static func dataLength(for status: UInt8) -> Int? {
        switch status {
        case 0x80...0xBF, 0xE0...0xEF: return 2
        case 0xC0...0xDF: return 1
        case 0xF1, 0xF3: return 1
        case 0xF2: return 2
        case 0xF6: return 0
        default: return nil
        }
    }

    /// Decodes `bytes`, calling `emit` for every complete message in stream order.
    public mutating func decode(_ bytes: some Sequence<UInt8>, emit: (MIDIMessage) -> Void) {
        // Contiguous bytes (an array, a slice of one) go through one loop compiled for them:
        // called from another module, the loop over `some Sequence` is the unspecialised
        // generic one, a witness call and a copy per byte (6,500 instructions an event, read
        // from a pipe by the recorder; 60 this way).
        let done: Void? = bytes.withContiguousStorageIfAvailable { decode(buffer: $0, emit: emit) }
        if done == nil {
            for byte in bytes { feed(byte, emit: emit) }
        }
    }

    private mutating func decode(buffer: UnsafeBufferPointer<UInt8>, emit: (MIDIMessage) -> Void) {
        for byte in buffer { feed(byte, emit: emit) }
    }

    /// Convenience: decodes `bytes` and returns the messages.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [MIDIMessage] {
        var out: [MIDIMessage] = []
        decode(bytes) { out.append($0) }
        return out
    }

    /// Ends the stream: a SysEx still open is emitted as received (without 0xF7) so nothing is lost.
    public mutating func finish(emit: (MIDIMessage) -> Void) {
        if let pending = sysEx, !pending.isEmpty {
            emit(.sysEx(SysExPayload(pending)))
        }
        sysEx = nil
        runningStatus = 0
        dataCount = 0
    }

    private mutating func feed(_ byte: UInt8, emit: (MIDIMessage) -> Void) {
        if byte >= 0xF8 {
            // Realtime: never disturbs running status or a SysEx in progress.
            if let message = MIDIMessage.system(status: byte) {
                emit(message)
            } else {
                droppedBytes += 1
            }
            return
        }
        if byte & 0x80 == 0 {
            feedData(byte, emit: emit)
            return
        }
        // A status byte ends any SysEx in progress.
        if var pending = sysEx {
            sysEx = nil
            if byte == 0xF7 {
                if !sysExOverflowed { pending.append(0xF7) }
                emit(.sysEx(SysExPayload(pending)))
                return
            }
            // Cut by another status: keep the bytes we have, unterminated, rather than lose them.
            emit(.sysEx(SysExPayload(pending)))
        }
        dataCount = 0
        switch byte {
        case 0xF0:
            sysEx = [0xF0]
            sysExOverflowed = false
            runningStatus = 0
        case 0xF6:
            runningStatus = 0
            emit(.tuneRequest)
        case 0xF1...0xF3:
            runningStatus = byte
        case 0x80...0xEF:
            runningStatus = byte
        default:
            // 0xF4, 0xF5, stray 0xF7: undefined here; they also cancel running status.
            runningStatus = 0
            droppedBytes += 1
        }
    }

    private mutating func feedData(_ byte: UInt8, emit: (MIDIMessage) -> Void) {
        if sysEx != nil {
            if sysEx!.count < maxSysExLength {
                sysEx!.append(byte)
            } else if !sysExOverflowed {
                sysExOverflowed = true
                truncatedSysEx += 1
            }
            return
        }
        guard runningStatus != 0, let needed = Self.dataLength(for: runningStatus) else {
            droppedBytes += 1
            return
        }
        if dataCount == 0 { data.0 = byte } else { data.1 = byte }
        dataCount += 1
        guard dataCount == needed else { return }
        dataCount = 0
        let status = runningStatus
        if status >= 0xF0 {
            // System common messages do not establish running status.
            runningStatus = 0
            if let message = MIDIMessage.system(status: status, data1: data.0, data2: data.1) {
                emit(message)
            }
        } else if let message = MIDIMessage.channelVoice(status: status, data1: data.0, data2: data.1) {
            emit(message)
        }
    }
}

/// Encodes messages to a MIDI 1.0 byte stream, optionally with running status.
public struct MIDIStreamEncoder: Sendable {
    /// When true, repeated channel status bytes are omitted (what many hardware senders do).
    public var usesRunningStatus: Bool
    private var runningStatus: UInt8 = 0

    public init(usesRunningStatus: Bool = false) {
        self.usesRunningStatus = usesRunningStatus
    }

    /// Appends the encoding of `message` to `out`. O(1) except SysEx, O(length).
    public mutating func encode(_ message: MIDIMessage, into out: inout [UInt8]) {
        let bytes = message.bytes
        if message.isRealtime {
            out.append(contentsOf: bytes)
            return
        }
        let status = bytes[0]
        if status < 0xF0 {
            if usesRunningStatus && status == runningStatus {
                out.append(contentsOf: bytes.dropFirst())
            } else {
                out.append(contentsOf: bytes)
            }
            runningStatus = status
        } else {
            runningStatus = 0
            out.append(contentsOf: bytes)
        }
    }

    /// Encodes a sequence of messages into one buffer.
    public mutating func encode(_ messages: some Sequence<MIDIMessage>) -> [UInt8] {
        var out: [UInt8] = []
        for message in messages { encode(message, into: &out) }
        return out
    }
}
