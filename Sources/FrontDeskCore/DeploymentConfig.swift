import Foundation
import Yams

/// One problem in the deployment config, reported as `FILE: key.path: reason`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var key: String
    public var reason: String
    public init(file: String, key: String, reason: String) { self.file = file; self.key = key; self.reason = reason }
    public var description: String { key.isEmpty ? "\(file): \(reason)" : "\(file): \(key): \(reason)" }
}

/// The `twilio:` section.
public struct TwilioSettings: Sendable, Equatable {
    public var accountSID: String?
    public var authToken: String?
    public var apiBase: String
    public init(accountSID: String? = nil, authToken: String? = nil, apiBase: String = "https://api.twilio.com") {
        self.accountSID = accountSID; self.authToken = authToken; self.apiBase = apiBase
    }
}

/// A speech provider (`speech_to_text:` or `text_to_speech:`).
public struct SpeechProviderSettings: Sendable, Equatable {
    /// Provider name: deepgram, openai/whisper (speech to text); espeak/espeak-ng, openai (text to speech).
    public var provider: String
    /// Service URL (Deepgram's WebSocket URL; an OpenAI-compatible server's base URL).
    public var url: String?
    /// API key (usually `env:NAME` in the file).
    public var apiKey: String?
    /// The practice holds a signed Business Associate Agreement with this provider.
    public var baa: Bool
    /// Model name (e.g. `nova-3`, `whisper-1`, `tts-1`); nil: the provider's default.
    public var model: String?
    /// Voice (OpenAI TTS voice such as `alloy`; espeak-ng variant such as `f3`); nil: the default.
    public var voice: String?
    public init(provider: String, url: String? = nil, apiKey: String? = nil, baa: Bool = false,
                model: String? = nil, voice: String? = nil) {
        self.provider = provider; self.url = url; self.apiKey = apiKey; self.baa = baa
        self.model = model; self.voice = voice
    }
    /// Does audio or text of the call leave this machine for this provider?
    /// Only local espeak-ng keeps speech on the machine.
    public var receivesPHI: Bool { provider.lowercased() != "espeak" && provider.lowercased() != "espeak-ng" }
}

/// The parts of the deployment config (YAML) the server reads: `twilio:`, `speech_to_text:`, `text_to_speech:`.
/// Other top-level sections (e.g. `retention:`) belong to other readers and are left alone.
/// A value written `env:NAME` is read from the environment variable NAME.
public struct DeploymentConfig: Sendable, Equatable {
    public var twilio: TwilioSettings?
    public var speechToText: SpeechProviderSettings?
    public var textToSpeech: SpeechProviderSettings?

    public init(twilio: TwilioSettings? = nil, speechToText: SpeechProviderSettings? = nil,
                textToSpeech: SpeechProviderSettings? = nil) {
        self.twilio = twilio; self.speechToText = speechToText; self.textToSpeech = textToSpeech
    }

    public static let sttProviders: Set<String> = ["deepgram", "openai", "whisper"]
    public static let ttsProviders: Set<String> = ["espeak", "espeak-ng", "openai"]

