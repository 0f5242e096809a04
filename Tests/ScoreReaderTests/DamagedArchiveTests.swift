import Foundation
import Testing
import ZIPFoundation

@testable import ScoreReader

/// Damaged compressed MusicXML (.mxl) is refused in one line naming the file, the entry and what
/// to do, in time bounded by the archive's size — never a hang (issue 10: a 1,380-byte archive
/// found by scripts/fuzz made the ZIP library loop for ever at its end).
struct DamagedArchiveTests {
    /// Findings of `scripts/fuzz musicxml`, kept as regressions.
    static let findings = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz/musicxml")

    static func problem(_ data: Data, file: String = "bad.mxl") -> String? {
        do {
            _ = try Score.read(data, fileName: file)
            return nil
        } catch {
            return error.description
        }
    }

    static func problem(fileAt url: URL, name: String) -> String? {
        do {
            _ = try Score.read(contentsOf: url, name: name)
            return nil
        } catch {
            return error.description
        }
    }

    static func archive(_ entries: [(String, Data, CompressionMethod)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data, method) in entries {
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                compressionMethod: method
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func scoreArchive(_ method: CompressionMethod = .deflate) throws -> Data {
        try archive([("score.musicxml", ScoreFixtures.data("pickup-ties.musicxml"), method)])
    }

    @Test(.timeLimit(.minutes(1)))
    func theFuzzFindingThatHungIsRefusedInOneLine() throws {
        let url = Self.findings.appendingPathComponent("deflate-stream-past-entry.mxl")
        for message in [
            Self.problem(try Data(contentsOf: url), file: "x.mxl"), Self.problem(fileAt: url, name: "x.mxl"),
        ] {
            let line = try #require(message)
            #expect(line.hasPrefix("x.mxl: score/pickup-ties.musicxml: cannot be decompressed: "), "\(line)")
            #expect(line.hasSuffix("; export the score again"), "\(line)")
            #expect(!line.contains("\n"))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func everyFuzzFindingIsRefusedOrRead() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.findings.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: Self.findings.appendingPathComponent(name))
            if let message = Self.problem(data, file: name) {
                #expect(message.hasPrefix("\(name): ") && !message.contains("\n"), "\(message)")
            }
        }
    }

    /// Cut at every byte: a score or one line, and the cut never reads as a different score.
    @Test(.timeLimit(.minutes(1)))
    func everyCutOfAnArchiveIsRefusedInOneLine() throws {
        let whole = try Self.scoreArchive()
        let plain = try Score.read(ScoreFixtures.data("pickup-ties.musicxml"), fileName: "bad.mxl")
        #expect(try Score.read(whole, fileName: "bad.mxl") == plain)
        for length in 4..<whole.count {
            let message = try #require(Self.problem(whole.prefix(length)), "cut at \(length) read as a score")
            #expect(message.hasPrefix("bad.mxl: ") && !message.contains("\n"), "\(message)")
        }
    }

    /// Every byte of the deflated data flipped: a score only if it is the same score (CRC-32).
    @Test(.timeLimit(.minutes(1)))
    func aFlippedByteFailsTheChecksumOrTheStream() throws {
        let whole = try Self.scoreArchive()
        let plain = try Score.read(ScoreFixtures.data("pickup-ties.musicxml"), fileName: "bad.mxl")
        let dataStart = 30 + "score.musicxml".utf8.count
        for at in stride(from: dataStart, to: dataStart + 400, by: 3) {
            var damaged = whole
            damaged[at] ^= 0x5A
            do {
                #expect(try Score.read(damaged, fileName: "bad.mxl") == plain)
            } catch {
                #expect(error.description.hasPrefix("bad.mxl: score.musicxml: cannot be decompressed: "))
            }
        }
    }

    /// The central directory's sizes, changed: bigger than the limit is refused before inflating
    /// (a zip bomb's declared size), a smaller claim stops the inflating at the claim.
    @Test func declaredSizesBoundTheOutput() throws {
        let whole = try Self.scoreArchive()
        let directory = try #require(
            ZIPArchive(size: UInt64(whole.count)) { offset, count in
                whole.subdata(in: Int(offset)..<min(whole.count, Int(offset) + count))
            }.entries.first
        )
        let record = try #require(whole.firstRange(of: Data([0x50, 0x4B, 0x01, 0x02]))).lowerBound
        func declaring(_ size: UInt32) -> Data {
            var data = whole
            withUnsafeBytes(of: size.littleEndian) { data.replaceSubrange(record + 24..<record + 28, with: $0) }
            return data
        }
        #expect(
            Self.problem(declaring(UInt32.max))
                == "bad.mxl: score.musicxml: cannot be decompressed: 4095 MB decompressed — larger than the 256 MB "
                + "a score can be; export the score again"
        )
        let short = try #require(Self.problem(declaring(UInt32(directory.uncompressedSize) - 100)))
        #expect(
            short.contains(
                "decompresses to more than the \(directory.uncompressedSize - 100) bytes its directory declares"
            )
        )
        #expect(CompressedMusicXML.maximumScoreSize == 256 << 20)
    }

    @Test func storedEntriesAreReadAndChecked() throws {
        let stored = try Self.scoreArchive(.none)
        let plain = try Score.read(ScoreFixtures.data("pickup-ties.musicxml"), fileName: "bad.mxl")
        #expect(try Score.read(stored, fileName: "bad.mxl") == plain)
        var damaged = stored
        damaged[30 + "score.musicxml".utf8.count + 100] ^= 1
        #expect(
            Self.problem(damaged)
                == "bad.mxl: score.musicxml: cannot be decompressed: fails its CRC-32 check — the data is damaged; export the score again"
        )
    }

    @Test func anArchiveWithoutItsDirectoryIsNotReadable() throws {
        var whole = try Self.scoreArchive()
        whole.removeLast(22)
        #expect(
            Self.problem(whole)
                == "bad.mxl: not a readable ZIP archive: no end of central directory — the archive is cut short or "
                + "damaged — expected a compressed MusicXML (.mxl) file; export the score again"
        )
    }
}
