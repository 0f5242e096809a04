public import MIDICore
public import PracticeReports
public import SessionStore

/// A part of a stored session to listen to or to export: one take, or a time range. What
/// `woodshed export ID --take N` / `--from T --to T` writes as a MIDI file and what the journal
/// plays in the browser, from the stored events and the session's report (nothing analysed
/// twice).
///
/// Takes are numbered 1, 2, 3 … in time order over the whole session, as the report counts its
/// takes ("29 takes"): every take of every piece. An excerpt holds the notes that *start* inside
/// it, each to its own end, so the last note of a take is not cut off.
public struct SessionExcerpt: Sendable {
    /// What to take out of the session.
    public enum Selection: Sendable, Equatable {
        /// The whole session.
        case whole
        /// Take `n` of the session (1-based, in time order).
        case take(Int)
        /// Notes starting from `from` up to `to` seconds of the session (`to` nil: to its end).
        case range(from: Double, to: Double?)
    }

    /// One take as the session's numbering sees it.
    public struct NumberedTake: Sendable {
        /// 1-based, in time order over the session.
        public var number: Int
        public var take: PracticeReport.Take
        /// The piece or exercise it is a take of.
        public var materialName: String
    }

    /// A sustain-pedal change (controller 64), nanoseconds from the session start.
    public struct PedalChange: Hashable, Sendable {
        public var time: Int64
        public var channel: UInt8
        public var value: UInt8
    }

    public var sessionID: Int64
    /// Nanoseconds from the session start.
    public var start: Int64
    public var end: Int64
    /// "take 3 — Piece #8", "1:12–1:40".
    public var label: String
    /// Notes starting in [start, end), pedal folded into their `end`, in onset order.
    public var notes: [Note]
    /// The sustain pedal's changes from `start` to the last note's end, the first at `start`
    /// when the pedal was already down there.
    public var pedal: [PedalChange]
    /// The excerpt's MIDI messages with times from its start, for a MIDI file: each selected
    /// note's own note-on and note-off, the controllers, program changes and pitch bends from
    /// `start` to the last note-off, and at time 0 the programs and controllers (the pedal) in
    /// effect at `start`.
    public var messages: [TimedMessage]

    /// Takes of repertoire steps in time order, numbered from 1. O(takes log takes).
    public static func numberedTakes(_ report: PracticeReport) -> [NumberedTake] {
        let names = Dictionary(report.materials.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let takes = report.steps.filter { $0.kind == .repertoire }.flatMap { step in
            step.takes.map { (take: $0, name: step.material.flatMap { names[$0] } ?? step.label) }
        }.sorted { $0.take.start < $1.take.start }
        return takes.enumerated().map {
            NumberedTake(number: $0.offset + 1, take: $0.element.take, materialName: $0.element.name)
        }
    }

    /// The excerpt of session `sessionID` that `selection` names.
    /// - Throws: ``UserError`` for a take the session does not have or an empty range;
    ///   ``LibraryError`` when the session does not exist or the library fails.
    /// - Complexity: O(events), plus the session's analysis when its report is not stored.
    public static func load(_ selection: Selection, sessionID: Int64, in library: Library) throws -> SessionExcerpt {
        let session = try library.session(sessionID)
        let duration = session.durationNs
        var start: Int64 = 0
        var end: Int64 = max(duration, 1)
        var label = "the whole session"
        switch selection {
        case .whole: break
        case .take(let number):
            let (report, _) = try ReportCache.report(sessionID: sessionID, in: library)
            let takes = numberedTakes(report)
            guard number >= 1, number <= takes.count else {
                throw UserError(
                    "session \(sessionID) has no take \(number)"
                        + (takes.isEmpty ? " (it has no takes)" : " (its takes are 1 to \(takes.count))"),
                    hint: "`woodshed report \(sessionID)` counts its takes"
                )
            }
            let take = takes[number - 1]
            start = nanoseconds(take.take.start)
            // The take's end is its last sound; a note may start right on it.
            end = nanoseconds(take.take.end) + 1
            label = "take \(number) — \(take.materialName)"
        case .range(let from, let to):
            guard from.isFinite, from >= 0, to.map({ $0.isFinite && $0 > from }) ?? true else {
                throw UserError(
                    "the range \(ReportFormat.clock(from))–\(to.map(ReportFormat.clock) ?? "end") is empty",
                    hint: "give --from before --to, in seconds or m:ss"
                )
            }
            start = nanoseconds(from)
            end = to.map(nanoseconds) ?? max(duration, start) + 1
            label = "\(ReportFormat.clock(from))–\(ReportFormat.clock(Double(min(end, duration)) / 1e9))"
        }
        let messages = try library.events(session: sessionID).compactMap(\.timedMessage)
        let notes = SessionSpan.bounded(Note.notes(from: messages)).filter { $0.onset >= start && $0.onset < end }
        return SessionExcerpt(
            sessionID: sessionID,
            start: start,
            end: end,
            label: label,
            notes: notes,
            pedal: pedalChanges(messages, from: start, to: notes.map(\.end).max() ?? end),
            messages: excerptMessages(messages, from: start, to: end)
        )
    }

    /// Seconds from text: "72.5", "1:12", "1:12.5", "1:02:03"; nil for anything else.
    public static func seconds(_ text: String) -> Double? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let last = parts.last,
            !last.isEmpty, last.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let tail = Double(last)
        else { return nil }
        var total = 0.0
        for part in parts.dropLast() {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(part) else {
                return nil
            }
            total = total * 60 + Double(value)
        }
        if parts.count > 1 && tail >= 60 { return nil }
        return total * (parts.count > 1 ? 60 : 1) + tail
    }

