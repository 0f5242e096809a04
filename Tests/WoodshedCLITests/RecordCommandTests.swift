import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore
import Testing

@testable import WoodshedCLI

struct RecordCommandTests {
    @Test func recordsAFileAsOneSessionWithItsExactEvents() async throws {
        let sandbox = Sandbox()
        let performance = demoPerformance()
        let path = sandbox.write(
            StandardMIDIFile(performance: performance, portNames: ["left", "right"]).encoded(),
            "take.mid"
        )
        #expect(await sandbox.run("record", "--from", path, "--quiet") == 0)
        let library = try Library(path: sandbox.library)
        let sessions = try library.sessions()
        #expect(sessions.count == 1)
        let session = try #require(sessions.first)
        #expect(session.state == .closed && session.sourceKind == .stream)
        let stored = try library.events(session: session.id).compactMap(\.timedMessage)
        // Ports are numbered in order of first event; the session keeps the file's time 0.
        #expect(stored.map(\.message) == performance.map(\.message))
        #expect(zip(stored, performance).allSatisfy { abs($0.time - $1.time) <= 500_000 })
    }

    /// A file's tracks are no instruments: like an import, `record --from FILE` tags no device.
    @Test func aRecordedFileIsTaggedLikeAnImport() async throws {
        let sandbox = Sandbox()
        let file = StandardMIDIFile(performance: demoPerformance(), portNames: ["Piano left", "Piano right"])
        let path = sandbox.write(file.encoded(), "lesson.mid")
        #expect(await sandbox.run("record", "--from", path, "--quiet") == 0)
        let tags = try #require(try Library(path: sandbox.library).sessions().first).tags
        #expect(tags.contains("technique"))
        #expect(!tags.contains { $0.contains("lesson") || $0.contains("track") || $0.contains("piano") })
    }

    @Test func silenceLongerThanTheGapStartsANewSession() async throws {
        let sandbox = Sandbox()
        let second = Nanoseconds.nanosecondsPerSecond
        let performance = [
            TimedMessage(time: 0, message: .noteOn(channel: 0, key: 60, velocity: 90)),
            TimedMessage(time: 1 * second, message: .noteOff(channel: 0, key: 60, velocity: 64)),
            TimedMessage(time: 20 * second, message: .noteOn(channel: 0, key: 62, velocity: 90)),
            TimedMessage(time: 21 * second, message: .noteOff(channel: 0, key: 62, velocity: 64)),
            TimedMessage(time: 25 * second, message: .noteOn(channel: 0, key: 64, velocity: 90)),
            TimedMessage(time: 26 * second, message: .noteOff(channel: 0, key: 64, velocity: 64)),
        ]
        let path = sandbox.write(StandardMIDIFile(performance: performance).encoded(), "gaps.mid")
        #expect(await sandbox.run("record", "--from", path, "--session-gap", "10s", "--quiet") == 0)
        let sessions = try Library(path: sandbox.library).sessions().sorted { $0.id < $1.id }
        #expect(sessions.map(\.noteCount) == [1, 2])
        #expect(sessions.map(\.durationNs) == [1 * second, 6 * second])
    }

    @Test func recordsARawByteStream() async throws {
        let sandbox = Sandbox()
        let path = sandbox.write([0x90, 60, 100, 60, 0, 0xF0, 0x7D, 0x01, 0xF7], "bytes.raw")
        #expect(await sandbox.run("record", "--from", path, "--quiet") == 0)
        let library = try Library(path: sandbox.library)
        let session = try #require(try library.sessions().first)
        let messages = try library.events(session: session.id).compactMap(\.timedMessage).map(\.message)
        #expect(
            messages == [
                .noteOn(channel: 0, key: 60, velocity: 100),
                .noteOff(channel: 0, key: 60, velocity: MIDIMessage.noteOnVelocityZero),
                .sysEx([0xF0, 0x7D, 0x01, 0xF7]),
            ]
        )
    }

    @Test func userErrorsExitWithOne() async {
        let sandbox = Sandbox()
        #expect(await sandbox.run("record", "--from", sandbox.root + "/missing.raw") == 1)
        #expect(await sandbox.run("record", "--session-gap", "soon") == 1)
        #expect(await sandbox.run("record", "--all", "--port", "20:0") == 1)
        #expect(await sandbox.run("record", "--port", "20:x") == 1)
    }

    @Test(arguments: [("90s", Int64(90)), ("10m", 600), ("1h30m", 5400), ("45", 45)])
    func sessionGapDurations(text: String, seconds: Int64) throws {
        #expect(try RecordCommand.parseDuration(text) == seconds * .nanosecondsPerSecond)
    }

    @Test(.enabled(if: !SequencerListing.isAvailable, "this machine has a sequencer"))
    func devicesWithoutSequencerIsAUserError() async {
        #expect(await WoodshedMain.run(arguments: ["devices"]) == 1)
    }

    @Test func devicesTableAndJSON() throws {
        let port = SequencerPort(
            address: SequencerAddress(client: 24, port: 0),
            clientName: "Digital Piano",
            portName: "Digital Piano MIDI 1",
            isKernelClient: true,
            card: 1,
            capabilities: SequencerPort.Capability.read | SequencerPort.Capability.subscribeRead,
            typeBits: SequencerPort.TypeBit.hardware
        )
        let listing = SequencerListing(ports: [port], selection: .controllers, ownClient: 130)
        #expect(DevicesCommand.table(listing).contains("24:0"))
        let json = try DevicesCommand.json(listing)
        #expect(json.contains("\"recorded\" : true") && json.contains("\"kind\" : \"controller\""))
    }
}
