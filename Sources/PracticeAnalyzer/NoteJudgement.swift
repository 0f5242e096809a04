/// Wrong, missing and extra notes of a take as a piano teacher counts them, from its key
/// alignment against a reference (``KeyAlignment``): the alignment says where in the music
/// each played key is (``TakePlaces``); this says which differences are mistakes
/// (docs/metrics.md, "Wrong, missing and extra notes").
///
/// - A **wrong** note is a key that is not in the music at its place, played where a note the
///   music has was left out.
/// - A **missing** note is the melody or the bass left out: the top or the bottom key of a
///   reference chord, with neither it nor an octave of it played at its place. Inner keys are
///   voicing; a chord not played at all is one missing note; a take of one hand owes only its
///   outer line (the right hand the top, the left the bottom).
/// - An **extra** note is a key that is not in the music at its place, with no left-out note
///   beside it.
///
/// Optional keys (ornaments, faint keys, a score's grace notes) are never wrong, missing or
/// extra. Differences where the reference is not `trusted` are not counted, and a take is
/// judged at all only when it follows a trustworthy reference (see ``Outcome``).
struct NoteJudgement: Sendable {
    enum Outcome: Hashable, Sendable {
        case judged(NoteErrors)
        case notJudged(NotJudgedReason)
    }

    var outcome: Outcome
    /// Melody and bass keys the take owed inside its aligned span, where the reference is trusted.
    var owed = 0
    /// Every error, in onset order (empty when not judged).
    var mistakes: [Mistake] = []

    /// One wrong, missing or extra note.
    struct Mistake: Hashable, Sendable {
        enum Kind: Hashable, Sendable { case wrong, missing, extra }
        var kind: Kind
        /// The key played (wrong, extra) or left out (missing; a chord not played: its top key).
        var key: UInt8
        /// When in the take, nanoseconds: the onset of the key played, or for a missing key when
        /// its chord was played or due.
        var onset: Int64
        /// Index of the key in the take; nil for a missing key.
        var takeIndex: Int?
        /// Where in the music: the reference key left out, or the first key of the reference
        /// chord at whose place the key was played — with a score, its bar and beat.
        var referenceIndex: Int
    }

    /// Thresholds; see ``AnalyzerConfiguration``.
    struct Limits: Hashable, Sendable {
        /// Share of the owed keys at trusted places below which the take is not judged.
        var minimumTrustedShare = 0.5
        /// Owed keys at trusted places below which the take is not judged.
        var minimumOwedKeys = 6
        /// Share of the take's keys the alignment must match.
        var minimumMatchedShare = 0.5
        /// Errors per owed key above which the take is too far from the reference to judge.
        var maximumErrorShare = 0.25
        /// Nanoseconds: a key struck this close to when a chord was played belongs to it.
        var nearby: Int64 = 100_000_000
        /// Nanoseconds of reference time: chords this close are one spread chord for telling
        /// its melody and bass keys from its inner ones.
        var voicingSpread: Int64 = 70_000_000
    }

    /// A left-out melody or bass key; `octave` when an octave of it was played at its place.
    private struct LeftOut {
        var index: Int
        var octave: Bool
        /// At the first or last chord of the take: wrong when a stray took its place, else no error.
        var edge: Bool
    }

    /// - Parameters:
    ///   - take: the take's keys; `alignment` aligns them onto `reference`.
    ///   - trusted: one flag per reference key.
    ///   - hand: "left" or "right" when the take played one hand and `reference` is that hand's part.
    /// - Complexity: O((n + m) log n) for n take keys and m reference keys.
    init(
        _ take: KeySequence,
        against reference: KeySequence,
        trusted: [Bool],
        alignment: KeyAlignment,
        hand: String? = nil,
        limits: Limits = Limits()
    ) {
        outcome = .notJudged(.unmatched)
        let span = alignment.referenceSpan
        let playable = take.optional.filter { !$0 }.count
        let matched = alignment.matches.filter { !take.optional[$0.take] }.count
        guard !span.isEmpty, playable > 0, Double(matched) >= limits.minimumMatchedShare * Double(playable)
        else { return }

        let places = TakePlaces(take, against: reference, alignment: alignment, nearby: limits.nearby)
        var owedEverywhere = 0
        var trustedChords = Set<Int>()
        var leftOut: [(chord: Int, keys: [LeftOut])] = []
        let edges = [places.chordOf[span.lowerBound], places.chordOf[span.upperBound - 1]]
        for chord in edges[0]...edges[1] {
            let keys = places.chords[chord].filter { span.contains($0) }
            let outer = Self.outerKeys(keys, of: chord, in: places, span: span, hand: hand, limits: limits)
            owedEverywhere += outer.count
            let firm = keys.filter { !reference.optional[$0] }
            guard !keys.isEmpty, (firm.isEmpty ? keys : firm).allSatisfy({ trusted[$0] }) else { continue }
            trustedChords.insert(chord)
            owed += outer.count
            // The first and last chord are where the take began and stopped: a chord entered or
            // left partly (a take cut mid-chord, a late entry) misses nothing — but a key played
            // in place of one of its keys is still a wrong note.
            let edge = edges.contains(chord)
            let left = outer.map { ($0, places.sounded(reference.keys[$0], at: chord)) }.filter { $0.1 != .played }
            if places.playedAt[chord].isEmpty && !outer.isEmpty && left.count == outer.count
                && left.allSatisfy({ $0.1 == .absent })
            {
                // A chord not played at all is one missing note, not one per key.
                leftOut.append((chord, [LeftOut(index: outer[0], octave: false, edge: edge)]))
            } else if !left.isEmpty {
                leftOut.append((chord, left.map { LeftOut(index: $0.0, octave: $0.1 == .octave, edge: edge) }))
            }
        }
        guard owedEverywhere > 0, Double(owed) >= limits.minimumTrustedShare * Double(owedEverywhere) else {
            outcome = .notJudged(.fewTakes)
            return
        }
        guard owed >= limits.minimumOwedKeys else {
            outcome = .notJudged(.tooFewKeys)
            return
        }
        mistakes = Self.mistakes(places, leftOut: leftOut, trustedChords: trustedChords)
        let errors = NoteErrors(
            wrong: mistakes.filter { $0.kind == .wrong }.count,
            missing: mistakes.filter { $0.kind == .missing }.count,
            extra: mistakes.filter { $0.kind == .extra }.count
        )
        outcome =
            Double(errors.total) > limits.maximumErrorShare * Double(owed) ? .notJudged(.tooFar) : .judged(errors)
    }

