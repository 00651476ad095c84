import Access
import ArgumentParser
import Foundation
import FrontDeskCore
import Vault

/// `frontdesk user …`: staff accounts for the dashboard and the JSON API.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list, disable and enable staff accounts; reset their MFA.",
        discussion: """
        Staff sign in by email. Roles: \(UserRole.names) (see docs/access.md for what each may do). \
        Owner and admin must use TOTP MFA; an enrollment URI (otpauth://…) is printed for them, once.
          frontdesk user add --data /var/lib/frontdesk --practice practice.yaml --email rhea@example.com --role front_desk
          frontdesk user list --data /var/lib/frontdesk
        The practice is the one of --practice FILE or --practice-id ID, or else the only one in the data dir.
        """,
        subcommands: [UserAdd.self, UserList.self, UserDisable.self, UserEnable.self, UserResetMFA.self]
    )
}

/// Which practice's accounts: `--practice FILE` (its profile), `--practice-id ID`, or the only practice
/// the data dir holds.
struct AccountPracticeOptions: ParsableArguments {
    @Option(name: .long, help: "Practice profile (YAML) whose staff these are.")
    var practice: String?

    @Option(name: .long, help: "Practice id, instead of --practice.")
    var practiceId: String?

    /// The practice id given on the command line, if any (exit 2 for both at once, 1 for a bad profile).
    func given() throws -> String? {
        if practice != nil && practiceId != nil { printError("give --practice or --practice-id, not both"); throw ExitCode(2) }
        if let id = practiceId {
            guard !id.isEmpty else { printError("--practice-id: empty"); throw ExitCode(2) }
            return id
        }
        guard let path = practice else { return nil }
        do { return try ProfileLoader.load(path: path).practice.id } catch {
            printError(error.description); throw ExitCode(1)
        }
    }

    /// The practice id: as given, else the data dir's only practice.
    func resolve(_ vault: Vault, data: String) throws -> String {
        if let id = try given() { return id }
        let ids: [String]
        do { ids = try vault.practiceIDs() } catch { printError("error: cannot read \(data): \(error)"); throw ExitCode(1) }
        switch ids.count {
        case 1: return ids[0]
        case 0: printError("no practice in \(data) yet: give --practice FILE or --practice-id ID"); throw ExitCode(2)
        default: printError("\(data) holds several practices (\(ids.joined(separator: ", "))): give --practice FILE or --practice-id ID"); throw ExitCode(2)
        }
    }
}

/// Runs an account operation, mapping errors to messages and exit codes: 2 for bad input (email, role,
/// weak password), 1 for everything else (duplicate, unknown user, storage).
func accountOperation<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let e as AccessError {
        printError("error: \(e)")
        switch e {
        case .invalidEmail, .unknownRole, .weakPassword: throw ExitCode(2)
        default: throw ExitCode(1)
        }
    } catch let e as ExitCode { throw e } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

/// Opens the vault and the practice's accounts (exit codes as `VaultCLI.open`).
func openAccounts(_ vault: VaultOptions, _ practice: AccountPracticeOptions, create: Bool) throws -> (Vault, StaffAccounts) {
    if try practice.given() == nil, !Vault.exists(at: vault.data) {
        printError("no data in \(vault.data) yet: give --practice FILE or --practice-id ID")
        throw ExitCode(2)
    }
    let v = try VaultCLI.open(data: vault.data, keyFile: vault.keyFile, create: create)
    let id = try practice.resolve(v, data: vault.data)
    return (v, StaffAccounts(store: v.store(practiceID: id, context: .cli), clock: SystemClock()))
}

