import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk keys …`: the key file that protects a data dir.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and rotate the key file that encrypts a data dir.",
        discussion: """
        The key file holds the key-encryption keys (which wrap each patient's and each call's data key), \
        the blind-index key and the audit key. Keep it off the disk that holds the data, mode 0600, and \
        back it up separately: without it the data cannot be read by anyone.
        """,
        subcommands: [KeysInit.self, KeysRotate.self]
    )
}

struct KeysInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new key file (mode 0600). Refuses to overwrite an existing one.",
        discussion: "Example:\n  frontdesk keys init --key-file /etc/frontdesk/frontdesk.key"
    )

    @Option(name: .long, help: "Where to write the key file (default: $FRONTDESK_KEY_FILE).")
    var keyFile: String?

    func run() async throws {
        guard let path = keyFile ?? ProcessInfo.processInfo.environment[KeyFileLocator.environmentVariable] else {
            printError("error: give --key-file PATH (or set FRONTDESK_KEY_FILE)")
            throw ExitCode(2)
        }
        do {
            let ring = try KeyRing.create(path: path, now: SystemClock().now())
            print("created key file \(path) (key ring \(ring.keyringID), key-encryption key \(ring.activeKEK), mode 0600)")
            print("keep it off the data disk and back it up separately; pass it with --key-file or FRONTDESK_KEY_FILE")
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}

struct KeysRotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Re-wrap every data key under a new key-encryption key, or (--index) recompute every blind index under a new index key.",
        discussion: """
        Adds a new key-encryption key to the key file, re-wraps every data key under it in one transaction, \
        then drops the keys no longer used from the file. Backups of the data made before the rotation need \
        the key file as it was before: keep a copy of it with those backups.
          frontdesk keys rotate --data /var/lib/frontdesk --key-file /etc/frontdesk/frontdesk.key
        With --index, the blind-index key is rotated instead: the new key is added to the key file beside the \
        old one, every phone and name + date-of-birth index is recomputed in one transaction, then the old key \
        leaves the file. Run it with the server stopped.
          frontdesk keys rotate --index --data /var/lib/frontdesk --key-file /etc/frontdesk/frontdesk.key
        """
    )

    @OptionGroup var vault: VaultOptions

    @Flag(name: .long, help: "Rotate the blind-index key (recomputing every look-up index) instead of the key-encryption key.")
    var index = false

    func run() async throws {
        let v = try VaultCLI.open(data: vault.data, keyFile: vault.keyFile, create: false)
        if index {
            do {
                let r = try v.rotateIndexKey()
                try v.close()
                print("recomputed the blind indexes of \(r.reindexed) records under a new index key"
                      + (r.unreadable == 0 ? "" : "; \(r.unreadable) unreadable record(s) lost their indexes"))
            } catch {
                printError("error: index key rotation failed: \(error)")
                throw ExitCode(1)
            }
            return
        }
        do {
            let r = try v.rotateKEK()
            try v.close()
            print("re-wrapped \(r.rewrapped) data keys under \(r.newKEK)"
                  + (r.retired.isEmpty ? "" : "; retired \(r.retired.joined(separator: ", "))"))
        } catch {
            printError("error: rotation failed: \(error)")
            throw ExitCode(1)
        }
    }
}
