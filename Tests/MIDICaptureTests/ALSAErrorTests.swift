import CALSA
import Testing

@testable import MIDICapture

@Test func alsaLibDiagnosticsBecomePartOfTheError() throws {
    ALSADiagnostics.install()
    _ = ALSADiagnostics.takeLast()
    var handle: OpaquePointer? = nil
    // An unknown sequencer name fails in alsa-lib's configuration lookup, which normally prints
    // "ALSA lib seq.c:…(snd_seq_open_noupdate) Unknown SEQ …" on stderr; works without a sound card.
    let error = #expect(throws: ALSAError.self) {
        try check(snd_seq_open(&handle, "woodshed-no-such-sequencer", SND_SEQ_OPEN_INPUT, 0), "open the test sequencer")
    }
    #expect(error?.operation == "open the test sequencer")
    #expect(error?.code ?? 0 < 0)
    #expect(error?.reason.isEmpty == false)
    #expect(error?.detail?.contains("woodshed-no-such-sequencer") == true)
    #expect(error?.message.hasPrefix("cannot open the test sequencer: ") == true)
}

@Test func successfulCallsReturnTheirValue() throws {
    #expect(try check(7, "anything") == 7)
}
