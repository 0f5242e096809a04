import MIDICore

/// Every tunable number of the segmenter, with the defaults measured on the development set
/// (see docs/segmenter.md for how each was tuned). Times are nanoseconds.
public struct SegmenterConfiguration: Hashable, Sendable, Codable {
    // MARK: Onset grouping and phrases

    /// Notes whose onsets lie within this span of the first note of a group form one chord
    /// event: ``Note/chordWindow`` (40 ms), the one window every stage groups chords by.
    public var chordSpread: Int64 = Note.chordWindow
    /// A phrase ends when the next onset comes at least this long after every key went up.
    /// Phrases are only units for matching; takes may span several or split one.
    public var phraseSilence: Int64 = 600_000_000
    /// Silences at least this long inside a run of one material are places where a restart is
    /// cheap (see `pauseJumpCost`).
    public var pauseSilence: Int64 = 1_000_000_000
    /// A gap with no playing at least this long is a break (a rest step). Pauses between takes
    /// on the development set reach 9 s, real breaks start near 50 s.
    public var breakGap: Int64 = 25_000_000_000
    /// Phrases with fewer events (a stray chord, a pickup before a pause) join the nearer
    /// neighbouring phrase when it is closer than `breakGap`.
    public var minimumPhraseEvents: Int = 3

    // MARK: Finding repeated material

    /// Events per seed n-gram (pitch sets, top line and bottom line).
    public var seedLength: Int = 4
    /// Seeds shared by two phrases before they are considered the same material: at least
    /// `minSharedSeeds`, and at least `minSharedSeedFraction` of the shorter phrase's events.
    /// (0.15–0.5 score the same on the development set; 0.35 keeps pieces built from a common
    /// vocabulary apart, which bounds the assembly cost.)
    public var minSharedSeeds: Int = 4
    public var minSharedSeedFraction: Double = 0.35
    /// Seeds occurring more often than this in the whole session are ignored as too common
    /// (trills, repeated chords, scales).
    public var maxSeedOccurrences: Int = 48

    /// Two materials are one when the end of one is followed, within `scaffoldGap`, by the start
    /// of the other at least `minimumScaffoldLinks` times (a passage whose takes pause inside).
    public var scaffoldGap: Int64 = 3_000_000_000
    public var minimumScaffoldLinks: Int = 2
    /// Silences up to this long are pauses inside a take (95th percentile 1.6 s on the
    /// development set, while switching pieces took ≥ 1.6 s): materials following one another
    /// that closely, `minimumScaffoldLinks` times, are one, wherever they join.
    public var seamlessGap: Int64 = 1_200_000_000
    /// Joining two such materials keeps the first alone when the second aligns inside it with
    /// this share of its events matched, from its start to its end (a hands-separate version
    /// of a stretch the first already holds).
    public var containedMatchedShare: Double = 0.6

    /// A session material is a known one (an earlier session's, a score) only when their
    /// overlap alignment scores at least this per event of the shorter (an exact match scores
    /// 1.1). The same passage in two sessions of the development set scores 1.08–1.17, one hand
    /// against a generated score above 0.85; a short tune against a long polyphonic piece,
    /// which contains its notes here and there, 0.41–0.54.
    public var minimumKnownMatchScore: Double = 0.65
    /// A known material's fingerprint grows by a session's music before or after it only when
    /// the session's alignment reaches within this many events of its beginning or end.
    public var fingerprintEdgeReach: Int = 6
    /// A session material whose one end runs into the other end of a known one — a section
    /// met before and the next one, practised months apart — is that piece when the overlap
    /// spans at least this many events (about six bars) …
    public var minimumKnownEdgeOverlap: Int = 48
    /// … and at least this share of them are exact copies in solid runs (the same notes,
    /// whoever played them); pieces that merely resemble each other share short runs only.
    public var minimumKnownEdgeSolidShare: Double = 0.7
    /// A known material learned hands separately is one hand of a session material played
    /// hands together when, aligned to it, its main run (no jumps) spans at least
    /// `minimumKnownEdgeOverlap` events and this share of the known material or of the
    /// session's. Unrelated music aligned that way runs alongside for a few bars at most (on
    /// the development set, 27–41 events, a tenth of the known material and half the session's).
    public var minimumContainedShare: Double = 0.8
    /// A fingerprint whose alignment overlaps the session's material (as in assembly) also
    /// matches below `minimumKnownMatchScore` when at least this many of the material's events
    /// are exact copies in solid runs: another pianist's performance of the same movement,
    /// voiced and slipped otherwise (real-dev: the Rachmaninoff run-through of the ghost
    /// rehearsal against the 2020 session, 0.62 per event but 350 such events). Candidates
    /// that overlap without matching share at most 110 on the development set, unrelated ones 32.
    public var minimumKnownSolidEvents: Int = 150

