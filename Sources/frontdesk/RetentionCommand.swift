import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk retention …`: destroying data past its retention period.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Destroy data past its retention period (crypto-shredding).",
        discussion: """
        Retention periods are set per data class in the deployment config (YAML, key `retention:`, days per \
        class); see docs/vault.md. Defaults: transcripts 30 days, summaries 730, messages 365, refills 365, \
        recordings 30, leads 365. Audit events are never purged before six years.
        """,
        subcommands: [RetentionRun.self]
    )
}

struct RetentionRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Destroy every record past its retention period, and print what was destroyed by class.",
        discussion: """
        Destroys the data keys that sealed expired data first (so any copy of that ciphertext can no longer be \
        read), then deletes the rows (SQLite secure_delete is on); every step is audited. Audit events \
        older than the audit retention (at least six years) are purged from the head of the chain behind an \
        HMAC-signed anchor (DIR/audit-anchor.json) that `audit verify` starts from. Running it again destroys \
        nothing more.
          frontdesk retention run --data /var/lib/frontdesk --key-file /etc/frontdesk/frontdesk.key --config /etc/frontdesk/frontdesk.yaml
        """
    )

    @OptionGroup var vault: VaultOptions

    @Option(name: .long, help: "Deployment config (YAML) with a `retention:` section (default: the documented defaults).")
    var config: String?

    @Option(name: .long, help: "Run as of this instant, YYYY-MM-DD or ISO 8601 (default: now).")
    var now: String?

    func run() async throws {
        let policy: RetentionPolicy
        if let path = config {
            do { policy = try RetentionPolicy.load(configPath: path) } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        } else {
            policy = .default
        }
        let at = try VaultCLI.instant(now, option: "--now")
        let clock: any FrontDeskCore.Clock = at.map { FixedClock($0) } ?? SystemClock()
        let v = try VaultCLI.open(data: vault.data, keyFile: vault.keyFile, create: false, clock: clock)
        let r: RetentionReport
        do { r = try v.runRetention(policy, now: clock.now()) } catch {
            try? v.close()
            printError("error: retention run failed, nothing was destroyed: \(error)")
            throw ExitCode(1)
        }
        print(Self.render(r, policy))
        do { try v.close() } catch { printError("note: closing the data dir: \(error)") }
    }

    static func render(_ r: RetentionReport, _ policy: RetentionPolicy) -> String {
        var lines = ["retention run as of \(ISOTime.string(r.now))"]
        for c in RetentionClass.allCases {
            var line = "\(c.rawValue): \(r.destroyed[c] ?? 0) destroyed (kept \(policy.days(c)) days"
            switch c {
            case .transcripts: line += "; \(r.transcriptEntries) transcript entries"
            case .summaries: line += "; whole call records"
            case .recordings: line += "; none stored yet"
            case .leads: line += "; \(r.leadConsents) consents with them"
            default: break
            }
            lines.append(line + ")")
        }
        lines.append("data keys destroyed: \(r.dataKeysDestroyed); records re-sealed under a new key: \(r.recordsRekeyed)")
        lines.append("expired staff sessions deleted: \(r.sessionsExpired)")
        if r.auditPurged > 0, let a = r.auditAnchor {
            lines.append("audit events: \(r.auditEvents) kept; \(r.auditPurged) purged (older than \(policy.auditDays) days; "
                         + "the trail now starts after event \(a.seq), signed anchor in \(Vault.anchorFileName))")
        } else {
            lines.append("audit events: \(r.auditEvents) kept (none purged; kept at least \(policy.auditDays) days)")
        }
        if let why = r.auditPurgeRefused { lines.append("warning: audit purge skipped: \(why)") }
        return lines.joined(separator: "\n")
    }
}
