import Foundation
import MIDICore

extension PracticeReport {
    /// The same report with control characters in every string shown escaped
    /// (``Swift/String/escapingControlCharacters``), for the renderings a terminal shows: text
    /// and Markdown. File, track, device and piece names come from outside; an ESC or BEL in
    /// one must not reach the terminal raw. HTML escapes on its own, JSON encodes them. The
    /// report itself when it has none. O(report size).
    func escapingControlCharacters() -> PracticeReport {
        guard let data = try? JSONEncoder().encode(self),
            let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return self }
        var changed = false
        func escape(_ node: Any) -> Any {
            switch node {
            case let text as String:
                let escaped = text.escapingControlCharacters
                if escaped != text { changed = true }
                return escaped
            case let array as [Any]: return array.map(escape)
            case let object as [String: Any]: return object.mapValues(escape)
            default: return node
            }
        }
        let escaped = escape(tree)
        guard changed, let out = try? JSONSerialization.data(withJSONObject: escaped, options: [.fragmentsAllowed]),
            let report = try? PracticeReport.decode(out)
        else { return self }
        return report
    }
}
