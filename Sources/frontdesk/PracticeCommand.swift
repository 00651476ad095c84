import ArgumentParser

/// `frontdesk practice …`: work with practice profiles.
struct PracticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "practice", abstract: "Check practice profiles.")
}
