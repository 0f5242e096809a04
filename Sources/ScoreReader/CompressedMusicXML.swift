import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Compressed MusicXML (`.mxl`): a ZIP archive whose `META-INF/container.xml` names the score
/// file (its first `<rootfile>` that is MusicXML). Without a container, the one MusicXML file
/// at the top of the archive is taken. The score is decompressed into memory, up to
/// ``maximumScoreSize``.
enum CompressedMusicXML {
    /// The largest decompressed score read (a 50 MB MusicXML file is a very large piano score).
    static let maximumScoreSize: UInt64 = 1 << 30

    /// The score document inside the archive, and its path there.
    static func scoreDocument(in archive: Archive, file: String) throws(ScoreReadError) -> (path: String, data: Data) {
        let path: String
        if let container = archive["META-INF/container.xml"] {
            let data = try extract(container, from: archive, file: file)
            let reader = ContainerReader()
            let parser = XMLParser(data: data)
            parser.delegate = reader
            guard parser.parse() else {
                throw ScoreReadError(
                    file: file,
                    location: "META-INF/container.xml, line \(parser.lineNumber)",
                    problem: "unreadable container — expected <container><rootfiles><rootfile full-path=…>"
                )
            }
            guard let rootfile = reader.rootfile else {
                throw ScoreReadError(
                    file: file,
                    location: "META-INF/container.xml",
                    problem: "names no MusicXML score — expected a <rootfile full-path=\"….xml\">"
                )
            }
            path = rootfile
        } else {
            let candidates = archive.map(\.path).filter {
                !$0.hasPrefix("META-INF/") && !$0.contains("/") && ($0.hasSuffix(".xml") || $0.hasSuffix(".musicxml"))
            }
            guard candidates.count == 1 else {
                throw ScoreReadError(
                    file: file,
                    problem: candidates.isEmpty
                        ? "a ZIP archive without a score — expected META-INF/container.xml naming a MusicXML file"
                        : "a ZIP archive with \(candidates.count) XML files and no META-INF/container.xml to say which is the score"
                )
            }
            path = candidates[0]
        }
        guard let entry = archive[path] else {
            throw ScoreReadError(
                file: file,
                location: "META-INF/container.xml",
                problem: "names \(path), which is not in the archive — expected the score file it names"
            )
        }
        return (path, try extract(entry, from: archive, file: file))
    }

    private static func extract(_ entry: Entry, from archive: Archive, file: String) throws(ScoreReadError) -> Data {
        guard entry.uncompressedSize <= maximumScoreSize else {
            throw ScoreReadError(
                file: file,
                location: entry.path,
                problem:
                    "\(entry.uncompressedSize >> 20) MB decompressed — larger than the \(maximumScoreSize >> 20) MB a score can be"
            )
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > maximumScoreSize { throw CocoaError(.fileReadTooLarge) }
            }
        } catch {
            throw ScoreReadError(
                file: file,
                location: entry.path,
                problem: "cannot be decompressed (\(error)) — expected an intact .mxl archive; export it again"
            )
        }
        return data
    }
}

/// Reads `META-INF/container.xml`: the first rootfile that is MusicXML (no media type, or an
/// XML one — a container may also list a PDF or an image of the score).
private final class ContainerReader: NSObject, XMLParserDelegate {
    var rootfile: String?

    func parser(
        _ parser: XMLParser,
        didStartElement name: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard name == "rootfile", rootfile == nil, let path = attributes["full-path"] else { return }
        let type = attributes["media-type"] ?? "application/vnd.recordare.musicxml+xml"
        if type.contains("xml") { rootfile = path }
    }
}
