import Foundation
import MIDICore
import PracticeLibrary
import PracticeSimulator
import PracticeTestSupport
import SessionStore

/// A temporary library made by the project's own code: two simulated practice sessions of one
/// piece imported and analysed, then split into two pieces (as `woodshed pieces split` does),
/// piece 1 named like an attack and session 1 tagged like one. Removed when dropped.
final class JournalLibrary {
    static let hostileName = "<script>alert(1)</script> & \"Für\""
    static let hostileTag = "<img src=x onerror=alert(2)>"

    let folder: URL
    let library: Library

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        library = try Library(path: folder.appending(path: "library.sqlite").path)
        for (seed, daysAgo) in [(UInt64(3), 20.0), (4, 2)] {
            let file = folder.appending(path: "practice-\(seed).mid")
            try Data(SimulatedPractice.file(seed: seed).encoded()).write(to: file)
            let start = Date().addingTimeInterval(-daysAgo * 86_400)
            let prepared = try SessionImport.prepare(file.path, dating: .given(start, .current))
            guard case .imported(let id, _) = try SessionImport.store(prepared, in: library) else {
                throw UserError("\(file.path) was not imported")
            }
            _ = try SessionAnalysis.analyzeAndStore(sessionID: id, in: library)
        }
        _ = try PieceManagement.split(piece: 1, sessions: [2], in: library)
        guard case .renamed = try PieceManagement.rename(1, to: Self.hostileName, in: library) else {
            throw UserError("piece 1 was not renamed")
        }
        try library.addTag(Self.hostileTag, to: 1, origin: .user)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
