import Testing

@testable import MIDICapture

@Test func wholeMessageInOneChunk() {
    var assembler = SysExAssembler()
    #expect(assembler.add([0xF0, 0x41, 0x10, 0xF7]) == [[0xF0, 0x41, 0x10, 0xF7]])
    #expect(!assembler.isOpen)
}

@Test(arguments: [1, 2, 3, 7, 32])
func anyChunkingGivesTheSameMessage(chunkSize: Int) {
    let message: [UInt8] = [0xF0] + (0..<100).map { UInt8($0 % 128) } + [0xF7]
    var assembler = SysExAssembler()
    var out: [[UInt8]] = []
    var index = 0
    while index < message.count {
        out += assembler.add(message[index..<min(index + chunkSize, message.count)])
        index += chunkSize
    }
    #expect(out == [message])
}

@Test func newStartCutsAnUnfinishedMessageWithoutLosingIt() {
    var assembler = SysExAssembler()
    #expect(assembler.add([0xF0, 0x01, 0x02]).isEmpty)
    #expect(assembler.add([0xF0, 0x03, 0xF7]) == [[0xF0, 0x01, 0x02], [0xF0, 0x03, 0xF7]])
}

@Test func flushReturnsThePartialMessage() {
    var assembler = SysExAssembler()
    _ = assembler.add([0xF0, 0x01])
    #expect(assembler.flush() == [0xF0, 0x01])
    #expect(assembler.flush() == nil)
}

@Test func continuationWithoutStartIsKeptAsAFragment() {
    var assembler = SysExAssembler()
    #expect(assembler.add([0x05, 0x06, 0xF7]) == [[0x05, 0x06, 0xF7]])
}

@Test func overlongMessagesAreCutAndCounted() {
    var assembler = SysExAssembler(maxLength: 4)
    #expect(assembler.add([0xF0, 1, 2, 3, 4, 5, 0xF7]) == [[0xF0, 1, 2, 0xF7]])
    #expect(assembler.truncated == 1)
}
