public import MIDICore

/// Capture failures a musician can act on.
public enum CaptureError: UserFacingError, Hashable, Sendable {
    case noSequencer
    case sequencerNotAccessible
    case cannotOpen(path: String, reason: String)

    public var message: String {
        switch self {
        case .noSequencer: "no ALSA sequencer: /dev/snd/seq is missing"
        case .sequencerNotAccessible: "cannot open /dev/snd/seq: permission denied"
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .noSequencer: "load the snd-seq module (sudo modprobe snd-seq)"
        case .sequencerNotAccessible: "add yourself to the 'audio' group and log in again"
        case .cannotOpen: nil
        }
    }

    public var exitStatus: ExitStatus { .userError }
}
