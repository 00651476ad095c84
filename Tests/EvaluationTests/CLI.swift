import Foundation
import FrontDeskTestSupport

/// Runs the built `frontdesk` executable the way a user does, capturing its output and exit status.
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")

    typealias Result = FrontDeskCLI.Result

    static func run(_ args: [String], stdin: String? = nil) throws -> Result { try FrontDeskCLI.run(args, stdin: stdin) }

    /// A temporary file with the given text.
    static func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontdesk-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
