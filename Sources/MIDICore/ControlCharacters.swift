extension String {
    /// The text with every control character shown escaped, for terminals and logs: names and
    /// metadata come from files and devices, and an ESC or BEL printed raw would drive the
    /// terminal (recolour it, retitle the window, hide text). C0 controls, DEL and C1 controls
    /// become `\u{1B}`-style escapes, a backslash stays as it is. O(n); `self` when clean.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isControlCharacter {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F) controls.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
