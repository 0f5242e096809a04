import Foundation

/// The repertoire segments of a session's truth file (`sessionNN.truth.json`): one attempt at a
/// passage each, as the evaluation folder's README describes them.
struct TruthFile {
    struct Segment {
        /// Seconds from the start of the file.
        var start: Double
        var end: Double
        var material: String
        /// "Composer:Piece@A-B", when the segment names its passage.
        var passage: String?
        /// The passage's A and B: downbeat A to downbeat B of the performance, 0-based (bars A+1
        /// to B counted from the first full bar).
        var downbeats: (first: Int, last: Int)?
        /// "both", or the hand ("L", "R") playing alone.
        var hand: String
        var complete: Bool
    }

    var repertoire: [Segment]

    /// Reads `url`; segments of other kinds, or without start, end or material, are left out.
    init(_ url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        repertoire = (object["segments"] as? [[String: Any]] ?? []).compactMap { item in
            guard item["kind"] as? String == "repertoire", let start = item["start"] as? Double,
                let end = item["end"] as? Double, let material = item["material"] as? String
            else { return nil }
            let passage = item["passage"] as? String
            let range = passage?.lastIndex(of: "@").map { at in
                passage![passage!.index(after: at)...].split(separator: "-").compactMap { Int($0) }
            }
            return Segment(
                start: start,
                end: end,
                material: material,
                passage: passage,
                downbeats: range.flatMap { $0.count == 2 ? (first: $0[0], last: $0[1]) : nil },
                hand: item["hand"] as? String ?? "both",
                complete: item["complete"] as? Bool == true
            )
        }
    }

    /// The segment playing at `time` seconds, if any.
    func segment(at time: Double) -> Segment? {
        repertoire.first { $0.start <= time && time <= $0.end }
    }
}
