import MIDICore

/// The longest SysEx message Woodshed stores: 1 MiB. A longer one (a sample dump, a firmware
/// transfer) keeps its first 1 MiB and its closing 0xF7, and the recorder says so — a warning on
/// the status line and in the log with the count so far — rather than holding an unbounded
/// message in memory. A MIDI file's SysEx is stored whole: its length is in the file.
public enum SysExLimit {
    /// 1 MiB.
    public static let bytes = 1 << 20

    /// The warning for the `count`th message cut.
    public static func warning(count: Int) -> String {
        "a SysEx message longer than 1 MiB was cut to its first 1 MiB (\(count) so far); "
            + "record long dumps with another tool"
    }
}