    /// Loads the config at `path`; errors name `path`.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> DeploymentConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read file" : "cannot read file: no such file"
            throw ConfigError(file: path, key: "", reason: why)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, key: "", reason: "cannot read file: it is not UTF-8 text")
        }
        return try load(yaml: text, file: path, environment: environment)
    }

    /// Loads a config from YAML text; errors name `file`.
    public static func load(yaml: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> DeploymentConfig {
        let root: Any?
        do { root = try Yams.load(yaml: yaml) } catch {
            throw ConfigError(file: file, key: "", reason: "not valid YAML: \(error)")
        }
        if root == nil { return DeploymentConfig() }
        guard let top = root as? [String: Any] else {
            throw ConfigError(file: file, key: "", reason: "the top level must be a mapping of sections")
        }
        let reader = Reader(file: file, environment: environment)
        var config = DeploymentConfig()
        if let t = top["twilio"] {
            let m = try reader.mapping(t, key: "twilio", allowed: ["account_sid", "auth_token", "api_base"])
            var s = TwilioSettings()
            s.accountSID = try reader.string(m, "account_sid", in: "twilio")
            s.authToken = try reader.string(m, "auth_token", in: "twilio")
            if let base = try reader.string(m, "api_base", in: "twilio") {
                guard let u = URL(string: base), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http",
                      u.host != nil else {
                    throw ConfigError(file: file, key: "twilio.api_base", reason: "\"\(base)\" is not an http(s) URL")
                }
                s.apiBase = base
            }
            config.twilio = s
        }
        if let v = top["speech_to_text"] {
            config.speechToText = try reader.provider(v, key: "speech_to_text", known: sttProviders, fields: ["url", "api_key", "model"])
        }
        if let v = top["text_to_speech"] {
            config.textToSpeech = try reader.provider(v, key: "text_to_speech", known: ttsProviders,
                                                      fields: ["url", "api_key", "model", "voice"])
        }
        return config
    }

    /// The BAA gate: for a HIPAA-covered practice, every configured provider that would receive PHI
    /// (speech to text; text to speech other than local espeak) must be marked `baa: true`.
    /// Returns the refusals, one per provider (empty when serving may go on).
    public func baaViolations(hipaaCovered: Bool) -> [String] {
        guard hipaaCovered else { return [] }
        var out: [String] = []
        if let s = speechToText, s.receivesPHI, !s.baa {
            out.append("speech_to_text provider \"\(s.provider)\" would receive callers' speech (PHI) but is not marked baa: true")
        }
        if let t = textToSpeech, t.receivesPHI, !t.baa {
            out.append("text_to_speech provider \"\(t.provider)\" would receive reply text (PHI) but is not marked baa: true")
        }
        return out
    }
}

private struct Reader {
    var file: String
    var environment: [String: String]

    func mapping(_ v: Any, key: String, allowed: Set<String>) throws(ConfigError) -> [String: Any] {
        guard let m = v as? [String: Any] else {
            throw ConfigError(file: file, key: key, reason: "must be a mapping")
        }
        for k in m.keys.sorted() where !allowed.contains(k) {
            throw ConfigError(file: file, key: "\(key).\(k)", reason: "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
        return m
    }

    /// A string value; `env:NAME` reads the environment (an unset or empty variable is an error).
    func string(_ m: [String: Any], _ k: String, in section: String) throws(ConfigError) -> String? {
        guard let raw = m[k] else { return nil }
        let key = "\(section).\(k)"
        let s: String
        switch raw {
        case let x as String: s = x
        case let x as Int: s = String(x)
        default: throw ConfigError(file: file, key: key, reason: "must be a string")
        }
        if s.hasPrefix("env:") {
            let name = String(s.dropFirst(4))
            guard !name.isEmpty else { throw ConfigError(file: file, key: key, reason: "\"env:\" needs a variable name") }
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigError(file: file, key: key, reason: "environment variable \(name) is not set")
            }
            return value
        }
        guard !s.isEmpty else { throw ConfigError(file: file, key: key, reason: "must not be empty") }
        return s
    }

    func provider(_ v: Any, key: String, known: Set<String>, fields: Set<String>) throws(ConfigError) -> SpeechProviderSettings {
        let m = try mapping(v, key: key, allowed: fields.union(["provider", "baa"]))
        guard let name = try string(m, "provider", in: key) else {
            throw ConfigError(file: file, key: "\(key).provider", reason: "missing (one of: \(known.sorted().joined(separator: ", ")))")
        }
        guard known.contains(name.lowercased()) else {
            throw ConfigError(file: file, key: "\(key).provider", reason: "unknown provider \"\(name)\" (one of: \(known.sorted().joined(separator: ", ")))")
        }
        var baa = false
        if let b = m["baa"] {
            guard let flag = b as? Bool else {
                throw ConfigError(file: file, key: "\(key).baa", reason: "must be true or false")
            }
            baa = flag
        }
        var p = SpeechProviderSettings(provider: name, baa: baa)
        if fields.contains("url"), let u = try string(m, "url", in: key) {
            guard let url = URL(string: u), let scheme = url.scheme?.lowercased(),
                  ["http", "https", "ws", "wss"].contains(scheme), url.host != nil else {
                throw ConfigError(file: file, key: "\(key).url", reason: "\"\(u)\" is not an http(s) or ws(s) URL")
            }
            p.url = u
        }
        if fields.contains("api_key") { p.apiKey = try string(m, "api_key", in: key) }
        if fields.contains("model") { p.model = try string(m, "model", in: key) }
        if fields.contains("voice") { p.voice = try string(m, "voice", in: key) }
        return p
    }
}
