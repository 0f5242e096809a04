import GRDB

/// A row of `sessionPort`: an input of a session (a device port or a file track). The public
/// face is ``PortInfo``.
struct PortRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sessionPort"

    var sessionId: Int64
    /// The index events of this session use.
    var port: UInt16
    var name: String
    /// ALSA address ("24:0") or file track, informative only.
    var address: String

    enum Columns {
        static let sessionId = Column(CodingKeys.sessionId)
        static let port = Column(CodingKeys.port)
    }

    init(_ info: PortInfo, session: Int64) {
        sessionId = session
        port = info.port
        name = info.name
        address = info.address
    }

    var info: PortInfo { PortInfo(port: port, name: name, address: address) }
}
