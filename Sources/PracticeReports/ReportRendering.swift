public import Foundation

extension PracticeReport {
    /// Pretty-printed JSON with sorted keys, so equal reports give equal bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> PracticeReport {
        try JSONDecoder().decode(PracticeReport.self, from: data)
    }
}
