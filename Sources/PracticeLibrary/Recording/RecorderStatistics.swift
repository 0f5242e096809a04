/// What a recorder has done since it started: counts and one latency histogram, nothing per
/// session or per event, so its memory stays the same after months of recording.
public struct RecorderStatistics: Sendable {
    /// Sessions recorded and closed.
    public internal(set) var sessions = 0
    /// Kernel FIFO overruns (events lost before Woodshed could read them).
    public internal(set) var overruns = 0
    /// Capture-to-durable latency of every event, when the source runs in real time.
    public internal(set) var latency = LatencyHistogram()

    public init() {}
}
