// A stand-in for Twilio's REST API on loopback: the one endpoint FrontDesk uses to change a live call,
// `POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json` (https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource),
// with HTTP Basic auth (account SID : auth token), a form body carrying `Twiml=…`, `Url=…` or
// `Status=completed|canceled`, Twilio's JSON error shape, and a call resource in the answer. Every request
// is recorded for assertions.

import Foundation
import Hummingbird
import Logging
import Synchronization

/// A loopback fake that did not start.
public enum FakeServiceError: Error, Sendable {
    /// The server did not report a bound port.
    case notStarted
}

/// A fake Twilio REST API on 127.0.0.1 (port chosen by the system).
public final class FakeTwilioREST: Sendable {
    /// One request to the call-update endpoint, as received.
    public struct CallUpdate: Sendable {
        /// Arrival time.
        public var at: Instant
        /// `{AccountSid}` of the path.
        public var accountSID: String
        /// `{CallSid}` of the path.
        public var callSID: String
        /// The decoded form.
        public var parameters: [(name: String, value: String)]
        /// `Twiml`, if given.
        public var twiml: String?
        /// `Url`, if given.
        public var url: String?
        /// `Status`, if given (`completed` hangs up).
        public var status: String?
        /// The text of every `<Say>` in the TwiML.
        public var say: [String]
        /// The number of every `<Dial>` (text or `<Number>` inside it).
        public var dial: [String]
        /// The HTTP status the fake answered with.
        public var responseStatus: Int

        /// Whether the update was accepted (200).
        public var accepted: Bool { responseStatus == 200 }
    }

    /// A fault to inject into every following request.
    public enum Fault: Sendable, Equatable {
        /// Answer with this HTTP status and Twilio's error JSON.
        case status(Int)
        /// Answer normally after this delay.
        case delay(Duration)
    }

    private struct State {
        var updates: [CallUpdate] = []
        var fault: Fault?
        var port: Int?
        var task: Task<Void, any Error>?
    }

    private let accounts: [String: String]
    private let state = Mutex(State())
    private let logger: Logger

    /// A fake that knows these accounts (account SID → auth token). The default logger is quiet (only
    /// critical lines: Hummingbird logs an ordinary shutdown at error level).
    public init(accounts: [String: String], logger: Logger? = nil) {
        self.accounts = accounts
        self.logger = logger ?? {
            var l = Logger(label: "FakeTwilioREST")
            l.logLevel = .critical
            return l
        }()
    }

