import MIDICore
import PracticeAnalyzer
import PracticeSegmenter
import PracticeTestSupport
import Testing

@Suite("Process template and automatic tags")
struct ProcessAndTagsTests {
    /// The shape of seeds/process/daily-practice.toml (tests do not read seeds/).
    static let daily = ProcessTemplate(
        name: "daily-practice",
        title: "Daily practice",
        steps: [
            .init(id: "warm-up", title: "Warm-up", kinds: [.technique], minutes: 10),
            .init(id: "passage-work", title: "Passage work", kinds: [.repertoire], activity: .passageWork, minutes: 25),
            .init(id: "run-through", title: "Run-through", kinds: [.repertoire], activity: .runThrough, minutes: 5),
            .init(id: "free-play", title: "Free play", kinds: [.free], minutes: 5, optional: true),
        ]
    )

    /// Scale, passage work on half the piece, a run-through of all of it.
    static func routine(runThroughFirst: Bool) -> SessionBuilder {
        var builder = SessionBuilder(start: 0)
        builder.play(.technique, "D minor scale, 2 octaves", material: "t1", keys: [62, 64, 65, 67, 69, 70, 73, 74])
        let short = TestPassage(chords: Array(TestPassage.demo.chords.prefix(4)))
        let work = { (builder: inout SessionBuilder) in
            builder.repertoire(
                "m1",
                name: "Minuet",
                passage: short,
                passageID: "m1/p1",
                takes: [TakePlan(), TakePlan()]
            )
        }
        let run = { (builder: inout SessionBuilder) in
            builder.repertoire("m1", name: "Minuet", passage: .demo, passageID: "m1/p2", takes: [TakePlan()])
        }
        if runThroughFirst {
            run(&builder)
            work(&builder)
        } else {
            work(&builder)
            run(&builder)
        }
        return builder
    }

    @Test("steps are mapped onto the template in order, with time against the targets")
    func mapping() throws {
        let builder = Self.routine(runThroughFirst: false)
        let analysis = WorkflowAnalyzer().analyze(
            builder.segmentation,
            notes: builder.notes,
            context: AnalysisContext(template: Self.daily)
        )
        #expect(analysis.steps.map(\.activity) == [.scales, .passageWork, .runThrough])
        #expect(analysis.steps.map(\.templateStep) == ["warm-up", "passage-work", "run-through"])
        let process = try #require(analysis.process)
        #expect(process.order == ["warm-up", "passage-work", "run-through"])
        #expect(process.outOfOrder == 0)
        #expect(process.unmatchedSteps == 0)
        // 8 keys × 0.2 s; 2 takes × 4 chords × 0.4 s + 2 s between; 8 chords × 0.4 s.
        #expect(process.steps.map(\.actual) == [1.6, 5.2, 3.2, 0])
        #expect(process.steps.map(\.planned) == [600, 1_500, 300, 300])
        #expect(process.steps.map(\.status) == ["short", "short", "short", "skipped (optional)"])
    }

    @Test("a run-through before the passage work is one step back in the template")
    func outOfOrder() {
        let builder = Self.routine(runThroughFirst: true)
        let process = WorkflowAnalyzer().analyze(
            builder.segmentation,
            notes: builder.notes,
            context: AnalysisContext(template: Self.daily)
        ).process
        #expect(process?.order == ["warm-up", "run-through", "passage-work"])
        #expect(process?.outOfOrder == 1)
    }

    @Test("playing that fits no template step is reported as unmatched")
    func unmatched() {
        let technique = ProcessTemplate(
            name: "scales-only",
            title: "Scales only",
            steps: [.init(id: "scales", title: "Scales", kinds: [.technique])]
        )
        let builder = TakeMetricsTests.threeTakes()
        let process = WorkflowAnalyzer().analyze(
            builder.segmentation,
            notes: builder.notes,
            context: AnalysisContext(template: technique)
        ).process
        #expect(process?.unmatchedSteps == 2)
        #expect(process?.unmatchedTime == 13.6)
        #expect(process?.steps.first?.status == "done")
    }

