import Testing
import FrontDeskCore
@testable import Conversation

/// The start-up warm-up runs its scripted lines for every example practice (each vertical, each language
/// it speaks) and finishes: a line that made the engine hang or trap would stop a server from starting.
@Suite struct WarmUpTests {
    @Test(arguments: ["dental", "medical", "medspa", "mental-health", "veterinary"])
    func warmUpFinishesForEveryExamplePractice(_ name: String) async throws {
        let profile = try Fixture.example(name)
        await Receptionist.warmUp(profile: profile)
        #expect(!(Receptionist.warmUpLines[profile.practice.languages.first ?? .en] ?? []).isEmpty)
    }
}
