public import Foundation
public import MIDICore
public import PracticeAnalyzer
public import PracticeReports
public import PracticeSegmenter
public import SessionStore

/// The analysis pipeline for stored sessions: events → notes → segmenter → analyzer → report,
/// stored in the library with the session's automatic tags.
public enum SessionAnalysis {
    /// The version stored with each analysis: it changes when the segmenter or any metric does,
    /// so `woodshed analyze --all --outdated` finds what an upgrade should redo.
    public static var version: Int { PracticeSegmenter.version * 1000 + WorkflowAnalyzer.version }

    /// For the recorder: analyses a session that has just been closed, stores the report and
    /// the automatic tags, and returns the text summary to print in `style`.
    /// - Throws: ``LibraryError`` when the session does not exist or the library fails.
    public static func analyzeAndStore(
        sessionID: Int64,
        in library: Library,
        style: TextStyle = .plain
    ) throws
        -> String
    {
        let result = try analyzeMarked(sessionID: sessionID, in: library)
        return result.report.text(style: style)
    }

    /// How ``analyzeMarked(sessionID:in:template:store:)`` stores the report it makes.
    public enum Storing: Sendable {
        /// Not at all (a report against another template).
        case no
        /// When the library can take it (a report's cache: a read-only library or a full disk
        /// still reports).
        case ifPossible
        /// Or throw (`woodshed analyze`).
        case required
    }

    /// Analyses a stored session and stores the report as `store` says, with the session
    /// marked in the library while it runs (``Library/beginAnalysis(session:pid:at:)``): an analysis
    /// that throws leaves its reason, one that kills the process leaves the mark, and
    /// ``Library/failedAnalyses()`` names the session from then on, so `analyze --all`, `stats`
    /// and the recorder skip it instead of failing again. Marks are written when the library
    /// can take them (not when it is read-only or its disk is full).
    /// - Throws: what ``analyze(sessionID:in:template:)`` throws; ``LibraryError`` when a
    ///   `required` store fails.
    public static func analyzeMarked(
        sessionID: Int64,
        in library: Library,
        template: ProcessTemplate? = nil,
        store storing: Storing = .required
    ) throws -> (report: PracticeReport, notes: [Note]) {
        // A library opened read-only is written when it can be, only to store what was asked.
        let library = storing == .ifPossible ? library.writable() ?? library : library
        let marked = !library.isReadOnly && (try? library.beginAnalysis(session: sessionID)) != nil
        let result: (report: PracticeReport, notes: [Note])
        do {
            result = try analyze(sessionID: sessionID, in: library, template: template)
        } catch {
            if marked { try? library.failAnalysis(session: sessionID, reason: error.userFacing.line) }
            throw error
        }
        if marked { try? library.endAnalysis(session: sessionID) }
        switch storing {
        case .no: break
        case .ifPossible: if !library.isReadOnly { try? store(result.report, sessionID: sessionID, in: library) }
        case .required: try store(result.report, sessionID: sessionID, in: library)
        }
        return result
    }

    /// Analyses a stored session without storing anything. `template` nil: the default process.
    /// `excludingPieces`: pieces the segmenter must not match (``PieceManagement/split(piece:sessions:in:)``).
    public static func analyze(
        sessionID: Int64,
        in library: Library,
        template: ProcessTemplate? = nil,
        excludingPieces: Set<Int64> = []
    ) throws
        -> (report: PracticeReport, notes: [Note])
    {
        let session = try library.session(sessionID)
        let messages = try library.events(session: sessionID).compactMap(\.timedMessage)
        let notes = SessionSpan.bounded(Note.notes(from: messages))
        let ports = try library.ports(session: sessionID)
        let context = AnalysisContext(
            startHour: Self.localHour(session),
            devices: devices(of: session, ports: ports),
            template: try template ?? ProcessTemplates.load(nil)
        )
        let facts = PracticeReport.SessionFacts(id: session.id, start: session.startISO8601, source: session.source)
        let known = try knownMaterials(library, excluding: excludingPieces)
        var segmentation = PracticeSegmenter().segment(
            notes,
            pedalMoves: SessionSpan.bounded(Note.pedalMoves(from: messages)),
            known: known
        )
        // A read-only library is analysed as it is: its pieces are matched, none is stored.
        if !library.isReadOnly { try remember(&segmentation, known: known, in: library, session: sessionID) }
        return (report(segmentation, notes: notes, known: known, context: context, facts: facts), notes)
    }

    /// A stored session's notes (pedals folded in, within ``SessionSpan/plausible``), for
    /// renderings that draw them. O(events).
    /// - Throws: ``LibraryError`` when the library fails.
    public static func notes(sessionID: Int64, in library: Library) throws -> [Note] {
        SessionSpan.bounded(Note.notes(from: try library.events(session: sessionID).compactMap(\.timedMessage)))
    }

    /// Analyses notes that are not in the library (a file), naming the pieces `known` (the
    /// library's, read only). Notes past ``SessionSpan/plausible`` are left out. O(segmenter +
    /// analyzer).
    public static func report(
        notes: [Note],
        pedalMoves: [Int64] = [],
        known: [KnownMaterial] = [],
        context: AnalysisContext,
        facts: PracticeReport.SessionFacts
    )
        -> PracticeReport
    {
        let notes = SessionSpan.bounded(notes)
        return report(
            PracticeSegmenter().segment(notes, pedalMoves: SessionSpan.bounded(pedalMoves), known: known),
            notes: notes,
            known: known,
            context: context,
            facts: facts
        )
    }

