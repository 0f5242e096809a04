/// The playable content of a MIDI file as a session sees it: messages in time order, one port
/// per track that carries MIDI messages, and the file's length.
public struct Performance: Sendable {
    /// Port names, by port index: the track name, or "track N" (1-based) when unnamed.
    public var portNames: [String]
    /// Every MIDI message in time order; `port` indexes ``portNames``.
    public var messages: [TimedMessage]
    /// Nanoseconds from time 0 to the last event (end-of-track included).
    public var duration: Int64
    /// What the reader tolerated (a missing end-of-track, fewer tracks than the header
    /// announces, bytes after the last chunk), one line each, for the user to see.
    public var warnings: [String] = []

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
        let names = Performance.numberPorts(&messages, trackCount: tracks.count) { tracks[$0].name }
        return Performance(
            portNames: names,
            messages: messages,
            duration: max(duration(tempoMap: tempoMap), messages.last?.time ?? 0)
        )
    }
}

extension Performance {
    /// Renumbers ports from track indices to dense port numbers, in the order the tracks' first
    /// messages come (a track without messages gets no port), and returns the ports' names: the
    /// track's name, or "track N" (1-based). O(n); O(tracks) when the ports are the track
    /// indices already and `withMessages`, the number of tracks with messages, is known.
    static func numberPorts(
        _ messages: inout [TimedMessage],
        trackCount: Int,
        withMessages: Int? = nil,
        trackName: (Int) -> String?
    ) -> [String] {
        // Track index → port, in order of first appearance; -1 until the track's first message.
        var portOfTrack = [Int](repeating: -1, count: trackCount)
        var names: [String] = []
        for index in messages.indices {
            let track = Int(messages[index].port)
            if portOfTrack[track] < 0 {
                portOfTrack[track] = names.count
                names.append(trackName(track) ?? "track \(track + 1)")
                if names.count == withMessages { break }
            }
        }
        guard portOfTrack.enumerated().contains(where: { $0.element >= 0 && $0.element != $0.offset }) else {
            return names
        }
        messages.withUnsafeMutableBufferPointer { messages in
            for index in messages.indices { messages[index].port = UInt16(portOfTrack[Int(messages[index].port)]) }
        }
        return names
    }
}
