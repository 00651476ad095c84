import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk audit …`: the tamper-evident audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and export the audit trail of a data dir.",
        discussion: """
        Every create, read, update, delete and export of PHI appends an event: who, when, what (resource \
        type and id, never the PHI), action, channel and outcome. Events are hash-chained; the chain head \
        is signed under the audit key into DIR/audit-checkpoint.json. Once retention has purged events older \
        than six years, the chain starts from the signed anchor in DIR/audit-anchor.json.
        """,
        subcommands: [AuditVerify.self, AuditExport.self]
    )
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no audit event was edited, deleted, inserted or reordered.",
        discussion: """
        Exit status 0 with the event count when the chain is intact; 1 naming the first bad event otherwise.
        With a key file (--key-file, FRONTDESK_KEY_FILE or DIR/keys/) the checkpoint's signature is checked too.
          frontdesk audit verify --data /var/lib/frontdesk
        """
    )

    @Option(name: .long, help: "Data directory.")
    var data: String

    @Option(name: .long, help: "Key file, to check the signed checkpoint (optional).")
    var keyFile: String?

    func run() async throws {
        let ring = try VaultCLI.optionalKeyRing(data: data, keyFile: keyFile)
        let result: AuditVerification
        do { result = try Vault.verifyAudit(directory: data, keyRing: ring) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if let p = result.problem {
            print("audit trail BROKEN at event \(p.seq): \(p.reason)")
            print("(\(result.count) events read before the break)")
            throw ExitCode(1)
        }
        var line = "audit trail intact: \(result.count) events"
        switch result.anchor {
        case .verified(let s, let at): line += " (events 1–\(s) purged at \(at); signed anchor verified)"
        case .unsigned(let s, let at): line += " (events 1–\(s) purged at \(at); anchor's signature not checked: no key file)"
        case .none: break
        }
        switch result.checkpoint {
        case .verified(let s): line += " (signed checkpoint at event \(s) verified)"
        case .unsigned(let s): line += " (checkpoint at event \(s) matches; its signature was not checked: no key file)"
        case .none: line += " (no checkpoint yet)"
        }
        print(line)
    }
}

struct AuditExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print audit events, one per line (text, JSON, or FHIR R4 AuditEvent resources).",
        discussion: """
          frontdesk audit export --data /var/lib/frontdesk --since 2026-03-01 --until 2026-04-01 --format json
        Times are ISO 8601 (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with Z or an offset; UTC when none); \
        --since is inclusive, --until exclusive.
        """
    )

    @Option(name: .long, help: "Data directory.")
    var data: String

    @Option(name: .long, help: "Only events at or after this time.")
    var since: String?

    @Option(name: .long, help: "Only events before this time.")
    var until: String?

    @Option(name: .long, help: "text, json or fhir (default: text).")
    var format: String = "text"

    func run() async throws {
        guard let fmt = AuditExportFormat(rawValue: format) else {
            printError("--format: \"\(format)\" is not text, json or fhir")
            throw ExitCode(2)
        }
        let s = try VaultCLI.instant(since, option: "--since")
        let u = try VaultCLI.instant(until, option: "--until")
        var out = Data()
        func flush() { FileHandle.standardOutput.write(out); out.removeAll(keepingCapacity: true) }
        do {
            try Vault.forEachAuditEvent(directory: data, since: s, until: u) { e in
                switch fmt {
                case .text: out.append(contentsOf: e.textLine.utf8)
                case .json: out.append(contentsOf: e.jsonLine.utf8)
                case .fhir: out.append(contentsOf: e.fhirLine.utf8)
                }
                out.append(10)
                if out.count > 1 << 16 { flush() }
            }
            flush()
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
