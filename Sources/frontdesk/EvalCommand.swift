import ArgumentParser

/// `frontdesk eval`: run scripted-call suites.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Run call evaluation suites.")
}
