import Conversation
import Foundation
import FrontDeskCore
import Vault

/// Keeps a call's record in the vault as it happens: the call row when it starts, each turn (caller line,
/// reply, outcome events) in one transaction, the summary when it ends. A storage failure never stops the
/// call; it is reported once through `onFailure` (without PHI) and the call goes on.
public actor CallRecorder {
    let vault: Vault
    let store: VaultStore
    let clock: any FrontDeskCore.Clock
    /// The stored call's id.
    public nonisolated let callID: String
    let onFailure: @Sendable () -> Void
    private var savedLines = 0
    private var savedEvents = 0
    private var started = false
    private var failed = false

    /// A recorder for one call; `onFailure` runs once, on the first storage error.
    public init(vault: Vault, store: VaultStore, clock: any FrontDeskCore.Clock,
                callID: String = "call-" + UUID().uuidString.lowercased(), onFailure: @escaping @Sendable () -> Void = {}) {
        self.vault = vault; self.store = store; self.clock = clock; self.callID = callID; self.onFailure = onFailure
    }

    /// The recorder factory for a server's calls: each stream's recorder stores its call as
    /// `call-<callsid>`.
    public static func forCalls(vault: Vault, store: VaultStore, clock: any FrontDeskCore.Clock,
                                onFailure: @escaping @Sendable (_ callSid: String) -> Void = { _ in })
        -> @Sendable (_ callSid: String) -> CallRecorder? {
        { callSid in
            CallRecorder(vault: vault, store: store, clock: clock, callID: "call-" + callSid.lowercased(),
                         onFailure: { onFailure(callSid) })
        }
    }

    private func report(_ error: any Error) {
        if !failed { onFailure() }
        failed = true
    }

    /// New transcript lines and events since the last save.
    private func pending(_ r: Receptionist) async -> ([TranscriptEntry], [CallRecordEvent]) {
        let lines = await r.transcript
        let events = await r.events
        let now = clock.now()
        let t = lines.dropFirst(savedLines).map { TranscriptEntry(speaker: $0.speaker, text: $0.text, at: now) }
        let e = events.dropFirst(savedEvents).map {
            CallRecordEvent(outcome: $0.outcome, turn: $0.turn, appointmentID: $0.appointment?.appointmentID)
        }
        return (t, e)
    }

    /// Stores the call row with what was said so far (the greeting).
    public func begin(_ r: Receptionist, callerNumber: String?) async {
        let (t, e) = await pending(r)
        do {
            try await store.begin(call: CallRecord(id: callID, practiceID: store.practiceID, callerNumber: callerNumber,
                                                   startedAt: clock.now(), transcript: t, events: e))
            savedLines += t.count; savedEvents += e.count
            started = true
            vault.requestCheckpoint()
        } catch { report(error) }
    }

    /// Commits everything said since the last save (one transaction).
    public func save(_ r: Receptionist) async {
        guard started else { return }
        let (t, e) = await pending(r)
        guard !t.isEmpty || !e.isEmpty else { return }
        do {
            try await store.append(toCall: callID, transcript: t, events: e)
            savedLines += t.count; savedEvents += e.count
            vault.requestCheckpoint()
        } catch { report(error) }
    }

    /// Stores the rest and the staff summary (and brings the audit checkpoint up to date at once).
    public func finish(_ r: Receptionist) async {
        guard started else { return }
        await save(r)
        let summary = await r.summary
        var patientID: String?
        for detail in [summary.booked, summary.rescheduled, summary.cancelled, summary.confirmed].compactMap({ $0 }) {
            if let a = try? await store.appointment(id: detail.appointmentID), let p = a.patientID { patientID = p; break }
        }
        do {
            try await store.finish(call: callID, endedAt: clock.now(), patientID: patientID,
                                   summary: summary.render(profile: r.profile), outcomes: summary.outcomes)
            _ = try? vault.writeCheckpoint()
        } catch { report(error) }
    }
}
