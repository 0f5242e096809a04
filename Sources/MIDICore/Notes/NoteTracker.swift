/// Turns a time-ordered message stream into ``Note``s, folding in the damper and sostenuto pedals.
///
/// Rules, per port and channel:
/// - A note-off ends the oldest held note of that key (first in, first out), so overlapping
///   same-key notes from two sources or a stuck controller are both kept.
/// - A released key sounds on while the damper pedal is down, or while the sostenuto pedal is
///   down and the key was held when that pedal went down; lifting the pedal ends it.
/// - Striking a key that still sounds only through a pedal ends the old note at the new onset.
/// - A note-off with no note to end is counted in ``unmatchedNoteOffs`` and otherwise ignored.
/// - All Sound Off (CC 120) ends everything; All Notes Off (CC 123) releases every held key.
/// - ``finish(at:)`` ends whatever still sounds, so no note is lost.
///
/// O(1) amortised per message (a re-struck key scans only the notes its channel's pedal holds);
/// memory O(notes). The notes and the state are flat buffers — the notes, each note's link in
/// its key's queue, per-key heads — reached through pointers, so a message costs no allocation
/// and no copy-on-write or bounds check on them once they have grown. ``Note/notes(from:)``
/// has the tracker write its notes straight into the array it returns.
// @unchecked: the buffers belong to `memory`, and a tracker copies them before it writes
// whenever another tracker shares them (copy on write), so no two trackers write one buffer.
public struct NoteTracker: @unchecked Sendable {
    /// Per-note state: its place in its key's held queue and what holds it.
    fileprivate struct Link: Sendable {
        /// Next note in the same key's held queue (first in, first out), -1 at the end.
        var next: Int32 = -1
        var flags: UInt8 = Link.open | Link.held

        static let open: UInt8 = 1
        /// The key is down (the note is in its key's held queue).
        static let held: UInt8 = 2
        /// The key was down when the sostenuto pedal went down.
        static let latched: UInt8 = 4
    }

    /// Per port/channel and key: the held queue, and the key's notes that a pedal keeps
    /// sounding after their release — a stack through the same `next` links, which a note
    /// leaves free once it is out of its held queue.
    fileprivate struct KeyState: Sendable {
        var first: Int32 = -1
        var last: Int32 = -1
        var pedalled: Int32 = -1
    }

    /// Per port/channel: the pedals, and which keys may have pedalled notes (bit `key` of
    /// `keys`; a key's stack is the truth, a set bit only says where to look).
    fileprivate struct PedalState: Sendable {
        var sustain = false
        var sostenuto = false
        var keys: (UInt64, UInt64) = (0, 0)

        @inline(__always)
        mutating func mark(_ key: Int) {
            if key < 64 { keys.0 |= 1 << UInt64(key) } else { keys.1 |= 1 << UInt64(key - 64) }
        }
    }

    /// Per port/channel: notes caught by the sostenuto pedal when it went down.
    private struct ChannelState: Sendable {
        var latched: [Int32] = []
    }

    /// Owns the buffers below.
    private var memory = TrackerMemory()
    /// Notes in order of their note-on (`noteCount` of them), and each one's link.
    private var notes: UnsafeMutablePointer<Note>
    private var noteCount = 0
    private var links: UnsafeMutablePointer<Link>
    /// Channel state index × 128 + key.
    private var keys: UnsafeMutablePointer<KeyState>
    /// By channel state index.
    private var pedals: UnsafeMutablePointer<PedalState>
    private var openCount = 0
    /// Slot (port × 16 + channel) → channel state index, -1 when unused.
    private var channelOfSlot: [Int32] = []
    private var channels: [ChannelState] = []
    /// The last slot looked up and its channel state index: most messages repeat it.
    private var lastSlot = -1
    private var lastChannel = 0
    private var lastTime: Int64 = 0

    /// Note-offs that had no sounding note of that key to end.
    public private(set) var unmatchedNoteOffs = 0

    public init() {
        (notes, links, keys, pedals) = (memory.notes, memory.links, memory.keys, memory.pedals)
    }

    /// A tracker that writes its notes into `buffer`, which must have room for one note per
    /// note-on it will be given (see ``finishInPlace(at:)``).
    init(notesIn buffer: UnsafeMutableBufferPointer<Note>) {
        memory = TrackerMemory(notesIn: buffer)
        (notes, links, keys, pedals) = (memory.notes, memory.links, memory.keys, memory.pedals)
    }

    /// Makes room for `count` notes up front (a guess: a wrong one costs only time).
    mutating func reserveCapacity(notes count: Int) {
        makeUnique()
        if count > memory.noteCapacity { growNotes(to: count) }
    }

