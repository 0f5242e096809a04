import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary

/// The `woodshed` command: a practice recorder and analyser for MIDI keyboards.
struct WoodshedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "woodshed",
        abstract: "Records every note you practise on a MIDI keyboard and shows how the practice went.",
        discussion: """
            Sessions live in one SQLite library (see --library on each command).

            Examples:
              woodshed record
              woodshed devices
              woodshed import Fixtures/practice-demo.mid
              woodshed sessions
              woodshed report latest --format html -o today.html
              woodshed stats --since 30d
              woodshed export 1 -o session1.mid
              woodshed analyze --session 1
              woodshed serve --open
            """,
        version: WoodshedVersion.string,
        subcommands: [
            RecordCommand.self,
            DevicesCommand.self,
            ImportCommand.self,
            SessionsCommand.self,
            ExportCommand.self,
            DeleteCommand.self,
            AnalyzeCommand.self,
            ReportCommand.self,
            StatsCommand.self,
            TagCommand.self,
            PiecesCommand.self,
            DoctorCommand.self,
            ServeCommand.self,
        ]
    )

}

/// The entry point the `woodshed` executable calls.
public enum WoodshedMain {
    /// Parses `arguments`, runs the command and returns the process exit code (``ExitStatus``):
    /// 0 success, 1 user error (bad arguments, input or id), 2 internal error.
    /// Errors are printed to standard error as one line: ArgumentParser's own in its words,
    /// every other as its ``UserFacingError`` line (`Error.userFacing` decides).
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try await WoodshedCommand.asyncParseAsRoot(arguments)
        } catch {
            // Help and --version arrive here as "errors" with exit code 0.
            let code = WoodshedCommand.exitCode(for: error).rawValue
            let message = WoodshedCommand.fullMessage(for: error)
            if code == 0 {
                print(message)
                return 0
            }
            Terminal.printError(oneLine(message))
            return ExitStatus.userError.rawValue
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return ExitStatus.success.rawValue
        } catch let exit as ArgumentParser.ExitCode {
            return exit.rawValue
        } catch let error as CleanExit {
            print(WoodshedCommand.fullMessage(for: error))
            return ExitStatus.success.rawValue
        } catch let error as ValidationError {
            Terminal.printError(error.message)
            return ExitStatus.userError.rawValue
        } catch  where !(error is any UserFacingError) && WoodshedCommand.exitCode(for: error) == .success {
            // `woodshed help X` runs ArgumentParser's help command, which hands its page over
            // as an error of a type ArgumentParser does not make public, with exit code 0.
            print(WoodshedCommand.fullMessage(for: error))
            return ExitStatus.success.rawValue
        } catch {
            let problem = error.userFacing
            Terminal.printError(problem.line)
            return problem.exitStatus.rawValue
        }
    }

    /// ArgumentParser's error message ("Error: …", usage, "See 'woodshed X --help' …") as one
    /// line: the error, then where the help is.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var error = lines.first { !$0.isEmpty } ?? "invalid arguments"
        if error.hasPrefix("Error: ") { error.removeFirst("Error: ".count) }
        if let first = error.first, error.dropFirst().first?.isLowercase == true {
            error = first.lowercased() + error.dropFirst()
        }
        guard let see = lines.first(where: { $0.hasPrefix("See '") }),
            let help = see.dropFirst("See '".count).split(separator: "'").first
        else { return error }
        return "\(error) — see '\(help)'"
    }
}
