import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `--data DIR` and `--key-file F`, shared by the commands that open the vault.
struct VaultOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (the encrypted database lives in DIR/frontdesk.sqlite).")
    var data: String

    @Option(name: .long, help: "Key file (default: $FRONTDESK_KEY_FILE, else DIR/keys/frontdesk.key).")
    var keyFile: String?
}

enum VaultCLI {
    /// Opens the vault of a data dir, reporting a missing, wrong or unreadable key file clearly (exit 1,
    /// nothing changed). With `create`, a new data dir with no key file configured gets a demo key file
    /// under DIR/keys/ and a warning to move it.
    static func open(data: String, keyFile: String?, create: Bool, clock: any FrontDeskCore.Clock = SystemClock()) throws -> Vault {
        do {
            let choice = try KeyFileLocator.resolve(dataDir: data, explicit: keyFile, createIfNew: create, now: clock.now())
            if choice.created {
                printError("warning: created a key file at \(choice.path), inside the data dir it protects. Move it to another disk "
                           + "(or a secrets store) and pass --key-file or set FRONTDESK_KEY_FILE; back it up apart from the data.")
            } else if choice.insideDataDir {
                printError("warning: using the key file inside the data dir (\(choice.path)); move it elsewhere and pass --key-file.")
            }
            return try Vault.open(directory: data, keyFile: choice.path, clock: clock, create: create)
        } catch let e as VaultError {
            printError("error: \(e)")
            throw ExitCode(1)
        } catch {
            printError("error: cannot open the data in \(data): \(error)")
            throw ExitCode(1)
        }
    }

    /// The key ring for read-only tools that can do without it (audit verify): nil when none is configured.
    static func optionalKeyRing(data: String, keyFile: String?) throws -> KeyRing? {
        let explicit = keyFile ?? ProcessInfo.processInfo.environment[KeyFileLocator.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? KeyFileLocator.defaultPath(dataDir: data)
        if explicit == nil, !FileManager.default.fileExists(atPath: path) { return nil }
        do { return try KeyRing.load(path: path) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Parses `--since` / `--until` / `--now` values: `YYYY-MM-DD` or an ISO 8601 time (UTC unless it says otherwise).
    static func instant(_ s: String?, option: String) throws -> Date? {
        guard let s else { return nil }
        guard let d = ISOTime.parse(s) else {
            printError("\(option): \"\(s)\" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]")
            throw ExitCode(2)
        }
        return d
    }
}