    /// A phrase is aligned to a reference only where its shared seeds anchor it
    /// (``SeedAnchors``), as read aligners band an alignment around its anchors: each event
    /// within `seedBandMargin` positions of the diagonals that the seeds starting within
    /// `seedBandReach` events of it agree on (clusters of diagonals within `seedBandJoin` of one
    /// another, supported by at least half as many seeds as the best one). Events with no seed
    /// near them lie between the bands of the nearest anchored ones, widened by
    /// `seedWindowShare` of the distance to them. Seeds found more than `seedWindowMaximumHits`
    /// times in the reference (a figure it repeats) anchor nothing. None of the 36 development
    /// sessions changes with these bands instead of one window per phrase.
    public var seedWindowShare: Double = 0.5
    public var seedWindowMaximumHits: Int = 8
    public var seedBandReach: Int = 16
    public var seedBandMargin: Int = 32
    public var seedBandJoin: Int = 8
    /// Where the agreed diagonals span more than this many positions (a passage the reference
    /// holds several times, far apart), the band follows one copy: the one nearest the
    /// previous events' (the best-supported, earliest one at a phrase's start), as read aligners
    /// chain anchors. A run followed by ``TakeDetector`` keeps every copy. 1,024 changes none of
    /// the 36 development sessions nor a piece played once; a band over several copies of a
    /// movement's theme cost the generated 3-hour rehearsal's assembly 3.9× the cells.
    public var seedBandWidest: Int = 1_024

    /// Phrases found by no seed are tried against at most this many references (those whose
    /// lines they share most).
    public var maximumCandidateReferences: Int = 3
    /// A phrase (or a library piece) is aligned to a reference only when at least this share of
    /// its top-line or bottom-line moves (pairs of consecutive keys) occur in the reference: a
    /// loose bound, which hands-separate takes and short tries pass (``LineBigrams``).
    public var minimumLineShare: Double = 0.15

    // MARK: Reference assembly and material assignment

    /// A phrase is aligned to a material (assigned to it, or overlapping its reference under
    /// construction) when at least `minimumAcceptedMatches` events and `acceptedMatchedShare`
    /// of its events (of the shorter, for overlaps) match, with `acceptedMatchScore` per event.
    public var minimumAcceptedMatches: Int = 3
    public var acceptedMatchedShare: Double = 0.5
    public var acceptedMatchScore: Double = 0.35
    /// Unaligned events at a phrase's edge needed before they grow the reference, and how close
    /// (reference events) to the reference's edge the overlap must reach.
    public var minimumReferenceExtension: Int = 4
    public var referenceEdgeReach: Int = 6
    /// Unaligned edge events are new music only when less than this share of them lies in solid
    /// runs that match the reference elsewhere.
    public var maximumSolidShareOfNovel: Double = 0.5
    /// An unaligned head or tail that replays the stretch just played — this share matched, at
    /// this score per event, mostly inside that stretch — is a restart and does not grow it.
    public var replayMatchedShare: Double = 0.7
    public var replayMatchScore: Double = 0.6
    /// A phrase cut at its own restart: what follows the cut aligns to what precedes it at this
    /// score per event.
    public var restartCopyScore: Double = 0.8
    /// Offsets between recurring seeds tried as a phrase's restart, best supported first (a
    /// figure recurring in the music can outvote the restart itself).
    public var restartCandidates: Int = 3
    /// ...and one whose seeds agree on fewer than this share of the two playings' overlap is a
    /// figure recurring in the music, not a restart.
    public var restartSeedShare: Double = 0.75
    /// A stretch of a reference that no other phrase passes through, of at least this many
    /// events, is tried as a drill: it is one when it replays a stretch of the rest of the
    /// reference at most `drillSpanShare` as long as itself (a loop played over and over; a
    /// repeat or a recapitulation replays a stretch as long as itself).
    public var minimumDrillLength: Int = 30
    public var drillSpanShare: Double = 0.5
    /// A drill is slow and stumbling, chords spread and regrouped: it replays its stretch with
    /// `replayMatchedShare` of its events matched at this score per event.
    public var drillMatchScore: Double = 0.3
    /// Two references are tried for a merge when they share this share of the smaller one's seeds.
    public var minimumMergeSeedShare: Double = 0.1
    /// Two references join at their edges when this share of the overlap matches at this score
    /// per event.
    public var joinMatchedShare: Double = 0.6
    public var joinMatchScore: Double = 0.4
    /// Passes over the pending phrases while a reference grows (chains of overlaps settle
    /// within three; bounds the cost for materials with hundreds of phrases).
    public var assemblyPasses: Int = 3

