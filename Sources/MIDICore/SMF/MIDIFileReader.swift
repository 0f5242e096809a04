extension StandardMIDIFile {
    /// Reads a Standard MIDI File (format 0, 1 or 2; also a RIFF "RMID" wrapper).
    ///
    /// Tolerates what real files do: a missing end-of-track, running status carried across meta
    /// and SysEx events, unknown chunks (skipped), fewer tracks than the header says, and bytes
    /// after the last chunk; each is noted in ``warnings``. Everything else throws a
    /// ``MIDIFileError`` naming the byte offset and what was expected.
    ///
    /// O(n) time in the file size; memory O(n) — no length read from the file is trusted before
    /// it is checked against the bytes that remain.
    public init(bytes: [UInt8]) throws(MIDIFileError) {
        var tracks: [Track] = []
        let (format, division, warnings) = try Self.readChunks(bytes) {
            (cursor, index, warnings) throws(MIDIFileError) in
            tracks.append(try Self.readTrack(&cursor, index: index, warnings: &warnings))
        }
        self.init(format: format, division: division, tracks: tracks, warnings: warnings)
    }

    /// Reads the header and walks the chunks, handing each track chunk's bytes to `readTrack`
    /// (with its index), and returns the header's format and division and what was tolerated.
    static func readChunks(
        _ bytes: [UInt8],
        readTrack: (inout ByteCursor, Int, inout [String]) throws(MIDIFileError) -> Void
    ) throws(MIDIFileError) -> (format: Format, division: Division, warnings: [String]) {
        guard !bytes.isEmpty else {
            throw MIDIFileError(
                offset: 0,
                expected: "a Standard MIDI File header 'MThd'",
                found: "an empty file (0 bytes)"
            )
        }
        var cursor = ByteCursor(bytes)
        if bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("RMID".utf8) {
            cursor = try Self.riffDataCursor(bytes)
        }
        let headerStart = cursor.offset
        let magic = try cursor.readBytes(4, "the header 'MThd'")
        guard magic.elementsEqual("MThd".utf8) else {
            throw MIDIFileError(
                offset: headerStart,
                expected: "a Standard MIDI File header 'MThd'",
                found: "\(MIDIFileError.show(magic)) — \(MIDIFileError.guessFormat(bytes) ?? "not a MIDI file?")"
            )
        }
        let headerLengthOffset = cursor.offset
        let headerLength = try cursor.readUInt32("the header length")
        guard headerLength >= 6 else {
            throw MIDIFileError(
                offset: headerLengthOffset,
                expected: "a header length of at least 6",
                found: "\(headerLength)"
            )
        }
        guard Int(headerLength) <= cursor.remaining else {
            throw MIDIFileError(
                offset: headerLengthOffset,
                expected: "a header of \(headerLength) bytes",
                found: "only \(cursor.remaining) bytes left"
            )
        }
        let formatOffset = cursor.offset
        let rawFormat = try cursor.readUInt16("the format")
        guard let format = Format(rawValue: rawFormat) else {
            throw MIDIFileError(offset: formatOffset, expected: "format 0, 1 or 2", found: "format \(rawFormat)")
        }
        let trackCount = Int(try cursor.readUInt16("the track count"))
        let divisionOffset = cursor.offset
        let rawDivision = try cursor.readUInt16("the time division")
        let division: Division
        if rawDivision & 0x8000 != 0 {
            let fps = UInt8(bitPattern: Int8(truncatingIfNeeded: rawDivision >> 8))
            let negated = UInt8(truncatingIfNeeded: 256 - Int(fps))
            guard [24, 25, 29, 30].contains(negated), rawDivision & 0xFF != 0 else {
                throw MIDIFileError(
                    offset: divisionOffset,
                    expected:
                        "an SMPTE division of -24, -25, -29 or -30 frames per second and non-zero ticks per frame",
                    found: MIDIFileError.show([UInt8(rawDivision >> 8), UInt8(rawDivision & 0xFF)])
                )
            }
            division = .smpte(framesPerSecond: negated, ticksPerFrame: UInt8(rawDivision & 0xFF))
        } else {
            guard rawDivision > 0 else {
                throw MIDIFileError(
                    offset: divisionOffset,
                    expected: "a non-zero number of ticks per quarter note",
                    found: "0"
                )
            }
            division = .ticksPerQuarter(rawDivision)
        }
        cursor.skip(Int(headerLength) - 6)

        var trackIndex = 0
        var warnings: [String] = []
        while trackIndex < trackCount {
            if cursor.remaining == 0 {
                warnings.append("the header announces \(trackCount) tracks but the file holds \(trackIndex)")
                break
            }
            let chunkStart = cursor.offset
            if trackIndex > 0,
                cursor.remaining < 8 || !cursor.bytes[chunkStart..<chunkStart + 4].allSatisfy(Self.isChunkIDByte)
            {
                warnings.append(
                    "the header announces \(trackCount) tracks but the file holds \(trackIndex), then \(cursor.remaining) bytes that are not a chunk at byte offset \(chunkStart)"
                )
                cursor.skip(cursor.remaining)
                break
            }
            guard cursor.remaining >= 8 else {
                throw MIDIFileError(
                    offset: chunkStart,
                    expected: "a chunk header (8 bytes) for track \(trackIndex + 1) of \(trackCount)",
                    found: "only \(cursor.remaining) bytes (file truncated)"
                )
            }
            let id = try cursor.readBytes(4, "a chunk id")
            let lengthOffset = cursor.offset
            let length = Int(try cursor.readUInt32("a chunk length"))
            let isTrack = id.elementsEqual("MTrk".utf8)
            guard id.allSatisfy(Self.isChunkIDByte) else {
                throw MIDIFileError(
                    offset: chunkStart,
                    expected: "the chunk 'MTrk' for track \(trackIndex + 1) of \(trackCount)",
                    found: MIDIFileError.show(id)
                )
            }
            guard length <= cursor.remaining else {
                throw MIDIFileError(
                    offset: lengthOffset,
                    expected: "a chunk length of at most the \(cursor.remaining) bytes left in the file",
                    found: "\(length) for chunk \(MIDIFileError.show(id)) (file truncated or corrupt)"
                )
            }
            if isTrack {
                var trackCursor = ByteCursor(bytes, from: cursor.offset, to: cursor.offset + length)
                try readTrack(&trackCursor, trackIndex, &warnings)
                trackIndex += 1
            } else {
                warnings.append(
                    "skipped unknown chunk \(MIDIFileError.show(id)) of \(length) bytes at byte offset \(chunkStart)"
                )
            }
            cursor.skip(length)
        }
        if cursor.remaining > 0 {
            warnings.append("ignored \(cursor.remaining) bytes after the last track at byte offset \(cursor.offset)")
        }
        return (format, division, warnings)
    }

    private static func isChunkIDByte(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F }

    /// Finds the SMF inside a RIFF RMID file (its "data" chunk).
    private static func riffDataCursor(_ bytes: [UInt8]) throws(MIDIFileError) -> ByteCursor {
        var cursor = ByteCursor(bytes, from: 12)
        while cursor.remaining >= 8 {
            let id = try cursor.readBytes(4, "a RIFF chunk id")
            let b = try cursor.readBytes(4, "a RIFF chunk length")
            let length =
                Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8 | Int(b[b.startIndex + 2]) << 16 | Int(
                    b[b.startIndex + 3]
                ) << 24
            if id.elementsEqual("data".utf8) {
                return ByteCursor(bytes, from: cursor.offset, to: cursor.offset + min(length, cursor.remaining))
            }
            cursor.skip(length + (length & 1))
        }
        throw MIDIFileError(offset: 12, expected: "a 'data' chunk in this RIFF MIDI (RMID) file", found: "none")
    }
}
