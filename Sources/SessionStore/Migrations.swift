import Foundation
import GRDB
import MIDICore

extension Library {
    /// The schema, as frozen migrations: a shipped migration never changes; new needs get a new
    /// migration appended at the end.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1 sessions, ports, events, tags, analyses") { db in
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                // Wall-clock time of session time 0, as Unix-epoch nanoseconds, and the time
                // zone it was recorded in (identifier and UTC offset at that instant).
                t.column("startNs", .integer).notNull().indexed()
                t.column("timeZone", .text).notNull()
                t.column("utcOffset", .integer).notNull()
                t.column("durationNs", .integer).notNull().defaults(to: 0)
                t.column("activeNs", .integer).notNull().defaults(to: 0)
                // "open" while a recorder writes it, "closed" when ended, "recovered" when it
                // was closed at its last event after the recorder was killed.
                t.column("state", .text).notNull().defaults(to: "open")
                // "capture", "import" or "stream".
                t.column("sourceKind", .text).notNull()
                // Device names or the imported file.
                t.column("source", .text).notNull()
                t.column("title", .text)
                t.column("eventCount", .integer).notNull().defaults(to: 0)
                t.column("noteCount", .integer).notNull().defaults(to: 0)
                t.column("overrunCount", .integer).notNull().defaults(to: 0)
                t.column("lastEventNs", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "sessionPort") { t in
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("port", .integer).notNull()
                t.column("name", .text).notNull()
                // ALSA address ("24:0") or file track, informative only.
                t.column("address", .text).notNull().defaults(to: "")
                t.primaryKey(["sessionId", "port"])
            }
            // Every raw event, exactly as received: nothing is re-quantized or dropped.
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("timeNs", .integer).notNull()
                t.column("port", .integer).notNull()
                t.column("bytes", .blob).notNull()
            }
            try db.create(index: "event_on_session_time", on: "event", columns: ["sessionId", "timeNs"])
            // Kernel FIFO overruns seen while recording (events lost before we could read them).
            try db.create(table: "overrun") { t in
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("timeNs", .integer).notNull()
                t.column("count", .integer).notNull()
            }
            try db.create(table: "tag") { t in
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("name", .text).notNull()
                // "auto" (from analysis) or "user" (woodshed tag).
                t.column("origin", .text).notNull()
                t.primaryKey(["sessionId", "name"])
            }
            try db.create(index: "tag_on_name", on: "tag", columns: ["name"])
            // The latest analysis of a session: the report document as JSON, and the analyzer
            // version that made it (so an upgrade can re-analyse old sessions).
            try db.create(table: "analysis") { t in
                t.primaryKey("sessionId", .integer).references("session", onDelete: .cascade)
                t.column("analyzerVersion", .integer).notNull()
                t.column("analyzedAtNs", .integer).notNull()
                t.column("report", .blob).notNull()
            }
        }
        migrator.registerMigration("v2 materials") { db in
            // Pieces and exercises recognised across sessions, or added from a reference score.
            // The fingerprint is the segmenter's (JSON); the store does not look inside.
            try db.create(table: "material") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                // "repertoire" or "technique".
                t.column("kind", .text).notNull().defaults(to: "repertoire")
                // True for a score added with `woodshed pieces add` (its fingerprint has bars).
                t.column("isReference", .boolean).notNull().defaults(to: false)
                t.column("createdAtNs", .integer).notNull()
                t.column("fingerprint", .blob).notNull()
            }
            // Which sessions practised which material (filled by analysis).
            try db.create(table: "sessionMaterial") { t in
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.belongsTo("material", onDelete: .cascade).notNull()
                t.primaryKey(["sessionId", "materialId"])
            }
        }
        migrator.registerMigration("v3 sessions end with their last sound") { db in
            // Sessions closed before this kept a file's end-of-track (imports) or ran from the
            // first event (record --from FILE) as their length; recomputed from their events:
            // time 0 to the end of the last sound, the playing time, the notes and events.
            // O(all events), once. Written out here with the schema of v1, not through the
            // store's records or finishSession, so that later changes to those never change
            // what this migration does; the note rules are MIDICore's (NoteSummary).
            let closed = try Row.fetchAll(db, sql: "SELECT id, lastEventNs FROM session WHERE state != 'open'")
            for session in closed {
                let id: Int64 = session["id"]
                let events = try Row.fetchCursor(
                    db,
                    sql: "SELECT timeNs, port, bytes FROM event WHERE sessionId = ? ORDER BY timeNs, id",
                    arguments: [id]
                )
                var eventCount = 0
                let summary = try NoteSummary(endingAt: session["lastEventNs"]) {
                    while let row = try events.next() {
                        eventCount += 1
                        let bytes: Data = row[2]
                        if let message = MIDIMessage(bytes: bytes) {
                            return TimedMessage(time: row[0], port: row[1], message: message)
                        }
                    }
                    return nil
                }
                try db.execute(
                    sql: "UPDATE session SET durationNs = ?, noteCount = ?, activeNs = ?, eventCount = ? WHERE id = ?",
                    arguments: [summary.lastSoundEnd, summary.noteCount, summary.activeDuration, eventCount, id]
                )
            }
        }
        migrator.registerMigration("v4 one index on a session's events") { db in
            // belongsTo in v1 made an index on event(sessionId) beside event(sessionId, timeNs),
            // whose first column serves every lookup by session (and the cascade on delete):
            // every recorded event paid for both.
            try db.execute(sql: "DROP INDEX IF EXISTS event_on_sessionId")
        }
        migrator.registerMigration("v5 merged pieces, content hashes") { db in
            // A piece merged into another keeps its row and fingerprint (music the segmenter
            // still recognises) and names the piece it became; sessions link to that one.
            try db.alter(table: "material") { t in
                t.add(column: "mergedInto", .integer).references("material", onDelete: .cascade)
            }
            // A hash of a session's events (time, port, bytes), to find a file imported twice;
            // NULL until computed (sessions from before: when an import has their event count).
            try db.alter(table: "session") { t in
                t.add(column: "contentHash", .text)
            }
            try db.create(index: "session_on_contentHash", on: "session", columns: ["contentHash"])
        }
        migrator.registerMigration("v6 analysis failures") { db in
            // A session is marked before its analysis and unmarked when the analysis is stored:
            // a mark left by a process that died, or one with a reason, is a session that
            // analysis skips (`analyze --all`, `stats`, the recorder) until asked for it alone.
            try db.create(table: "analysisFailure") { t in
                t.primaryKey("sessionId", .integer).references("session", onDelete: .cascade)
                t.column("attemptedAtNs", .integer).notNull()
                t.column("pid", .integer).notNull()
                t.column("reason", .text)
            }
        }
        migrator.registerMigration("v7 goals, change counter") { db in
            // Practice goals: minutes per week (materialId NULL, passage "") and a target tempo
            // per passage of a piece (its label in the piece, "bars 21–24"), in `unit`: "bpm"
            // (quarter notes per minute, for a score that marks a tempo) or "pace" (material
            // positions per second, the unit of reports' bestPace).
            try db.create(table: "goal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("materialId", .integer).references("material", onDelete: .cascade)
                t.column("passage", .text).notNull().defaults(to: "")
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull().defaults(to: "")
            }
            try db.execute(sql: "CREATE UNIQUE INDEX goal_on_key ON goal(kind, IFNULL(materialId, 0), passage)")
            // A counter raised by every change a page shows, except the recorder's appends
            // (session counters): caches of what is derived from reports key on it.
            try db.execute(
                sql: """
                    CREATE TABLE libraryChange (id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL);
                    INSERT INTO libraryChange VALUES (1, 0);
                    """
            )
            let watched: [(table: String, update: String)] = [
                ("analysis", "UPDATE"), ("material", "UPDATE"), ("sessionMaterial", "UPDATE"), ("tag", "UPDATE"),
                ("goal", "UPDATE"), ("session", "UPDATE OF state, title, startNs, utcOffset"),
            ]
            for (table, update) in watched {
                for (name, event) in [("insert", "INSERT"), ("delete", "DELETE"), ("update", update)] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_\(name)_counted AFTER \(event) ON \(table)
                            BEGIN UPDATE libraryChange SET counter = counter + 1; END
                            """
                    )
                }
            }
        }
        migrator.registerMigration("v8 piece summaries") { db in
            // What each stored report says about the pieces and passages it practised, derived
            // from the report when it is stored (PracticeLibrary) so that a piece's history reads
            // small rows instead of decoding every report of the piece. `analysisSummary` marks
            // the analysis the rows were derived from (its analyzedAtNs): rows of a replaced
            // analysis are never read. Libraries from before get them from their stored
            // reports when `woodshed serve` starts, or a piece's sessions' when the piece is shown
            // through a library that can be written; until then pages derive them from the reports.
            try db.create(table: "analysisSummary") { t in
                t.primaryKey("sessionId", .integer).references("analysis", onDelete: .cascade)
                t.column("analyzedAtNs", .integer).notNull()
            }
            // One row per piece of the report with a library id (the id the report gave it: a
            // piece merged since keeps its own id here and is read through material.mergedInto).
            try db.create(table: "pieceSummary") { t in
                t.column("sessionId", .integer).notNull().references("analysisSummary", onDelete: .cascade)
                // Its place among the report's pieces.
                t.column("ordinal", .integer).notNull()
                t.column("materialId", .integer).notNull()
                // Seconds in steps on the piece.
                t.column("seconds", .double).notNull()
                t.column("takes", .integer).notNull()
                t.column("clean", .integer).notNull()
                // Takes whose notes were judged.
                t.column("judged", .integer).notNull()
                // Material positions per second of its fastest clean take.
                t.column("bestPace", .double)
                t.primaryKey(["sessionId", "ordinal"])
            }
            try db.create(index: "pieceSummary_on_material", on: "pieceSummary", columns: ["materialId", "sessionId"])
            // One row per passage of a piece with a library id, in the report's passage order.
            try db.create(table: "passageSummary") { t in
                t.column("sessionId", .integer).notNull().references("analysisSummary", onDelete: .cascade)
                t.column("ordinal", .integer).notNull()
                t.column("materialId", .integer).notNull()
                // Its name in the piece: "bars 21–24", "from the opening".
                t.column("label", .text).notNull()
                t.column("takes", .integer).notNull()
                t.column("clean", .integer).notNull()
                t.column("judged", .integer).notNull()
                // Each take's tempo against the session's fastest clean take, in order,
                // comma-separated (Swift's shortest exact spelling of each number).
                t.column("tempos", .text).notNull()
                t.column("bestPace", .double)
                t.column("bestBPM", .double)
                t.primaryKey(["sessionId", "ordinal"])
            }
            try db.create(
                index: "passageSummary_on_material",
                on: "passageSummary",
                columns: ["materialId", "sessionId"]
            )
        }
        return migrator
    }()
}
