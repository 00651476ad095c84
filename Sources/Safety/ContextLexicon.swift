/// NegEx / ConText trigger terms, English and Spanish, as patterns (see `PatternSet`).
///
/// To add a trigger, add a pattern to the right list; tests in `ContextTests` show the expected effect.
enum ContextLexicon {
    static let cues: [(String, CueKind)] =
        negation.map { ($0, .negation) }
        + pseudoNegation.map { ($0, .pseudoNegation) }
        + negationEnd.map { ($0, .negationEnd) }
        + hypothetical.map { ($0, .hypothetical) }
        + pseudoHypothetical.map { ($0, .pseudoHypothetical) }
        + hypotheticalEnd.map { ($0, .hypotheticalEnd) }
        + strongPresent.map { ($0, .strongPresent) }
        + hypotheticalAfterQuestion.map { ($0, .hypotheticalAfter(questionOnly: true)) }
        + habitual.map { ($0, .hypotheticalAfter(questionOnly: false)) }
        + present.map { ($0, .present) }
        + recurrence.map { ($0, .recurrence) }
        + historicalAlways.map { ($0, .historical(level: 3, crisis: true)) }
        + historicalOld.map { ($0, .historical(level: 3, crisis: false)) }
        + historicalWeeks.map { ($0, .historical(level: 2, crisis: false)) }
        + historicalRecent.map { ($0, .historical(level: 1, crisis: false)) }

    /// A negation trigger negates a finding that starts at most `negationWindow` words after it.
    static let negationWindow = 5
    /// A hypothetical trigger ("if") covers a finding starting at most this many words after it.
    static let hypotheticalWindow = 12

    static let negation = [
        "no|not|never|without|denies|denied|deny|denying|neither|nor|none|nothing",
        "nunca|sin|ni|tampoco|jamas|ningun|ninguna|ninguno|nada",
        "(free of)", "(negative for)", "(ruled out)", "(absence of)",
    ]

    /// Look like negation, are not (they cover the trigger word).
    static let pseudoNegation = [
        "(no increase)", "(not only)", "(not just)", "(not sure)", "(not certain)", "(not even sure)", "(not know)",
        "(not tell)", "(not think)", "(not remember)", "(not recall)", "(no doubt)", "(not necessarily)",
        "(no change)", "(not rule out)", "(not ruled out)", "(no further)", "(no matter)", "(not kidding)",
        "(no kidding)", "(not joking)", "(no joke)", "(not a joke)", "(no lie)", "(or not)", "(if not)", "(why not)",
        "(not wait)", "(not stop)",
        "never ~4 (until|till|before) (today|now|this morning|tonight|just now|an hour ago|a few minutes ago)",
        "nunca ~4 hasta (hoy|ahora|esta mañana)",
        "(no se)", "(no estoy seguro)", "(no estoy segura)", "(no creo)", "(no lo se)", "(no me acuerdo)",
        "(no recuerdo)", "(no es broma)", "(o no)", "(si no)",
    ]

    /// End a negation scope (NegEx termination terms, plus a new subject starting a new statement).
    static let negationEnd = [
        "and|y|e|now|then|which|who|still|yet|because|since|so|also|plus|except|apart|aside",
        "i|he|she|they|we|you",
        "ahora|porque|entonces|luego|pues|tambien|ademas|excepto",
    ]

    static let hypothetical = [
        "if", "(what if)", "(in case)", "suppose|supposing|hypothetically|hypothetical", "(in the event)",
        "(should i ever)", "(should he ever)", "(should she ever)", "(if ever)",
        "(what happens when)", "(what to do when)", "(what do i do when)", "(what should i do when)",
        "(what do you do when)", "(what do we do when)",
        "(signs of)", "(symptoms of)", "(sign of)", "(symptom of)", "(warning signs)", "(side effect)",
        "(side effects)", "(risk of)", "(risks of)", "(chance of)", "(chances of)",
        "can|could|does|do|might|will|would ~3 cause", "(lead to)", "(leads to)",
        "how ~4 (know|tell) if", "can ~2 overdose", "(possible to overdose)",
        "(worried about getting)", "(afraid of getting)", "(scared of getting)", "prevent|prevention|preventing|avoid",
        "si", "(en caso)", "(por si)", "(que pasa si)", "(que hago si)", "(que hago cuando)", "(que hacer si)",
        "(que hacer cuando)", "(sintomas de)", "(señales de)", "(senales de)", "(efectos secundarios)",
        "(efecto secundario)", "(puede causar)", "(puede provocar)", "(riesgo de)", "evitar|prevenir",
    ]

    /// After the finding, in a clause that opens as a question: "is chest pain a side effect of …?"
    static let hypotheticalAfterQuestion = [
        "(a|an)? ~1 (side effect|side effects|symptom|symptoms|sign|signs|warning sign|reaction|complication|risk) ~2 (of|from|with|after)",
        "(efecto secundario|efectos secundarios|sintoma|señal|senal) ~2 (de|del|despues)",
    ]

    /// After the finding: brought on by effort, i.e. a pattern, not an event now.
    static let habitual = [
        "when ~1 (i|he|she) ~1 (climb|climbs|walk|walks|exercise|exercises|run|runs|jog|jogs|work out|works out|go up|goes up|do stairs|take the stairs)",
        "cuando (subo|camino|corro|hago ejercicio)",
    ]

