import MIDICore
import PracticeLibrary
import Testing

@Suite("Latency histogram")
struct LatencyHistogramTests {
    @Test("percentiles within 0.1 % of the exact nearest rank, from 1 ms to 1 s")
    func accuracy() {
        var histogram = LatencyHistogram()
        #expect(histogram.percentile(0.5) == nil)
        // 10,000 latencies spread over 1 ms ... 1 s, in a scrambled order.
        var values: [Nanoseconds] = []
        for index in 0..<10_000 {
            let value = Nanoseconds(1_000_000 + (index * 7_919) % 10_000 * 99_900)
            values.append(value)
            histogram.record(value)
        }
        let sorted = values.sorted()
        for fraction in [0.5, 0.9, 0.99, 0.999] {
            let exact = sorted[Int((fraction * Double(sorted.count)).rounded(.up)) - 1]
            let estimate = try! #require(histogram.percentile(fraction))
            #expect(abs(Double(estimate - exact)) <= Double(exact) * 0.001 + 1_000, "p\(fraction)")
        }
        #expect(histogram.count == 10_000)
    }

    @Test("out-of-range latencies are kept at the ends, not lost")
    func extremes() throws {
        let hour: Nanoseconds = 3_600 * 1_000_000_000
        var histogram = LatencyHistogram()
        histogram.record(-5)
        histogram.record(10 * hour)
        #expect(histogram.count == 2)
        let lowest = try #require(histogram.percentile(0))
        let highest = try #require(histogram.percentile(1))
        #expect(lowest <= 1_000)
        #expect(highest >= hour && highest <= hour + hour / 1_000, "\(highest)")
    }
}
