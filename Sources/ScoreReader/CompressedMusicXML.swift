import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Compressed MusicXML (`.mxl`): a ZIP archive whose `META-INF/container.xml` names the score
/// file (its first `<rootfile>` that is MusicXML). Without a container, the one MusicXML file
/// at the top of the archive is taken. The score is decompressed into memory, up to
/// ``maximumScoreSize``; the archive is read by ``ZIPArchive``, so a damaged one is refused in
/// time bounded by its size.
enum CompressedMusicXML {
    /// The largest decompressed entry read: 256 MiB (a 50 MB MusicXML file is a very large piano
    /// score). Larger entries — and archives that decompress past what they declare, as zip
    /// bombs do — are refused before or while inflating, never held whole.
    static let maximumScoreSize: UInt64 = 256 << 20

    /// Reads the archive's directory, or says in one line why it cannot.
    static func archive(
        size: UInt64,
        file: String,
        read: @escaping ZIPArchive.Reader
    ) throws(ScoreReadError)
        -> ZIPArchive
    {
        do {
            return try ZIPArchive(size: size, read: read)
        } catch {
            throw ScoreReadError(
                file: file,
                problem: "not a readable ZIP archive: \(error.problem) — expected a compressed MusicXML (.mxl) "
                    + "file; export the score again"
            )
        }
    }

    /// The score document inside the archive, and its path there.
    static func scoreDocument(in archive: ZIPArchive, file: String) throws(ScoreReadError) -> (path: String, data: Data)
    {
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
            let candidates = archive.entries.map(\.path).filter {
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

    private static func extract(
        _ entry: ZIPArchive.Entry,
        from archive: ZIPArchive,
        file: String
    )
        throws(ScoreReadError) -> Data
    {
        do {
            return try archive.contents(of: entry, limit: maximumScoreSize)
        } catch {
            throw ScoreReadError(
                file: file,
                location: entry.path,
                problem: "cannot be decompressed: \(error.problem); export the score again"
            )
        }
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