    /// Clause openings that make a question (for `hypotheticalAfterQuestion`).
    static let questionOpeners: Set<String> = ["is", "are", "can", "could", "does", "do", "would", "will", "should", "es", "puede", "pueden", "sera"]

    /// Cancel a one-word hypothetical trigger ("if", "si") they overlap.
    static let pseudoHypothetical = [
        "(not sure|not know|wonder|wondering|wondered|see|check|ask|asking|asked|tell|as|even|only|unsure) if",
        "if (possible|so|needed|necessary|anything|any|you|that)",
        "(no se|saber|ver|pregunto|preguntar|como) si", "si (es posible|puede|pueden|usted|quiere)",
    ]

    static let hypotheticalEnd = [
        "then|now|so|because|entonces|ahora|porque", "(and now)",
    ]

    /// "Right now": whatever "if" says, the caller is describing the present.
    static let strongPresent = [
        "(right now)", "currently", "(at the moment)", "(as we speak)", "(just now)", "(happening now)",
        "(is happening)", "(ahora mismo)", "(en este momento)", "ahorita", "(esta pasando)",
    ]

    static let present = [
        "now|still|again|today|tonight|since|started|starting|begun|began|keeps|keep|kept|getting|currently",
        "is|are|am|will",
        "(this morning)", "(this afternoon)", "(this evening)", "(has been)", "(have been)", "(been having)",
        "ahora|todavia|aun|sigue|siguen|hoy|desde|empezo|comenzo|esta|estan|estoy|estamos",
        "(esta mañana)", "(esta tarde)", "(esta noche)",
    ]

    static let recurrence = [
        "again", "(came|coming|is|'s|are) back", "(back again)", "(another one)", "(happening again)",
        "(de nuevo)", "(otra vez)", "volvio|regreso",
    ]

    /// Old enough that even crisis language is history.
    static let historicalAlways = [
        "(years ago)", "(year ago)", "(last year)", "(used to)", "when (i|he|she|we|they) (was|were)",
        "as a (kid|child|teen|teenager|baby)", "(a long time ago)", "(long ago)", "(years back)", "(in the past)",
        "(back then)", "(back in #)", "in #year",
        "(had|was|were|did|tried|attempted|used|went through) ~6 in (high school|college|middle school|my teens|my twenties|grad school|the army)",
        "(hace años)", "(hace anos)", "(hace mucho)", "(el año pasado)", "(el ano pasado)", "(cuando era)",
        "(cuando tenia)", "de (niño|niña|nino|nina|joven|adolescente|chico|chica)",
        "en la (prepa|secundaria|preparatoria|universidad)", "solia|solía", "(en el pasado)",
        "died|dead (of|from|by)", "(passed away)", "murio (de|por)", "(history of)", "(historial de)",
        "(family history)", "(runs in)", "(committed suicide)", "took (his|her|their) own life", "(se suicido)",
        "(in remission)",
    ]

    /// Old enough for medical findings (crisis language stays current: C-SSRS asks about the past month).
    static let historicalOld = [
        "(months ago)", "(month ago)", "(last month)", "(a while ago)", "(a while back)", "previously",
        "before $", "(once before)",
        "(hace meses)", "(hace un mes)", "(el mes pasado)", "antes $", "(hace tiempo)",
    ]

    static let historicalWeeks = [
        "(last week)", "(weeks ago)", "(week ago)", "(days ago)", "(the other day)", "(last weekend)",
        "(a few days back)", "(la semana pasada)", "hace # (dias|semanas)", "hace (unos|unas|varios|varias) (dias|semanas)",
        "(hace dias)", "(hace una semana)", "(el otro dia)", "anteayer|antier", "(el fin de semana pasado)",
    ]

    /// Counts only with a past-tense verb at the finding ("I had chest pain yesterday"), and for states only.
    static let historicalRecent = [
        "yesterday", "(last night)", "(the night before)", "ayer|anoche",
        "(i am|he is|she is|it is|'s|we are|they are) (fine|better|okay|ok|alright|all right) now",
        "(ya esta bien)", "(ya estoy bien)",
    ]

    /// Past-tense markers for `historicalRecent`.
    static let pastMarkers: Set<String> = [
        "had", "was", "were", "got", "felt", "did", "could", "fainted", "passed", "collapsed", "blacked",
        "choked", "bled", "seized", "went", "lost", "started",
        "tuve", "tuvo", "tenia", "estaba", "estuvo", "fue", "senti", "sintio", "pude", "pudo", "podia", "desmayo",
        "cayo", "convulsiono", "sangro", "perdio",
    ]

    /// End a historical scope that runs forward from its cue ("a history of depression and I want to die").
    static let historicalEnd: Set<String> = ["now", "ahora", "which", "who", "que"]
    /// "and"/"y" end it too when a new subject follows with a verb that is not past
    /// ("… last year and I want to die"), but not "… last year and broke my jaw".
    static let historicalAnd: Set<String> = ["and", "y"]
    static let newSubjects: Set<String> = ["i", "he", "she", "we", "they", "you", "it", "my", "yo", "ella", "ellos", "mi", "me", "le"]

    /// Words that may begin a finding that carries its own negation ("not breathing", "no puede respirar").
    static let negationWords: Set<String> = ["no", "not", "never", "nothing", "nobody", "nunca", "ni"]
}
