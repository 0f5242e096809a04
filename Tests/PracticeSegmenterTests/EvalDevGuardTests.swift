import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter
import Testing

/// The 36 simulated sessions of `../shared/eval-dev`, when they lie beside the clone (CI has
/// them, a user's fresh clone does not): every session is segmented as `woodshed analyze` does,
/// its report scored by the folder's own `score.py`, and the means must stay above floors a
/// little under what the segmenter reaches today, so no later change can lose what was gained.
/// The sessions are analysed two at a time (about a minute in a debug build on two cores).
@Suite struct EvalDevGuardTests {
    /// Floors for the means over all sessions: takeF1, switchF1, kindAcc, materialF1, passageF1.
    static let floors: [(metric: String, floor: Double)] = [
        ("takeF1", 0.93), ("switchF1", 0.9), ("kindAcc", 0.95), ("materialF1", 0.95), ("passageF1", 0.85),
    ]

    /// `../shared/eval-dev` beside the package (or inside `$WOODSHED_SHARED`), with its scorer.
    static let folder: URL? = {
        let environment = ProcessInfo.processInfo.environment["WOODSHED_SHARED"].flatMap { $0.isEmpty ? nil : $0 }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // PracticeSegmenterTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let shared =
            environment.map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        let folder = shared.appendingPathComponent("eval-dev")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("score.py").path) ? folder : nil
    }()

    @Test(.enabled(if: folder != nil, "../shared/eval-dev is not beside this clone"))
    func meansStayAboveTheirFloors() async throws {
        let folder = try #require(Self.folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mid") }.sorted().map { String($0.dropLast(4)) }
        #expect(names.count >= 36)
        let reports = FileManager.default.temporaryDirectory
            .appendingPathComponent("woodshed-eval-guard-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: reports) }

        var scores: [String: [String: Double]] = [:]
        try await withThrowingTaskGroup(of: (String, [String: Double]).self) { group in
            var pending = names[...]
            func start() {
                guard let name = pending.popFirst() else { return }
                group.addTask { (name, try Self.score(name, in: folder, reports: reports)) }
            }
            start()
            start()
            while let (name, values) = try await group.next() {
                scores[name] = values
                start()
            }
        }
        for (metric, floor) in Self.floors {
            let mean = names.map { scores[$0]?[metric] ?? 0 }.reduce(0, +) / Double(names.count)
            #expect(mean >= floor, "mean \(metric) \(mean) fell below \(floor)")
        }
    }

    /// Segments one session, writes its report and scores it with `score.py`.
    static func score(_ name: String, in folder: URL, reports: URL) throws -> [String: Double] {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name + ".mid")))
        let messages = try StandardMIDIFile(bytes: bytes).timedMessages()
        let notes = Note.notes(from: messages)
        let segmentation = PracticeSegmenter().segment(notes, pedalMoves: Note.pedalMoves(from: messages))
        let report = reports.appendingPathComponent(name + ".report.json")
        try PracticeReport(segmentation, noteCount: notes.count).jsonData().write(to: report)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", folder.appendingPathComponent("score.py").path,
            folder.appendingPathComponent(name + ".truth.json").path, report.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
