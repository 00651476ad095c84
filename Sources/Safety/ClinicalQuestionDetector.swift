import FrontDeskCore

/// Is the caller asking for clinical judgement — a diagnosis, medication or dosing advice, whether a treatment
/// is safe for them, what results mean, or what to do about a symptom?
///
/// A clause is clinical when it has a self-contained advice request ("what should I take", "how much
/// ibuprofen", "can I stop taking…", "should I be worried", "qué puedo tomar"), or a question frame
/// ("is it…", "can I…", "why does…", "¿es seguro…?") together with a clinical topic (a symptom, a medication,
/// a condition such as pregnancy, a diagnosis word, test results). Treatments (Botox, filler, a cleaning)
/// count as topics only with safety frames ("is it safe", "is it normal"). Logistics frames ("can I book",
/// "how much is", "is it safe to park") never count.
public struct ClinicalQuestionDetector: Sendable {
    public init() {}

    public func isClinicalQuestion(_ utterance: String, language: Language) -> Bool {
        let set = Self.patterns
        // Topics said anywhere so far, for "Is that normal?" / "¿Es grave?" in a later clause.
        var saidClinical = false, saidTreatment = false
        for clause in TextNormalizer.clauses(utterance) {
            let ms = set.matches(set.ids(clause.words))
            if ms.isEmpty { continue }
            let logistics = ms.filter { $0.tag == .logistics }
            func blocked(_ m: PatternSet<Tag>.Match) -> Bool {
                logistics.contains { $0.start < m.end && m.start < $0.end }
            }
            // NegEx on topics, in statements only: "no me duele ni me sangra" / "no pain, no swelling" name
            // symptoms the caller does not have. In a question ("why doesn't the numbness go away?") the
            // negation belongs to the verb, so topics stay.
            var cues: [(CueKind, Int, Int)] = []
            if !clause.endsWithQuestion {
                for m in ms {
                    switch m.tag {
                    case .negation: cues.append((.negation, m.start, m.end))
                    case .pseudoNegation: cues.append((.pseudoNegation, m.start, m.end))
                    case .negationEnd: cues.append((.negationEnd, m.start, m.end))
                    default: break
                    }
                }
            }
            let ctx = cues.contains { $0.0 == .negation } ? ClauseContext(clause: clause, cues: cues) : nil
            func counts(_ m: PatternSet<Tag>.Match) -> Bool { !(ctx?.isNegated(m.start, m.end) ?? false) }
            // A negated copula is a statement, not a question: "no es grave", "no es una emergencia".
            func negatedCopula(_ m: PatternSet<Tag>.Match) -> Bool {
                m.start > 0 && ContextLexicon.negationWords.contains(clause.words[m.start - 1])
            }

            if ms.contains(where: { $0.tag == .strong && !blocked($0) }) { return true }
            let hasClinical = ms.contains { $0.tag == .clinicalTopic && counts($0) }
            let hasTreatment = ms.contains { $0.tag == .treatmentTopic && counts($0) }
            saidClinical = saidClinical || hasClinical
            saidTreatment = saidTreatment || hasTreatment
            for m in ms where !blocked(m) {
                switch m.tag {
                case .frame where hasClinical: return true
                case .questionFrame where hasClinical && clause.endsWithQuestion && !negatedCopula(m): return true
                case .safetyFrame where hasClinical || hasTreatment: return true
                case .anaphoric where saidClinical || saidTreatment: return true
                case .anaphoricQuestion where (saidClinical || saidTreatment) && clause.endsWithQuestion && !negatedCopula(m): return true
                default: continue
                }
            }
        }
        return false
    }

    enum Tag: Sendable, Equatable {
        case strong, frame, safetyFrame, clinicalTopic, treatmentTopic, logistics
        /// A frame that is only a question with a question mark (Spanish has no inversion: "es una …").
        case questionFrame
        /// "Is that normal?", "¿Es grave?": judges something said earlier in the utterance.
        case anaphoric, anaphoricQuestion
        case negation, pseudoNegation, negationEnd
    }

