@testable import MIDICore

/// ``StandardMIDIFile/timedMessages()`` as it was first written — every message tagged with its
/// track and position, then one sort: slow but plain. ``TimedMessagesEquivalenceTests`` hold
/// the merging reader to exactly its results.
extension StandardMIDIFile {
    func timedMessagesByModel() -> [TimedMessage] {
        var out: [(time: Int64, track: Int, order: Int, message: MIDIMessage)] = []
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
        out.sort { ($0.time, $0.track, $0.order) < ($1.time, $1.track, $1.order) }
        return out.map { TimedMessage(time: $0.time, port: UInt16(clamping: $0.track), message: $0.message) }
    }
}
