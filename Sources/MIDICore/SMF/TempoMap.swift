/// Converts ticks to exact nanoseconds through every tempo change of a file.
///
/// Tempo is kept as integer microseconds per quarter note, and each segment's start is kept as
/// an exact integer of nanoseconds × PPQ, so a time is rounded once, never accumulated.
/// SMPTE-timed files ignore tempo: a tick is 1 / (frames per second × ticks per frame) seconds,
/// with 29 meaning 30 drop-frame, i.e. 30000/1001 frames per second.
public struct TempoMap: Sendable {
    fileprivate struct Segment {
        var tick: UInt64
        var microsecondsPerQuarter: UInt32
        /// Nanoseconds at `tick`, multiplied by the PPQ (exact).
        var scaledStart: Int128
    }

    fileprivate let division: StandardMIDIFile.Division
    fileprivate let segments: [Segment]

    /// The tempo a file has before its first tempo event (120 bpm).
    public static let defaultMicrosecondsPerQuarter: UInt32 = 500_000

    /// Builds the map from tempo events in `tracks` (all of them, merged, as players do for
    /// format 0 and 1). O(t log t) for t tempo events.
    public init(division: StandardMIDIFile.Division, tracks: some Sequence<StandardMIDIFile.Track>) {
        var changes: [(tick: UInt64, tempo: UInt32)] = []
        for track in tracks {
            track.events.withUnsafeBufferPointer { events in
                for index in events.indices {
                    if case .meta(.tempo(let tempo)) = events[index].kind, tempo > 0 {
                        changes.append((events[index].tick, tempo))
                    }
                }
            }
        }
        self.init(division: division, changes: changes)
    }

    /// Builds the map from tempo changes in file order (tempos of 0 are ignored).
    init(division: StandardMIDIFile.Division, changes: [(tick: UInt64, tempo: UInt32)]) {
        self.division = division
        // Stable: for equal ticks the later event in file order wins.
        let changes = changes.filter { $0.tempo > 0 }.enumerated().sorted {
            ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset)
        }.map(
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
        var segment = segments.count - 1
        if case .ticksPerQuarter = division {
            var low = 0
            while low < segment {
                let mid = (low + segment + 1) / 2
                if segments[mid].tick <= tick { low = mid } else { segment = mid - 1 }
            }
        }
        return nanoseconds(atTick: tick, segment: segment)
    }

    /// Times of ticks that never decrease, as in a track read in order: walks forward through
    /// the tempo segments, O(1) amortised a tick, with the 64-bit formula precomputed for the
    /// current segment. The same results as ``TempoMap/nanoseconds(atTick:)``.
    struct Walk {
        let map: TempoMap
        private var segment = 0
        /// Ticks of the current segment: from `start` up to, not including, `end`.
        private var start: UInt64 = 0
        private var end: UInt64 = 0
        /// Within `start + limit`, time is (base + (tick - start) × perTick + ppq / 2) / ppq in
        /// 64 bits without overflow; `limit` is 0 when the 128-bit formula is needed.
        private var limit: UInt64 = 0
        private var base: Int64 = 0
        private var perTick: Int64 = 1
        private var ppq: Int64 = 1
        /// True when ppq divides both `base` and `perTick` (as at any tempo in whole µs and a
        /// ppq dividing 1000, or after a change on such a tick): the time is then
        /// `baseQuotient + elapsed × perTickQuotient`, the same number without a division.
        private var exact = false
        private var baseQuotient: Int64 = 0
        private var perTickQuotient: Int64 = 0

        init(_ map: TempoMap) {
            self.map = map
            enter(0)
        }

        @inline(__always)
        mutating func nanoseconds(atTick tick: UInt64) -> Int64 {
            if tick < start || tick >= end {
                if tick < start { segment = 0 }
                while segment + 1 < map.segments.count && map.segments[segment + 1].tick <= tick { segment += 1 }
                enter(segment)
            }
            let elapsed = tick - start
            guard elapsed < limit else { return map.nanoseconds(atTick: tick, segment: segment) }
            // Within the limit nothing overflows (see `enter`): wrapping operators skip the checks.
            // A 64-bit division costs tens of cycles a message: skipped when it divides exactly
            // (base = q·ppq, perTick = r·ppq: (ppq(q + e·r) + ppq/2) / ppq = q + e·r).
            if exact { return baseQuotient &+ Int64(elapsed) &* perTickQuotient }
            return (base &+ Int64(elapsed) &* perTick &+ ppq / 2) / ppq
        }

