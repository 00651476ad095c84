// SpeechProviders
