import Foundation
import Testing

@testable import PracticeLibrary

/// Dates of imported files: the patterns recorders and phones write into names, given starts
/// with their zone, and a dates list.
@Suite("Import dating")
struct ImportDatingTests {
    static let vienna = TimeZone(identifier: "Europe/Vienna")!

    static func local(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    @Test(
        "dates in file names",
        arguments: [
            ("2024-10-14_lesson.mid", "2024-10-14", nil),
            ("20241014-193005.mid", "2024-10-14", "19:30:05"),
            ("Rehearsal 2024-10-14 19.05.mid", "2024-10-14", "19:05:00"),
            ("/media/recorder/2024-10-14T19-05-12.mid", "2024-10-14", "19:05:12"),
            ("take_20200301.mid", "2020-03-01", nil),
            ("2020-10-01_00-00_02_rach3_first.mid", "2020-10-01", "00:00:00"),
            ("2024-01-31_02_grieg_first.mid", "2024-01-31", nil),
            ("2024_10_14 lesson.mid", "2024-10-14", nil),
            ("Voice 001 2023-02-29.mid", nil, nil),  // not a day
            ("song-12345678.mid", nil, nil),  // no real date
            ("lesson.mid", nil, nil),
        ] as [(String, String?, String?)]
    )
    func namePatterns(name: String, day: String?, time: String?) {
        let found = ImportDating.dateInName(name)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        #expect(found.map { "\($0.year)-\(two($0.month))-\(two($0.day))" } == day)
        #expect(found?.time.map { "\(two($0.0)):\(two($0.1)):\(two($0.2))" } == time)
    }

    @Test("a file is dated by its name, then its day and modification time, then the modification time")
    func sources() throws {
        let zone = Self.vienna
        let modified = try #require(ImportDating.parseStart("2024-10-14T20:00:00+02:00")?.0)
        let minute: Int64 = 60_000_000_000
        let named = ImportDating.start(forFile: "20241014-193005.mid", duration: minute, modified: modified, zone: zone)
        #expect(named.source == .fileName && Self.local(named.start, zone) == "2024-10-14 19:30:05")
        let day = ImportDating.start(forFile: "2024-10-14_x.mid", duration: minute, modified: modified, zone: zone)
        #expect(day.source == .fileNameDay && Self.local(day.start, zone) == "2024-10-14 19:59:00")
        let noon = ImportDating.start(forFile: "2024-10-01_x.mid", duration: minute, modified: modified, zone: zone)
        #expect(noon.source == .fileNameNoon && Self.local(noon.start, zone) == "2024-10-01 12:00:00")
        let plain = ImportDating.start(forFile: "lesson.mid", duration: minute, modified: modified, zone: zone)
        #expect(plain.source == .modified && Self.local(plain.start, zone) == "2024-10-14 19:59:00")
    }

    @Test("a start keeps the zone it was given in; without one it is the local zone's")
    func startZones() throws {
        let (date, zone) = try #require(ImportDating.parseStart("2024-10-14T19:00+01:00", localZone: Self.vienna))
        #expect(zone.secondsFromGMT(for: date) == 3_600)
        #expect(Self.local(date, zone) == "2024-10-14 19:00:00")
        #expect(date.timeIntervalSince1970 == 1_728_928_800)
        let (local, localZone) = try #require(ImportDating.parseStart("2024-10-14 19:00", localZone: Self.vienna))
        #expect(localZone == Self.vienna && Self.local(local, Self.vienna) == "2024-10-14 19:00:00")
        let (utc, utcZone) = try #require(ImportDating.parseStart("2024-10-14T18:00:00Z"))
        #expect(utc == date && utcZone.secondsFromGMT() == 0)
        #expect(ImportDating.parseStart("yesterday") == nil)
        #expect(ImportDating.parseStart("2024-13-14T19:00") == nil)
        #expect(ImportDating.parseStart("2024-10-14T19:00+25:00") == nil)
    }

    @Test("a dates list dates files by path or name; a bad line is named")
    func datesList() throws {
        let folder = TemporaryFolder()
        let list = folder.write(
            Array("file,start\n# lessons\na.mid, 2024-10-14 19:05\n/x/b.mid,2024-10-15T08:00:00-05:00\n\n".utf8),
            "dates.csv"
        )
        let dates = try ImportDating.readList(list, localZone: Self.vienna)
        #expect(dates.count == 2)
        let a = try #require(ImportDating.entry(for: "/somewhere/a.mid", in: dates))
        #expect(Self.local(a.0, a.1) == "2024-10-14 19:05:00" && a.1 == Self.vienna)
        let b = try #require(ImportDating.entry(for: "/x/b.mid", in: dates))
        #expect(b.1.secondsFromGMT() == -18_000)
        let bad = folder.write(Array("a.mid,2024-10-14 19:05\nb.mid,soon\n".utf8), "bad.csv")
        #expect(throws: UserError.self) { try ImportDating.readList(bad) }
        do {
            _ = try ImportDating.readList(bad)
        } catch let error as UserError {
            #expect(error.message.contains("bad.csv line 2") && error.message.contains("'soon'"))
        }
    }
}