    static let classes: [String: String] = [
        "meds": "ibuprofen|advil|motrin|tylenol|acetaminophen|paracetamol|aspirin|aleve|naproxen|benadryl|claritin|zyrtec|allegra|excedrin|amoxicillin|penicillin|antibiotic|antibiotics|antidepressant|antidepressants|lexapro|escitalopram|sertraline|zoloft|prozac|fluoxetine|wellbutrin|bupropion|xanax|ativan|klonopin|valium|adderall|ritalin|lithium|seroquel|trazodone|gabapentin|tramadol|oxycodone|hydrocodone|vicodin|percocet|codeine|tretinoin|retin a|retinol|accutane|hydroquinone|melatonin|cbd|prednisone|steroid|steroids|insulin|metformin|ozempic|wegovy|semaglutide|birth control|blood thinner|blood thinners|warfarin|eliquis|xarelto|plavix|apoquel|rimadyl|carprofen|gabapentin|heartworm medicine|flea medicine|ibuprofeno|aspirina|antibiotico|antibioticos|antidepresivo|antidepresivos|pastilla|pastillas|medicina|medicinas|medicamento|medicamentos",
        "dose": "dose|doses|dosage|dosing|mg|milligrams|milligram|ml|pills|pill|tablets|tablet|capsules|units|dosis|miligramos|tabletas|unidades",
    ]

    static let strong = [
        "what (should|can|could|do|would|must) (i|we|he|she|they) ~1 (take|give|use|put on|apply|try)",
        "what (medicine|medication|meds|pain reliever|painkiller|antibiotic|cream|ointment|drops|pill|pills) ~2 (should|can|could|do|would|is)",
        "what 's|is (good|best|safe) to (take|give|use)",
        "(how much|how many) ~3 (@meds|@dose)",
        "(how much|how many) ~2 (botox|filler|units|syringes|syringe) ~3 (need|get|should|will)",
        "how often ~4 (take|give|apply|use)",
        "(can|could|should|may|do|is it ok to|is it okay to|is it safe to|is it fine to|do i have to|can he|can she|is it bad to) ~3 (stop|quit|come off|get off|skip|double|lower|increase|reduce|wean off|switch|mix|combine|crush|split|cut) ~3 (taking|dose|dosage|doses|medication|medications|meds|pills|pill|prescription|@meds)",
        "(should|do|must) (i|we) ~1 (be)? ~1 (worried|concerned|worry|panic|be scared)",
        "(something|anything) to worry about",
        "(what do|what does|what did) ~4 (results|result|labs|lab|test|tests|bloodwork|x ray|x rays|xray|biopsy|scan|mri|numbers|levels|report|culture) ~2 (mean|say|show|indicate)",
        "(is|are|were) ~2 (results|labs|levels|numbers|test|tests|bloodwork) ~2 (normal|bad|good|okay|ok|high|low|concerning|abnormal|fine)",
        "(should|do|must) (i|we|he|she) ~1 (go|take him|take her|bring him|bring her|call|head) ~2 (er|emergency room|hospital|urgent care|911|emergency vet|an emergency vet|the emergency)",
        "(do|does) (i|he|she|it|my|we) ~2 (need|have to get|require) ~2 (antibiotics|antibiotic|stitches|medicine|medication|a prescription|surgery|a root canal|an extraction|an x ray|a biopsy|meds)",
        "(home|natural) (remedy|remedies) || (over the counter)",
        "(can|could|should|is it ok to|is it okay to|is it safe to) (i|we|he|she)? ~2 (drink|smoke|vape|exercise|work out|drive) ~4 (after|with|while|on) ~3 (@meds|extraction|surgery|botox|filler|procedure|sedation|anesthesia|injection|injections|treatment|filling|root canal)",
        "(que|cual|cuales) ~1 (puedo|debo|podria|deberia|le puedo|le debo|le doy|le puedo dar|me recomienda|recomienda|tomo|le doy) ~1 (tomar|dar|darle|usar|ponerle|ponerme|aplicar|aplicarme|tomarme|tomo|doy)",
        "que (medicina|medicamento|pastilla|crema|antibiotico) ~2 (puedo|debo|le)",
        "(cuanto|cuanta|cuantas|cuantos) ~2 (@meds|@dose)",
        "(puedo|debo|deberia|es seguro|esta bien|se puede) ~2 (dejar de|suspender|parar de|dejar) ~2 (tomar|tomarme|el|la|mi|mis|@meds)",
        "(deberia|debo|tengo que) ~1 (preocuparme|preocupar|ir a urgencias|ir a emergencias|ir al hospital|llevarlo a urgencias|llevarla a urgencias)",
        "que (significan|quieren decir|dicen|significa) ~3 (resultados|analisis|examenes|estudios|radiografia)",
        "(remedio|remedios) (casero|caseros|natural|naturales)",
    ]