        /// When every tick from where the walk stands up to `last` lies in its current segment
        /// and takes the division-free formula: the time of such a tick is
        /// `base + (tick - start) × perTick` (wrapping arithmetic cannot overflow). Nil otherwise.
        func line(through last: UInt64) -> (start: UInt64, base: Int64, perTick: Int64)? {
            guard exact, last >= start, last < end, last - start < limit else { return nil }
            return (start, baseQuotient, perTickQuotient)
        }

        private mutating func enter(_ index: Int) {
            segment = index
            limit = 0
            exact = false
            guard case .ticksPerQuarter(let division) = map.division else {
                (start, end) = (0, .max)
                return
            }
            let current = map.segments[index]
            start = current.tick
            end = index + 1 < map.segments.count ? map.segments[index + 1].tick : .max
            ppq = Int64(division)
            perTick = Int64(current.microsecondsPerQuarter) * 1000
            guard let base = Int64(exactly: current.scaledStart), perTick > 0 else { return }
            self.base = base
            limit = UInt64((Int64.max - base - ppq / 2) / perTick)
            exact = base >= 0 && base % ppq == 0 && perTick % ppq == 0
            (baseQuotient, perTickQuotient) = (base / ppq, perTick / ppq)
        }
    }

    /// The time at `tick` within tempo segment `index` (which must hold it). The exact integer
    /// formula in 64 bits when nothing overflows — a file of days at any tempo — else 128.
    fileprivate func nanoseconds(atTick tick: UInt64, segment index: Int) -> Int64 {
        switch division {
        case .smpte(let fps, let ticksPerFrame):
            // ns = tick × 1e9 / (fps × tpf); drop-frame 29 is 30000/1001 fps.
            let (scale, denominator): (Int64, Int64) =
                fps == 29
                ? (1_000_000_000 * 1001, 30_000 * Int64(ticksPerFrame))
                : (1_000_000_000, Int64(fps) * Int64(ticksPerFrame))
            if tick <= UInt64(Int64.max) {
                let (numerator, overflow) = Int64(tick).multipliedReportingOverflow(by: scale)
                if !overflow && numerator <= Int64.max - denominator / 2 {
                    return (numerator + denominator / 2) / denominator
                }
            }
            // Clamped: a corrupt file can claim delta times beyond what 64-bit nanoseconds hold.
            let numerator = Int128(tick) * Int128(scale)
            return Int64(clamping: (numerator + Int128(denominator) / 2) / Int128(denominator))
        case .ticksPerQuarter(let ppq):
            let segment = segments[index]
            let ppq64 = Int64(ppq)
            let elapsed = tick - segment.tick
            if let start = Int64(exactly: segment.scaledStart), elapsed <= UInt64(Int64.max) {
                let (product, overflow) = Int64(elapsed).multipliedReportingOverflow(
                    by: Int64(segment.microsecondsPerQuarter) * 1000
                )
                if !overflow, product <= Int64.max - start - ppq64 / 2 {
                    return (start + product + ppq64 / 2) / ppq64
                }
            }
            let scaled = segment.scaledStart + Int128(elapsed) * Int128(segment.microsecondsPerQuarter) * 1000
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
    /// O(n log k) for n events in k tracks that carry messages; O(n) for one such track.
    public func timedMessages() -> [TimedMessage] {
        timedMessages(tempoMap: format == .independentSequences ? nil : TempoMap(file: self))
    }

    /// ``timedMessages()`` with the file's tempo map made already (nil for format 2).
    func timedMessages(tempoMap sharedMap: TempoMap?) -> [TimedMessage] {
        var out: [TimedMessage] = []
        out.reserveCapacity(tracks.reduce(0) { $0 + $1.events.count })
        // Each track's messages are in time order already (ticks only grow along a track).
        var runs: [Range<Int>] = []
        var sequenceOffset: Int64 = 0
        for (trackIndex, track) in tracks.enumerated() {
            let map = sharedMap ?? TempoMap(division: division, tracks: [track])
            let port = UInt16(clamping: trackIndex)
            var decoder = MIDIStreamDecoder()
            var walk = TempoMap.Walk(map)
            // Chords and pedal moves share ticks: the time of the previous tick is kept.
            var tick = UInt64.max
            var time: Int64 = 0
            let first = out.count
            // Through a buffer pointer the events are read in place, not copied one by one.
            track.events.withUnsafeBufferPointer { events in
                for index in events.indices {
                    if events[index].tick != tick {
                        tick = events[index].tick
                        let (sum, overflow) = sequenceOffset.addingReportingOverflow(walk.nanoseconds(atTick: tick))
                        time = overflow ? .max : sum
                    }
                    switch events[index].kind {
                    case .midi(let message):
                        out.append(TimedMessage(time: time, port: port, message: message))
                    case .escape(let bytes):
                        var decoded: [MIDIMessage] = []
                        decoder.decode(bytes) { decoded.append($0) }
                        out += decoded.map { TimedMessage(time: time, port: port, message: $0) }
                    case .meta:
                        break
                    }
                }
            }
            if out.count > first {
                Self.sortByTime(&out[first...])
                runs.append(first..<out.count)
            }
            if format == .independentSequences { sequenceOffset = time }
        }
        return Self.merged(out, runs: runs)
    }

    /// Puts a track's messages in time order, keeping file order on equal times. Read files are
    /// in order already (O(n) to check); a track built in code may not be.
    static func sortByTime(_ messages: inout ArraySlice<TimedMessage>) {
        guard messages.indices.dropFirst().contains(where: { messages[$0].time < messages[$0 - 1].time }) else {
            return
        }
        let order = messages.indices.sorted { (messages[$0].time, $0) < (messages[$1].time, $1) }
        let sorted = order.map { messages[$0] }
        messages.replaceSubrange(messages.indices, with: sorted)
    }

    /// Merges runs of messages that are each in time order into one, stably (an earlier run
    /// first on equal times): pairs of neighbouring runs at a time, O(n log k) for k runs;
    /// nothing to do when each run ends no later than the next begins (one track, format 2).
    static func merged(_ messages: [TimedMessage], runs: [Range<Int>]) -> [TimedMessage] {
        var messages = messages
        var runs = runs
        while runs.count > 1 {
            if zip(runs, runs.dropFirst()).allSatisfy({
                messages[$0.upperBound - 1].time <= messages[$1.lowerBound].time
            }) {
                return messages
            }
            var merged: [TimedMessage] = []
            merged.reserveCapacity(messages.count)
            var mergedRuns: [Range<Int>] = []
            for pair in stride(from: 0, to: runs.count, by: 2) {
                let start = merged.count
                var left = runs[pair]
                var right = pair + 1 < runs.count ? runs[pair + 1] : runs[pair].upperBound..<runs[pair].upperBound
                while !left.isEmpty && !right.isEmpty {
                    if messages[right.lowerBound].time < messages[left.lowerBound].time {
                        merged.append(messages[right.lowerBound])
                        right = right.dropFirst()
                    } else {
                        merged.append(messages[left.lowerBound])
                        left = left.dropFirst()
                    }
                }
                merged += messages[left]
                merged += messages[right]
                mergedRuns.append(start..<merged.count)
            }
            messages = merged
            runs = mergedRuns
        }
        return messages
    }

    /// The time of the last event in the file (including end-of-track), in nanoseconds.
    public var duration: Int64 {
        duration(tempoMap: format == .independentSequences ? nil : TempoMap(file: self))
    }

    /// ``duration`` with the file's tempo map made already (nil for format 2).
    func duration(tempoMap: TempoMap?) -> Int64 {
        guard let map = tempoMap else {
            return tracks.reduce(Int64(0)) { total, track in
                let length = TempoMap(division: division, tracks: [track]).nanoseconds(
                    atTick: track.events.last?.tick ?? 0
                )
                let (sum, overflow) = total.addingReportingOverflow(length)
                return overflow ? .max : sum
            }
        }
        return tracks.map { map.nanoseconds(atTick: $0.events.last?.tick ?? 0) }.max() ?? 0
    }
}
