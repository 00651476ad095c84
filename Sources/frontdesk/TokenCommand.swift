import Access
import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk token …`: API tokens for the JSON API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue API tokens for the JSON API.",
        subcommands: [TokenCreate.self]
    )
}

struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue an API token bound to a user (and so to their role); prints it once, as the last word.",
        discussion: """
        The token is shown once and stored only as its SHA-256. It acts as the user, with the user's role \
        at the time of each request; it stops working when the user is disabled.
          TOKEN=$(frontdesk token create --data /var/lib/frontdesk --user rhea@example.com --name reports | awk '{print $NF}')
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    @Option(name: .long, help: "The email of the user the token acts as.")
    var user: String

    @Option(name: .long, help: "A name to recognise the token by (default: cli).")
    var name: String = "cli"

    func run() async throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 100, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            printError("error: --name: give 1 to 100 printable characters"); throw ExitCode(2)
        }
        do { _ = try StaffEmail.normalize(user) } catch { printError("error: \(error)"); throw ExitCode(2) }
        let (v, accounts) = try openAccounts(vault, practice, create: false)
        let (token, record) = try await accountOperation { try await accounts.createToken(email: user, name: trimmed) }
        try? v.close()
        print("API token \(record.id) (\"\(record.name)\") for \(try StaffEmail.normalize(user)); shown once, store it now: \(token)")
    }
}
