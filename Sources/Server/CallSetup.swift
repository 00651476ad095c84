import Foundation
import AsyncHTTPClient
import FrontDeskCore
import Logging
import ServiceLifecycle
import SpeechProviders
import Telephony
import Vault
import Voice

extension ServerStartup {
    /// The call services for `profile` from the deployment config: the configured recogniser (required),
    /// the configured voice (default: local espeak-ng) with espeak-ng behind a cloud voice as fallback, and
    /// Twilio's REST API for transfers when the account SID and auth token are set.
    /// - Returns: the services and the warnings to print.
    public static func callServices(profile: PracticeProfile, config: DeploymentConfig, store: any Store,
                                    clock: any FrontDeskCore.Clock, httpClient: HTTPClient,
                                    recorder: (@Sendable (String) -> CallRecorder?)?, logger: Logger,
                                    environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StartupError) -> (services: CallServices, warnings: [String]) {
        var warnings: [String] = []
        guard let sttSettings = config.speechToText else {
            throw StartupError("no speech_to_text provider in the deployment config (--config): calls cannot be understood. "
                               + "Configure deepgram, or an OpenAI-compatible /v1/audio/transcriptions server such as a "
                               + "self-hosted Whisper (see docs/voice.md).")
        }
        let stt: any SpeechToText
        let tts: any TextToSpeech
        do {
            stt = try SpeechProviders.makeSpeechToText(sttSettings, httpClient: httpClient, logger: logger)
            tts = try SpeechProviders.makeTextToSpeech(config.textToSpeech ?? SpeechProviderSettings(provider: "espeak"),
                                                      httpClient: httpClient, logger: logger)
        } catch {
            throw StartupError("\(error)")
        }
        var fallback: (any TextToSpeech)?
        if !(tts is EspeakTextToSpeech) {
            if let local = try? EspeakTextToSpeech() { fallback = local } else {
                warnings.append("warning: espeak-ng is not installed, so there is no fallback voice if the configured "
                                + "text_to_speech fails (calls are then handed to the front desk)")
            }
        }
        var control: (any CallControl)?
        let token = authToken(config: config, environment: environment)
        if let sid = config.twilio?.accountSID, let token {
            control = TwilioRESTClient(accountSID: sid, authToken: token, apiBase: config.twilio?.apiBase ?? "https://api.twilio.com",
                                       httpClient: httpClient)
        } else {
            warnings.append("warning: twilio.account_sid is not set: emergency, crisis and front-desk transfers cannot "
                            + "be placed; the caller is told the number to call instead")
        }
        let services = CallServices(profile: profile, store: store, clock: clock, speechToText: stt, textToSpeech: tts,
                                    fallbackTextToSpeech: fallback, callControl: control, recorder: recorder)
        return (services, warnings)
    }
}

/// The daily retention job as a service of the server's service group (stops on graceful shutdown).
public struct RetentionService: Service {
    let job: RetentionJob
    public init(job: RetentionJob) { self.job = job }
    public func run() async throws {
        await cancelWhenGracefulShutdown { await job.run() }
    }
}