    /// Feeds one message; messages must come in time order.
    public mutating func consume(_ timed: TimedMessage) {
        makeUnique()
        add(timed)
    }

    /// Feeds messages in time order. O(n).
    public mutating func consume(contentsOf messages: some Sequence<TimedMessage>) {
        makeUnique()
        // In contiguous storage (an array) each message is read in place: iterating would copy
        // it out and destroy the copy, a check of its enum case for a SysEx payload each time.
        let done: Void? = messages.withContiguousStorageIfAvailable { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in buffer.indices { add(base + index) }
        }
        if done == nil {
            for message in messages { add(message) }
        }
    }

    /// One message read in place.
    @inline(__always)
    private mutating func add(_ timed: UnsafePointer<TimedMessage>) {
        let t = timed.pointee.time
        if t > lastTime { lastTime = t }
        let note = Self.noteFields(timed.pointer(to: \.message)!)
        switch note.kind {
        case .on: noteOn(channel: note.channel, key: note.key, velocity: note.velocity, port: timed.pointee.port, at: t)
        case .off: noteOff(channel: note.channel, key: note.key, port: timed.pointee.port, at: t)
        case .other: add(timed.pointee)
        }
    }

    private enum NoteKind { case on, off, other }

    /// A note message's fields, read before the tracker changes anything: the message is then
    /// only borrowed, where a switch around the changes copied it and destroyed the copy (an
    /// outlined call checking for a SysEx payload to release, on every message).
    @inline(__always)
    private static func noteFields(
        _ message: UnsafePointer<MIDIMessage>
    ) -> (kind: NoteKind, channel: UInt8, key: UInt8, velocity: UInt8) {
        switch message.pointee {
        case .noteOn(let channel, let key, let velocity): (.on, channel, key, velocity)
        case .noteOff(let channel, let key, _): (.off, channel, key, 0)
        default: (.other, 0, 0, 0)
        }
    }

    /// One message, on buffers of this tracker's own (``makeUnique()`` first).
    @inline(__always)
    private mutating func add(_ timed: TimedMessage) {
        let t = timed.time
        if t > lastTime { lastTime = t }
        switch timed.message {
        case .noteOn(let channel, let key, let velocity):
            noteOn(channel: channel, key: key, velocity: velocity, port: timed.port, at: t)
        case .noteOff(let channel, let key, _):
            noteOff(channel: channel, key: key, port: timed.port, at: t)
        case .controlChange(let channel, ControllerNumber.sustain, let value):
            let c = channelNumber(port: timed.port, channel: channel)
            pedals[c].sustain = value >= 64
            if value < 64 { releasePedalled(channel: c, at: t) }
        case .controlChange(let channel, ControllerNumber.sostenuto, let value):
            let c = channelNumber(port: timed.port, channel: channel)
            let down = value >= 64
            if down && !pedals[c].sostenuto {
                clearLatched(channel: c)
                for key in 0..<128 {
                    var index = keys[c << 7 | key].first
                    while index >= 0 {
                        links[Int(index)].flags |= Link.latched
                        channels[c].latched.append(index)
                        index = links[Int(index)].next
                    }
                }
            } else if !down && pedals[c].sostenuto {
                clearLatched(channel: c)
                releasePedalled(channel: c, at: t)
            }
            pedals[c].sostenuto = down
        case .controlChange(let channel, ControllerNumber.allSoundOff, _):
            silence(channel: channelNumber(port: timed.port, channel: channel), at: t)
        case .controlChange(let channel, ControllerNumber.allNotesOff, _):
            let c = channelNumber(port: timed.port, channel: channel)
            for key in 0..<128 {
                var index = keys[c << 7 | key].first
                keys[c << 7 | key].first = -1
                keys[c << 7 | key].last = -1
                while index >= 0 {
                    let next = links[Int(index)].next
                    release(Int(index), channel: c, at: t)
                    index = next
                }
            }
        default:
            break
        }
    }

    /// A key goes down: a new note joins the end of its key's held queue.
    @inline(__always)
    private mutating func noteOn(channel: UInt8, key: UInt8, velocity: UInt8, port: UInt16, at t: Int64) {
        let c = channelNumber(port: port, channel: channel)
        let k = c << 7 | Int(key)
        if keys[k].pedalled >= 0 { endPedalled(key: k, at: t) }
        let index = noteCount
        if index == memory.noteCapacity { growNotes(to: 2 * index) }
        (notes + index).initialize(
            to: Note(onset: t, release: t, end: t, key: key, velocity: velocity, channel: channel, port: port)
        )
        (links + index).initialize(to: Link())
        noteCount += 1
        openCount += 1
        let last = keys[k].last
        if last < 0 {
            keys[k].first = Int32(index)
        } else {
            links[Int(last)].next = Int32(index)
        }
        keys[k].last = Int32(index)
    }

