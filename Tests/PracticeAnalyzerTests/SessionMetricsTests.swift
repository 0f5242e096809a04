import MIDICore
import PracticeAnalyzer
import PracticeSegmenter
import PracticeTestSupport
import Testing

@Suite("Time and focus")
struct SessionMetricsTests {
    let analyzer = WorkflowAnalyzer()

    @Test("time adds up: active + breaks + pauses = total, technique + repertoire + free = active")
    func time() {
        // 0.5 s lead-in, 1.6 s scale, 2 s pause, 3 takes (3.2 + 1.6 + 3.2 s, 2 s apart), 2 s pause,
        // 1.6 s free. Every note sounds 90 % of its beat and the last ends at 19.68 s; the 2 s
        // pauses (2.02 and 2.04 s of silence) are not playing, the gaps inside steps are.
        let builder = TakeMetricsTests.threeTakes()
        let time = analyzer.analyze(builder.segmentation, notes: builder.notes).time
        #expect(time.total == 19.68)
        #expect(time.technique == 1.58)
        #expect(time.repertoire == 7.88)
        #expect(time.free == 1.58)
        #expect(time.active == 11.04)
        #expect(time.active == Seconds.from(Note.activeDuration(of: builder.notes)))
        #expect(time.breaks == 0)
        #expect(time.pauses == 8.64)
        #expect(time.basicsShare == 1_580_000_000.0 / 11_040_000_000.0)
    }

    @Test("playing is the notes' own time; a short pause between two steps counts for the first")
    func playingSplitBySteps() {
        var builder = SessionBuilder(start: 0)
        builder.play(.technique, "scale", material: "t1", keys: [60, 62, 64, 65, 67])
        builder.pause(1)
        builder.play(.free, "free play", material: "f1", keys: [60, 67, 64, 62, 60])
        let time = analyzer.analyze(builder.segmentation, notes: builder.notes).time
        // One stretch of playing, 0 to 2.98 s: the 1.02 s between the steps is bridged.
        #expect(time.active == 2.98)
        #expect(time.technique == 2)
        #expect(time.free == 0.98)
        #expect(time.pauses == 0)
    }

    @Test("rest steps are breaks, not pauses")
    func breaks() {
        var builder = SessionBuilder(start: 0)
        builder.play(.technique, "scale", material: "t1", keys: [60, 62, 64, 65, 67])
        builder.rest(60)
        builder.play(.technique, "scale", material: "t1", keys: [60, 62, 64, 65, 67])
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.time.breaks == 60)
        // The only pause: the builder starts its rest 20 ms after the last note's release.
        #expect(analysis.time.pauses == 0.02)
        #expect(analysis.time.basicsShare == 1)
        // A break does not interrupt the stretch on one material.
        #expect(analysis.focus.contextSwitches == 0)
        #expect(analysis.focus.longestStretch?.duration == 62)
    }

    /// A, B, A, C, A: four switches, two returns (to A twice), in 25-minute blocks of 5 minutes.
    static func scattered() -> SessionBuilder {
        var builder = SessionBuilder(start: 0)
        for material in ["m1", "m2", "m1", "m3", "m1"] {
            // 5 minutes: 1,500 keys 0.2 s apart.
            builder.play(.repertoire, material, material: material, keys: Array(repeating: 60, count: 1_500))
        }
        return builder
    }

    @Test("switches, returns, longest stretch, typical stretch, fragmentation")
    func focus() {
        let builder = Self.scattered()
        let focus = analyzer.analyze(builder.segmentation, notes: builder.notes).focus
        #expect(focus.contextSwitches == 4)
        #expect(focus.returns == 2)
        // 4 switches in 25 minutes.
        #expect(focus.switchesPerHour == 4 / (1_500.0 / 3_600))
        #expect(focus.longestStretch?.material == "m1")
        #expect(focus.longestStretch?.start == 0)
        #expect(focus.longestStretch?.duration == 300)
        #expect(focus.typicalStretch == 300)
        // Windows 0–10 min: m1, m2; 10–20 min: m1, m3; 20–25 min: m1.
        #expect(focus.fragmentation == 5.0 / 3.0)
        #expect(focus.fragmentationPeak == 2)
        // Two returns in 25 minutes: neither focused (≤ 1) nor scattered (≥ 3).
        #expect(focus.style == "mixed")
    }

    @Test("one material after the warm-up is focused; returns to materials make it scattered")
    func style() {
        let focused = TakeMetricsTests.threeTakes()
        #expect(analyzer.analyze(focused.segmentation, notes: focused.notes).focus.style == "focused")
        var builder = SessionBuilder(start: 0)
        for material in ["m1", "m2", "m1", "m2", "m1", "m2"] {
            builder.play(.repertoire, material, material: material, keys: [60, 62, 64, 65])
        }
        let scattered = analyzer.analyze(builder.segmentation, notes: builder.notes).focus
        #expect(scattered.returns == 4)
        #expect(scattered.style == "scattered")
    }

    @Test("free-play blips between takes of one piece are no switches; longer free play is")
    func blips() {
        func session(freePlay keys: Int) -> FocusMetrics {
            var builder = SessionBuilder(start: 0)
            for index in 0..<4 {
                builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), TakePlan()])
                if index < 3 {
                    // 0.2 s a key: 25 keys are a 5 s blip, 250 a 50 s stretch of free play.
                    builder.play(.free, "free play", material: "free", keys: Array(repeating: 70, count: keys))
                }
            }
            return analyzer.analyze(builder.segmentation, notes: builder.notes).focus
        }
        let blips = session(freePlay: 25)
        #expect(blips.contextSwitches == 0 && blips.returns == 0 && blips.style == "focused")
        let free = session(freePlay: 250)
        #expect(free.contextSwitches == 6 && free.returns == 5)
    }

    @Test("an empty session has zero everything and no division by zero")
    func empty() {
        let analysis = analyzer.analyze(Segmentation(duration: 0, steps: [], materials: []), notes: [])
        #expect(analysis.time.active == 0)
        #expect(analysis.time.basicsShare == 0)
        #expect(analysis.focus.switchesPerHour == 0)
        #expect(analysis.focus.style == "empty")
        #expect(analysis.takes.cleanRatio == 0)
        #expect(analysis.passages.isEmpty)
    }
}
