import GRDB

/// A target tempo for one passage of a piece.
public struct TempoGoal: Sendable, Hashable {
    /// The passage's label in the piece ("bars 21–24", "from the opening").
    public var passage: String
    public var value: Double
    /// What `value` counts: ``TempoGoal/bpm`` or ``TempoGoal/pace``.
    public var unit: String

    /// Quarter notes per minute (a piece whose score marks a tempo).
    public static let bpm = "bpm"
    /// Material positions per second, the unit of a report's `bestPace`.
    public static let pace = "pace"

    public init(passage: String, value: Double, unit: String) {
        self.passage = passage
        self.value = value
        self.unit = unit
    }
}

extension Library {
    static let weeklyMinutesKind = "minutesPerWeek"
    static let tempoKind = "tempo"

    /// The goal of minutes of playing per week, nil when none is set.
    public func weeklyMinutesGoal() throws -> Double? {
        try read { db in
            try Double.fetchOne(
                db,
                sql: "SELECT value FROM goal WHERE kind = ? AND materialId IS NULL",
                arguments: [Self.weeklyMinutesKind]
            )
        }
    }

    /// Sets the minutes-per-week goal; nil (or 0) clears it.
    /// - Throws: ``LibraryError`` when it cannot be stored.
    public func setWeeklyMinutesGoal(_ minutes: Double?) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM goal WHERE kind = ? AND materialId IS NULL",
                arguments: [Self.weeklyMinutesKind]
            )
            if let minutes, minutes > 0 {
                try db.execute(
                    sql: "INSERT INTO goal (kind, value, unit) VALUES (?, ?, 'min')",
                    arguments: [Self.weeklyMinutesKind, minutes]
                )
            }
        }
    }

    /// The target tempos set for a piece's passages, by passage label.
    public func tempoGoals(piece: Int64) throws -> [String: TempoGoal] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT passage, value, unit FROM goal WHERE kind = ? AND materialId = ?",
                arguments: [Self.tempoKind, piece]
            )
            return Dictionary(
                rows.map {
                    (String($0["passage"]), TempoGoal(passage: $0["passage"], value: $0["value"], unit: $0["unit"]))
                },
                uniquingKeysWith: { first, _ in first }
            )
        }
    }

    /// Sets (or, with `goal.value` 0 or less, clears) the target tempo of a passage of `piece`.
    /// - Throws: ``LibraryError/noSuchMaterial(_:)`` for a piece the library does not have.
    public func setTempoGoal(_ goal: TempoGoal, piece: Int64) throws {
        try write { db in
            guard try MaterialRecord.fetchOne(db, key: piece) != nil else { throw LibraryError.noSuchMaterial(piece) }
            try db.execute(
                sql: "DELETE FROM goal WHERE kind = ? AND materialId = ? AND passage = ?",
                arguments: [Self.tempoKind, piece, goal.passage]
            )
            if goal.value > 0 {
                try db.execute(
                    sql: "INSERT INTO goal (kind, materialId, passage, value, unit) VALUES (?, ?, ?, ?, ?)",
                    arguments: [Self.tempoKind, piece, goal.passage, goal.value, goal.unit]
                )
            }
        }
    }
}
