import Foundation
import Hummingbird
import PracticeLibrary
import SessionStore

/// Goals (minutes per week, a target tempo per passage) and deleting a session: a GET page that
/// asks, then a POST that does it. Every POST goes through the one writer and passes the
/// same-origin check (``SameOriginMiddleware``).
extension JournalRoutes {
    /// The longest week a goal can ask for (every minute of it).
    static let minutesInAWeek = 7.0 * 24 * 60

    func registerGoalsAndDelete(on router: Router<BasicRequestContext>) {
        router.post("/goals/week") { request, context in
            let form = try await Self.form(request, context)
            return edit {
                let minutes = try Self.goalNumber(form["minutes"], "minutes per week", upTo: Self.minutesInAWeek)
                try library.setWeeklyMinutesGoal(minutes)
                return Pages.redirect("/")
            }
        }
        router.post("/pieces/:id/goals") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            let form = try await Self.form(request, context)
            return edit {
                let passage = (form["passage"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !passage.isEmpty, !passage.contains(where: \.isNewline), passage.count <= 200 else {
                    throw UserError("a tempo goal needs the passage it is for", hint: "use the form under its chart")
                }
                let unit = form["unit"] == TempoGoal.bpm ? TempoGoal.bpm : TempoGoal.pace
                let value = try Self.goalNumber(form["tempo"], "target tempo", upTo: unit == TempoGoal.bpm ? 400 : 100)
                try library.setTempoGoal(TempoGoal(passage: passage, value: value ?? 0, unit: unit), piece: id)
                return Pages.redirect("/pieces/\(id)#passages")
            }
        }
        router.get("/sessions/:id/delete") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            return page {
                let confirm = try DeletePage.load(id, library: readers, recording: isRecording(id))
                return Pages.render("delete", title: "Delete session \(id)? — Woodshed", section: "sessions", confirm)
            }
        }
        router.post("/sessions/:id/delete") { request, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound() }
            let form = try await Self.form(request, context)
            return edit {
                guard form["confirm"] == "\(id)" else {
                    throw UserError(
                        "session \(id) was not deleted: the confirmation is missing",
                        hint: "delete it from its confirmation page, /sessions/\(id)/delete"
                    )
                }
                if try isRecording(id) { throw LibraryError.sessionIsRecording(id) }
                try library.deleteSession(id)
                return Pages.redirect("/sessions")
            }
        }
    }

    /// Whether a live recorder is writing session `id` (open, and the recorder's lock held).
    func isRecording(_ id: Int64) throws -> Bool {
        guard try readers.session(id).state == .open else { return false }
        guard let path = library.path else { return true }
        return RecorderLock.isHeld(libraryPath: path)
    }

    /// A goal typed into a form: nil for blank or 0 (no goal), else a number in 0…`limit`.
    static func goalNumber(_ text: String?, _ name: String, upTo limit: Double) throws -> Double? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        if text.isEmpty { return nil }
        guard let value = Double(text), value.isFinite, value >= 0, value <= limit else {
            throw UserError(
                "'\(text)' is not a number of \(name)",
                hint: "type a number from 0 to \(Int(limit)) (0 or nothing removes the goal)"
            )
        }
        return value > 0 ? value : nil
    }
}
