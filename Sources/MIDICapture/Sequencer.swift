internal import CALSA
import Glibc

/// The one owner of an alsa-lib sequencer handle (`snd_seq_t`): opens it, closes it in deinit.
///
/// Not Sendable: it lives on the thread that created it (the capture thread, or the caller of a
/// one-shot listing). Every fallible call goes through ``check(_:_:)``.
final class Sequencer {
    private let handle: OpaquePointer
    /// Our client number.
    let clientID: UInt8

    /// Opens the "default" sequencer for input and output (output is needed to start a queue)
    /// and names the client.
    /// - Throws: ``CaptureError/noSequencer`` when /dev/snd/seq is missing, ``ALSAError`` otherwise.
    init(clientName: String) throws {
        ALSADiagnostics.install()
        try SequencerDevice.checkPresent()
        var opened: OpaquePointer? = nil
        try check(snd_seq_open(&opened, "default", SND_SEQ_OPEN_DUPLEX, 0), "open the ALSA sequencer")
        guard let opened else { throw ALSAError(operation: "open the ALSA sequencer", code: -1, reason: "no handle") }
        // Until self exists, a failure must close the handle here.
        do {
            try check(snd_seq_set_client_name(opened, clientName), "name the sequencer client")
            let id = try check(snd_seq_client_id(opened), "read our client number")
            self.clientID = UInt8(truncatingIfNeeded: id)
        } catch {
            snd_seq_close(opened)
            throw error
        }
        self.handle = opened
    }

    deinit {
        snd_seq_close(handle)
    }

    /// Switches reads to non-blocking (the capture thread waits in poll instead).
    func setNonBlocking() throws(ALSAError) {
        try check(snd_seq_nonblock(handle, 1), "make the sequencer non-blocking")
    }

    /// Sizes the kernel input FIFO (events, at most 2000) and alsa-lib's read buffer (bytes), so
    /// that one read drains a burst.
    func setInputCapacity(events: Int, bufferBytes: Int) throws(ALSAError) {
        try check(snd_seq_set_client_pool_input(handle, events), "enlarge the sequencer input pool to \(events) events")
        try check(snd_seq_set_input_buffer_size(handle, bufferBytes), "enlarge the sequencer input buffer")
    }

    /// Creates a named queue and starts it; events stamped on it count nanoseconds from now.
    func startQueue(named name: String) throws(ALSAError) -> Int32 {
        let queue = try check(snd_seq_alloc_named_queue(handle, name), "create the timestamp queue")
        try check(snd_seq_control_queue(handle, queue, Int32(SND_SEQ_EVENT_START.rawValue), 0, nil), "start the queue")
        try check(snd_seq_drain_output(handle), "start the queue")
        return queue
    }

    /// The queue's real time now, in nanoseconds since it started.
    func queueTime(_ queue: Int32) throws(ALSAError) -> Int64 {
        var status: OpaquePointer? = nil
        try check(snd_seq_queue_status_malloc(&status), "read the queue time")
        defer { snd_seq_queue_status_free(status) }
        try check(snd_seq_get_queue_status(handle, queue, status), "read the queue time")
        guard let time = snd_seq_queue_status_get_real_time(status)?.pointee else { return 0 }
        return Int64(time.tv_sec) * .nanosecondsPerSecond + Int64(time.tv_nsec)
    }

    /// Creates our input port; every event delivered to it is stamped with `queue`'s real time.
    func createInputPort(name: String, timestampQueue queue: Int32) throws(ALSAError) -> UInt8 {
        var info: OpaquePointer? = nil
        try check(snd_seq_port_info_malloc(&info), "create the input port")
        defer { snd_seq_port_info_free(info) }
        snd_seq_port_info_set_name(info, name)
        snd_seq_port_info_set_capability(info, UInt32(SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE))
        snd_seq_port_info_set_type(info, UInt32(SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION))
        snd_seq_port_info_set_midi_channels(info, 16)
        snd_seq_port_info_set_timestamping(info, 1)
        snd_seq_port_info_set_timestamp_real(info, 1)
        snd_seq_port_info_set_timestamp_queue(info, queue)
        try check(snd_seq_create_port(handle, info), "create the input port")
        return UInt8(truncatingIfNeeded: snd_seq_port_info_get_port(info))
    }

