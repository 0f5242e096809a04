import Testing

@testable import MIDICore

@Suite("SysEx payloads out of line")
struct SysExPayloadTests {
    @Test("a payload gives back its bytes, and equal bytes make equal payloads (and hashes)")
    func interned() {
        let identity: [UInt8] = [0xF0, 0x7E, 0x7F, 0x06, 0x02, 0x41, 0xF7]
        let a = SysExPayload(identity)
        let b = SysExPayload(Array(identity))
        let other = SysExPayload([0xF0, 0x7E, 0x7F, 0x06, 0x02, 0x42, 0xF7])
        #expect(a.bytes == identity)
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != other)
        #expect(MIDIMessage.sysEx(a) == .sysEx([0xF0, 0x7E, 0x7F, 0x06, 0x02, 0x41, 0xF7]))
        #expect(MIDIMessage.sysEx(a).bytes == identity)
        #expect(SysExPayload([]).bytes.isEmpty)
        #expect(Set([a, b, other]).count == 2)
    }

    @Test("payloads made on many threads at once are each kept once")
    func concurrent() async {
        let payloads = await withTaskGroup(of: [SysExPayload].self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<200).map { SysExPayload([0xF0, UInt8(($0 + task) % 100), 0x33, 0xF7]) }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(payloads).count == 100)
        for payload in payloads { #expect(payload.bytes.count == 4 && payload.bytes[2] == 0x33) }
    }

    @Test("a message is a plain value: 16 bytes with its time and port, nothing to release")
    func layout() {
        #expect(_isPOD(MIDIMessage.self))
        #expect(_isPOD(TimedMessage.self))
        #expect(MemoryLayout<TimedMessage>.stride == 16)
    }
}
