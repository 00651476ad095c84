import ArgumentParser

/// `frontdesk call`: a text call with the receptionist in the terminal.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call", abstract: "Talk to the receptionist in the terminal.")
}