    /// Starts listening on 127.0.0.1 and returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        let router = Router(context: BasicRequestContext.self)
        router.post("/2010-04-01/Accounts/:account/Calls/:call") { request, context -> Response in
            await self.handle(request, context: context)
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "FakeTwilio"),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0); continuation.finish() },
                              logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var port = 0
        for await p in stream { port = p }
        guard port != 0 else {
            task.cancel()
            _ = try await task.value
            throw FakeServiceError.notStarted
        }
        state.withLock { $0.port = port; $0.task = task }
        return port
    }

    /// Stops the server.
    public func stop() async {
        let task = state.withLock { s -> Task<Void, any Error>? in defer { s.task = nil }; return s.task }
        task?.cancel()
        _ = try? await task?.value
    }

    /// The bound port (after `start`).
    public var port: Int? { state.withLock { $0.port } }

    /// `http://127.0.0.1:PORT`: the `api_base` to configure.
    public var baseURL: String { "http://127.0.0.1:\(port ?? 0)" }

    /// Injects a fault into every following request (nil: behave).
    public func setFault(_ fault: Fault?) { state.withLock { $0.fault = fault } }

    /// Every request so far.
    public var updates: [CallUpdate] { state.withLock { $0.updates } }

    /// Requests for one call.
    public func updates(callSID: String) -> [CallUpdate] { updates.filter { $0.callSID == callSID } }

    /// Waits until at least `count` requests for `callSID` have been recorded; returns them, or nil on timeout.
    public func waitForUpdates(callSID: String, count: Int, timeout: Duration) async -> [CallUpdate]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = updates(callSID: callSID)
            if found.count >= count { return found }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits for the first request for `callSID`; nil on timeout.
    public func waitForUpdate(callSID: String, timeout: Duration) async -> CallUpdate? {
        await waitForUpdates(callSID: callSID, count: 1, timeout: timeout)?.first
    }

    // MARK: Handling

    private func handle(_ request: Request, context: BasicRequestContext) async -> Response {
        let fault = state.withLock { $0.fault }
        if case .delay(let d) = fault { try? await Task.sleep(for: d) }
        let account = context.parameters.get("account") ?? ""
        let callFile = context.parameters.get("call") ?? ""
        let callSID = callFile.hasSuffix(".json") ? String(callFile.dropLast(5)) : callFile
        let body = (try? await request.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
        let form = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true ? FormBody.decode(body) : nil
        func value(_ name: String) -> String? { form?.first { $0.name == name }?.value }
        let twiml = value("Twiml")
        var update = CallUpdate(at: .now, accountSID: account, callSID: callSID, parameters: form ?? [], twiml: twiml,
                                url: value("Url"), status: value("Status"), say: [], dial: [], responseStatus: 0)
        if let twiml {
            update.say = XMLScan.texts("Say", in: twiml)
            update.dial = XMLScan.texts("Dial", in: twiml).map { XMLScan.texts("Number", in: $0).first ?? $0 }
        }
        let response = answer(request, update: update, fault: fault, hasForm: form != nil)
        update.responseStatus = Int(response.status.code)
        state.withLock { $0.updates.append(update) }
        return response
    }

    private func answer(_ request: Request, update: CallUpdate, fault: Fault?, hasForm: Bool) -> Response {
        let path = request.uri.path
        // Basic auth: account SID and auth token.
        guard let authorization = request.headers[.authorization], let (user, password) = Self.basicCredentials(authorization),
              let token = accounts[user], Self.constantTimeEqual(token, password) else {
            return Self.error(401, code: 20003, message: "Authenticate")
        }
        let sid = update.callSID
        guard update.accountSID == user, path.hasSuffix(".json"), sid.count == 34, sid.hasPrefix("CA"),
              sid.dropFirst(2).allSatisfy(\.isHexDigit) else {
            return Self.error(404, code: 20404, message: "The requested resource \(path) was not found")
        }
        if case .status(let code) = fault {
            return Self.error(code, code: code == 500 ? 20500 : 20001, message: "Injected failure")
        }
        guard hasForm else {
            return Self.error(400, code: 20001, message: "Request body must be application/x-www-form-urlencoded")
        }
        if update.twiml == nil, update.url == nil, update.status == nil {
            return Self.error(400, code: 20001, message: "Missing required parameter: Twiml, Url or Status")
        }
        if let status = update.status, status != "completed", status != "canceled" {
            return Self.error(400, code: 21218, message: "Invalid Status: \(status)")
        }
        return Self.callResource(account: update.accountSID, call: sid, status: update.status ?? "in-progress")
    }

    static func basicCredentials(_ header: String) -> (String, String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }

    /// Twilio's error body: `{"code":…,"message":…,"more_info":…,"status":…}`.
    static func error(_ status: Int, code: Int, message: String) -> Response {
        let body: [String: Any] = ["code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)",
                                   "status": status]
        return json(status, body)
    }

    static func callResource(account: String, call: String, status: String) -> Response {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let now = formatter.string(from: Date())
        let uri = "/2010-04-01/Accounts/\(account)/Calls/\(call).json"
        let body: [String: Any] = [
            "sid": call, "account_sid": account, "api_version": "2010-04-01", "status": status,
            "direction": "inbound", "from": "+13125550100", "to": "+13125550199", "date_created": now,
            "date_updated": now, "start_time": now, "end_time": status == "completed" ? now : NSNull(),
            "duration": NSNull(), "price": NSNull(), "price_unit": "USD", "parent_call_sid": NSNull(),
            "answered_by": NSNull(), "forwarded_from": NSNull(), "caller_name": NSNull(), "group_sid": NSNull(),
            "queue_time": "0", "trunk_sid": NSNull(), "annotation": NSNull(), "uri": uri,
            "subresource_uris": ["notifications": uri.replacingOccurrences(of: ".json", with: "/Notifications.json"),
                                 "recordings": uri.replacingOccurrences(of: ".json", with: "/Recordings.json")],
        ]
        return json(200, body)
    }

    static func json(_ status: Int, _ body: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
