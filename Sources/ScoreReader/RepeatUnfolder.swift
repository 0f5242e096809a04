/// Turns measures with repeat barlines, voltas, segno, coda, D.C., D.S. and Fine into the order
/// a performer plays them, as notation programs do:
/// - a backward repeat goes back to the last forward repeat (or the start, or the bar after the
///   previous repeated section) and is taken `times − 1` times (once by default);
/// - voltas (endings) are played on the passes their numbers name; a repeat inside an ending
///   goes back while a later ending remains;
/// - D.C. goes back to the start, D.S. to the segno; after such a jump repeats are not taken
///   again, the last volta is played, "To Coda" goes to the coda and Fine ends the piece.
/// O(played bars); a structure that never ends (more than 20 times the printed bars) is refused.
struct RepeatUnfolder {
    typealias Jumps = MusicXMLContent.Jumps

    struct Loop: Error {
        /// The measure (index) where the played order went past the limit.
        var measure: Int
    }

    let jumps: [Jumps]
    /// For each measure that starts an ending: its last measure.
    private let endingEnd: [Int: Int]
    /// For each measure that starts an ending: the first and last ending of its chain (voltas
    /// that follow each other).
    private let chain: [Int: [Int]]

    init(jumps: [Jumps]) {
        var jumps = jumps
        // Only coda signs, no "To Coda": the first sign is where to leave, the last the coda.
        let codas = jumps.indices.filter { jumps[$0].coda }
        if codas.count >= 2, !jumps.contains(where: \.toCoda) {
            jumps[codas[0]].coda = false
            jumps[codas[0]].toCoda = true
        }
        self.jumps = jumps
        var ends: [Int: Int] = [:]
        let starts = jumps.indices.filter { jumps[$0].endingStart != nil }
        for (position, start) in starts.enumerated() {
            let limit = position + 1 < starts.count ? starts[position + 1] - 1 : jumps.count - 1
            var end = start
            while end < limit && !jumps[end].endingStop { end += 1 }
            ends[start] = end
        }
        endingEnd = ends
        var chains: [Int: [Int]] = [:]
        var current: [Int] = []
        for start in starts {
            if let last = current.last, ends[last]! + 1 == start {
                current.append(start)
            } else {
                for member in current { chains[member] = current }
                current = [start]
            }
        }
        for member in current { chains[member] = current }
        chain = chains
    }

    /// The played order as indices of measures.
    /// - Parameter takingRepeats: false for a performance that plays every repeated section
    ///   once (the last volta of each), as many recordings do; D.C. and D.S. are still taken.
    func playedOrder(takingRepeats: Bool = true) throws(Loop) -> [Int] {
        let count = jumps.count
        var order: [Int] = []
        var index = 0
        var sectionStart = 0
        var pass = 1
        var cameBack = false
        var afterJump = false
        var jumpsTaken = Set<Int>()
        var repeatsDone: [Int: Int] = [:]
        var voltaChain: [Int]?
        let limit = 20 * count + 100
        while index < count {
            guard order.count <= limit else { throw Loop(measure: index) }
            let marks = jumps[index]
            let repeating = takingRepeats && !afterJump
            if marks.forwardRepeat && !cameBack && repeating {
                sectionStart = index
                pass = 1
            }
            cameBack = false
            if marks.endingStart != nil, let members = chain[index],
                !shouldPlayEnding(index, pass: pass, lastOnly: !repeating)
            {
                voltaChain = members
                index = endingEnd[index]! + 1
                continue
            }
            if marks.endingStart != nil { voltaChain = chain[index] }
            order.append(index)
            if afterJump && marks.fine { break }
            if afterJump && marks.toCoda, let coda = jumps.indices.first(where: { $0 > index && jumps[$0].coda }) {
                index = coda
                continue
            }
            if marks.backwardRepeat && repeating {
                let done = repeatsDone[index, default: 1]
                let inEnding =
                    voltaChain.map { members in
                        members.contains { $0 <= index && index <= endingEnd[$0]! }
                    } ?? false
                let again: Bool
                if let times = marks.repeatTimes {
                    again = done < times
                } else if inEnding, let members = voltaChain {
                    again = pass < maxNumber(members)
                } else {
                    again = done < 2
                }
                if again {
                    repeatsDone[index] = done + 1
                    pass += 1
                    index = sectionStart
                    cameBack = true
                    continue
                }
                repeatsDone[index] = nil
                if !inEnding {
                    sectionStart = index + 1
                    pass = 1
                    voltaChain = nil
                }
            }
            if let last = voltaChain?.last, index == endingEnd[last]! {
                sectionStart = index + 1
                pass = 1
                voltaChain = nil
            }
            if (marks.daCapo || marks.dalSegno) && !jumpsTaken.contains(index) {
                jumpsTaken.insert(index)
                afterJump = true
                voltaChain = nil
                if marks.dalSegno {
                    let segno =
                        jumps.indices.last { $0 <= index && jumps[$0].segno } ?? jumps.indices.first { jumps[$0].segno }
                    index = segno ?? 0
                } else {
                    index = 0
                }
                continue
            }
            index += 1
        }
        return order
    }

    private func maxNumber(_ members: [Int]) -> Int {
        members.compactMap { jumps[$0].endingStart?.max() }.max() ?? 1
    }

    /// Whether the ending starting at `index` is played on this pass: its numbers name the
    /// pass; after a D.C./D.S. (or a pass no ending names) the chain's last ending is.
    private func shouldPlayEnding(_ index: Int, pass: Int, lastOnly: Bool) -> Bool {
        guard let numbers = jumps[index].endingStart, let members = chain[index] else { return true }
        if lastOnly { return index == members.last }
        if numbers.contains(pass) { return true }
        let named = members.contains { jumps[$0].endingStart?.contains(pass) ?? false }
        return !named && index == members.last
    }
}