    /// A key goes up: the oldest note of its held queue is released.
    @inline(__always)
    private mutating func noteOff(channel: UInt8, key: UInt8, port: UInt16, at t: Int64) {
        let c = channelNumber(port: port, channel: channel)
        let k = c << 7 | Int(key)
        let first = Int(keys[k].first)
        guard first >= 0 else {
            unmatchedNoteOffs += 1
            return
        }
        let next = links[first].next
        keys[k].first = next
        if next < 0 { keys[k].last = -1 }
        release(first, channel: c, at: t)
    }

    /// Ends every note still sounding at `time` (default: the last message's time) and returns
    /// all notes sorted by onset, then key, then port. O(n) when the messages came in time
    /// order (notes of one onset are put in key order), O(n log n) otherwise.
    public mutating func finish(at time: Int64? = nil) -> [Note] {
        makeUnique()
        let done = endAndSort(at: time)
        let result = [Note](unsafeUninitializedCapacity: done.count) { buffer, count in
            if let base = buffer.baseAddress, let notes = done.baseAddress {
                base.initialize(from: notes, count: done.count)
            }
            count = done.count
        }
        startOver()
        return result
    }

    /// ``finish(at:)`` for a tracker made with ``init(notesIn:)``: the notes, sorted, are the
    /// first ones of its buffer; returns how many.
    mutating func finishInPlace(at time: Int64? = nil) -> Int {
        let count = endAndSort(at: time).count
        startOver()
        return count
    }

    /// Ends every note still sounding and sorts the notes where they are.
    private mutating func endAndSort(at time: Int64?) -> UnsafeMutableBufferPointer<Note> {
        let end = max(time ?? lastTime, 0)
        for index in 0..<noteCount where links[index].flags & Link.open != 0 {
            let onset = notes[index].onset
            if notes[index].release == onset && links[index].flags & Link.held != 0 {
                notes[index].release = max(end, onset)
            }
            close(index, at: max(end, onset))
        }
        let done = UnsafeMutableBufferPointer(start: notes, count: noteCount)
        Self.sortByOnsetKeyPort(done)
        return done
    }

    /// Everything but the counters starts over, as if no message had come.
    private mutating func startOver() {
        let (unmatched, time) = (unmatchedNoteOffs, lastTime)
        self = NoteTracker()
        (unmatchedNoteOffs, lastTime) = (unmatched, time)
    }

    /// Ends, at `time`, every note of `port` that still sounds (a device unplugged mid-note).
    public mutating func closeAll(port: UInt16, at time: Int64) {
        makeUnique()
        let first = Int(port) << 4
        for slot in first..<min(first + 16, channelOfSlot.count) where channelOfSlot[slot] >= 0 {
            silence(channel: Int(channelOfSlot[slot]), at: time)
        }
    }

    /// Keys currently sounding (held or pedalled) on any port/channel. O(1).
    public var soundingCount: Int { openCount }

    /// The channel state index of a port and MIDI channel, made on first use.
    @inline(__always)
    private mutating func channelNumber(port: UInt16, channel: UInt8) -> Int {
        let slot = Int(port) << 4 | Int(channel & 0x0F)
        if slot == lastSlot { return lastChannel }
        if slot >= channelOfSlot.count {
            channelOfSlot += repeatElement(-1, count: slot + 1 - channelOfSlot.count)
        }
        if channelOfSlot[slot] < 0 {
            channelOfSlot[slot] = Int32(channels.count)
            channels.append(ChannelState())
            growKeys(to: channels.count * 128)
        }
        lastSlot = slot
        lastChannel = Int(channelOfSlot[slot])
        return lastChannel
    }

    /// The key of note `index` went up at `t` (it has left its held queue): a pedal keeps it
    /// sounding, or it ends.
    @inline(__always)
    private mutating func release(_ index: Int, channel c: Int, at t: Int64) {
        notes[index].release = t
        if pedals[c].sustain || links[index].flags & Link.latched != 0 {
            links[index].flags &= ~Link.held
            let key = Int(notes[index].key)
            links[index].next = keys[c << 7 | key].pedalled
            keys[c << 7 | key].pedalled = Int32(index)
            pedals[c].mark(key)
        } else {
            links[index].flags &= ~(Link.held | Link.open)
            notes[index].end = t
            openCount -= 1
        }
    }

