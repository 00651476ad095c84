// The deployment config's `speech_to_text:` / `text_to_speech:` sections → provider instances.

import AsyncHTTPClient
import FrontDeskCore
import Logging
import Voice

/// Builds the configured speech providers from `SpeechProviderSettings`, with clear errors for what is
/// missing (Deepgram needs `api_key`; OpenAI-compatible servers need `url`, and a key only if they ask).
public enum SpeechProviders {
    /// The recogniser for `settings.provider`: `deepgram` → `DeepgramSpeechToText`; `openai` / `whisper` →
    /// `OpenAISpeechToText`. Throws `SpeechProviderError.misconfigured` naming the missing key.
    public static func makeSpeechToText(_ settings: SpeechProviderSettings, httpClient: HTTPClient,
                                        logger: Logger) throws -> any SpeechToText {
        switch settings.provider.lowercased() {
        case "deepgram":
            guard let key = settings.apiKey else {
                throw SpeechProviderError.misconfigured("speech_to_text provider \"deepgram\" needs api_key")
            }
            return DeepgramSpeechToText(url: settings.url ?? DeepgramSpeechToText.defaultURL, apiKey: key,
                                        model: settings.model ?? DeepgramSpeechToText.defaultModel, logger: logger)
        case "openai", "whisper":
            guard let url = settings.url else {
                throw SpeechProviderError.misconfigured(
                    "speech_to_text provider \"\(settings.provider)\" needs url (e.g. https://api.openai.com or a self-hosted Whisper server)")
            }
            return OpenAISpeechToText(url: url, apiKey: settings.apiKey, model: settings.model ?? OpenAISpeechToText.defaultModel,
                                      httpClient: httpClient, logger: logger)
        default:
            throw SpeechProviderError.misconfigured("unknown speech_to_text provider \"\(settings.provider)\" (one of: deepgram, openai, whisper)")
        }
    }

    /// The synthesizer for `settings.provider`: `espeak` / `espeak-ng` → `EspeakTextToSpeech` (throws
    /// `.unavailable` with an install hint when espeak-ng is missing); `openai` → `OpenAITextToSpeech`.
    public static func makeTextToSpeech(_ settings: SpeechProviderSettings, httpClient: HTTPClient,
                                        logger: Logger) throws -> any TextToSpeech {
        switch settings.provider.lowercased() {
        case "espeak", "espeak-ng":
            return try EspeakTextToSpeech(variant: settings.voice)
        case "openai":
            guard let url = settings.url else {
                throw SpeechProviderError.misconfigured("text_to_speech provider \"openai\" needs url (e.g. https://api.openai.com)")
            }
            return OpenAITextToSpeech(url: url, apiKey: settings.apiKey, model: settings.model ?? OpenAITextToSpeech.defaultModel,
                                      voice: settings.voice ?? OpenAITextToSpeech.defaultVoice, httpClient: httpClient, logger: logger)
        default:
            throw SpeechProviderError.misconfigured("unknown text_to_speech provider \"\(settings.provider)\" (one of: espeak, espeak-ng, openai)")
        }
    }
}
