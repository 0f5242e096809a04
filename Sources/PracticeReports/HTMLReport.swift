public import MIDICore

extension PracticeReport {
    /// One self-contained HTML page. Stub.
    public func html(notes: [Note]) -> String { "" }
}
