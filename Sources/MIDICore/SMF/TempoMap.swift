/// Converts ticks to exact nanoseconds through every tempo change of a file.
///
/// Tempo is kept as integer microseconds per quarter note, and each segment's start is kept as
/// an exact integer of nanoseconds × PPQ, so a time is rounded once, never accumulated.
/// SMPTE-timed files ignore tempo: a tick is 1 / (frames per second × ticks per frame) seconds,
/// with 29 meaning 30 drop-frame, i.e. 30000/1001 frames per second.
public struct TempoMap: Sendable {
    private struct Segment {
        var tick: UInt64
        var microsecondsPerQuarter: UInt32
        /// Nanoseconds at `tick`, multiplied by the PPQ (exact).
        var scaledStart: Int128
    }

    private let division: StandardMIDIFile.Division
    private let segments: [Segment]

    /// The tempo a file has before its first tempo event (120 bpm).
    public static let defaultMicrosecondsPerQuarter: UInt32 = 500_000

    /// Builds the map from tempo events in `tracks` (all of them, merged, as players do for
    /// format 0 and 1). O(t log t) for t tempo events.
    public init(division: StandardMIDIFile.Division, tracks: some Sequence<StandardMIDIFile.Track>) {
        self.division = division
        var changes: [(tick: UInt64, tempo: UInt32)] = []
        for track in tracks {
            for event in track.events {
                if case .meta(.tempo(let tempo)) = event.kind, tempo > 0 { changes.append((event.tick, tempo)) }
            }
        }
        // Stable: for equal ticks the later event in file order wins.
        changes = changes.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(
            \.element
        )
        var segments = [Segment(tick: 0, microsecondsPerQuarter: Self.defaultMicrosecondsPerQuarter, scaledStart: 0)]
        for change in changes {
            let last = segments[segments.count - 1]
            if change.tick == last.tick {
                segments[segments.count - 1].microsecondsPerQuarter = change.tempo
                continue
            }
            let elapsed = Int128(change.tick - last.tick) * Int128(last.microsecondsPerQuarter) * 1000
            segments.append(
                Segment(
                    tick: change.tick,
                    microsecondsPerQuarter: change.tempo,
                    scaledStart: last.scaledStart + elapsed
                )
            )
        }
        self.segments = segments
    }

    /// The tempo map of a whole file (format 0 and 1: all tracks; format 2: pass one track to
    /// ``init(division:tracks:)`` instead).
    public init(file: StandardMIDIFile) {
        self.init(division: file.division, tracks: file.tracks)
    }

    /// Nanoseconds from the start of the file at `tick`, rounded to the nearest nanosecond.
    /// O(log t) for t tempo changes.
    public func nanoseconds(atTick tick: UInt64) -> Int64 {
        switch division {
        case .smpte(let fps, let ticksPerFrame):
            // ns = tick × 1e9 / (fps × tpf); drop-frame 29 is 30000/1001 fps.
            let (numerator, denominator): (Int128, Int128) =
                fps == 29
                ? (Int128(tick) * 1_000_000_000 * 1001, 30_000 * Int128(ticksPerFrame))
                : (Int128(tick) * 1_000_000_000, Int128(fps) * Int128(ticksPerFrame))
            // Clamped: a corrupt file can claim delta times beyond what 64-bit nanoseconds hold.
            return Int64(clamping: (numerator + denominator / 2) / denominator)
        case .ticksPerQuarter(let ppq):
            var low = 0
            var high = segments.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if segments[mid].tick <= tick { low = mid } else { high = mid - 1 }
            }
            let segment = segments[low]
            let scaled =
                segment.scaledStart + Int128(tick - segment.tick) * Int128(segment.microsecondsPerQuarter) * 1000
            let ppq128 = Int128(ppq)
            return Int64(clamping: (scaled + ppq128 / 2) / ppq128)
        }
    }
}

extension StandardMIDIFile {
    /// Every MIDI message of the file with its exact time, merged across tracks in time order
    /// (ties keep track order, then file order). Each track is its own port (track index).
    ///
    /// Format 2 sequences are independent: each gets its own tempo map and they are laid end to
    /// end, in track order. F7 escape events are decoded as a byte stream.
    /// O(n log n) for n events.
    public func timedMessages() -> [TimedMessage] {
        var out: [(time: Int64, track: Int, order: Int, message: MIDIMessage)] = []
        out.reserveCapacity(tracks.reduce(0) { $0 + $1.events.count })
        var sequenceOffset: Int64 = 0
        let sharedMap = format == .independentSequences ? nil : TempoMap(file: self)
        for (trackIndex, track) in tracks.enumerated() {
            let map = sharedMap ?? TempoMap(division: division, tracks: [track])
            var decoder = MIDIStreamDecoder()
            var trackEnd: Int64 = 0
            for (order, event) in track.events.enumerated() {
                let (sum, overflow) = sequenceOffset.addingReportingOverflow(map.nanoseconds(atTick: event.tick))
                let time = overflow ? .max : sum
                trackEnd = max(trackEnd, time)
                switch event.kind {
                case .midi(let message):
                    out.append((time, trackIndex, order, message))
                case .escape(let bytes):
                    decoder.decode(bytes) { out.append((time, trackIndex, order, $0)) }
                case .meta:
                    break
                }
            }
            if format == .independentSequences { sequenceOffset = trackEnd }
        }
        // One track (format 0, the common case) is already in order: no sort needed.
        if !out.isSorted(by: { ($0.time, $0.track, $0.order) <= ($1.time, $1.track, $1.order) }) {
            out.sort { ($0.time, $0.track, $0.order) < ($1.time, $1.track, $1.order) }
        }
        return out.map { TimedMessage(time: $0.time, port: UInt16(clamping: $0.track), message: $0.message) }
    }

    /// The time of the last event in the file (including end-of-track), in nanoseconds.
    public var duration: Int64 {
        if format == .independentSequences {
            return tracks.reduce(Int64(0)) { total, track in
                let length = TempoMap(division: division, tracks: [track]).nanoseconds(
                    atTick: track.events.last?.tick ?? 0
                )
                let (sum, overflow) = total.addingReportingOverflow(length)
                return overflow ? .max : sum
            }
        }
        let map = TempoMap(file: self)
        return tracks.map { map.nanoseconds(atTick: $0.events.last?.tick ?? 0) }.max() ?? 0
    }
}
