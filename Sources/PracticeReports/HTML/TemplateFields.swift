import Mustache

/// The check behind the view models answering Mustache themselves (this module's report and
/// stats pages, and the journal's in JournalServer): each is a
/// ``MustacheParent`` whose `child(named:)` is a `switch` over its stored properties (no
/// `Mirror` walk per `{{name}}`), and a `switch` can forget a field that `Mirror` would have
/// found. ``mismatches(in:)`` walks a value as the engine's fallback would and names every
/// field `child(named:)` answers differently, and every struct that is no `MustacheParent`.
/// ``HTMLPages/render(_:_:)`` and the journal's `Pages.fill` run it in debug builds, so the
/// tests, which render every page, fail on a forgotten case.
package enum TemplateFields {
    /// What differs between `value`'s `Mirror` and its `child(named:)` answers, recursively
    /// (optionals, arrays and the fields' own values); empty when they agree.
    package static func mismatches(in value: Any, at path: String = "page") -> [String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { mismatches(in: $0.value, at: path) } ?? []
        case .collection, .set:
            return mirror.children.enumerated().flatMap { index, element in
                mismatches(in: element.value, at: "\(path)[\(index)]")
            }
        case .struct, .class:
            guard let parent = value as? any MustacheParent else {
                return ["\(path): \(type(of: value)) is read through Mirror (make it a MustacheParent)"]
            }
            var found: [String] = []
            for child in mirror.children {
                guard let label = child.label else { continue }
                let expected = unwrapped(child.value)
                let answered = parent.child(named: label)
                let place = "\(path).\(label)"
                switch (expected, answered) {
                case (nil, nil):
                    continue
                case (let expected?, let answered?):
                    if type(of: expected) != type(of: answered) {
                        found.append("\(place): \(type(of: answered)) answered, \(type(of: expected)) stored")
                    } else if Mirror(reflecting: expected).displayStyle == nil,
                        String(describing: expected) != String(describing: answered)
                    {
                        found.append("\(place): \"\(answered)\" answered, \"\(expected)\" stored")
                    } else {
                        found += mismatches(in: answered, at: place)
                    }
                case (nil, _?):
                    found.append("\(place): a value answered where none is stored")
                case (_?, nil):
                    found.append("\(place): not answered by child(named:)")
                }
            }
            return found
        default:
            return []
        }
    }

    /// The value an optional holds (nil for none); anything else as it is.
    package static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}