    /// The melody and bass keys a chord owes: its top and bottom keys when no chord within
    /// `voicingSpread` has a higher or a lower one (a chord spread wider than the chord window
    /// reads as several), unless optional. Optional keys shape the voicing but are never owed.
    private static func outerKeys(
        _ keys: [Int],
        of chord: Int,
        in places: TakePlaces,
        span: Range<Int>,
        hand: String?,
        limits: Limits
    ) -> [Int] {
        let reference = places.reference
        guard let low = keys.first, let high = keys.last else { return [] }
        var top = reference.keys[high]
        var bottom = reference.keys[low]
        for other in max(0, chord - 3)...min(places.chords.count - 1, chord + 3)
        where abs(places.onset(other) - places.onset(chord)) <= limits.voicingSpread {
            for index in places.chords[other] where span.contains(index) {
                top = max(top, reference.keys[index])
                bottom = min(bottom, reference.keys[index])
            }
        }
        let melody = reference.keys[high] == top && hand != "left" && !reference.optional[high] ? [high] : []
        let bassOwed = reference.keys[low] == bottom && hand != "right" && !reference.optional[low]
        return melody + (bassOwed && (low != high || melody.isEmpty) ? [low] : [])
    }

    /// Strays — keys not in the music at their place, at trusted places, outside long runs of
    /// keys with no counterpart (``TakePlaces/insertedRuns(minimumRun:reach:foreignRun:)``: a
    /// repeat is no error, a detour one) — paired with the keys
    /// left out: a stray where a key was left out took its place, one wrong note (one chord away
    /// only within a tone of it); a stray that is the left-out key itself or an octave of it,
    /// played a little away from its place, is neither. A stray struck with its own octave is
    /// one note doubled. O(n + m).
    private static func mistakes(
        _ places: TakePlaces,
        leftOut: [(chord: Int, keys: [LeftOut])],
        trustedChords: Set<Int>
    ) -> [Mistake] {
        let take = places.take
        let reference = places.reference
        var strays: [Int: [Int]] = [:]
        var doubled = Set<Int64>()
        let runs = places.insertedRuns()
        for (index, key) in places.placed.enumerated()
        where !take.optional[key.index] && trustedChords.contains(key.chord) && !runs.repeated.contains(index)
            && !runs.elsewhere.contains(index) && !places.inMusic(key)
            && doubled.insert(take.times[key.index] &* 12 &+ Int64(key.key % 12)).inserted
        {
            strays[key.chord, default: []].append(index)
        }
        var paired = Set<Int>()
        var mistakes: [Mistake] = []
        func mistake(_ kind: Mistake.Kind, _ stray: Int) -> Mistake {
            let key = places.placed[stray]
            return Mistake(
                kind: kind,
                key: key.key,
                onset: take.times[key.index],
                takeIndex: key.index,
                referenceIndex: places.chords[key.chord].lowerBound
            )
        }
        for (chord, keys) in leftOut {
            var remaining = keys[...]
            for sameNote in [true, false] {
                for distance in [0, -1, 1, -2, 2] where sameNote || abs(distance) <= 1 {
                    for stray in strays[chord + distance] ?? [] where !paired.contains(stray) {
                        let played = Int(places.placed[stray].key)
                        guard
                            let position = remaining.firstIndex(where: {
                                let wanted = Int(reference.keys[$0.index])
                                return sameNote
                                    ? (wanted - played) % 12 == 0 : distance == 0 || abs(wanted - played) <= 2
                            })
                        else { continue }
                        paired.insert(stray)
                        remaining.remove(at: position)
                        if !sameNote { mistakes.append(mistake(.wrong, stray)) }
                    }
                }
            }
            for key in remaining where !key.octave && !key.edge {
                mistakes.append(
                    Mistake(
                        kind: .missing,
                        key: reference.keys[key.index],
                        onset: places.time[chord] ?? take.times[0],
                        takeIndex: nil,
                        referenceIndex: key.index
                    )
                )
            }
        }
        for stray in strays.values.joined() where !paired.contains(stray) { mistakes.append(mistake(.extra, stray)) }
        for run in runs.lost where trustedChords.contains(places.placed[run].chord) {
            mistakes.append(mistake(.extra, run))
        }
        return mistakes.sorted { ($0.onset, $0.key, $0.referenceIndex) < ($1.onset, $1.key, $1.referenceIndex) }
    }
}