    /// Subscribes our `port` to what `source` sends.
    func connect(from source: SequencerAddress, to port: UInt8) throws(ALSAError) {
        try check(
            snd_seq_connect_from(handle, Int32(port), Int32(source.client), Int32(source.port)),
            "subscribe to port \(source)"
        )
    }

    /// Every port of every client, in address order. O(clients + ports) kernel queries.
    func ports() -> [SequencerPort] {
        var result: [SequencerPort] = []
        var client: OpaquePointer? = nil
        var port: OpaquePointer? = nil
        guard snd_seq_client_info_malloc(&client) >= 0, snd_seq_port_info_malloc(&port) >= 0 else { return [] }
        defer {
            snd_seq_client_info_free(client)
            snd_seq_port_info_free(port)
        }
        snd_seq_client_info_set_client(client, -1)
        while snd_seq_query_next_client(handle, client) >= 0 {
            let number = snd_seq_client_info_get_client(client)
            snd_seq_port_info_set_client(port, number)
            snd_seq_port_info_set_port(port, -1)
            while snd_seq_query_next_port(handle, port) >= 0 {
                result.append(Self.describe(client: client, port: port))
            }
        }
        return result
    }

    /// One port, or `nil` when it does not exist (any more).
    func port(at address: SequencerAddress) -> SequencerPort? {
        var client: OpaquePointer? = nil
        var port: OpaquePointer? = nil
        guard snd_seq_client_info_malloc(&client) >= 0, snd_seq_port_info_malloc(&port) >= 0 else { return nil }
        defer {
            snd_seq_client_info_free(client)
            snd_seq_port_info_free(port)
        }
        guard snd_seq_get_any_client_info(handle, Int32(address.client), client) >= 0,
            snd_seq_get_any_port_info(handle, Int32(address.client), Int32(address.port), port) >= 0
        else { return nil }
        return Self.describe(client: client, port: port)
    }

    private static func describe(client: OpaquePointer?, port: OpaquePointer?) -> SequencerPort {
        let card = snd_seq_client_info_get_card(client)
        let address = snd_seq_port_info_get_addr(port).pointee
        return SequencerPort(
            address: SequencerAddress(client: address.client, port: address.port),
            clientName: String(cString: snd_seq_client_info_get_name(client)),
            portName: String(cString: snd_seq_port_info_get_name(port)),
            isKernelClient: snd_seq_client_info_get_type(client) == SND_SEQ_KERNEL_CLIENT,
            card: card >= 0 ? Int(card) : nil,
            capabilities: snd_seq_port_info_get_capability(port),
            typeBits: snd_seq_port_info_get_type(port)
        )
    }

    /// The file descriptors to poll for input.
    func pollDescriptors() -> [pollfd] {
        let count = snd_seq_poll_descriptors_count(handle, Int16(POLLIN))
        guard count > 0 else { return [] }
        var fds = [pollfd](repeating: pollfd(), count: Int(count))
        let filled = snd_seq_poll_descriptors(handle, &fds, UInt32(count), Int16(POLLIN))
        return Array(fds.prefix(Int(max(filled, 0))))
    }

    /// Result of one non-blocking read.
    enum ReadResult {
        case event
        case empty
        case overrun
    }

    /// Reads one event and lends it to `body`; the pointer is only valid during the call.
    func readEvent(_ body: (UnsafePointer<snd_seq_event_t>) -> Void) throws(ALSAError) -> ReadResult {
        var event: UnsafeMutablePointer<snd_seq_event_t>? = nil
        let result = snd_seq_event_input(handle, &event)
        if result == -EAGAIN { return .empty }
        if result == -ENOSPC { return .overrun }
        try check(result, "read from the sequencer")
        guard let event else { return .empty }
        body(event)
        return .event
    }
}

/// The sequencer device node, checked before alsa-lib is asked (its errors are less helpful).
enum SequencerDevice {
    static let path = "/dev/snd/seq"

    static var isPresent: Bool { access(path, F_OK) == 0 }

    static func checkPresent() throws(CaptureError) {
        guard isPresent else { throw .noSequencer }
        guard access(path, R_OK | W_OK) == 0 else { throw .sequencerNotAccessible }
    }
}