    @Test("tags: kinds, activity, key, focus, tempo range, device, time of day")
    func tags() {
        var builder = Self.routine(runThroughFirst: false)
        var slow = TakePlan()
        slow.tempo = 0.5
        builder.repertoire("m2", name: "Etude", passage: .demo, takes: [slow, TakePlan(), TakePlan(), TakePlan()])
        let analysis = WorkflowAnalyzer().analyze(
            builder.segmentation,
            notes: builder.notes,
            context: AnalysisContext(startHour: 19, devices: ["Digital Piano MIDI 1"])
        )
        #expect(
            analysis.tags == [
                "d-minor", "digital-piano", "evening", "focused", "repertoire", "run-through", "scales",
                "slow-practice", "technique", "tempo-50-100",
            ]
        )
    }

    @Test("no tempo tags from a passage of two takes: one of them is the reference")
    func noTempoTagsFromTwoTakes() {
        var builder = SessionBuilder()
        var slow = TakePlan()
        slow.tempo = 0.5
        builder.repertoire("m1", name: "Etude", passage: .demo, takes: [slow, TakePlan()])
        let tags = WorkflowAnalyzer().analyze(builder.segmentation, notes: builder.notes).tags
        #expect(!tags.contains { $0.hasPrefix("tempo-") } && !tags.contains("slow-practice"))
        #expect(tags.contains("repertoire"))
    }

    @Test(
        "a device is tagged by the short name a musician knows it by",
        arguments: [
            ("Digital Piano / Digital Piano MIDI 1", "digital-piano"),
            ("CASIO USB-MIDI / CASIO USB-MIDI MIDI 1", "casio-usb-midi"),
            ("Arturia KeyStep 37 / Arturia KeyStep 37 MIDI In", "arturia-keystep-37"),
            ("Digital Piano MIDI 1", "digital-piano"),
            ("/dev/snd/midiC1D0", "midic1d0"),
            ("/dev/ttyUSB0", "ttyusb0"),
            ("— / x", nil),
        ] as [(String, String?)]
    )
    func deviceTags(device: String, tag: String?) {
        #expect(AutomaticTags.deviceTag(device) == tag)
    }

    @Test(
        "labels name activities and keys",
        arguments: [
            ("D minor scale, 3 octaves, hands together", ProcessTemplate.Activity.scales, "d-minor"),
            ("F# major arpeggio", .arpeggios, "f-sharp-major"),
            ("B♭ minor scale", .scales, "b-flat-minor"),
            ("Hanon exercise 1", .exercises, nil),
        ] as [(String, ProcessTemplate.Activity?, String?)]
    )
    func labels(label: String, activity: ProcessTemplate.Activity?, key: String?) {
        let parsed = TechniqueLabel(label)
        #expect(parsed.activity == activity)
        #expect(parsed.key == key)
    }

    /// The shape of seeds/process/technique-focus.toml.
    static let techniqueFocus = ProcessTemplate(
        name: "technique-focus",
        title: "Technique focus",
        steps: [
            .init(id: "scales", title: "Scales", kinds: [.technique], activity: .scales, minutes: 10),
            .init(id: "arpeggios", title: "Arpeggios", kinds: [.technique], activity: .arpeggios, minutes: 10),
            .init(id: "exercises", title: "Exercises", kinds: [.technique], activity: .exercises, minutes: 10),
            .init(id: "repertoire", title: "Piece", kinds: [.repertoire], minutes: 10, optional: true),
        ]
    )

    /// A 130 s warm-up the segmenter named: D minor scale 0–58 s, C major arpeggio 60–98 s, a
    /// chromatic scale 100–108 s, a Hanon-like pattern in G major 110–130 s; then free play.
    static func namedWarmUp() -> (segmentation: Segmentation, notes: [Note]) {
        var builder = SessionBuilder(start: 0)
        builder.play(.technique, "warm-up", material: "t1", keys: Array(repeating: 62, count: 650))
        builder.pause(5)
        builder.play(.free, "free play", material: "f1", keys: [60, 64, 67, 72, 71, 69, 65, 62])
        var segmentation = builder.segmentation
        func exercise(
            _ from: Double,
            _ to: Double,
            _ kind: Exercise.Kind,
            _ tonic: Int?,
            _ mode: Exercise.Mode?
        )
            -> Exercise
        {
            Exercise(start: Int64(from * 1e9), end: Int64(to * 1e9), kind: kind, tonic: tonic, mode: mode, notes: 0..<0)
        }
        segmentation.steps[0].exercises = [
            exercise(0, 58, .scale, 2, .harmonicMinor), exercise(60, 98, .arpeggio, 0, .major),
            exercise(100, 108, .chromaticScale, 1, nil), exercise(110, 130, .hanon, 7, .major),
        ]
        return (segmentation, builder.notes)
    }

    @Test("a warm-up counts exercise by exercise for the template's scales, arpeggios and exercises")
    func exercisesMapToTheirTemplateSteps() throws {
        let (segmentation, notes) = Self.namedWarmUp()
        let analysis = WorkflowAnalyzer().analyze(
            segmentation,
            notes: notes,
            context: AnalysisContext(template: Self.techniqueFocus)
        )
        let process = try #require(analysis.process)
        // Each exercise lasts until the next starts: 60 + 10 s of scales, 40 s, 20 s.
        #expect(process.steps.map(\.actual) == [70, 40, 20, 0])
        #expect(process.order == ["scales", "arpeggios", "exercises"])
        #expect(process.outOfOrder == 1)
        #expect(process.unmatchedSteps == 1)
        #expect(process.unmatchedTime == 1.6)
        #expect(analysis.steps.map(\.activity) == [.scales, nil])
        #expect(analysis.steps.map(\.templateStep) == ["scales", nil])
        // The daily routine has one warm-up step: all of it goes there.
        let daily = WorkflowAnalyzer().analyze(
            segmentation,
            notes: notes,
            context: AnalysisContext(template: Self.daily)
        )
        #expect(daily.process?.steps.map(\.actual) == [130, 0, 0, 1.6])
        #expect(daily.steps.map(\.templateStep) == ["warm-up", "free-play"])
    }

    @Test("tags name every exercise's key and activity")
    func exerciseTags() {
        let (segmentation, notes) = Self.namedWarmUp()
        let tags = WorkflowAnalyzer().analyze(segmentation, notes: notes).tags
        for tag in ["d-minor", "c-major", "g-major", "scales", "arpeggios", "exercises", "technique"] {
            #expect(tags.contains(tag), "missing \(tag) in \(tags)")
        }
        #expect(!tags.contains { $0.hasPrefix("c-sharp") || $0.hasPrefix("d-flat") })
        var unnamed = segmentation
        unnamed.steps[0].exercises = [Exercise(start: 0, end: 130_000_000_000, kind: .exercise, notes: 0..<0)]
        unnamed.steps[0].label = "technique"
        #expect(StepActivity.classify(unnamed)[0] == nil)
        #expect(!WorkflowAnalyzer().analyze(unnamed, notes: notes).tags.contains("scales"))
    }

    @Test(
        "exercise kinds count as scales, arpeggios or exercises",
        arguments: [
            (Exercise.Kind.scale, ProcessTemplate.Activity.scales), (.chromaticScale, .scales), (.thirds, .scales),
            (.arpeggio, .arpeggios), (.brokenChords, .arpeggios), (.hanon, .exercises), (.fiveFinger, .exercises),
            (.exercise, nil),
        ] as [(Exercise.Kind, ProcessTemplate.Activity?)]
    )
    func exerciseActivities(kind: Exercise.Kind, activity: ProcessTemplate.Activity?) {
        #expect(StepActivity.activity(of: kind) == activity)
    }

    @Test("time of day and slugs")
    func words() {
        #expect(
            [4, 5, 11, 12, 16, 17, 21, 22].map(AutomaticTags.timeOfDay) == [
                "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening", "night",
            ]
        )
        #expect(AutomaticTags.slug("Für Elise, Op. posth.") == "für-elise-op-posth")
    }
}