    /// Need a clinical topic in the clause.
    static let frames = [
        "what (should|can|could|do|would) (i|we|he|she|they|you) ~1 (do|give|take|use|try|put)",
        "what (helps|would help|will help|works|can help)",
        "what 's|is (good|best) for",
        "(is|are|was) (it|this|that|these|they|he|she) ~2 (a|an|some|normal|ok|okay|alright|bad|serious|dangerous|common|a problem|something|infected|broken|contagious|cancer)",
        "(could|might|can|would) (it|this|that|they) be",
        "(do|does|did) (i|he|she|it|my|we|they|you think) ~3 (have|need|has)",
        "(should|can|could|may) (i|we|he|she|my|they) ~4",
        "(why|how come) ~6",
        "how (do|can|should|would) (i|we|you) ~2 (treat|get rid of|stop|help|ease|relieve|soothe|fix|manage|prevent|cure|heal)",
        "how long ~5 (last|heal|go away|be sore|be numb|bleed|swell|stay swollen|take to heal|hurt)",
        "(will|would|does|do) ~3 (go away|heal|get better|hurt|cause)",
        "(what|which) ~2 (is|are|could|might) ~2 (wrong|causing|cause|the cause)",
        "what ('s|is) wrong with",
        "(sera|seria|podria ser|puede ser|tendra) ~2 (una|un)",
        "(que|cual) ~2 (hago|hacer|le hago|me recomienda|sirve|es bueno)",
        "(puedo|podria|se puede|puede|debo|deberia) ~4",
        "por que ~6",
        "como ~2 (quito|quitar|curo|curar|trato|tratar|alivio|aliviar|calmo|calmar)",
        "(cuanto tiempo) ~5 (dura|durar|tarda|sanar|quitar)",
    ]

    /// Frames that are questions only with a question mark.
    static let questionFrames = [
        "(es|son) ~2 (una|un|algo)",
    ]

    /// Judgements of something said earlier ("I have some bruising. Is that normal?"): the topic may sit in
    /// an earlier clause of the same utterance.
    static let anaphoric = [
        "(is|are|was|were) (that|this|it|these|those|they) ~2 (normal|bad|serious|dangerous|concerning|worrying|expected|common|typical|usual|a bad sign|a good sign|a concern|something serious|something to worry about|infected|an emergency|a sign)",
    ]

    /// The same, in forms that are questions only with a question mark ("it's normal, right?", "¿es grave?").
    static let anaphoricQuestion = [
        "(that|this|it) ('s|is) ~1 (normal|expected|common) ~1 (right|correct|yes|no)",
        "(eso|esto)? ~1 (es|sera|esta) ~1 (normal|grave|malo|mala|peligroso|peligrosa|preocupante|de esperarse|de preocupar|infectado|infectada|una emergencia)",
    ]

    /// Accept a treatment as the topic too.
    static let safetyFrames = [
        "(is|are|would|will|be) ~3 (safe|unsafe|dangerous|risky|harmful|normal|bad for)",
        "^ (is|are|was|were) ~8 (normal|common|expected|typical|usual)",
        "(is|are|was|were|it 's|it is) ~3 supposed to (be|look|feel|hurt|bleed|swell|bruise|last|have|stay|itch|burn|ache)",
        "(es|esta) (normal|bien) que",
        "safe (for|to|during|while|with|if|when|after)",
        "(is|are) it ~1 (ok|okay|alright|fine) (to|if) ~3 (while|if|after|before|with|during|since|pregnant|breastfeeding|nursing)",
        "(es|sera|seria|esta) ~2 (seguro|segura|peligroso|peligrosa|malo|mala|normal|riesgoso|riesgosa|recomendable)",
        "(side effects)|(side effect)|(efectos secundarios)|risks|riesgos",
    ]