    // MARK: Alignment with jumps (score units: one fully matched event ≈ +1)

    /// Score of a matched event: `matchWeight·|shared|/|played| + coverWeight·|shared|/|ref| − matchOffset
    /// − strayWeight·|played not in ref|/|played|`.
    public var matchWeight: Double = 1.0
    public var coverWeight: Double = 0.3
    public var matchOffset: Double = 0.2
    /// Penalty for the share of played keys missing from the reference event: the same bass under
    /// another melody is another passage. (Keys of the reference not played cost nothing: one hand
    /// alone is still the passage.)
    public var strayWeight: Double = 0
    /// Score of matching an event that shares no key with the reference event.
    public var mismatchScore: Double = -0.8
    /// Cost of a played event with no reference counterpart (extra note).
    public var insertCost: Double = 0.5
    /// Cost per reference event skipped (dropped notes; the other hand's events when practising
    /// hands separately, so it is small).
    public var skipCost: Double = 0.12
    /// Extra cost of an extra note that repeats one of the last `replayWindow` reference events:
    /// playing a few events again is a restart, not extra notes.
    public var replayPenalty: Double = 1
    public var replayWindow: Int = 8
    /// Cost of matching the same reference event again (a rolled chord split in two events).
    public var stayCost: Double = 0.3
    /// Cost of jumping to an arbitrary position inside a phrase (a restart without pause).
    public var jumpCost: Double = 6.0
    /// Cost of jumping to an event after a hesitation: an onset gap more than `hesitationRatio`
    /// times the median of the four before it.
    public var hesitationJumpCost: Double = 3.5
    public var hesitationRatio: Double = 3
    /// The onset gaps a hesitation is measured against: those among the last `hesitationWindow`
    /// events.
    public var hesitationWindow: Int = 5
    /// Cost of jumping to the first event after a phrase-ending silence: restarts come there.
    public var pauseJumpCost: Double = 1.0
    /// Continuing where the last phrase stopped after a silence at least this long is a new take
    /// (the next passage); shorter silences inside takes reach 2.7 s at the 99th percentile on
    /// the development set.
    public var continuationPause: Int64 = 3_000_000_000
    /// …unless the reference took at least 1/`musicalPauseRatio` of that time between the same
    /// two places: then the pause is in the music (slow practice stretches it about 1.7×).
    public var musicalPauseRatio: Double = 2.5
    /// A restart without a pause whose first chord or two are followed by every key up this
    /// long begins after that silence (see `TakeDetector.restartingAfterTheStop`).
    public var restartStop: Int64 = 400_000_000
    /// How many events into such a take the stop is looked for.
    public var restartLookahead: Int = 2
    /// A run of one material is aligned as one stream (to cut it into takes) only near where
    /// its phrases were aligned on their own and where its seeds anchor it: each event within
    /// `streamBand` reference events of the positions that those alignments gave the events up
    /// to `streamBandRows` before and after it, and inside its seed band (see
    /// `seedBandMargin`); the stream's first `streamBandRows` events (a lead-in the phrase
    /// alignments may have left unmatched), and events with neither, may go anywhere. This
    /// makes following a run O(n · band) instead of O(n · L) — a run-through of an L-event
    /// piece would cost L². 0 aligns every event against the whole reference. 128 moves the
    /// takes of one development session (takeF1 0.9546 → 0.9539) and costs 1.3–2.2× less than
    /// 512 on whole movements.
    public var streamBand: Int = 128
    public var streamBandRows: Int = 16
    /// Events aligned in one pass when following a long run of one material (bounds memory).
    public var maximumStreamEvents: Int = 1500
    /// Fewer notes than this, played from where the next take starts, are a try, not a take.
    public var minimumTakeNotes: Int = 6
    /// A jump back by more than this many reference events starts a new take.
    public var restartTolerance: Int = 2
    /// At a phrase boundary, continuing at most this many reference events further on is the
    /// same take (a hesitation), anything else a new take.
    public var continuationReach: Int = 12
    /// A jump without a pause starts a take only when the player plays the reference again
    /// from there: of the next `restartEvidenceEvents` events, at least `restartSolidShare`
    /// share half their keys with the reference event one or two positions after the previous match (see
    /// ``TakeDetector``). Music that comes back and goes on differently — a theme's return in
    /// a piece played through once — is followed only loosely and stays in the take.
    public var restartEvidenceEvents: Int = 12
    public var restartSolidShare: Double = 0.5

