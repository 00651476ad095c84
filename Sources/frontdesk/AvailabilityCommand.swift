import ArgumentParser

/// `frontdesk availability`: list open slots.
struct AvailabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "availability", abstract: "List open appointment slots.")
}