struct UserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a staff account; prints a one-time password (unless --password-stdin) and, for owner and admin, an MFA enrollment URI.",
        discussion: """
        Without --password-stdin a one-time password is generated and printed once; it must be changed at \
        first sign-in. A chosen password needs 12 characters or more, must not be a common one, and must \
        not contain the email address.
          frontdesk user add --data /var/lib/frontdesk --email owner@example.com --role owner
          printf '%s\\n' "$PASSWORD" | frontdesk user add --data DIR --email rhea@example.com --role clinician --password-stdin
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    @Option(name: .long, help: "The user's email address (their sign-in name).")
    var email: String

    @Option(name: .long, help: "Role: \(UserRole.names).")
    var role: String

    @Flag(name: .long, help: "Read the password from standard input (its first line) instead of generating one.")
    var passwordStdin = false

    func run() async throws {
        let r: UserRole, username: String
        do { r = try StaffAccounts.role(role); username = try StaffEmail.normalize(email) } catch {
            printError("error: \(error)"); throw ExitCode(2)
        }
        var password: String? = nil
        if passwordStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let first = String(decoding: data, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let p = first.hasSuffix("\r") ? String(first.dropLast()) : String(first)
            guard !p.isEmpty else { printError("error: --password-stdin: no password on standard input"); throw ExitCode(2) }
            do { try PasswordPolicy().check(p, email: username) } catch { printError("error: \(error)"); throw ExitCode(2) }
            password = p
        }
        let (v, accounts) = try openAccounts(vault, practice, create: true)
        let made = try await accountOperation { try await accounts.add(email: username, role: r, password: password) }
        try? v.close()
        print("added \(made.user.username) as \(made.user.role.rawValue) to practice \(made.user.practiceID) (user id \(made.user.id))")
        if let otp = made.oneTimePassword {
            print("one-time password (shown once; it must be changed at first sign-in): \(otp)")
        }
        if let e = made.enrollment {
            print("MFA is required for \(made.user.role.rawValue); add this to an authenticator app (shown once; QR code or paste):")
            print(e.uri)
        }
    }
}

struct UserList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the practice's staff accounts: email, role, status, MFA, lock (no secrets)."
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    func run() async throws {
        let (v, accounts) = try openAccounts(vault, practice, create: false)
        let list = try await accountOperation { try await accounts.list() }
        try? v.close()
        if list.isEmpty { print("no users in practice \(accounts.store.practiceID)"); return }
        let rows = [["EMAIL", "ROLE", "STATUS", "MFA", "LOCKED"]] + list.map { a in
            [a.email, a.role.rawValue, a.disabled ? "disabled" : "active",
             a.mfaEnrolled ? "enrolled" : (a.mfaConfigured ? "pending" : (a.role.requiresMFA ? "missing" : "off")),
             a.lockedUntil.map { "until " + ISOTime.string(millis: ISOTime.millis($0)) } ?? "no"]
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { c, s in c == 4 ? s : s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
        }
    }
}

struct UserDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable an account: no sign-in, its sessions end, its API tokens stop working."
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    @Option(name: .long, help: "The user's email address.")
    var email: String

    func run() async throws {
        let (v, accounts) = try openAccounts(vault, practice, create: false)
        let u = try await accountOperation { try await accounts.disable(email: email) }
        try? v.close()
        print("disabled \(u.username); their sessions were ended")
    }
}

struct UserEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable a disabled account again."
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    @Option(name: .long, help: "The user's email address.")
    var email: String

    func run() async throws {
        let (v, accounts) = try openAccounts(vault, practice, create: false)
        let u = try await accountOperation { try await accounts.enable(email: email) }
        try? v.close()
        print("enabled \(u.username)")
    }
}

struct UserResetMFA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-mfa",
        abstract: "Give an account a new TOTP secret (the old one stops working) and print its enrollment URI, once.",
        discussion: """
        For a lost phone, or to turn MFA on for a role where it is optional. The user's sessions end; the \
        first code they enter from the new secret completes enrollment.
          frontdesk user reset-mfa --data /var/lib/frontdesk --email rhea@example.com
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var practice: AccountPracticeOptions

    @Option(name: .long, help: "The user's email address.")
    var email: String

    func run() async throws {
        let (v, accounts) = try openAccounts(vault, practice, create: false)
        let e = try await accountOperation { try await accounts.resetMFA(email: email) }
        try? v.close()
        print("new MFA secret for \(try StaffEmail.normalize(email)); their sessions were ended. Add this to an authenticator app (shown once):")
        print(e.uri)
    }
}
