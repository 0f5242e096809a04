/// Lays the measures MusicXML parsing collected end to end: measures over all parts, the played
/// order (``RepeatUnfolder``), notes at their played onsets with ties merged, beats, seconds.
/// O(played notes · log) for sorting.
struct ScoreAssembler {
    let file: String
    let content: MusicXMLContent

    func score() throws(ScoreReadError) -> Score {
        let partIDs =
            content.partOrder.filter { content.parts[$0] != nil }
            + content.parts.keys.filter { !content.partOrder.contains($0) }.sorted()
        let parts = partIDs.map { content.parts[$0]! }
        let measureCount = parts.map(\.measures.count).max() ?? 0
        guard measureCount > 0 else {
            throw ScoreReadError(file: file, problem: "the score has no measures — expected <part> with <measure>s")
        }
        let measures = try self.measures(parts, count: measureCount)
        let order: [Int]
        let orderWithoutRepeats: [Int]
        do {
            let unfolder = RepeatUnfolder(jumps: measureJumps(parts, count: measureCount))
            order = try unfolder.playedOrder()
            orderWithoutRepeats = try unfolder.playedOrder(takingRepeats: false)
        } catch {
            let measure = measures[error.measure]
            throw ScoreReadError(
                file: file,
                location: "measure \(measure.label) (line \(measure.line))",
                problem:
                    "its repeats and jumps never come to an end — expected each D.C./D.S. and repeat to be taken once"
            )
        }
        var played = PlayedMeasure.laidOut(order, measures: measures)
        // Staves over all parts; a two-staff keyboard part (or two one-staff parts) gives hands.
        var staffBase: [Int] = []
        var staffCount = 0
        for part in parts {
            staffBase.append(staffCount)
            staffCount += part.staves
        }
        func hand(part: Int, staff: Int) -> Hand? {
            if staffCount == 2 { return staffBase[part] + staff == 1 ? .right : .left }
            guard parts[part].staves == 2 else { return nil }
            return staff == 1 ? .right : .left
        }
        var notes: [(note: ScoreNote, tieStart: Bool, tieStop: Bool, sequence: Int)] = []
        var tempos: [TempoMark] = []
        var dynamics: [DynamicMark] = []
        for (playedIndex, bar) in played.enumerated() {
            let measure = measures[bar.measure]
            for (partIndex, part) in parts.enumerated() where bar.measure < part.measures.count {
                let written = part.measures[bar.measure]
                for note in written.notes {
                    let staff = min(note.staff, part.staves)
                    notes.append(
                        (
                            ScoreNote(
                                onset: bar.start + note.offset,
                                duration: note.duration,
                                key: note.key,
                                staff: staffBase[partIndex] + staff,
                                hand: hand(part: partIndex, staff: staff),
                                voice: note.voice,
                                isGrace: note.isGrace,
                                ornament: note.ornament,
                                playedMeasure: playedIndex,
                                beat: (bar.phase + note.offset) / measure.time.beatLength + 1
                            ),
                            note.tieStart, note.tieStop, notes.count
                        )
                    )
                }
                for tempo in written.tempos
                where !tempos.contains(where: { abs($0.onset - bar.start - tempo.offset) < 1e-9 }) {
                    tempos.append(
                        TempoMark(
                            onset: bar.start + tempo.offset,
                            quarterNotesPerMinute: tempo.quarterNotesPerMinute,
                            text: tempo.text
                        )
                    )
                }
                for dynamic in written.dynamics {
                    let staff = dynamic.staff > 0 ? staffBase[partIndex] + dynamic.staff : 0
                    dynamics.append(DynamicMark(onset: bar.start + dynamic.offset, text: dynamic.text, staff: staff))
                }
            }
        }
        // Grace notes before their principal note, in written order; other notes by key.
        notes.sort { a, b in
            if abs(a.note.onset - b.note.onset) > 1e-9 { return a.note.onset < b.note.onset }
            if a.note.isGrace != b.note.isGrace { return a.note.isGrace }
            if a.note.isGrace { return a.sequence < b.sequence }
            return (a.note.key, a.sequence) < (b.note.key, b.sequence)
        }
        var merged: [ScoreNote] = []
        var openTies: [UInt8: Int] = [:]
        for entry in notes {
            if entry.tieStop, !entry.note.isGrace, let open = openTies[entry.note.key],
                abs(merged[open].onset + merged[open].duration - entry.note.onset) < 1e-6
            {
                merged[open].duration = entry.note.onset + entry.note.duration - merged[open].onset
                if !entry.tieStart { openTies[entry.note.key] = nil }
                continue
            }
            if entry.tieStart && !entry.note.isGrace { openTies[entry.note.key] = merged.count }
            merged.append(entry.note)
        }
        tempos.sort { $0.onset < $1.onset }
        dynamics.sort { $0.onset < $1.onset }
        let clock = TempoClock(tempos: tempos)
        for index in played.indices { played[index].seconds = clock.seconds(at: played[index].start) }
        for index in merged.indices {
            let onset = merged[index].onset
            merged[index].seconds = clock.seconds(at: onset)
            merged[index].durationSeconds = clock.seconds(at: onset + merged[index].duration) - merged[index].seconds
        }
        return Score(
            format: .musicXML,
            title: title,
            composer: content.composer,
            measures: measures,
            playedMeasures: played,
            notes: merged,
            tempos: tempos,
            dynamics: dynamics,
            staffCount: staffCount,
            orderWithoutRepeats: orderWithoutRepeats
        )
    }

