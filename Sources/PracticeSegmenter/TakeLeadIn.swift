import MIDICore

/// Moves the start of a take back to the player's first action when that action was a pedal.
///
/// A pianist often sets the pedal before the first note, and a bar that opens with a rest or a
/// note tied over from the bar before sounds nothing for a second or more while the pedal is
/// already down: the take has begun. So after a pause, pedal moves that come before a take's
/// first note open the take — but only those after a silence of at least
/// `leadInSilence` (everything before that silence, a previous take's pedal release, belongs to
/// what came before) and only up to `maximumLeadIn` before the first note (fiddling with the
/// pedal during a rest is not playing).
///
/// O(T log P) for T takes and P pedal moves, after an O(N) pass over the notes.
struct TakeLeadIn {
    let configuration: SegmenterConfiguration

    /// - Parameters:
    ///   - notes: the session's notes sorted by onset (the order the note ranges index).
    ///   - pedalMoves: times of pedal changes (ns), sorted.
    func apply(to segmentation: inout Segmentation, notes: [Note], pedalMoves: [Int64]) {
        guard !pedalMoves.isEmpty, !notes.isEmpty else { return }
        // Latest key event (press or release) before each note, as a running maximum.
        var lastKeyEventBefore = [Int64](repeating: .min, count: notes.count)
        var latest = Int64.min
        for index in notes.indices {
            lastKeyEventBefore[index] = latest
            latest = max(latest, notes[index].onset, notes[index].release)
        }
        for stepIndex in segmentation.steps.indices where segmentation.steps[stepIndex].kind == .repertoire {
            var previousEnd = stepIndex > 0 ? segmentation.steps[stepIndex - 1].end : Int64.min
            if stepIndex > 0, segmentation.steps[stepIndex - 1].kind == .rest {
                previousEnd = segmentation.steps[stepIndex - 1].start
            }
            for takeIndex in segmentation.steps[stepIndex].takes.indices {
                let take = segmentation.steps[stepIndex].takes[takeIndex]
                guard take.notes.lowerBound < notes.count else { continue }
                let floor = takeIndex > 0 ? segmentation.steps[stepIndex].takes[takeIndex - 1].end : previousEnd
                let start = leadInStart(
                    firstNote: take.start,
                    after: max(lastKeyEventBefore[take.notes.lowerBound], floor),
                    pedalMoves: pedalMoves
                )
                guard start < take.start else { continue }
                segmentation.steps[stepIndex].takes[takeIndex].start = start
                if takeIndex == 0 && start < segmentation.steps[stepIndex].start {
                    segmentation.steps[stepIndex].start = start
                    if stepIndex > 0, segmentation.steps[stepIndex - 1].kind == .rest {
                        segmentation.steps[stepIndex - 1].end = start
                    }
                }
            }
        }
    }

    /// The first pedal move after the first silence of `leadInSilence` that follows `after`, if
    /// it lies within `maximumLeadIn` of the first note; else the first note's time.
    func leadInStart(firstNote: Int64, after: Int64, pedalMoves: [Int64]) -> Int64 {
        var low = 0
        var high = pedalMoves.count
        while low < high {
            let middle = (low + high) / 2
            if pedalMoves[middle] <= after { low = middle + 1 } else { high = middle }
        }
        var previous = after
        var index = low
        while index < pedalMoves.count, pedalMoves[index] < firstNote {
            let move = pedalMoves[index]
            if previous == .min || move - previous >= configuration.leadInSilence {
                return firstNote - move <= configuration.maximumLeadIn ? move : firstNote
            }
            previous = move
            index += 1
        }
        return firstNote
    }
}
