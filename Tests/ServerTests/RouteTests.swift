import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing

@Suite struct RouteTests {
    static func app(_ settings: ServerSettings = Fixtures.settings) -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return Application(router: FrontDeskServer.router(settings: settings, logger: logger))
    }

    static var formHeaders: HTTPFields {
        var h = HTTPFields()
        h[.contentType] = "application/x-www-form-urlencoded"
        return h
    }

    static func signedHeaders(path: String, params: [String: String]) -> HTTPFields {
        var h = formHeaders
        h[HTTPFields.Element.Name("X-Twilio-Signature")!] = Fixtures.sign(url: Fixtures.publicURL + path, params: params)
        return h
    }

    @Test func healthz() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == "{\"status\":\"ok\"}")
            }
        }
    }

    @Test func signedVoiceWebhookGetsTwiML() async throws {
        let params = Fixtures.voiceParams
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/twilio/voice", method: .post,
                                     headers: Self.signedHeaders(path: "/twilio/voice", params: params),
                                     body: ByteBuffer(string: Fixtures.form(params))) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/xml") == true)
                #expect(String(buffer: response.body) ==
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"wss://frontdesk.example.com/twilio/media\">"
                    + "<Parameter name=\"practice\" value=\"lakeview-dental\"/>"
                    + "<Parameter name=\"caller\" value=\"\(params["From"]!)\"/></Stream></Connect></Response>")
            }
        }
    }

    @Test func signatureCoversQueryStringAndPathPrefix() async throws {
        let params = Fixtures.voiceParams
        let settings = ServerSettings(practiceID: "lakeview-dental", publicURL: "https://example.org/fd/", authToken: Fixtures.token)
        try await Self.app(settings).test(.router) { client in
            var h = Self.formHeaders
            h[HTTPFields.Element.Name("X-Twilio-Signature")!] = Fixtures.sign(url: "https://example.org/fd/twilio/voice?site=main%201", params: params)
            try await client.execute(uri: "/twilio/voice?site=main%201", method: .post, headers: h,
                                     body: ByteBuffer(string: Fixtures.form(params))) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("url=\"wss://example.org/fd/twilio/media\""))
            }
            // Signed without the query string: refused.
            h[HTTPFields.Element.Name("X-Twilio-Signature")!] = Fixtures.sign(url: "https://example.org/fd/twilio/voice", params: params)
            try await client.execute(uri: "/twilio/voice?site=main%201", method: .post, headers: h,
                                     body: ByteBuffer(string: Fixtures.form(params))) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test(arguments: ["missing", "forged", "wrong token", "tampered body", "wrong url"])
    func badSignatureIs403(_ how: String) async throws {
        var params = Fixtures.voiceParams
        var h = Self.formHeaders
        let name = HTTPFields.Element.Name("X-Twilio-Signature")!
        switch how {
        case "missing": break
        case "forged": h[name] = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        case "wrong token": h[name] = Fixtures.sign(url: Fixtures.publicURL + "/twilio/voice", params: params, token: "other")
        case "tampered body":
            h[name] = Fixtures.sign(url: Fixtures.publicURL + "/twilio/voice", params: params)
            params["From"] = "+19995550000"
        default: h[name] = Fixtures.sign(url: "https://evil.example.com/twilio/voice", params: params)
        }
        let body = Fixtures.form(params)
        let headers = h
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/twilio/voice", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(!text.contains("Response"))
                #expect(!text.contains("5550301"))
            }
            try await client.execute(uri: "/twilio/status", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func statusCallback() async throws {
        var completed = Fixtures.voiceParams
        completed["CallStatus"] = "completed"
        completed["CallDuration"] = "42"
        var unknown = completed
        unknown["CallStatus"] = "exploded"
        let good = completed, bad = unknown
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/twilio/status", method: .post,
                                     headers: Self.signedHeaders(path: "/twilio/status", params: good),
                                     body: ByteBuffer(string: Fixtures.form(good))) { response in
                #expect(response.status == .noContent)
                #expect(response.body.readableBytes == 0)
            }
            // A signed callback with an unknown status is a bad request, not a crash.
            try await client.execute(uri: "/twilio/status", method: .post,
                                     headers: Self.signedHeaders(path: "/twilio/status", params: bad),
                                     body: ByteBuffer(string: Fixtures.form(bad))) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func wrongContentTypeAndOversizedBody() async throws {
        let params = Fixtures.voiceParams
        try await Self.app().test(.router) { client in
            var h = Self.signedHeaders(path: "/twilio/voice", params: params)
            h[.contentType] = "application/json"
            try await client.execute(uri: "/twilio/voice", method: .post, headers: h, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let big = String(repeating: "a", count: 70 * 1024)
            try await client.execute(uri: "/twilio/voice", method: .post, headers: Self.formHeaders,
                                     body: ByteBuffer(string: "x=\(big)")) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func insecureDevSkipsTheCheck() async throws {
        let settings = ServerSettings(practiceID: "lakeview-dental", publicURL: "http://127.0.0.1:8080", authToken: nil)
        let params = Fixtures.voiceParams
        try await Self.app(settings).test(.router) { client in
            try await client.execute(uri: "/twilio/voice", method: .post, headers: Self.formHeaders,
                                     body: ByteBuffer(string: Fixtures.form(params))) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("url=\"ws://127.0.0.1:8080/twilio/media\""))
            }
        }
    }
}