    /// The report of a segmentation; the takes of materials matched to a piece in `known` that
    /// has a score are judged against it.
    static func report(
        _ segmentation: Segmentation,
        notes: [Note],
        known: [KnownMaterial],
        context: AnalysisContext,
        facts: PracticeReport.SessionFacts
    )
        -> PracticeReport
    {
        var context = context
        for material in known where material.fingerprint.score != nil && context.scores[material.id] == nil {
            context.scores[material.id] = material.fingerprint
        }
        let analysis = WorkflowAnalyzer().analyze(segmentation, notes: notes, context: context)
        return PracticeReport(
            segmentation,
            noteCount: notes.count,
            analysis: analysis,
            facts: facts,
            woodshedVersion: WoodshedVersion.string
        )
    }

    /// Stores the report with its summary (``AnalysisSummary``, what a piece's history reads, in
    /// the same transaction) and replaces the session's automatic tags (user tags stay).
    public static func store(_ report: PracticeReport, sessionID: Int64, in library: Library) throws {
        try library.storeAnalysis(
            report.jsonData(),
            analyzerVersion: version,
            summary: AnalysisSummary(report),
            for: sessionID
        )
        try library.setAutomaticTags(report.tags, for: sessionID)
    }

    /// The library's materials as the segmenter's input, with the fingerprints of pieces merged
    /// into others (under their own row id and the name of the piece they count for; see
    /// ``remember(_:known:in:session:)``); unreadable fingerprints are skipped. `excluding`:
    /// pieces (with what was merged into them) the segmenter must not match — a session split
    /// off a piece is analysed without it.
    public static func knownMaterials(_ store: Library, excluding: Set<Int64> = []) throws -> [KnownMaterial] {
        try store.materialFingerprints().compactMap { material in
            guard !excluding.contains(material.pieceID),
                let fingerprint = Self.fingerprint(material.fingerprint)
            else { return nil }
            return KnownMaterial(id: material.id, name: material.name, fingerprint: fingerprint)
        }
    }

    /// A stored material's fingerprint (the library keeps the segmenter's fingerprint as JSON,
    /// opaque to the store); nil when it cannot be read.
    public static func fingerprint(_ stored: Data) -> MaterialFingerprint? {
        try? JSONDecoder().decode(MaterialFingerprint.self, from: stored)
    }

    /// Stores the session's new pieces, grows known ones practised further (never a reference
    /// score), links them to the session, and fills in library ids. A piece first practised in
    /// this session stays "new" when the session is analysed again.
    static func remember(
        _ segmentation: inout Segmentation,
        known: [KnownMaterial],
        in store: Library,
        session: Int64
    ) throws {
        var linked: [Int64] = []
        for index in segmentation.materials.indices where segmentation.materials[index].kind == .repertoire {
            let material = segmentation.materials[index]
            guard let fingerprint = segmentation.fingerprints[material.id] else { continue }
            let data = try JSONEncoder().encode(fingerprint)
            if let matched = material.libraryID {
                // The fingerprint that matched grows (a merged piece's own row included); the
                // session counts for the piece it stands for now.
                if let old = known.first(where: { $0.id == matched }), old.fingerprint.bars == nil,
                    old.fingerprint.events.count < fingerprint.events.count
                {
                    try store.updateMaterialFingerprint(matched, fingerprint: data)
                }
                let id = try store.currentPiece(matched)
                segmentation.materials[index].libraryID = id
                segmentation.materials[index].isNew = try !store.materialKnownBefore(id, session: session)
                linked.append(id)
            } else {
                // Named by its library id until the user names it: "Piece #7" is what
                // `woodshed pieces name 7 …` takes.
                let id = try store.addMaterial(name: "", fingerprint: data)
                let name = MaterialSummary.automaticName(libraryID: id)
                try store.renameMaterial(id, to: name)
                segmentation.materials[index].libraryID = id
                segmentation.materials[index].name = name
                segmentation.materials[index].isNew = true
                linked.append(id)
            }
        }
        try store.linkMaterials(linked, to: session)
    }

    /// The ports that are instruments someone played: every sequencer port of a live recording,
    /// and raw MIDI or serial devices (/dev/…) recorded as byte streams. A MIDI file — imported,
    /// or replayed with `record --from FILE` (its ports are its tracks) — and standard input
    /// name no instrument.
    static func devices(of session: SessionInfo, ports: [PortInfo]) -> [String] {
        switch session.sourceKind {
        case .capture: ports.map(\.name)
        case .stream: ports.map(\.name).filter { $0.hasPrefix("/dev/") }
        case .import: []
        }
    }

    /// Local hour of the session start, from its recorded UTC offset.
    static func localHour(_ session: SessionInfo) -> Int {
        let local = session.startNs / 1_000_000_000 + Int64(session.utcOffset)
        return Int(((local % 86_400) + 86_400) % 86_400 / 3_600)
    }
}