    /// A pedalled note of key state `k` is struck again: the old ones end now. O(the key's
    /// pedalled notes).
    private mutating func endPedalled(key k: Int, at t: Int64) {
        var index = keys[k].pedalled
        keys[k].pedalled = -1
        while index >= 0 {
            close(Int(index), at: t)
            links[Int(index)].flags &= ~Link.latched
            index = links[Int(index)].next
        }
    }

    /// A pedal lifted: pedalled notes end unless the other pedal still holds them. O(keys with
    /// pedalled notes + those notes).
    private mutating func releasePedalled(channel c: Int, at t: Int64) {
        guard !pedals[c].sustain else { return }
        let sostenuto = pedals[c].sostenuto
        let marked = pedals[c].keys
        pedals[c].keys = (0, 0)
        for half in 0..<2 {
            var bits = half == 0 ? marked.0 : marked.1
            while bits != 0 {
                let key = half << 6 | bits.trailingZeroBitCount
                bits &= bits - 1
                let k = c << 7 | key
                var index = Int(keys[k].pedalled)
                guard sostenuto else {
                    // The damper alone held them (the usual case): every one ends.
                    keys[k].pedalled = -1
                    while index >= 0 {
                        close(index, at: t)
                        index = Int(links[index].next)
                    }
                    continue
                }
                // Notes the sostenuto pedal latched sound on, in their order; the rest end.
                var (head, tail) = (-1, -1)
                while index >= 0 {
                    let next = Int(links[index].next)
                    if links[index].flags & (Link.latched | Link.open) == Link.latched | Link.open {
                        if tail < 0 { head = index } else { links[tail].next = Int32(index) }
                        tail = index
                    } else {
                        close(index, at: t)
                    }
                    index = next
                }
                if tail >= 0 {
                    links[tail].next = -1
                    pedals[c].mark(key)
                }
                keys[k].pedalled = Int32(head)
            }
        }
    }

    private mutating func clearLatched(channel c: Int) {
        for index in channels[c].latched { links[Int(index)].flags &= ~Link.latched }
        channels[c].latched.removeAll(keepingCapacity: true)
    }

    /// Ends every held and pedalled note of one port/channel at `t` (keys released at `t`).
    private mutating func silence(channel c: Int, at t: Int64) {
        for key in 0..<128 {
            var index = keys[c << 7 | key].first
            var pedalled = keys[c << 7 | key].pedalled
            keys[c << 7 | key] = KeyState()
            while index >= 0 {
                notes[Int(index)].release = t
                links[Int(index)].flags &= ~Link.held
                close(Int(index), at: t)
                index = links[Int(index)].next
            }
            while pedalled >= 0 {
                close(Int(pedalled), at: t)
                pedalled = links[Int(pedalled)].next
            }
        }
        pedals[c].keys = (0, 0)
        clearLatched(channel: c)
    }

    @inline(__always)
    private mutating func close(_ index: Int, at t: Int64) {
        guard links[index].flags & Link.open != 0 else { return }
        notes[index].end = max(t, notes[index].release)
        links[index].flags &= ~Link.open
        openCount -= 1
    }

    /// Gives this tracker its own buffers when another tracker shares them. O(1) when it does not.
    @inline(__always)
    private mutating func makeUnique() {
        guard !isKnownUniquelyReferenced(&memory) else { return }
        let copy = TrackerMemory(noteCapacity: memory.noteCapacity, keyCapacity: memory.keyCapacity)
        copy.notes.initialize(from: notes, count: noteCount)
        copy.links.initialize(from: links, count: noteCount)
        copy.keys.initialize(from: keys, count: channels.count * 128)
        copy.pedals.initialize(from: pedals, count: channels.count)
        memory = copy
        (notes, links, keys, pedals) = (copy.notes, copy.links, copy.keys, copy.pedals)
    }

    private mutating func growNotes(to capacity: Int) {
        memory.growNotes(to: max(capacity, 64), count: noteCount)
        (notes, links) = (memory.notes, memory.links)
    }

    private mutating func growKeys(to count: Int) {
        memory.growKeys(to: count, count: count - 128)
        (keys, pedals) = (memory.keys, memory.pedals)
        (keys + count - 128).initialize(repeating: KeyState(), count: 128)
        (pedals + count / 128 - 1).initialize(to: PedalState())
    }

