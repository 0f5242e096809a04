public import PracticeSegmenter

extension MaterialFingerprint {
    /// The fingerprint the segmenter matches sessions against: the score's notes in played
    /// order as events (notes struck together; each grace note an event of its own, before its
    /// principal note, as it is played), with the printed bar, beat and staff of each.
    /// O(notes).
    public init(score: Score) {
        var events: [[UInt8]] = []
        var staves: [[UInt8]] = []
        var bars: [Double] = []
        var playedBars: [Int] = []
        var beats: [Double] = []
        var seconds: [Double] = []
        var graces: [Int] = []
        var ornaments: [Int] = []
        var index = 0
        let notes = score.notes
        while index < notes.count {
            var end = index + 1
            if !notes[index].isGrace {
                while end < notes.count && !notes[end].isGrace && abs(notes[end].onset - notes[index].onset) < 1e-6 {
                    end += 1
                }
            }
            var keys: [UInt8] = []
            var hands: [UInt8] = []
            for note in notes[index..<end] where !keys.contains(note.key) {
                keys.append(note.key)
                hands.append(note.hand == .right ? 1 : note.hand == .left ? 2 : 0)
            }
            let order = keys.indices.sorted { keys[$0] < keys[$1] }
            let first = notes[index]
            if first.isGrace { graces.append(events.count) }
            if notes[index..<end].contains(where: { $0.ornament != nil }) { ornaments.append(events.count) }
            events.append(order.map { keys[$0] })
            staves.append(order.map { hands[$0] })
            let bar = score.playedMeasures[first.playedMeasure]
            let length = score.measures[bar.measure].length
            bars.append(Double(first.playedMeasure) + 1 + (length > 0 ? (first.onset - bar.start) / length : 0))
            playedBars.append(first.playedMeasure)
            beats.append(first.beat)
            seconds.append(first.seconds)
            index = end
        }
        let places = ScorePlaces(
            title: score.title,
            barCount: score.barCount,
            labels: score.playedMeasures.map { score.measures[$0.measure].label },
            eventBars: playedBars,
            eventBeats: beats,
            staves: staves.contains { $0.contains { $0 != 0 } } ? staves : nil,
            graceEvents: graces,
            ornamentEvents: ornaments,
            eventSeconds: score.tempos.isEmpty ? nil : seconds,
            tempo: score.tempos.first?.quarterNotesPerMinute
        )
        self.init(events: events, bars: bars, score: places)
    }
}
