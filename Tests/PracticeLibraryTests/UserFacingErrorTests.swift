import Foundation
import Glibc
import MIDICapture
import MIDICore
import PracticeLibrary
import ScoreReader
import SessionStore
import Testing

/// Every error a command can end with goes through ``UserFacingError``: one line, a hint, an
/// exit status. Each list below holds every case of its type (the `kind` switches do not
/// compile when a case is added and not listed).
@Suite("User-facing errors")
struct UserFacingErrorTests {
    static let library: [LibraryError] = [
        .cannotCreateFolder("/tmp/x/.local/share/woodshed", reason: "a file with that name exists"),
        .cannotOpen("/tmp/l.sqlite", reason: "the disk is full — free some space and try again"),
        .database("/tmp/l.sqlite", reason: "the library is read-only — check its permissions"),
        .noSuchSession(99), .noSuchMaterial(7), .sessionIsRecording(3), .sameMaterial(4),
        .notALibrary("/tmp/notes.sqlite", reason: "it is an SQLite database of another program (tables notes)"),
        .damaged("/tmp/l.sqlite", reason: "database disk image is malformed"),
    ]

    static func kind(_ error: LibraryError) -> Int {
        switch error {
        case .cannotCreateFolder: 0
        case .cannotOpen: 1
        case .database: 2
        case .noSuchSession: 3
        case .noSuchMaterial: 4
        case .sessionIsRecording: 5
        case .sameMaterial: 6
        case .notALibrary: 7
        case .damaged: 8
        }
    }

    static let lock: [RecorderLockError] = [
        .held(pid: 4242, path: "/tmp/l.sqlite.recorder.lock"), .held(pid: nil, path: "/tmp/l.sqlite.recorder.lock"),
        .cannotOpen(path: "/tmp/l.sqlite.recorder.lock", reason: "Permission denied"),
    ]

    static func kind(_ error: RecorderLockError) -> Int {
        switch error {
        case .held: 0
        case .cannotOpen: 1
        }
    }

    static let capture: [CaptureError] = [
        .noSequencer, .sequencerNotAccessible, .cannotOpen(path: "/dev/snd/midiC1D0", reason: "No such device"),
    ]

    static func kind(_ error: CaptureError) -> Int {
        switch error {
        case .noSequencer: 0
        case .sequencerNotAccessible: 1
        case .cannotOpen: 2
        }
    }

    static let ports: [PortSpecError] = [.emptyName(":1"), .unterminatedQuote("'Piano"), .badPort("20:x")]

    static func kind(_ error: PortSpecError) -> Int {
        switch error {
        case .emptyName: 0
        case .unterminatedQuote: 1
        case .badPort: 2
        }
    }

    static let alsa: [ALSAError] = [ENOENT, ENODEV, EACCES, EPERM, EBUSY, EINVAL].map {
        ALSAError(operation: "open the ALSA sequencer", code: -$0, reason: String(cString: strerror($0)))
    }

    static let files: [MIDIFileError] = [
        MIDIFileError(offset: 0, expected: "a Standard MIDI File header 'MThd'", found: "an empty file (0 bytes)"),
        MIDIFileError(offset: 18, expected: "a chunk length", found: "32055 for chunk 'MTrk' (file truncated)")
            .inFile("take.mid"),
        MIDIFileError(offset: 0, expected: "'MThd'", found: "0x89 — this is a PNG image, not a MIDI file")
            .inFile("photo.mid"),
        MIDIFileError(offset: 22, expected: "a delta time as a variable-length number of at most 4 bytes"),
    ]

    static let scores: [ScoreReadError] = [
        ScoreReadError(file: "fur-elise.musicxml", location: "line 120, <divisions>", problem: "0 divisions"),
        ScoreReadError(file: "song.mxl", problem: "cannot be unpacked: not a ZIP archive"),
    ]

