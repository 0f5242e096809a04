import Foundation
import MIDICore
import PracticeLibrary
import PracticeReports
import SessionStore
import Testing

/// Sessions that once trapped analysis (issue 10): stored as they came, whatever their times
/// claim, they analyse, report and render; analysis works within ``SessionSpan/plausible``.
@Suite struct HostileSessionTests {
    /// Stores `events` as an imported session (the library takes any times) and returns its id.
    private func store(_ events: [RawEvent], in library: Library) throws -> Int64 {
        try library.importSession(
            NewSession(start: Date(timeIntervalSince1970: 1_764_000_000), sourceKind: .import, source: "hostile.mid"),
            ports: [PortInfo(port: 0, name: "track 1", address: "file")],
            events: events
        )
    }

    private func note(_ time: Int64, _ key: UInt8, on: Bool = true) -> RawEvent {
        RawEvent(time: time, port: 0, bytes: [on ? 0x90 : 0x80, key, on ? 80 : 0])
    }

    /// Analysis, the stored report and every rendering of a stored session.
    private func analyseEverywhere(_ id: Int64, in library: Library) throws -> PracticeReport {
        let result = try SessionAnalysis.analyzeMarked(sessionID: id, in: library)
        #expect(try library.failedAnalyses().isEmpty)
        _ = result.report.text()
        _ = result.report.markdown()
        _ = result.report.html(notes: result.notes)
        #expect(result.report.session.duration <= Double(SessionSpan.plausible) / 1e9)
        return result.report
    }

    @Test func absurdDeltaTimesAnalyse() throws {
        let library = try Library.inMemory()
        // 3,200 notes 167,185 hours apart, as a 51-byte file once claimed: past Int64 when summed.
        let step: Int64 = 601_866_041 * .nanosecondsPerSecond
        var events: [RawEvent] = []
        for index in 0..<3_200 {
            let time = Int64(index).multipliedReportingOverflow(by: step)
            let onset = time.overflow ? Int64.max - 20 : time.partialValue
            events.append(note(onset, UInt8(48 + index % 24)))
            events.append(note(onset + 10, UInt8(48 + index % 24), on: false))
        }
        events.sort { $0.time < $1.time }
        let report = try analyseEverywhere(try store(events, in: library), in: library)
        // Only the first note lies within the plausible span; the rest is left out, not summed.
        #expect(report.session.notes == 1)
    }

    @Test func notesThatNeverEndAnalyseInTimeBoundedByEvents() throws {
        let library = try Library.inMemory()
        // 20,000 note-ons 1 ms apart, never released, then a controller a day and more later.
        var events: [RawEvent] = []
        for index in 0..<20_000 {
            let status = 0x90 | UInt8(index % 16)
            let key = UInt8(21 + index % 88)
            events.append(RawEvent(time: Int64(index) * .nanosecondsPerMillisecond, port: 0, bytes: [status, key, 64]))
        }
        events.append(RawEvent(time: 3 * SessionSpan.plausible, port: 0, bytes: [0xB0, 7, 100]))
        let started = ContinuousClock.now
        let report = try analyseEverywhere(try store(events, in: library), in: library)
        #expect(report.session.duration <= Double(SessionSpan.plausible) / 1e9)
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    @Test func manyNotesAtOneInstantAndControllerFloodsAnalyse() throws {
        let library = try Library.inMemory()
        var events: [RawEvent] = []
        for index in 0..<50_000 { events.append(note(0, UInt8(index % 128))) }
        for index in 0..<50_000 { events.append(note(0, UInt8(index % 128), on: false)) }
        for index in 0..<100_000 {
            events.append(RawEvent(time: 5_000_000_000, port: 0, bytes: [0xB0, 64, UInt8(index % 2 * 127)]))
        }
        _ = try analyseEverywhere(try store(events, in: library), in: library)
    }

    @Test func failedAnalysisIsMarkedAndSkipped() throws {
        let folder = TemporaryFolder()
        let library = try Library(path: folder.root + "/library.sqlite")
        let good = try store([note(0, 60), note(500_000_000, 60, on: false)], in: library)
        let bad = try store([note(0, 62), note(500_000_000, 62, on: false)], in: library)
        try library.failAnalysis(session: bad, reason: "it trapped")
        #expect(try library.failedAnalyses()[bad]?.reason == "it trapped")
        let reports = try ReportCache.currentReports(sessionIDs: [good, bad], in: library)
        #expect(reports.map(\.sessionID) == [good])
        // Asked for alone, it is analysed again, and the mark goes when that works.
        _ = try SessionAnalysis.analyzeMarked(sessionID: bad, in: library)
        #expect(try library.failedAnalyses().isEmpty)
    }

    @Test func analysisStartedByAProcessThatDiedIsAFailure() throws {
        let folder = TemporaryFolder()
        let path = folder.root + "/library.sqlite"
        let library = try Library(path: path)
        let id = try store([note(0, 60), note(500_000_000, 60, on: false)], in: library)
        try library.beginAnalysis(session: id)
        #expect(try library.failedAnalyses().isEmpty, "in progress in this process")
        // The mark of a process that is gone: pid 0x7FFFFFF0 is never a live process.
        try library.beginAnalysis(session: id, pid: 0x7FFF_FFF0)
        #expect(try library.failedAnalyses()[id]?.reason == nil)
        #expect(try library.failedAnalyses()[id] != nil)
    }
}