    /// "Work – Movement" when both are written and differ, else whichever there is.
    private var title: String? {
        switch (content.workTitle, content.movementTitle) {
        case (let work?, let movement?) where work != movement && !movement.contains(work): "\(work) – \(movement)"
        case (_, let movement?): movement
        case (let work?, nil): work
        default: content.creditTitle
        }
    }

    private func measures(_ parts: [MusicXMLContent.Part], count: Int) throws(ScoreReadError) -> [Measure] {
        var measures: [Measure] = []
        for index in 0..<count {
            let written = parts.compactMap { index < $0.measures.count ? $0.measures[index] : nil }
            let first = written[0]
            guard written.contains(where: \.hasContent) else {
                throw ScoreReadError(
                    file: file,
                    location: "measure \(first.label.isEmpty ? String(index + 1) : first.label) (line \(first.line))",
                    problem: "no notes or rests — expected at least a whole-measure rest"
                )
            }
            let time = written.first(where: \.timeIsWritten)?.time ?? first.time
            var length = written.map(\.length).max() ?? 0
            if length <= 1e-9 { length = time.quarters }
            let isPickup = index == 0 && length < time.quarters - 1e-6
            measures.append(
                Measure(
                    label: first.label.isEmpty ? String(index + 1) : first.label,
                    isImplicit: first.isImplicit,
                    isPickup: isPickup,
                    length: length,
                    time: time,
                    key: first.key,
                    line: first.line
                )
            )
        }
        return measures
    }

    private func measureJumps(_ parts: [MusicXMLContent.Part], count: Int) -> [MusicXMLContent.Jumps] {
        (0..<count).map { index in
            var jumps = MusicXMLContent.Jumps()
            for part in parts where index < part.measures.count { jumps.merge(part.measures[index].jumps) }
            return jumps
        }
    }
}

/// Quarter notes to seconds through tempo marks (120 quarter notes per minute before the first).
struct TempoClock {
    private var marks: [(onset: Double, seconds: Double, quarterNotesPerMinute: Double)] = []

    init(tempos: [TempoMark]) {
        var marks = [(onset: 0.0, seconds: 0.0, quarterNotesPerMinute: 120.0)]
        for tempo in tempos where tempo.quarterNotesPerMinute > 0 {
            let last = marks[marks.count - 1]
            if tempo.onset <= last.onset + 1e-9 {
                marks[marks.count - 1].quarterNotesPerMinute = tempo.quarterNotesPerMinute
            } else {
                let seconds = last.seconds + (tempo.onset - last.onset) * 60 / last.quarterNotesPerMinute
                marks.append((tempo.onset, seconds, tempo.quarterNotesPerMinute))
            }
        }
        self.marks = marks
    }

    func seconds(at onset: Double) -> Double {
        var low = 0
        var high = marks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if marks[middle].onset <= onset { low = middle } else { high = middle - 1 }
        }
        let mark = marks[low]
        return mark.seconds + (onset - mark.onset) * 60 / mark.quarterNotesPerMinute
    }
}
