import Synchronization

/// How many captured events wait between a live capture thread and the recorder, bounded.
///
/// The capture thread never waits for the recorder (a keyboard cannot be asked to slow down),
/// so when the recorder falls behind for long — a machine too slow for the rate, a stalled
/// disk — its events would pile up without end: a guest VM fed 10,000 events/s grew the queue
/// to 741 MB before the OOM killer ended it. With a backlog, a batch that does not fit loses its
/// MIDI messages; devices coming and going, warnings and failures are always kept (they are
/// few, and the recorder's state needs them). The count of dropped messages reaches the
/// recorder as one ``CaptureEvent/dropped(count:time:)`` when there is room again (or when
/// capture ends), and is stored as an overrun of that many events.
///
/// The producer adds a batch's events when it queues it and the consumer subtracts them when
/// it takes the batch (``bounded(_:onCancel:)``): the count is what is queued, not yet handed
/// out.
public final class CaptureBacklog: Sendable {
    /// The default limit: 100,000 events — 2 s at 50,000 events/s, 10 s at 10,000/s, about
    /// 6 MB queued (a captured event takes some 50 bytes, plus its batch).
    public static let defaultLimit = 100_000

    /// Events that may wait; a batch that would pass it loses its messages.
    public let limit: Int
    private let queued = Atomic<Int>(0)

    public init(limit: Int = CaptureBacklog.defaultLimit) {
        precondition(limit > 0, "a capture backlog holds at least one event")
        self.limit = limit
    }

    /// Events queued and not yet taken.
    public var count: Int { queued.load(ordering: .relaxed) }

    /// Adds `count` events when they fit under the limit; false (nothing added) when not.
    func admit(_ count: Int) -> Bool {
        var current = queued.load(ordering: .relaxed)
        while current + count <= limit {
            let (exchanged, original) = queued.compareExchange(
                expected: current,
                desired: current + count,
                ordering: .relaxed
            )
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Adds `count` events whatever the limit (the few that are never dropped).
    func force(_ count: Int) { queued.add(count, ordering: .relaxed) }

    /// The consumer took `count` events.
    func taken(_ count: Int) { queued.subtract(count, ordering: .relaxed) }

    /// `stream` as its consumer sees it: every batch it takes leaves the backlog.
    func bounded(
        _ stream: AsyncStream<[CaptureEvent]>,
        onCancel: @escaping @Sendable () -> Void
    ) -> AsyncStream<[CaptureEvent]> {
        // An AsyncStream has one consumer, which calls the closure below one call at a time.
        final class Iterator: @unchecked Sendable {
            var base: AsyncStream<[CaptureEvent]>.Iterator
            init(_ base: AsyncStream<[CaptureEvent]>.Iterator) { self.base = base }
        }
        let iterator = Iterator(stream.makeAsyncIterator())
        return AsyncStream(
            unfolding: { [self] in
                let batch = await iterator.base.next()
                if let batch { taken(batch.count) }
                return batch
            },
            onCancel: onCancel
        )
    }
}
