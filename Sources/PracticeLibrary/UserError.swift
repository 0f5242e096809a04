/// A problem the user can fix (bad input, missing file, wrong id): exit code 1.
public struct UserError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
