import Foundation
import MIDICapture
import PracticeLibrary
import SessionStore
import Testing

@testable import WoodshedCLI

/// Names from devices and typed by anyone reach the terminal with their control characters
/// escaped (issue 10): `woodshed devices` and `woodshed pieces` (list and show).
struct ControlCharacterOutputTests {
    /// Retitles the terminal window and rings its bell when printed raw.
    static let hostile = "Evil\u{1B}]0;owned\u{07}"
    static let shown = "Evil\\u{1B}]0;owned\\u{7}"

    static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func devicesShowPortAndClientNamesEscaped() {
        let port = SequencerPort(
            address: SequencerAddress(client: 24, port: 0),
            clientName: Self.hostile,
            portName: "Keys\u{1B}[2J",
            isKernelClient: true,
            card: 1,
            capabilities: SequencerPort.Capability.read | SequencerPort.Capability.subscribeRead,
            typeBits: SequencerPort.TypeBit.midiGeneric | SequencerPort.TypeBit.hardware
        )
        let table = DevicesCommand.table(SequencerListing(ports: [port], selection: .controllers, ownClient: nil))
        #expect(table.contains(Self.shown))
        #expect(table.contains("Keys\\u{1B}[2J"))
        #expect(Self.isClean(table), "\(table)")
    }

    @Test func piecesListAndShowEscapeNames() async throws {
        let sandbox = Sandbox()
        let library = try await EverydayUseTests.twoPiecesOfOne(sandbox)
        #expect(await sandbox.run("pieces", "name", "1", Self.hostile) == 0)
        #expect(try library.materials().first?.name == Self.hostile)
        let list = PiecesCommand.List.table(try library.materials())
        #expect(list.contains("practice   \(Self.shown)\n"))
        #expect(Self.isClean(list), "\(list)")
        let show = PieceShowText.render(try PieceOverview.load(1, in: library))
        #expect(show.hasPrefix("piece 1 \"\(Self.shown)\""))
        #expect(Self.isClean(show), "\(show)")
    }
}