    /// Pedal moves after a silence of at least this, before a take's first note, open the take
    /// (see ``TakeLeadIn``)…
    public var leadInSilence: Int64 = 1_000_000_000
    /// …when they come at most this long before that note.
    public var maximumLeadIn: Int64 = 8_000_000_000

    /// A take playing on across a seam — the end of a fragment played on its own in
    /// `minimumFragmentTakes` other takes, where others begin — after all keys were up this
    /// long is cut there (see ``FragmentSplitter``).
    /// Silences inside a fragment of the annotated real rehearsals last up to 0.36 s, those
    /// between fragments run into each other 0.65–2.5 s.
    public var fragmentPause: Int64 = 500_000_000
    public var fragmentPauseRatio: Double = 1.5
    public var minimumFragmentEvents: Int = 8
    public var minimumFragmentTakes: Int = 2

    // MARK: Passages

    /// Takes whose start (end) positions differ by at most this share of the material's length,
    /// or `passageToleranceEvents`, whichever is larger, belong to the same passage.
    public var passageToleranceFraction: Double = 0.04
    public var passageToleranceEvents: Int = 2
    /// A restart without a pause from a reference's end into the same earlier music, in this
    /// many takes, is music that comes back (see `RecurringSeamPass`), not a restart.
    public var minimumRecurringSeams: Int = 3

    // MARK: Played through once

    /// A stretch of playing that matches no repeated material, with no pause of
    /// `playedThroughGap` inside, is a piece played through when it holds at least this much
    /// playing not shaped like an exercise. The development set's free play (improvising, a
    /// phrase of another piece) lasts at most 51 s; run-throughs of whole sections minutes.
    public var minimumPlayedThrough: Int64 = 60_000_000_000
    public var playedThroughGap: Int64 = 5_000_000_000
    /// …and when at most this share of its playing is shaped like an exercise…
    public var maximumExerciseShareOfPiece: Double = 0.3
    /// …and when the median distance from an event to the nearest key of the three events
    /// before it is at most this many semitones: real repertoire lies at 1–3 (a hand moves on
    /// from its last notes), keys struck at random at 9.
    public var maximumMedianMove: Int = 5
    /// A played-through stretch starting this soon after a run that reached a material's end
    /// (or ending this soon before one that starts at its start) is more of that material.
    public var continuationGap: Int64 = 3_000_000_000