    static func nanoseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }

    static func pedalChanges(_ messages: [TimedMessage], from start: Int64, to stop: Int64) -> [PedalChange] {
        var held: [UInt8: UInt8] = [:]
        var changes: [PedalChange] = []
        for message in messages {
            guard case .controlChange(let channel, 64, let value) = message.message else { continue }
            if message.time < start {
                held[channel] = value
            } else if message.time <= stop {
                changes.append(PedalChange(time: message.time, channel: channel, value: value))
            }
        }
        let before = held.filter { $0.value >= 64 }.sorted { $0.key < $1.key }
        return before.map { PedalChange(time: start, channel: $0.key, value: $0.value) } + changes
    }

    /// See ``messages``.
    static func excerptMessages(_ messages: [TimedMessage], from start: Int64, to end: Int64) -> [TimedMessage] {
        struct Key: Hashable {
            var port: UInt16
            var channel: UInt8
            var key: UInt8
        }
        // First pass: the last note-off of a note started in range decides where controllers stop.
        var sounding: Set<Key> = []
        var stop = end
        for message in messages {
            switch message.message {
            case .noteOn(let channel, let key, let velocity) where velocity > 0:
                if message.time >= start && message.time < end {
                    sounding.insert(Key(port: message.port, channel: channel, key: key))
                }
            case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
                if sounding.remove(Key(port: message.port, channel: channel, key: key)) != nil {
                    stop = max(stop, message.time)
                }
            default: break
            }
        }
        var state: [String: TimedMessage] = [:]
        var result: [TimedMessage] = []
        var kept: Set<Key> = []
        for message in messages {
            let inRange = message.time >= start && message.time <= stop
            var shifted = message
            shifted.time = max(0, message.time - start)
            switch message.message {
            case .noteOn(let channel, let key, let velocity) where velocity > 0:
                guard message.time >= start && message.time < end else { continue }
                kept.insert(Key(port: message.port, channel: channel, key: key))
                result.append(shifted)
            case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
                if kept.remove(Key(port: message.port, channel: channel, key: key)) != nil { result.append(shifted) }
            case .controlChange(let channel, let controller, _) where message.time < start:
                state["\(message.port) c\(channel) \(controller)"] = shifted
            case .programChange(let channel, _) where message.time < start:
                state["\(message.port) p\(channel)"] = shifted
            case .controlChange, .programChange, .pitchBend, .channelPressure, .polyPressure:
                if inRange { result.append(shifted) }
            default: break
            }
        }
        // Programs and controllers in effect at the start come first, at time 0.
        let initial = state.sorted { $0.key < $1.key }.map(\.value)
        return initial + result
    }
}
