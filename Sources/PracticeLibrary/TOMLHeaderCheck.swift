import MIDICore

/// A table header that TOMLKit cannot be given. Its parser (toml++) asserts — aborting the
/// process — when a header's `[` or `[[` (and spaces) is followed by anything but a key: a bare
/// key character, a quote, or `]` (`[[�tep]]`, `[{x}]`, `[` at the end of a line; found by
/// scripts/fuzz template). Its other paths to a key check first. This scan finds such a header
/// before TOMLKit sees the text: one pass over the text (O(n)), following strings, comments,
/// arrays and inline tables, so that a `[` inside a value is not taken for a header; a text that
/// is not TOML there would fail TOMLKit's own checks before it reached the header.
enum TOMLHeaderCheck {
    /// The 1-based line and the character found where the name should start, of the first
    /// top-level header that does not start with a key; nil when there is none.
    static func badHeader(in text: String) -> (line: Int, found: Unicode.Scalar)? {
        let scalars = Array(text.unicodeScalars)
        var line = 1
        var depth = 0  // open arrays and inline tables
        var atStatement = true  // only blanks since a line break at the top level
        var inHeader = false  // between a header's `[` and its line's end: brackets are the header's
        var index = 0
        func starts(_ quote: Unicode.Scalar, thrice at: Int) -> Bool {
            at + 2 < scalars.count && scalars[at] == quote && scalars[at + 1] == quote && scalars[at + 2] == quote
        }
        // Skips a string opening at `index` (the quote), counting its lines; leaves `index` after it.
        func skipString() {
            let quote = scalars[index]
            let multiLine = starts(quote, thrice: index)
            index += multiLine ? 3 : 1
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\\" && quote == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\n" { line += 1 }
                    index += 2
                    continue
                }
                if scalar == "\n" {
                    line += 1
                    if !multiLine { return }  // not TOML; TOMLKit says so
                }
                if multiLine ? starts(quote, thrice: index) : scalar == quote {
                    index += multiLine ? 3 : 1
                    return
                }
                index += 1
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                line += 1
                inHeader = false
                atStatement = depth == 0
                index += 1
            case " ", "\t", "\r":
                index += 1
            case "#":
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "\"", "'":
                atStatement = false
                skipString()
            case "[" where atStatement && depth == 0:
                var next = index + 1
                if next < scalars.count, scalars[next] == "[" { next += 1 }
                while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
                // At the end of the text TOMLKit reports the header itself.
                if next < scalars.count {
                    let found = scalars[next]
                    if !(isBareKeyCharacter(found) || found == "\"" || found == "'" || found == "]") {
                        return (line, found)
                    }
                }
                atStatement = false
                inHeader = true
                index = next
            case "[", "{":
                atStatement = false
                if !inHeader { depth += 1 }
                index += 1
            case "]", "}":
                atStatement = false
                if !inHeader { depth = max(0, depth - 1) }
                index += 1
            default:
                atStatement = false
                index += 1
            }
        }
        return nil
    }

    /// TOML 1.0's bare key characters: A–Z, a–z, 0–9, `_` and `-`.
    static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// The one-line error for a bad header in `source`, or nil.
    static func error(in text: String, source: String) -> String? {
        guard let (line, found) = badHeader(in: text) else { return nil }
        let what = "'\(String(found).escapingControlCharacters)'"
        return "\(source):\(line): not valid TOML (a table header must start with a name — letters, digits, "
            + "_ or -, or a name in quotes — not \(what))"
    }
}