    /// Topic words (joined into the `@clinical` and `@treatment` classes).
    static let clinicalTopics = [
        "emergency|urgent|pain|painful|hurts|hurt|hurting|ache|aches|aching|toothache|headache|migraine|sore|soreness|swelling|swollen|swell|bleeding|bleed|bleeds|blood|rash|hives|itch|itchy|itching|scratching|scratches|infection|infected|fever|temperature|cough|coughing|cold|flu|covid|virus|sick|nausea|nauseous|vomit|vomiting|vomited|throwing up|diarrhea|constipated|dizzy|dizziness|lump|bump|mole|discharge|pus|abscess|cavity|sensitivity|sensitive|numb|numbness|tingling|bruise|bruising|bruised|scar|scarring|limping|limp|lethargic|shaking|anxiety|anxious|depressed|depression|panic|insomnia|mites|fleas|flea|ticks|tick|worms|allergy|allergic|allergies|reaction|lesion|sore throat|stitches|socket|rash|burning|redness|peeling|blister|blisters|acne|breakout|pimple|lumpy|lumps|asymmetrical|uneven|droopy|drooping|not eating|won't eat|will not eat|drinking a lot|peeing a lot|pregnant|pregnancy|breastfeeding|nursing|diabetic|diabetes|blood pressure|heart condition|epilepsy|seizures|asthma|cancer|chemo|bruises|incision|oozing|scab|scabbing|crusting|tender|tenderness|stiff|stiffness|cramps|cramping|spotting|twitching|tightness|dry socket|lily|lilies",
        "medicine|medication|medications|meds|med|dose|dosage|prescription|painkiller|painkillers|pain reliever",
        "results|labs|lab|bloodwork|blood work|test results|biopsy|scan|mri|levels",
        "chocolate|grapes|grape|raisins|raisin|xylitol|poison|toxic|antifreeze|onion|onions|garlic",
        "dolor|duele|molestia|hinchazon|hinchado|hinchada|inflamado|inflamada|sangrado|sangra|sangre|fiebre|tos|gripe|resfriado|infeccion|infectado|infectada|comezon|picazon|se rasca|rascando|vomito|vomitando|diarrea|mareo|mareado|bulto|pus|absceso|caries|sensibilidad|ansiedad|depresion|panico|pulgas|acaros|garrapatas|alergia|alergico|alergica|reaccion|embarazada|embarazo|lactancia|amamantando|diabetes|diabetico|presion|resultados|analisis|examenes|radiografia|cojea|cojeando|no come|duela|dolia|doliendo|molestia|arde|ardor|sangre|sangrando|sangrar|moreton|moretones|moretes|hematoma|hematomas|morado|morada|cardenal|cardenales|ronchas|sarpullido|hormigueo|entumido|entumida|adormecido|adormecida|bultos|granos|irritacion|irritada|irritado|enrojecido|enrojecida|pica|comezon|hinchazon|hinchados|hinchadas|herida|lirio|lirios",
    ]

    static let treatmentTopics = [
        "botox|filler|fillers|lip filler|dysport|juvederm|restylane|kybella|laser|peel|peels|microneedling|hydrafacial|facial|facials|coolsculpting|injection|injections|injectables|treatment|procedure|whitening|bleaching|cleaning|deep cleaning|extraction|root canal|implant|implants|crown|filling|fillings|anesthesia|numbing|sedation|nitrous|laughing gas|x rays|vaccine|vaccines|vaccination|shots|shot|rabies|spay|neuter|surgery|dental work|therapy|massage|wax|waxing|tattoo|bótox|relleno|rellenos|tratamiento|limpieza|blanqueamiento|extraccion|vacuna|vacunas|cirugia|anestesia|laser",
    ]

    /// Refill requests are administrative ("can I get a refill", "he's almost out of his Apoquel", "need more
    /// of my …", "running low on"), unless they ask about the dose ("can I double it until the refill comes?",
    /// matched as `strong`).
    static let refills = [
        "(can|could|may|would) (i|we|you) ~3 (get|have|order|request|put in|call in|send|pick up|place|do|renew|refill|fill) ~3 (refill|refills|renewal|a new prescription|new prescription|the prescription|my prescription|his prescription|her prescription|another bottle|another box|another month|another supply)",
        "(can|could|may|would) (i|we|you) ~3 (get|order|request|call in|send|pick up) ~2 (more|some more)",
        "(can|could|may|would) (i|we|you) ~2 (refill|renew|reorder|re order|re fill)",
        "refill|refills|refilled|refilling|renewal|resurtir|resurtido|surtir|renovar|reabastecer",
        "(running|run|ran|getting|almost|nearly|all|just about|completely|totally) ~1 (low on|out of|out)",
        "se (me|le|nos)? ~1 (esta acabando|acabo|termino|esta terminando|estan acabando|acabaron|terminaron)",
        "(ya)? no (me|le|nos)? (queda|quedan) ~2 (mas|nada|pastillas|medicina|medicamento)?",
        "(me|le|nos)? (pueden|puede|podrian|podria) ~3 (resurtir|surtir|renovar|mandar|enviar) ~3 (receta|resurtido|mas|otra caja|otro frasco|medicamento|medicina|pastillas)",
        "(puedo|podria|podemos|se puede) ~3 (pedir|conseguir|recoger|resurtir|surtir|renovar|solicitar) ~4 (receta|resurtido|mas|otra caja|otro frasco|medicamento|medicina|pastillas)",
    ]

