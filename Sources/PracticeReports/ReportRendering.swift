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

    /// A plain text summary for a terminal: one line per step, takes indented.
    public func text() -> String {
        var lines: [String] = []
        lines.append(
            "Session: \(Self.clock(session.duration)) long, \(Self.clock(session.activeTime)) playing, "
                + "\(session.notes) notes"
        )
        lines.append(
            "\(steps.filter { $0.kind != .rest }.count) steps, \(metrics.takes) takes, "
                + "\(metrics.contextSwitches) context switches"
        )
        for step in steps {
            let span = "\(Self.clock(step.start))–\(Self.clock(step.end))"
            let material = step.material.map { " [\($0)]" } ?? ""
            lines.append("\(span)  \(step.kind.rawValue)\(material)  \(step.label)")
            for (index, take) in step.takes.enumerated() {
                let state = take.complete ? "" : "  (stopped early)"
                lines.append(
                    "    take \(index + 1)  \(Self.clock(take.start))–\(Self.clock(take.end))  \(take.passage)\(state)"
                )
            }
        }
        if let process {
            lines.append("")
            lines.append("Process: \(process.title)")
            for step in process.steps {
                let target = step.targetMinutes.map { " of \(Self.minutes($0)) min" } ?? ""
                lines.append(
                    "  \(step.status.rawValue.padding(7))\(step.title): \(Self.minutes(step.minutes)) min\(target)"
                )
            }
            if !process.outOfOrder.isEmpty {
                lines.append("  out of order: \(process.outOfOrder.joined(separator: ", "))")
            }
            for index in process.unmatched {
                let step = steps[index]
                lines.append(
                    "  matches no step: \(step.kind.rawValue) \(Self.clock(step.start))–\(Self.clock(step.end))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func minutes(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// m:ss for seconds.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        let s = total % 60
        return "\(total / 60):\(s < 10 ? "0" : "")\(s)"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
