import Foundation
import FrontDeskTestSupport
import FrontDeskCore
import GRDB
@testable import Vault

/// A fresh data dir with a key file outside it, and a fixed clock.
struct Fixture {
    let root: URL
    let dataDir: String
    let keyFile: String
    let clock: FixedClock

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vault-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        dataDir = root.appendingPathComponent("data").path
        keyFile = root.appendingPathComponent("secrets/frontdesk.key").path
        clock = FixedClock(Date(timeIntervalSince1970: 1_773_158_400))   // 2026-03-10T16:00Z
        try KeyRing.create(path: keyFile, now: clock.now())
    }

    func open() throws -> Vault { try Vault.open(directory: dataDir, keyFile: keyFile, clock: clock) }

    /// A raw connection to the database file, as an attacker with the disk (and no keys) has.
    func raw() throws -> DatabaseQueue { try DatabaseQueue(path: Vault.databasePath(dataDir)) }
    func rawWrite(_ body: (Database) throws -> Void) throws { try raw().write(body) }
    func rawRead<T>(_ body: (Database) throws -> T) throws -> T { try raw().read(body) }

    /// Every file of the data dir except the key folder.
    func dataFiles() -> [String] {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: dataDir) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            if p.hasPrefix("keys") { continue }
            let full = (dataDir as NSString).appendingPathComponent(p)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { out.append(full) }
        }
        return out
    }

    /// The files of the data dir (not the key folder) that contain any of the needles, case-insensitively,
    /// as UTF-8 or UTF-16 text.
    func filesContaining(_ needles: [String]) -> [String: [String]] {
        var hits: [String: [String]] = [:]
        for f in dataFiles() {
            guard let d = FileManager.default.contents(atPath: f) else { continue }
            let lower = Data(d.map { (65...90).contains($0) ? $0 + 32 : $0 })
            for n in needles {
                let l = n.lowercased()
                if lower.range(of: Data(l.utf8)) != nil || d.range(of: l.data(using: .utf16LittleEndian)!) != nil {
                    hits[(f as NSString).lastPathComponent, default: []].append(n)
                }
            }
        }
        return hits
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

func date(_ iso: String) -> LocalDateTime { LocalDateTime(iso: iso)! }

/// Runs the built `frontdesk` executable.
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    typealias Result = FrontDeskCLI.Result
    static var binary: URL { FrontDeskCLI.binary }

    static func run(_ args: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> Result {
        try FrontDeskCLI.run(args, stdin: stdin, environment: environment)
    }

    /// The environment without FRONTDESK_KEY_FILE (so a developer's setting cannot leak into a test).
    static var cleanEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env[KeyFileLocator.environmentVariable] = nil
        return env
    }

    static let practice = repo.appendingPathComponent("examples/practices/dental.yaml").path

    /// A booking call full of PHI: a name, a date of birth, a phone number (caller ID), and a rare word.
    static let phiScript = [
        "Hi there, I'm a new patient, Olivia Bennett, born July 4 1985, and I'd like to get my teeth cleaned Wednesday morning if you have anything. I'm with Guardian. My molar throbs like a zebrafish.",
        "Yes, that works.",
        "Yes, that number's fine.",
        "No, that's all, thanks.",
    ]
    static let phiCaller = "+13125550301"
    static let phiNeedles = ["Olivia", "Bennett", "zebrafish", "3125550301", "312-555-0301", "555-0301", "1985-07-04", "Guardian", "molar"]
}
