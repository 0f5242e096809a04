internal import CALSA
import Glibc
public import MIDICore
import Synchronization

/// A failed alsa-lib call: what Woodshed was doing, alsa-lib's `snd_strerror` text and code,
/// and the diagnostic alsa-lib wanted to print on stderr for it, if any.
public struct ALSAError: UserFacingError, Hashable, Sendable {
    /// What was being done, in words a musician can follow ("open the ALSA sequencer").
    public var operation: String
    /// The negative errno alsa-lib returned (for example -2 for ENOENT).
    public var code: Int32
    /// `snd_strerror(code)`.
    public var reason: String
    /// alsa-lib's own diagnostic for this failure (normally printed on stderr), if it gave one.
    public var detail: String?

    public init(operation: String, code: Int32, reason: String, detail: String? = nil) {
        self.operation = operation
        self.code = code
        self.reason = reason
        self.detail = detail
    }

    /// "cannot <operation>: <reason> (<detail>)".
    public var message: String {
        var line = "cannot \(operation): \(reason)"
        if let detail, !detail.isEmpty { line += " (\(detail))" }
        return line
    }

    /// What usually causes it, by errno: no driver, no permission, or either.
    public var hint: String? {
        switch -code {
        case ENOENT, ENODEV, ENXIO: "is the sound driver loaded? (sudo modprobe snd-seq)"
        case EACCES, EPERM: "are you in the 'audio' group? (add yourself and log in again)"
        default: "is the sound driver loaded, and are you in the 'audio' group?"
        }
    }

    public var exitStatus: ExitStatus { .userError }
}

/// Checks an alsa-lib return code: negative values become an ``ALSAError`` for `operation`,
/// anything else is returned (many calls return a port, queue or client number).
///
/// The one place where alsa-lib's error convention is interpreted.
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(ALSAError) -> Int32 {
    guard result < 0 else { return result }
    throw ALSAError(
        operation: operation(),
        code: result,
        reason: String(cString: snd_strerror(result)),
        detail: ALSADiagnostics.takeLast()
    )
}

/// alsa-lib prints diagnostics on stderr ("ALSA lib seq_hw.c:466:(snd_seq_hw_open) open
/// /dev/snd/seq failed"); a command-line tool must not. They are captured here instead and
/// attached to the ``ALSAError`` of the call that failed.
enum ALSADiagnostics {
    private static let last = Mutex<String?>(nil)
    private static let installed = Mutex(false)

    /// Routes alsa-lib's diagnostics here. Idempotent; call before the first alsa-lib call.
    static func install() {
        installed.withLock { done in
            guard !done else { return }
            done = true
            _ = calsa_install_error_sink { file, line, function, _, message in
                let text = message.map { String(cString: $0) } ?? ""
                let origin = function.map { String(cString: $0) } ?? file.map { String(cString: $0) } ?? "alsa-lib"
                ALSADiagnostics.record("\(origin):\(line): \(text)")
            }
        }
    }

    static func record(_ text: String) {
        last.withLock { $0 = text }
    }

    /// The most recent diagnostic, cleared by reading it.
    static func takeLast() -> String? {
        last.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
