import Testing
import Voice
@testable import Telephony

/// The hand-over of a voice's audio from its reader to the call: batches, in order, and nothing after
/// the call has refused the reply.
@Suite struct SpeechInboxTests {
    func chunk(_ byte: UInt8) -> SpeechAudio { .muLaw([UInt8](repeating: byte, count: 160)) }

    @Test func onlyTheFirstChunkOfABatchAsksForADrain() {
        let inbox = SpeechInbox()
        #expect(inbox.put(chunk(1)))
        #expect(!inbox.put(chunk(2)))                 // a drain is already on its way
        #expect(!inbox.put(chunk(3)))
        #expect(inbox.take().map(\.muLawBytes.first) == [1, 2, 3])
        #expect(inbox.take().isEmpty)
        #expect(inbox.put(chunk(4)))                  // taken: the next chunk asks again
    }

    @Test func aRefusedReplyDropsWhatWaitsAndTakesNothingMore() {
        let inbox = SpeechInbox()
        _ = inbox.put(chunk(1))
        inbox.refuse()
        #expect(inbox.isRefused)
        #expect(!inbox.put(chunk(2)))
        #expect(inbox.take().isEmpty)
    }
}
