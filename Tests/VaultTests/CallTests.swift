import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("frontdesk call --data")
struct CallTests {
    @Test func scriptedCallIsStoredEncryptedAndAudited() async throws {
        let f = try Fixture(); defer { f.remove() }
        let script = CLI.phiScript.joined(separator: "\n") + "\n"
        let r = try CLI.run(["call", "--practice", CLI.practice, "--data", f.dataDir, "--key-file", f.keyFile,
                             "--now", "2026-03-10T11:00", "--caller", CLI.phiCaller], stdin: script)
        #expect(r.status == 0)
        #expect(r.stdout.contains("[booked]"))
        // The caller's name, number, date of birth and words are nowhere in the data dir's files.
        #expect(f.filesContaining(CLI.phiNeedles).isEmpty)
        // …but they are there for whoever holds the key.
        let v = try f.open()
        let s = v.store(practiceID: "lakeview-dental")
        let calls = try await s.calls(practiceID: "lakeview-dental")
        let call = try #require(calls.first)
        #expect(calls.count == 1)
        #expect(call.callerNumber == CLI.phiCaller)
        #expect(call.transcript.count == 9)   // greeting + 4 × (caller, agent)
        #expect(call.transcript[1].text.contains("zebrafish"))
        #expect(call.events.map(\.outcome) == [.booked])
        #expect(call.summary?.contains("Caller: Olivia Bennett") == true)
        #expect(call.endedAt != nil)
        let patient = try #require(try await s.patients(phone: CLI.phiCaller).records.first)
        #expect(patient.name == "Olivia Bennett")
        #expect(call.patientID == patient.id)
        #expect(try await s.appointments(patientID: patient.id).count == 1)
        #expect(try v.verifyAudit().intact)
        // Audit events name resources, never PHI.
        let text = try v.auditEvents().map(\.textLine).joined(separator: "\n")
        for n in CLI.phiNeedles { #expect(!text.localizedCaseInsensitiveContains(n)) }
        try v.close()

        // A second call finds the patient the first one left (nothing is seeded).
        let r2 = try CLI.run(["call", "--practice", CLI.practice, "--data", f.dataDir, "--key-file", f.keyFile, "--now", "2026-03-10T12:00"],
                             stdin: "What are your hours?\nBye\n")
        #expect(r2.status == 0)
        let v2 = try f.open()
        #expect(try await v2.store(practiceID: "lakeview-dental").calls(practiceID: "lakeview-dental").count == 2)
        try v2.close()
    }

    @Test func aNewDataDirWithNoKeyFileGetsOneWithAWarning() throws {
        let f = try Fixture(); defer { f.remove() }
        let r = try CLI.run(["call", "--practice", CLI.practice, "--data", f.dataDir], stdin: "Bye\n", environment: CLI.cleanEnvironment)
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: created a key file at \(f.dataDir)/keys/frontdesk.key"))
        #expect(FileManager.default.fileExists(atPath: KeyFileLocator.defaultPath(dataDir: f.dataDir)))
        let again = try CLI.run(["audit", "verify", "--data", f.dataDir], environment: CLI.cleanEnvironment)
        #expect(again.status == 0 && again.stdout.contains("verified"))
    }

    /// Entries stored so far for the (only) call, read the way a second process would.
    func storedEntries(_ f: Fixture) -> Int {
        guard Vault.exists(at: f.dataDir) else { return 0 }
        var config = Configuration()
        config.readonly = true
        guard let q = try? DatabaseQueue(path: Vault.databasePath(f.dataDir), configuration: config) else { return 0 }
        return (try? q.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(entry_count), 0) FROM calls") ?? 0 }) ?? 0
    }

    func waitFor(_ f: Fixture, entries n: Int) async -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if storedEntries(f) >= n { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func killedMidCallKeepsEveryCommittedTurn() async throws {
        let f = try Fixture(); defer { f.remove() }
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["call", "--practice", CLI.practice, "--data", f.dataDir, "--key-file", f.keyFile,
                       "--now", "2026-03-10T11:00", "--caller", CLI.phiCaller]
        p.currentDirectoryURL = CLI.repo
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Greeting, then two full turns, each waited for until it is committed.
        #expect(await waitFor(f, entries: 1))
        input.fileHandleForWriting.write(Data((CLI.phiScript[0] + "\n").utf8))
        #expect(await waitFor(f, entries: 3))
        input.fileHandleForWriting.write(Data((CLI.phiScript[1] + "\n").utf8))
        #expect(await waitFor(f, entries: 5))
        // The third turn is in flight when the process is killed.
        input.fileHandleForWriting.write(Data((CLI.phiScript[2] + "\n").utf8))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        // Even with the WAL full of uncheckpointed pages, no PHI on disk.
        #expect(f.filesContaining(CLI.phiNeedles).isEmpty)

        let v = try f.open()
        #expect(try await v.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        let call = try #require(try await v.store(practiceID: "lakeview-dental").calls(practiceID: "lakeview-dental").first)
        let callerLines = call.transcript.filter { $0.speaker == "caller" }.map(\.text)
        #expect(Array(callerLines.prefix(2)) == Array(CLI.phiScript.prefix(2)))
        #expect(callerLines.count <= 3)
        #expect(call.transcript.first?.speaker == "agent")
        // Every stored turn is whole: each caller line is followed by the agent's reply.
        #expect(call.transcript.count % 2 == 1)
        #expect(call.endedAt == nil)
        #expect(try v.verifyAudit().intact)
        try v.close()
    }
}
