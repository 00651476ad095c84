import ArgumentParser

/// The `frontdesk` command line: one executable for the receptionist and its tools.
@main
struct FrontDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontdesk",
        abstract: "FrontDesk — a self-hosted AI phone receptionist for healthcare practices.",
        discussion: """
        Start with a practice profile (YAML; see docs/practice-profile.md and examples/practices/).
          frontdesk practice check examples/practices/dental.yaml
          frontdesk call --practice examples/practices/dental.yaml
          frontdesk availability --practice examples/practices/dental.yaml --type cleaning
          frontdesk eval evals/*.yaml
        """,
        subcommands: [CallCommand.self, EvalCommand.self, PracticeCommand.self, AvailabilityCommand.self, AnalyzeCommand.self,
                      KeysCommand.self, AuditCommand.self, PatientCommand.self, RetentionCommand.self, ServeCommand.self,
                      UserCommand.self, TokenCommand.self]
    )
}
