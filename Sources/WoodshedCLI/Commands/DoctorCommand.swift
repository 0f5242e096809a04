import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary
import SessionStore

/// `woodshed doctor [--copy-to NEW]`: checks a library without writing to it and copies what
/// can be read into a new one.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the library for damage, and copy every readable session into a new library.",
        discussion: """
            Runs SQLite's integrity check on the library (read-only: the file is not changed), \
            says what is damaged and how many rows of each table can be read. With --copy-to, \
            copies every session that can be read (its events, ports and your tags) into a new \
            library at that path; `woodshed analyze --all --library NEW` then makes the reports \
            again. Exit 0 when the library is sound, 1 when it is damaged (after the copy).

            Examples:
              woodshed doctor
              woodshed doctor --copy-to ~/library-rescued.sqlite
            """
    )

    @Option(name: .long, help: ArgumentHelp("Copy every readable session into a new library here.", valueName: "path"))
    var copyTo: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let path = library.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw UserError("\(path): no library there", hint: "give one with --library or WOODSHED_LIBRARY")
        }
        let checkup = try Library.checkup(path: path, copyTo: copyTo)
        print("library \(Formatting.escaped(path))")
        if checkup.isSound {
            print("integrity: ok")
        } else {
            print("integrity: DAMAGED")
            for line in checkup.integrity.prefix(20) { print("  \(Formatting.escaped(line))") }
            if checkup.integrity.count > 20 { print("  … \(checkup.integrity.count - 20) more") }
        }
        for (name, rows) in checkup.tables {
            switch rows {
            case .success(let count): print("  \(name): \(Formatting.plural(count, "row")) readable")
            case .failure(let error): print("  \(name): unreadable (\(Formatting.escaped(error.message)))")
            }
        }
        if let copyTo {
            let events = checkup.copied.reduce(0) { $0 + $1.events }
            print(
                "copied \(Formatting.plural(checkup.copied.count, "session")) "
                    + "(\(Formatting.plural(events, "event"))) into \(Formatting.escaped(copyTo))"
            )
            for (id, reason) in checkup.lost {
                print("  session \(id) could not be read: \(Formatting.escaped(reason))")
            }
            if !checkup.copied.isEmpty {
                print("next: woodshed analyze --all --library \(Formatting.escaped(copyTo))")
            }
        }
        if !checkup.isSound {
            throw UserError(
                "the library \(path) is damaged (\(Formatting.plural(checkup.integrity.count, "problem")) found)",
                hint: copyTo == nil
                    ? "woodshed doctor --copy-to NEW.sqlite copies every readable session into a new library" : nil
            )
        }
    }
}