    static let others: [any UserFacingError] = [
        SessionSpanError(messageIndex: 3_200, messageCount: 6_400, time: 601_866_041_000_000_000, path: "x.mid"),
        UserError("no built-in process template 'x'", hint: "choose one of daily-practice, or give a .toml file"),
        UserError("'yesterday' is not a session id"),
        InternalError(CocoaError(.coderInvalidValue)),
        RecordingFailed(reason: "cannot read from the ALSA sequencer: No such device"),
    ]

    static var all: [any UserFacingError] {
        library + lock + capture + ports + alsa + files + scores + others
    }

    @Test("every case of every enum is listed")
    func everyCaseListed() {
        #expect(Set(Self.library.map(Self.kind)).count == 9)
        #expect(Set(Self.lock.map(Self.kind)).count == 2)
        #expect(Set(Self.capture.map(Self.kind)).count == 3)
        #expect(Set(Self.ports.map(Self.kind)).count == 3)
    }

    @Test("one line each: message, then ' — ' and the hint; an exit status of 1 or 2")
    func oneLine() {
        for error in Self.all {
            let line = error.line
            #expect(!error.message.isEmpty, "\(type(of: error))")
            #expect(!line.contains("\n") && !line.hasSuffix("."), "\(line)")
            #expect(error.hint?.isEmpty != true, "\(line)")
            #expect(line == error.message + (error.hint.map { " — " + $0 } ?? ""))
            #expect(error.description == line)
            #expect([.userError, .internalError].contains(error.exitStatus), "\(line)")
            // Thrown and caught as `any Error`, it is still itself.
            let thrown: any Error = error
            #expect(thrown.userFacing.line == line)
            #expect(thrown.userFacing.exitStatus == error.exitStatus)
        }
    }

    @Test("the words of the best-known errors")
    func words() {
        #expect(LibraryError.noSuchSession(99).line == "there is no session 99 — `woodshed sessions` lists them")
        #expect(
            RecorderLockError.held(pid: 4242, path: "x").line
                == "another `woodshed record` (pid 4242) is already recording into this library — stop it first, or use --library"
        )
        #expect(
            CaptureError.noSequencer.line
                == "no ALSA sequencer: /dev/snd/seq is missing — load the snd-seq module (sudo modprobe snd-seq)"
        )
        #expect(
            Self.files[1].line
                == "take.mid: byte offset 18: expected a chunk length, found 32055 for chunk 'MTrk' (file truncated) — not a complete MIDI file; copy or export it again"
        )
        #expect(Self.files[2].hint == nil)
        #expect(Self.alsa[0].hint == "is the sound driver loaded? (sudo modprobe snd-seq)")
        #expect(Self.alsa[2].hint == "are you in the 'audio' group? (add yourself and log in again)")
    }

    @Test("errors no module describes are internal: exit status 2, a request to report")
    func internalErrors() {
        struct Surprise: Error {}
        let problem = (Surprise() as any Error).userFacing
        #expect(problem.exitStatus == .internalError)
        #expect(problem.line.hasPrefix("internal error: Surprise()"))
        #expect(problem.line.hasSuffix(" — please report this at the Woodshed issue tracker"))
        let missing = (CocoaError(.fileReadNoSuchFile) as any Error).userFacing
        #expect(missing.exitStatus == .userError)
    }

    /// A new error type in Sources/ that does not conform would end a command as "internal
    /// error": this reads the sources and names it.
    @Test("every error type in Sources conforms to UserFacingError")
    func everyErrorTypeConforms() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        // Thrown and caught inside their module (typed throws), never seen by a user.
        let internalOnly: Set<String> = ["Loop", "ZIPDamage", "InflateFailure"]
        let declaration = /(?:struct|enum|class|actor|extension)\s+(\w+)[^:{\n]*:\s*([^{\n]+)\{/
        var found: [String] = []
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: declaration) {
                let inherited = match.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if inherited.contains("UserFacingError") { found.append(String(match.1)) }
                if inherited.contains("Error") && !internalOnly.contains(String(match.1)) {
                    offenders.append("\(file.lastPathComponent): \(match.1)")
                }
            }
        }
        #expect(offenders.isEmpty, "declare these UserFacingError: \(offenders)")
        #expect(found.count >= 10)
    }
}
