import Foundation
import Testing
import FrontDeskCore
import Conversation

@Suite("Receptionist: names that look like other things")
struct NameClashTests {
    @Test func aCallerSharingAProvidersFirstNameIsNotBookedWithThatProvider() async throws {
        let p = try Fixture.example("veterinary")
        let call = await ScriptedCall.run(p, at: "2026-12-01T10:00", caller: "+13035550999", [
            "hi my cat luna has been sneezing a lot, can i bring her in this week", "im jess park, we are new",
            "thursday afternoon", "yes", "yes",
        ])
        #expect(call.has(.booked))
        #expect(call.events.first { $0.outcome == .booked }?.appointment?.typeID == "sick-visit")
    }

    @Test func aNewNumberGivenAtTheCallbackQuestionIsUsedNotAMessage() async throws {
        let p = try Fixture.example("medical")
        let store = InMemoryStore()
        let call = await ScriptedCall.run(p, at: "2026-12-01T10:00", caller: "+15035550100", store: store, [
            "I need a physical", "I am an existing patient, Tom Hale", "next tuesday at 10", "yes",
            "no, call me at 503 555 0199 instead",
        ])
        #expect(call.has(.booked))
        #expect(!call.has(.messageTaken))
        #expect(call.summary.contains("+15035550199"))
    }
}
