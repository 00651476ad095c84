/// Questions a receptionist must not ask on the phone: identity and payment numbers (SSN, policy / member /
/// group / ID numbers, card numbers) and symptom detail ("what symptoms", "describe your symptoms", "what
/// medical condition", "what are you struggling with", "how long have you had…").
public enum Overcollection {
    /// Does an agent utterance ASK for SSN, policy/member/group/ID numbers, card numbers, or symptom detail?
    /// Mentions that are not requests ("we never ask for your Social Security number", "you don't need
    /// your member ID") are not counted.
    public static func asksForProhibitedData(_ agentUtterance: String) -> Bool {
        let set = patterns
        for clause in TextNormalizer.clauses(agentUtterance) {
            let ms = set.matches(set.ids(clause.words))
            if ms.isEmpty { continue }
            let negations = ms.filter { $0.tag == .negation }
            func negated(_ m: PatternSet<Tag>.Match) -> Bool {
                negations.contains { n in n.end <= m.start && m.start - n.end <= 7 }
            }
            let hasAsk = ms.contains { $0.tag == .ask } || clause.endsWithQuestion
            for m in ms where !negated(m) {
                if m.tag == .symptomAsk { return true }
                if m.tag == .data && hasAsk { return true }
            }
        }
        return false
    }

    enum Tag: Sendable, Equatable { case data, symptomAsk, ask, negation }

    static let data = [
        "(social security|ssn|social security number|last four of your social|last 4 of your social|last four digits of your social|your social)",
        "(policy|member|group|subscriber|identification|id|insurance id|insurance|medicare|medicaid|account|routing|license|passport|card|credit card|debit card|bank account) (number|numbers|id|i d)",
        "(member|subscriber) (id|i d) || (credit card)|(debit card)|(card details)|(card info)|cvv|(security code)|(expiration date)|(bank account)|(driver 's license)|(drivers license)",
        "(seguro social)|(numero de poliza)|(poliza)|(numero de miembro)|(numero de socio)|(numero de afiliado)|(numero de grupo)|(numero de tarjeta)|(tarjeta de credito)|(tarjeta de debito)|(numero de identificacion)|(numero de cuenta)",
    ]

    static let symptomAsks = [
        "what ~1 (symptoms|symptom)",
        "(having|have|has|experiencing|noticed|had|showing) any (symptoms|pain|swelling|bleeding|fever|vomiting|discomfort)",
        "(describe|tell me about|tell me more about|walk me through|explain) ~2 (your|his|her|the|their) (symptoms|symptom|condition|pain|problem|issue|diagnosis|medical history|history|struggles)",
        "what ~1 (medical|health|mental health)? (condition|conditions|diagnosis|diagnoses|illness)",
        "what (are|is) (you|he|she|they) (struggling|dealing|going through|suffering|being treated) ~1 (with|for)?",
        "what are you struggling with",
        "how long (have|has) (you|he|she|they|it|your|his|her) ~3 (had|been having|been experiencing|been feeling|felt|been going on|been hurting|been bleeding|been swollen|been sick|been feeling this way|been like this|noticed)",
        "(what|which) (medications|medicines|meds|drugs) (are|is) (you|he|she|they) (taking|on)",
        "are you (taking|on) any (medications|meds|medicine|drugs)",
        "what seems to be the (problem|issue|matter) || (what is the matter)",
        "what 's|is wrong with (you|your|him|her|them|his|her)",
        "(what|where) (does|do) it (hurt|ache)",
        "(how bad|how severe) is (the|your|his|her) (pain|bleeding|swelling)",
        "(que|cuales) ~1 sintomas",
        "(describa|describame|digame|cuenteme) ~2 (sus|los) (sintomas|problemas)",
        "que (condicion|enfermedad|padecimiento|diagnostico)",
        "(desde cuando) (tiene|tienes|le|siente|sufre)",
        "cuanto tiempo (lleva|tiene|ha tenido|hace que)",
        "que medicamentos (toma|esta tomando)",
    ]

    static let asks = [
        "(what|what 's|what is|whats|which) ~2 (your|the|his|her)",
        "(can|could|may|might) (i|we) ~1 (have|get|grab|take|confirm|verify|ask for|ask)",
        "(please|could you|can you|would you|will you) ~2 (give|provide|tell|read|share|spell|confirm|verify|send|text|email|say)",
        "(i|we) ~2 (need|will need|would need|require|just need|also need) ~3 (your|the|his|her)",
        "(give|read|tell|send) (me|us)",
        "(do you have|have you got|do you know) ~2 (your|the)",
        "and your",
        "(cual es|cuál es|me puede dar|me da|me podria dar|necesito|necesitamos|digame|me dice|me puede decir|me proporciona) ~3 (su|el|la)",
    ]

    static let negations = [
        "no|not|never|without|nunca|sin|(no need)|(do not need)|(will not need)|(will not ask)|(never ask)|(not required)",
    ]

    static let patterns: PatternSet<Tag> = {
        var specs: [(String, Tag)] = []
        specs += data.map { ($0, .data) }
        specs += symptomAsks.map { ($0, .symptomAsk) }
        specs += asks.map { ($0, .ask) }
        specs += negations.map { ($0, .negation) }
        return PatternSet(specs)
    }()
}