    // MARK: Sections of one piece

    /// Runs of two materials are sections of one piece when the second starts at most
    /// `sectionGap` after the first, both last `minimumSection`, and their pitch-class profiles
    /// have a cosine similarity of at least `minimumKeySimilarity` (see ``SectionJoinPass``).
    public var sectionGap: Int64 = 1_500_000_000
    public var minimumSection: Int64 = 30_000_000_000
    public var minimumKeySimilarity: Double = 0.8

    // MARK: Interruptions

    /// Phrases of fewer events in all between two phrases of one material are that material
    /// unless one matches another material solidly: at least `minimumSolidMatchEvents` events, 80 % matched
    /// at 0.8 per event (see ``InterruptionPass``).
    public var maximumInterruptionEvents: Int = 24
    public var minimumSolidMatchEvents: Int = 12
    /// A solid match: this share of the events matched, at this score per event.
    public var solidMatchedShare: Double = 0.8
    public var solidMatchScore: Double = 0.8

    // MARK: Technique

    /// Minimum technique score (0...1, see ``TechniqueFeatures``) for a phrase that matches no
    /// repertoire to count as technique rather than free play.
    public var techniqueThreshold: Double = 0.8
    /// The technique score weighs the shape (periodicity, or long one-way runs) against the
    /// rhythm's regularity: `techniqueRhythmWeight` for the rhythm, the rest for the shape.
    /// An inter-onset interval within `regularIntervalTolerance` of the median is regular.
    public var techniqueRhythmWeight: Double = 0.25
    public var regularIntervalTolerance: Double = 0.25
    /// One-way runs count towards the shape from `techniqueRunFloor` moves on, fully at
    /// `techniqueRunFloor + techniqueRunSpan` (pieces' runs average at most 4 moves); stretches
    /// of fewer than `minimumTechniqueEvents` events score 0.
    public var techniqueRunFloor: Double = 3
    public var techniqueRunSpan: Double = 3
    public var minimumTechniqueEvents: Int = 8
    /// An exercise keeps one texture — one hand, or both hands together — for the whole
    /// exercise; a line over an accompaniment (a bass each bar, chords on the beats) turns from
    /// one part to two every few notes. A stretch whose share of notes where the texture turns
    /// (``TechniqueFeatures/textureChanges``) exceeds this is not exercise-shaped. Development
    /// set: exercises ≤ 0.022, pieces' passages median 0.12; an étude-like arpeggio figure over
    /// a bass each bar 0.135.
    public var exerciseTextureChanges: Double = 0.08
    /// A note of the pitch class of one struck at most this long before it doubles that one
    /// (the other hand in parallel octaves, however far apart the hands are): the shape's
    /// pitch-class line leaves it out. Hands in fast octave scales lie up to 60 ms apart.
    public var octaveDoublingWindow: Int64 = 80_000_000
    /// Two onset events at most `octaveDoublingWindow` apart whose keys lie at least this many
    /// semitones apart, one above the other, are the two hands of one chord struck apart; the
    /// shape's top and bottom lines read them as one event (contrary motion with the hands
    /// 20–60 ms apart would otherwise zigzag between the hands).
    public var handsApartInterval: Int = 7
    /// The shape's periodicity is found in each stretch of the line between leaps of at least
    /// this many semitones (one exercise and the next, in another key, without a breath).
    public var periodBreakLeap: Int = 12
    /// The pitch-class line is read only for an octave texture: at least this share of the
    /// stretch's notes double another (folding a single line into pitch classes would turn
    /// its leaps into steps).
    public var octaveTextureShare: Double = 0.3
    /// Phrases with fewer events count as technique only next to another technique phrase.
    public var shortPhraseEvents: Int = 16
    /// An exercise-shaped phrase next to a piece's playing is that piece's run when it aligns
    /// to the piece with at least this score per event...
    public var pieceRunMatchScore: Double = 0.8
    /// ...with this share of its events matched.
    public var pieceRunMatchedShare: Double = 0.8

    public init() {}

    /// The defaults.
    public static let standard = SegmenterConfiguration()
}