    static let logistics = refills + [
        "(can|could|may|should) (i|we|you) ~2 (book|schedule|reschedule|cancel|come|come in|bring|park|pay|make|get an appointment|get in|get seen|be seen|come by|stop by|drop off|pick up|see|switch|move|change|confirm|keep my appointment|keep the appointment|still come|call|fit me in|squeeze me in|get me in)",
        // Booking someone else ("he's got a fever, can he come in tomorrow?"): only booking verbs, since
        // "can he switch / stop / take …" are medication questions.
        "(can|could|may|should) (he|she|they|my son|my daughter|my husband|my wife|my partner|my mom|my dad|my mother|my father|my kid|my kids|my child|my baby|my dog|my cat|the dog|the cat|my puppy|my kitten) ~2 (come|come in|come by|stop by|be seen|get seen|get in|get an appointment|still come|be fit in|be squeezed in|book|have an appointment)",
        "(puede|pueden|podria) ~2 (venir|pasar|ir|llevarlo|llevarla|traerlo|traerla|verlo|verla|atenderlo|atenderla|agendar|hacer una cita)",
        // Getting a visit, and whether one is needed, are bookings: "can I get a sick visit today", "do I need an
        // appointment for bloodwork". A symptom said next to them is the reason for the visit, not a question.
        "(can|could|may) (i|we|he|she|they|you|my son|my daughter|my husband|my wife|my kid|my child|my baby|my mom|my dad) ~2 (get|have|grab|set up|make|schedule|book|squeeze in|fit in|get in for|come in for) ~3 (appointment|appointments|appt|visit|visits|slot|opening|consult|consultation|checkup|check up|exam|physical|session|intake)",
        "(do|does|will|would) (i|we|he|she|they|you|my son|my daughter|my husband|my wife|my kid|my child|my baby) ~1 (need|have to have|have to make|require|need to make|need to book|need to schedule) ~2 (appointment|appointments|appt|a referral|referral|to book|to schedule|to make an appointment|to come in|a visit|to be seen)",
        "(need|needs|necesito|necesita|hace falta|se necesita|ocupo) ~1 (an appointment|appointment|a referral|cita|una cita|turno)",
        "(puedo|podemos|se puede|podria|pueden|me pueden|le pueden) ~2 (sacar|pedir|conseguir|tener|agendar|programar|reservar|dar|darme|darle) ~2 (cita|consulta|turno|una cita|una consulta)",
        "(need|have) to (bring|fill|sign|arrive|pay|come|book|wear)",
        "appointment|appointments|opening|openings|slot|availability|available",
        "atenderme|atender|verme|revisar|revisen|cita|turno|consulta",
        "(how much) (is|are|does|do|for|would|will|it|to)",
        "(cost|costs|price|prices|charge|fee|fees|pricing|payment|insurance|copay)",
        "(safe|ok|okay) to (park|leave|walk|drive|visit|come|bring|call|pay|wait)",
        "(do you|does the|does your) ~2 (take|accept|offer|have|do)",
        "(puedo|podemos|se puede) ~2 (hacer una cita|agendar|cancelar|cambiar|llevar|traer|estacionar|pagar|ir)",
        "(cuanto) (cuesta|cuestan|es|sale|cobran)",
    ]

    static let patterns: PatternSet<Tag> = {
        var specs: [(String, Tag)] = []
        specs += strong.map { ($0, .strong) }
        specs += frames.map { ($0, .frame) }
        specs += safetyFrames.map { ($0, .safetyFrame) }
        specs += questionFrames.map { ($0, .questionFrame) }
        specs += anaphoric.map { ($0, .anaphoric) }
        specs += anaphoricQuestion.map { ($0, .anaphoricQuestion) }
        specs += ContextLexicon.negation.map { ($0, .negation) }
        specs += ContextLexicon.pseudoNegation.map { ($0, .pseudoNegation) }
        specs += ContextLexicon.negationEnd.map { ($0, .negationEnd) }
        specs += [("@clinical", .clinicalTopic), ("@meds", .clinicalTopic), ("@treatment", .treatmentTopic)]
        specs += logistics.map { ($0, .logistics) }
        var all = classes
        all["clinical"] = clinicalTopics.joined(separator: "|")
        all["treatment"] = treatmentTopics.joined(separator: "|")
        return PatternSet(specs, classes: all)
    }()
}
