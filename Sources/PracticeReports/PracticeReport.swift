import MIDICore
public import PracticeSegmenter

/// The `woodshed.report.v1` document: what a session was made of, in seconds from the start of
/// the session. Field by field in docs/report-schema.md; it is a public interface, so fields are
/// only ever added.
public struct PracticeReport: Codable, Hashable, Sendable {
    public static let schemaName = "woodshed.report.v1"

    public var schema: String = Self.schemaName
    public var session: Session
    public var steps: [Step]
    public var materials: [Material]
    public var metrics: Metrics
    public var tags: [String]
    /// The session's steps mapped onto a process template, when one was given.
    public var process: ProcessMapper.Mapping?

    public struct Session: Codable, Hashable, Sendable {
        /// Seconds from the start of the session to the end of its last sound.
        public var duration: Double
        /// Seconds spent in non-rest steps.
        public var activeTime: Double
        /// Number of notes played.
        public var notes: Int
    }

    public struct Step: Codable, Hashable, Sendable {
        public var start: Double
        public var end: Double
        public var kind: StepKind
        /// Material id, the same whenever the same piece or exercise comes back; absent for rest.
        public var material: String?
        public var label: String
        public var takes: [Take]
        /// Notes played in the step.
        public var notes: Int
    }

    public struct Take: Codable, Hashable, Sendable {
        public var start: Double
        public var end: Double
        /// Passage id within the material, e.g. "m1/p2"; takes of the same passage share it.
        public var passage: String
        /// False when the take stopped before the end of its passage.
        public var complete: Bool
        /// Position range within the material (reference events, or bars with a reference score).
        public var from: Double
        public var to: Double
        /// Bars of the reference score, when the material matched a score added to the library.
        public var fromBar: Double?
        public var toBar: Double?
    }

    public struct Material: Codable, Hashable, Sendable {
        public var id: String
        public var kind: StepKind
        public var name: String
        public var libraryID: Int64?
        public var isNew: Bool
        /// Positions in the material (the unit of takes' `from` and `to`).
        public var length: Int
    }

    public struct Metrics: Codable, Hashable, Sendable {
        /// Changes of material between consecutive non-rest steps.
        public var contextSwitches: Int
        /// Takes in repertoire steps.
        public var takes: Int
        /// Seconds of rest steps.
        public var restTime: Double
    }
}

extension PracticeReport {
    /// Builds the report for a segmentation. O(steps + takes).
    public init(_ segmentation: Segmentation, noteCount: Int, process template: ProcessTemplate? = nil) {
        process = template.map { ProcessMapper().map(segmentation, onto: $0) }
        func seconds(_ ns: Int64) -> Double { (Double(ns) / 1e6).rounded() / 1e3 }
        let names = Dictionary(segmentation.materials.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        steps = segmentation.steps.map { step in
            Step(
                start: seconds(step.start),
                end: seconds(step.end),
                kind: step.kind,
                material: step.material,
                label: step.kind == .repertoire ? (step.material.flatMap { names[$0] } ?? step.label) : step.label,
                takes: step.takes.map {
                    Take(
                        start: seconds($0.start),
                        end: seconds($0.end),
                        passage: $0.passage,
                        complete: $0.complete,
                        from: $0.from,
                        to: $0.to,
                        fromBar: $0.fromBar.map { ($0 * 100).rounded() / 100 },
                        toBar: $0.toBar.map { ($0 * 100).rounded() / 100 }
                    )
                },
                notes: step.notes.count
            )
        }
        materials = segmentation.materials.map {
            Material(
                id: $0.id,
                kind: $0.kind,
                name: $0.name,
                libraryID: $0.libraryID,
                isNew: $0.isNew,
                length: $0.length
            )
        }
        var switches = 0
        var previous: String??
        for step in segmentation.steps where step.kind != .rest {
            if let previous, previous != step.material { switches += 1 }
            previous = .some(step.material)
        }
        let rest = segmentation.steps.filter { $0.kind == .rest }.reduce(Int64(0)) { $0 + $1.end - $1.start }
        let active = segmentation.steps.filter { $0.kind != .rest }.reduce(Int64(0)) { $0 + $1.end - $1.start }
        metrics = Metrics(
            contextSwitches: switches,
            takes: segmentation.steps.filter { $0.kind == .repertoire }.reduce(0) { $0 + $1.takes.count },
            restTime: seconds(rest)
        )
        session = Session(duration: seconds(segmentation.duration), activeTime: seconds(active), notes: noteCount)
        var tagSet: [String] = []
        for step in segmentation.steps where step.kind != .rest {
            let tag = step.kind == .technique ? step.label : step.kind.rawValue
            if !tagSet.contains(tag) { tagSet.append(tag) }
        }
        tags = tagSet
    }
}