    /// Sorts by (onset, key, port), keeping the order of equal notes. Notes come in onset order
    /// when the messages did, so only runs of one onset need sorting, by insertion.
    private static func sortByOnsetKeyPort(_ notes: UnsafeMutableBufferPointer<Note>) {
        var notes = notes
        func precedes(_ a: Note, _ b: Note) -> Bool { (a.onset, a.key, a.port) < (b.onset, b.key, b.port) }
        var index = 1
        // Notes of one onset are put in order by insertion, which is quadratic in how many share
        // it: past a budget linear in all notes (thousands struck at one instant), a stable sort
        // does the rest in O(n log n).
        var moves = 0
        while index < notes.count {
            if notes[index].onset < notes[index - 1].onset {
                notes.sort(by: precedes)
                return
            }
            if precedes(notes[index], notes[index - 1]) {
                let note = notes[index]
                var slot = index
                while slot > 0 && notes[slot - 1].onset == note.onset && precedes(note, notes[slot - 1]) {
                    notes[slot] = notes[slot - 1]
                    slot -= 1
                    moves += 1
                }
                notes[slot] = note
                if moves > 8 * notes.count {
                    let sorted = notes.enumerated().sorted {
                        ($0.element.onset, $0.element.key, $0.element.port, $0.offset)
                            < ($1.element.onset, $1.element.key, $1.element.port, $1.offset)
                    }
                    for (slot, element) in sorted.enumerated() { notes[slot] = element.element }
                    return
                }
            }
            index += 1
        }
    }
}

/// The buffers of a ``NoteTracker``, freed when the last tracker sharing them goes. Notes, links
/// and key states are trivial values: moved by copying their bytes.
private final class TrackerMemory {
    /// Room for `noteCapacity` notes and as many links.
    private(set) var notes: UnsafeMutablePointer<Note>
    private(set) var links: UnsafeMutablePointer<NoteTracker.Link>
    private(set) var keys: UnsafeMutablePointer<NoteTracker.KeyState>
    /// One per 128 key states (a channel's).
    private(set) var pedals: UnsafeMutablePointer<NoteTracker.PedalState>
    private(set) var noteCapacity: Int
    private(set) var keyCapacity: Int
    /// False when `notes` is a buffer given to the tracker (``NoteTracker/init(notesIn:)``):
    /// its owner frees it, and it never grows.
    private let ownsNotes: Bool

    init(noteCapacity: Int = 0, keyCapacity: Int = 0) {
        self.noteCapacity = noteCapacity
        self.keyCapacity = keyCapacity
        ownsNotes = true
        notes = .allocate(capacity: noteCapacity)
        links = .allocate(capacity: noteCapacity)
        keys = .allocate(capacity: keyCapacity)
        pedals = .allocate(capacity: keyCapacity / 128)
    }

    init(notesIn buffer: UnsafeMutableBufferPointer<Note>) {
        noteCapacity = buffer.count
        keyCapacity = 0
        ownsNotes = buffer.baseAddress == nil
        notes = buffer.baseAddress ?? .allocate(capacity: 0)
        links = .allocate(capacity: noteCapacity)
        keys = .allocate(capacity: 0)
        pedals = .allocate(capacity: 0)
    }

    deinit {
        if ownsNotes { notes.deallocate() }
        links.deallocate()
        keys.deallocate()
        pedals.deallocate()
    }

    /// Room for `capacity` notes and links, keeping the first `count`.
    func growNotes(to capacity: Int, count: Int) {
        guard capacity > noteCapacity else { return }
        precondition(ownsNotes, "a note tracker was given more note-ons than its buffer has room for")
        let movedNotes = UnsafeMutablePointer<Note>.allocate(capacity: capacity)
        movedNotes.moveInitialize(from: notes, count: count)
        notes.deallocate()
        let moved = UnsafeMutablePointer<NoteTracker.Link>.allocate(capacity: capacity)
        moved.moveInitialize(from: links, count: count)
        links.deallocate()
        (notes, links, noteCapacity) = (movedNotes, moved, capacity)
    }

    /// Room for `capacity` key states (a multiple of 128) and their channels' pedal states,
    /// keeping the first `count`. Grows at least twofold: a file with thousands of tracks adds
    /// a channel at a time (found by scripts/fuzz smf).
    func growKeys(to needed: Int, count: Int) {
        guard needed > keyCapacity else { return }
        let capacity = max(needed, keyCapacity * 2)
        let moved = UnsafeMutablePointer<NoteTracker.KeyState>.allocate(capacity: capacity)
        moved.moveInitialize(from: keys, count: count)
        keys.deallocate()
        let movedPedals = UnsafeMutablePointer<NoteTracker.PedalState>.allocate(capacity: capacity / 128)
        movedPedals.moveInitialize(from: pedals, count: count / 128)
        pedals.deallocate()
        (keys, pedals, keyCapacity) = (moved, movedPedals, capacity)
    }
}
