/// The playable content of a MIDI file as a session sees it: messages in time order, one port
/// per track that carries MIDI messages, and the file's length.
public struct Performance: Sendable {
    /// Port names, by port index: the track name, or "track N" (1-based) when unnamed.
    public var portNames: [String]
    /// Every MIDI message in time order; `port` indexes ``portNames``.
    public var messages: [TimedMessage]
    /// Nanoseconds from time 0 to the last event (end-of-track included).
    public var duration: Int64

    public init(portNames: [String], messages: [TimedMessage], duration: Int64) {
        self.portNames = portNames
        self.messages = messages
        self.duration = duration
    }

    /// Notes of the performance, pedals folded in. O(n log n).
    public var notes: [Note] { Note.notes(from: messages) }
    /// Times the pedals moved (see ``Note/pedalMoves(from:)``). O(n).
    public var pedalMoves: [Int64] { Note.pedalMoves(from: messages) }
}

extension StandardMIDIFile {
    /// The file as a ``Performance``: tracks without MIDI messages (a format-1 conductor
    /// track, say) get no port, so ports are numbered densely from 0. O(n log n).
    public var performance: Performance {
        let tempoMap = format == .independentSequences ? nil : TempoMap(file: self)
        var messages = timedMessages(tempoMap: tempoMap)
        // Track index → port; -1 until the track's first message.
        var portOfTrack = [Int](repeating: -1, count: tracks.count)
        var names: [String] = []
        var renumbered = false
        messages.withUnsafeMutableBufferPointer { messages in
            for index in messages.indices {
                let track = Int(messages[index].port)
                if portOfTrack[track] < 0 {
                    portOfTrack[track] = names.count
                    renumbered = renumbered || track != names.count
                    names.append(tracks[track].name ?? "track \(track + 1)")
                }
                if renumbered { messages[index].port = UInt16(portOfTrack[track]) }
            }
        }
        return Performance(
            portNames: names,
            messages: messages,
            duration: max(duration(tempoMap: tempoMap), messages.last?.time ?? 0)
        )
    }
}
