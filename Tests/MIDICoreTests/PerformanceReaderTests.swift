import Testing

@testable import MIDICore

/// ``Performance/init(midiFile:)`` reads bytes straight into a performance; it must give
/// exactly what reading the file model and asking for its performance gives — messages, ports,
/// duration and errors — on well-formed files of every kind and on corrupt ones.
@Suite("A performance read straight from bytes is the file model's performance")
struct PerformanceReaderTests {
    func expectSame(_ bytes: [UInt8], _ comment: Comment? = nil) {
        let direct = Result { () throws(MIDIFileError) in try Performance(midiFile: bytes) }
        let viaFile = Result { () throws(MIDIFileError) in try StandardMIDIFile(bytes: bytes).performance }
        switch (direct, viaFile) {
        case (.success(let direct), .success(let viaFile)):
            #expect(direct.messages == viaFile.messages, comment)
            #expect(direct.portNames == viaFile.portNames, comment)
            #expect(direct.duration == viaFile.duration, comment)
        case (.failure(let direct), .failure(let viaFile)):
            #expect(direct == viaFile, comment)
        default:
            Issue.record("one read succeeded, the other failed \(comment?.rawValue ?? "")")
        }
    }

    @Test("random files: formats 0, 1 and 2, PPQ and SMPTE, tempo changes, escapes", arguments: 1...30)
    func randomFiles(seed: UInt64) {
        var file = MIDIFileWriterEquivalenceTests().randomFile(seed: seed)
        if seed % 4 == 1 { file.format = .independentSequences }
        for index in file.tracks.indices {
            file.tracks[index].events.removeAll {
                if case .midi(let message) = $0.kind { (0xF1...0xF7).contains(message.status) } else { false }
            }
        }
        expectSame(file.encoded())
    }

    @Test("10,000 mutated files: the same performance or the same error")
    func mutatedFiles() {
        let original = RobustnessTests.validFile()
        var random = RobustnessTests.Random(state: 0x5EED_1234_ABCD_0002)
        for round in 0..<10_000 {
            var bytes = original
            for _ in 0..<(1 + random.below(6)) {
                switch random.below(4) {
                case 0: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeLast(random.below(min(40, bytes.count - 1)))
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count))
                default: bytes[random.below(bytes.count)] = [0x00, 0x7F, 0x80, 0xF0, 0xF7, 0xFF][random.below(6)]
                }
            }
            expectSame(bytes, "round \(round)")
        }
    }

    @Test("a format-2 file with an empty track and times beyond 64 bits")
    func formatTwoEdges() {
        var body: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF]
        for _ in 0..<50 { body += [0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40] }
        body += [0x00, 0xFF, 0x2F, 0x00]
        expectSame(smf(format: 2, division: (0x00, 0x01), tracks: [body, [], body]))
        expectSame(
            smf(format: 2, division: (0x00, 0x60), tracks: [[0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00], []])
        )
    }
}
