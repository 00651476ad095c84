// The fake Twilio REST API (call updates) and the simulated voice webhook against FrontDesk's real
// webhook route, which cross-checks the simulator's signature against the server's.

import CallSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import Server
import Testing

@Suite("Fake Twilio REST and voice webhook", .serialized)
struct SimulatorTwilioRESTTests {
    static let account = "AC" + String(repeating: "a", count: 32)
    static let call = "CA" + String(repeating: "b", count: 32)

    func post(_ base: String, account: String = account, call: String = call, user: String = account, password: String = "secret",
              form: [(name: String, value: String)]) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "\(base)/2010-04-01/Accounts/\(account)/Calls/\(call).json")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        request.httpBody = Data(FormBody.encode(form).utf8)
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response): (Data, URLResponse) = try await withCheckedThrowingContinuation { c in
            session.dataTask(with: request) { d, r, e in
                if let e { c.resume(throwing: e) } else { c.resume(returning: (d ?? Data(), r!)) }
            }.resume()
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, json)
    }

    @Test func acceptsATransferAndRecordsSayAndDial() async throws {
        let rest = FakeTwilioREST(accounts: [Self.account: "secret"])
        let port = try await rest.start()
        #expect(port > 0 && rest.baseURL == "http://127.0.0.1:\(port)")
        let twiml = "<Response><Say>Connecting you to the front desk now.</Say><Dial>+13125550142</Dial></Response>"
        let (status, json) = try await post(rest.baseURL, form: [("Twiml", twiml)])
        #expect(status == 200)
        #expect(json["sid"] as? String == Self.call && json["account_sid"] as? String == Self.account)
        #expect(json["status"] as? String == "in-progress" && json["api_version"] as? String == "2010-04-01")
        let update = try #require(await rest.waitForUpdate(callSID: Self.call, timeout: .seconds(2)))
        #expect(update.accepted && update.say == ["Connecting you to the front desk now."] && update.dial == ["+13125550142"])
        #expect(update.twiml == twiml && update.status == nil)

        // `<Dial><Number>` and hanging up.
        _ = try await post(rest.baseURL, form: [("Twiml", "<Response><Dial><Number>+13125550143</Number></Dial></Response>")])
        let (hangUp, body) = try await post(rest.baseURL, form: [("Status", "completed")])
        #expect(hangUp == 200 && body["status"] as? String == "completed")
        let all = try #require(await rest.waitForUpdates(callSID: Self.call, count: 3, timeout: .seconds(2)))
        #expect(all[1].dial == ["+13125550143"] && all[2].status == "completed")
        #expect(await rest.waitForUpdate(callSID: "CA" + String(repeating: "c", count: 32), timeout: .milliseconds(50)) == nil)
        await rest.stop()
    }

    @Test func rejectsBadCredentialsUnknownAccountsAndBadForms() async throws {
        let rest = FakeTwilioREST(accounts: [Self.account: "secret"])
        try await rest.start()
        let (s1, e1) = try await post(rest.baseURL, password: "wrong", form: [("Status", "completed")])
        #expect(s1 == 401 && e1["code"] as? Int == 20003 && e1["status"] as? Int == 401 && e1["message"] is String
                && (e1["more_info"] as? String)?.hasPrefix("https://www.twilio.com/docs/errors/") == true)
        let other = "AC" + String(repeating: "d", count: 32)
        let (s2, e2) = try await post(rest.baseURL, account: other, form: [("Status", "completed")])
        #expect(s2 == 404 && e2["code"] as? Int == 20404)
        let (s3, _) = try await post(rest.baseURL, form: [("Foo", "bar")])
        #expect(s3 == 400)
        let (s4, _) = try await post(rest.baseURL, form: [("Status", "ringing")])
        #expect(s4 == 400)
        // Every request is recorded, with the answer given.
        #expect(rest.updates.map(\.responseStatus) == [401, 404, 400, 400])
        await rest.stop()
    }

    @Test func injectsFaults() async throws {
        let rest = FakeTwilioREST(accounts: [Self.account: "secret"])
        try await rest.start()
        rest.setFault(.status(500))
        let (s1, e1) = try await post(rest.baseURL, form: [("Status", "completed")])
        #expect(s1 == 500 && e1["status"] as? Int == 500)
        rest.setFault(.delay(.milliseconds(300)))
        let started = ContinuousClock.now
        let (s2, _) = try await post(rest.baseURL, form: [("Status", "completed")])
        #expect(s2 == 200 && ContinuousClock.now - started >= .milliseconds(300))
        rest.setFault(nil)
        await rest.stop()
    }

    /// FrontDesk's real webhook route checks the simulator's signature (two independent implementations).
    @Test func voiceWebhookIsAcceptedByTheServerAndGivesTheStream() async throws {
        let settings = ServerSettings(practiceID: "bright-smile", publicURL: "https://frontdesk.example.com", authToken: "tok3n")
        let (ports, cont) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = FrontDeskServer.application(settings: settings, host: "127.0.0.1", port: 0, logger: logger,
                                              onServerRunning: { p in cont.yield(p ?? 0); cont.finish() })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var port = 0
        for await p in ports { port = p }
        let local = "http://127.0.0.1:\(port)/twilio/voice"
        let options = CallerOptions()

        let stream = try await VoiceWebhook(url: local, signedURL: "https://frontdesk.example.com/twilio/voice", authToken: "tok3n")
            .post(options: options)
        #expect(stream.url == "wss://frontdesk.example.com/twilio/media")
        #expect(stream.parameters.first == .init(name: "practice", value: "bright-smile"))

        let forged = try await VoiceWebhook(url: local, signedURL: "https://frontdesk.example.com/twilio/voice", authToken: "tok3n",
                                            forgedSignature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").send(options: options)
        #expect(forged.status == 403)
        let wrongToken = try await VoiceWebhook(url: local, signedURL: "https://frontdesk.example.com/twilio/voice", authToken: "other")
            .send(options: options)
        #expect(wrongToken.status == 403)
        let wrongURL = try await VoiceWebhook(url: local, authToken: "tok3n").send(options: options)
        #expect(wrongURL.status == 403)

        // A webhook failure is recorded on the call, and no stream is opened.
        let record = await SimulatedCall(steps: [.hangUp], audio: CallerAudio(library: .init()))
            .run(webhook: VoiceWebhook(url: local, authToken: "other"))
        #expect(record.error?.contains("403") == true && record.connectedAt == nil)
    }

    @Test func webhookFormIsWhatTwilioSends() {
        let options = CallerOptions(from: "+13125550100", to: "+13125550199")
        let form = Dictionary(uniqueKeysWithValues: VoiceWebhook.parameters(options: options).map { ($0.name, $0.value) })
        #expect(form["CallSid"] == options.callSID && form["AccountSid"] == options.accountSID)
        #expect(form["CallStatus"] == "ringing" && form["Direction"] == "inbound" && form["ApiVersion"] == "2010-04-01")
        #expect(form["From"] == "+13125550100" && form["To"] == "+13125550199")
        #expect(options.callSID.count == 34 && options.callSID.hasPrefix("CA") && options.streamSID.hasPrefix("MZ"))
    }
}
