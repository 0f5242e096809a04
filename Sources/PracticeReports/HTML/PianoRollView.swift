import MIDICore
import Mustache
import PracticeSegmenter

/// The piano roll of the HTML report: every note as a short horizontal stroke, one key per SVG
/// unit vertically, coloured by the kind of step it was played in, over faint bands for the
/// steps and lines at every C.
///
/// Notes are drawn as one path per kind ("M x y h w" per note) rather than one element each, so
/// an hour of playing (30,000 notes) stays under a megabyte. O(notes + steps).
struct PianoRollView {
    struct Path {
        var kind: String
        var d: String
    }

    struct Band {
        var x: String
        var width: String
        var kind: String
    }

    struct Octave {
        var y: String
        var top: String
        var label: String
    }

    var keys: String
    var paths: [Path]
    var bands: [Band]
    var octaves: [Octave]
    var axis: [TimeAxis.Tick]

    init?(_ report: PracticeReport, notes: [Note]) {
        guard let lowest = notes.map(\.key).min(), let highest = notes.map(\.key).max() else { return nil }
        let duration = max(report.session.duration, report.steps.last?.end ?? 0, 1)
        let x = { (nanoseconds: Int64) in Double(nanoseconds) / 1e9 / duration * 1000 }
        // Two keys of air above and below, at least two octaves tall.
        let low = max(0, Int(lowest) - 2)
        var high = min(127, Int(highest) + 2)
        if high - low < 24 { high = min(127, low + 24) }
        let rows = Double(high - low + 1)
        keys = SVGNumber.format(rows)
        let steps = report.steps.filter { $0.kind != .rest }
        var byKind: [String: String] = [:]
        var stepIndex = 0
        for note in notes {
            let onset = Double(note.onset) / 1e9
            while stepIndex < steps.count && steps[stepIndex].end < onset { stepIndex += 1 }
            let kind =
                stepIndex < steps.count && steps[stepIndex].start <= onset ? steps[stepIndex].kind.rawValue : "other"
            let y = Double(high - Int(note.key)) + 0.5
            let length = max(0.6, x(note.end) - x(note.onset))
            byKind[kind, default: ""] +=
                "M\(SVGNumber.format(x(note.onset))) \(SVGNumber.format(y))h\(SVGNumber.format(length))"
        }
        paths = ["other", "free", "technique", "repertoire"].compactMap { kind in
            byKind[kind].map { Path(kind: kind, d: $0) }
        }
        bands = report.steps.map {
            Band(
                x: SVGNumber.format($0.start / duration * 1000),
                width: SVGNumber.format(max(0.5, ($0.end - $0.start) / duration * 1000)),
                kind: $0.kind.rawValue
            )
        }
        octaves = stride(from: (low + 11) / 12 * 12, through: high, by: 12).map { key in
            let y = Double(high - key) + 1
            return Octave(
                y: SVGNumber.format(y),
                top: SVGNumber.percent(y / rows),
                label: "C\(key / 12 - 1)"
            )
        }
        axis = TimeAxis(duration: duration).ticks
    }
}

extension PianoRollView.Path: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "kind": kind
        case "d": d
        default: nil
        }
    }
}

extension PianoRollView.Band: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "x": x
        case "width": width
        case "kind": kind
        default: nil
        }
    }
}

extension PianoRollView.Octave: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "y": y
        case "top": top
        case "label": label
        default: nil
        }
    }
}

extension PianoRollView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "keys": keys
        case "paths": paths
        case "bands": bands
        case "octaves": octaves
        case "axis": axis
        default: nil
        }
    }
}
