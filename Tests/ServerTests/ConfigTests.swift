import Foundation
import FrontDeskCore
import Server
import Testing

@Suite struct ConfigTests {
    static let full = """
    retention:
      transcripts: 30
    speech_to_text:
      provider: deepgram
      url: wss://api.deepgram.com/v1/listen
      api_key: env:DEEPGRAM_API_KEY
      baa: true
    text_to_speech:
      provider: espeak
    twilio:
      account_sid: env:TWILIO_ACCOUNT_SID
      auth_token: env:TWILIO_AUTH_TOKEN
      api_base: https://api.twilio.com
    """
    static let env = ["DEEPGRAM_API_KEY": "dg-key", "TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": "tok"]

    @Test func loadsTheIssueExample() throws {
        let c = try DeploymentConfig.load(yaml: Self.full, file: "fd.yaml", environment: Self.env)
        #expect(c.twilio == TwilioSettings(accountSID: "AC123", authToken: "tok", apiBase: "https://api.twilio.com"))
        #expect(c.speechToText == SpeechProviderSettings(provider: "deepgram", url: "wss://api.deepgram.com/v1/listen", apiKey: "dg-key", baa: true))
        #expect(c.textToSpeech == SpeechProviderSettings(provider: "espeak"))
        #expect(c.baaViolations(hipaaCovered: true).isEmpty)
    }

    @Test(arguments: [
        ("twilio:\n  auth_token: env:NOPE\n", "twilio.auth_token", "environment variable NOPE is not set"),
        ("twilio:\n  token: x\n", "twilio.token", "unknown key"),
        ("twilio:\n  api_base: ftp://x\n", "twilio.api_base", "not an http(s) URL"),
        ("twilio: 3\n", "twilio", "must be a mapping"),
        ("speech_to_text:\n  url: wss://x\n", "speech_to_text.provider", "missing"),
        ("speech_to_text:\n  provider: acme\n", "speech_to_text.provider", "unknown provider \"acme\""),
        ("speech_to_text:\n  provider: deepgram\n  baa: yes please\n", "speech_to_text.baa", "must be true or false"),
        ("text_to_speech:\n  provider: openai\n  url: not a url\n", "text_to_speech.url", "not an http(s) or ws(s) URL"),
        ("- a\n- b\n", "", "top level must be a mapping"),
    ])
    func errorsNameFileKeyAndReason(_ yaml: String, _ key: String, _ reason: String) {
        do throws(ConfigError) {
            _ = try DeploymentConfig.load(yaml: yaml, file: "deploy.yaml", environment: [:])
            Issue.record("expected an error for \(yaml)")
        } catch {
            #expect(error.file == "deploy.yaml")
            #expect(error.key == key)
            #expect(error.reason.contains(reason), "\(error.reason)")
            #expect(error.description.hasPrefix("deploy.yaml: "))
        }
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ConfigError(file: "/nonexistent/fd.yaml", key: "", reason: "cannot read file: no such file")) {
            try DeploymentConfig.load(path: "/nonexistent/fd.yaml")
        }
    }

    // MARK: BAA gate

    static func prepare(_ yaml: String, profile: PracticeProfile = Fixtures.dental, env: [String: String] = ["TWILIO_AUTH_TOKEN": "t"],
                        publicURL: String? = "https://fd.example.com", insecureDev: Bool = false) throws -> ServerSettings {
        let c = try DeploymentConfig.load(yaml: yaml, file: "fd.yaml", environment: env)
        return try ServerStartup.prepare(profile: profile, config: c, publicURL: publicURL, host: "127.0.0.1", port: 8080,
                                         insecureDev: insecureDev, environment: env).settings
    }

    @Test func baaGateRefusesSTTWithoutBAA() {
        let yaml = "speech_to_text:\n  provider: deepgram\n  baa: false\n"
        #expect(throws: StartupError.self) { try Self.prepare(yaml) }
        do { _ = try Self.prepare(yaml) } catch {
            #expect("\(error)".contains("speech_to_text provider \"deepgram\""))
            #expect("\(error)".contains("lakeview-dental"))
        }
        // Not marked at all counts as no BAA.
        #expect(throws: StartupError.self) { try Self.prepare("speech_to_text:\n  provider: openai\n") }
        // Even --insecure-dev does not lift the gate.
        #expect(throws: StartupError.self) { try Self.prepare(yaml, insecureDev: true) }
    }

    @Test func baaGateRefusesRemoteTTSButNotEspeak() throws {
        do { _ = try Self.prepare("text_to_speech:\n  provider: openai\n") ; Issue.record("expected refusal") } catch {
            #expect("\(error)".contains("text_to_speech provider \"openai\""))
        }
        _ = try Self.prepare("text_to_speech:\n  provider: espeak\n")
        _ = try Self.prepare("text_to_speech:\n  provider: openai\n  baa: true\n")
    }

    @Test func baaGateDoesNotApplyToUncoveredPractice() throws {
        _ = try Self.prepare("speech_to_text:\n  provider: deepgram\ntext_to_speech:\n  provider: openai\n", profile: Fixtures.vet)
    }

    // MARK: auth token and public URL

    @Test func authTokenFromConfigOrEnvironment() throws {
        let fromEnv = try Self.prepare("")
        #expect(fromEnv.authToken == "t")
        let fromConfig = try Self.prepare("twilio:\n  auth_token: direct\n")
        #expect(fromConfig.authToken == "direct")
        let viaEnvName = try Self.prepare("twilio:\n  auth_token: env:MY_TOKEN\n", env: ["MY_TOKEN": "named"])
        #expect(viaEnvName.authToken == "named")
        #expect(fromEnv.mediaStreamURL == "wss://fd.example.com/twilio/media")
    }

    @Test func noTokenRefusesUnlessInsecureDev() throws {
        do { _ = try Self.prepare("", env: [:]); Issue.record("expected refusal") } catch {
            #expect("\(error)".contains("no Twilio auth token"))
            #expect("\(error)".contains("--insecure-dev"))
        }
        let dev = try Self.prepare("", env: [:], publicURL: nil, insecureDev: true)
        #expect(dev.authToken == nil)
        #expect(dev.publicURL == "http://127.0.0.1:8080")
    }

    @Test func publicURLRequiredAndChecked() {
        #expect(throws: StartupError.self) { try Self.prepare("", publicURL: nil) }
        #expect(throws: StartupError.self) { try Self.prepare("", publicURL: "fd.example.com") }
        #expect(throws: StartupError.self) { try Self.prepare("", publicURL: "https://fd.example.com/?a=1") }
    }
}
