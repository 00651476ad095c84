import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk patient …`: a patient's rights of access and erasure.
struct PatientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Export or erase everything held about one patient.",
        subcommands: [PatientExportCommand.self, PatientEraseCommand.self]
    )
}

/// Which patient: by phone, or by name and date of birth.
struct PatientSelection: ParsableArguments {
    @Option(name: .long, help: "Phone number on file (E.164, e.g. +13125550177).")
    var phone: String?

    @Option(name: .long, help: "Name on file (with --dob).")
    var name: String?

    @Option(name: .long, help: "Date of birth, YYYY-MM-DD (with --name).")
    var dob: String?

    @Option(name: .long, help: "Limit to one practice id (default: every practice in the data dir).")
    var practiceId: String?

    func selector() throws -> PatientSelector {
        var d: LocalDate?
        if let s = dob {
            guard let v = LocalDate(iso: s) else { printError("--dob: \"\(s)\" is not YYYY-MM-DD"); throw ExitCode(2) }
            d = v
        }
        if (name == nil) != (d == nil) { printError("--name and --dob go together"); throw ExitCode(2) }
        if phone == nil && name == nil { printError("give --phone, or --name with --dob"); throw ExitCode(2) }
        return PatientSelector(phone: phone, name: name, dateOfBirth: d)
    }
}

struct PatientExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write everything held about a patient as JSON (audited).",
        discussion: """
        Finds the patient by phone or by name and date of birth (through the blind indexes), and writes their \
        records, appointments, calls (transcript, events, summary), messages and refill requests.
          frontdesk patient export --data /var/lib/frontdesk --phone +13125550177 --out export.json
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var who: PatientSelection

    @Option(name: .long, help: "Write to this file (mode 0600) instead of standard output.")
    var out: String?

    func run() async throws {
        let sel = try who.selector()
        let v = try VaultCLI.open(data: vault.data, keyFile: vault.keyFile, create: false)
        let export: PatientExport
        do {
            export = try v.exportPatient(sel, practiceID: who.practiceId, context: .cli)
            try v.close()
        } catch {
            printError("error: export failed: \(error)")
            throw ExitCode(1)
        }
        if export.practices.isEmpty { printError("no records match") }
        for p in export.practices { for u in p.unreadable { printError("warning: \(u.resourceType) \(u.id) could not be decrypted (corrupted); listed under \"unreadable\"") } }
        if let path = out {
            guard FileManager.default.createFile(atPath: path, contents: export.json, attributes: [.posixPermissions: 0o600]) else {
                printError("error: cannot write \(path)"); throw ExitCode(1)
            }
        } else {
            FileHandle.standardOutput.write(export.json + Data("\n".utf8))
        }
        if export.practices.isEmpty { throw ExitCode(3) }
    }
}

struct PatientEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Crypto-shred everything held about a patient (audited).",
        discussion: """
        Destroys the data keys of the patient and of their calls, messages and refill requests (so any copy of \
        the ciphertext, backups included, can no longer be read), then deletes the rows. Upcoming appointments \
        stay as de-identified busy slots so their times are not given away twice. Every patient sharing the \
        phone number is erased.
          frontdesk patient erase --data /var/lib/frontdesk --phone +13125550177
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var who: PatientSelection

    @Option(name: .long, help: "Appointments from this day on are kept as busy slots, YYYY-MM-DD (default: yesterday).")
    var keepFrom: String?

    func run() async throws {
        let sel = try who.selector()
        let keep: LocalDateTime
        if let k = keepFrom {
            guard let d = LocalDate(iso: k) else { printError("--keep-from: \"\(k)\" is not YYYY-MM-DD"); throw ExitCode(2) }
            keep = LocalDateTime(date: d, time: TimeOfDay(minutes: 0))
        } else {
            let today = TimeZone(identifier: "UTC")!.local(SystemClock().now()).date
            keep = LocalDateTime(date: today.adding(days: -1), time: TimeOfDay(minutes: 0))
        }
        let v = try VaultCLI.open(data: vault.data, keyFile: vault.keyFile, create: false)
        let r: EraseReport
        do {
            r = try v.erasePatient(sel, practiceID: who.practiceId, keepBusyFrom: keep, context: .cli)
            try v.close()
        } catch {
            printError("error: erase failed, nothing was erased: \(error)")
            throw ExitCode(1)
        }
        if r.total == 0 { print("no records match; nothing erased"); throw ExitCode(3) }
        print("erased: \(r.patients) patient(s), \(r.calls) call(s), \(r.messages) message(s), \(r.refills) refill request(s), "
              + "\(r.leads) lead(s), \(r.consents) consent(s), "
              + "\(r.appointmentsDeleted) past appointment(s); \(r.appointmentsKeptAsBusy) upcoming appointment(s) kept as de-identified busy slots; "
              + "\(r.dataKeys) data key(s) destroyed")
    }
}
