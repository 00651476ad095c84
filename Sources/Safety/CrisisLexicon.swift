/// Crisis language in the order of the Columbia Suicide Severity Rating Scale (C-SSRS) screener:
/// wish to be dead → non-specific active thoughts → method / intent / plan → behaviour. English and Spanish,
/// first person and third person ("he wants to kill himself").
///
/// - thoughts (passive wish, active ideation, self-harm) → `crisis(immediateDanger: false)`
/// - intent now, preparation, plan in motion, being at a place to jump → `crisis(immediateDanger: true)`
/// - an act done or under way (overdose, attempt, cut that won't stop bleeding) → `emergency`
///   with concern `.suicideAttempt` / `.selfHarm` (the engine sends 911 and also names 988).
enum CrisisLexicon {
    static func c(_ concern: SafetyConcern, _ p: String, immediate: Bool = false, _ v: VMask = .all) -> Rule {
        Rule(concern: concern, outcome: .crisis(immediate: immediate), verticals: v, timing: .crisis, pattern: p)
    }
    static func act(_ concern: SafetyConcern, _ p: String) -> Rule {
        Rule(concern: concern, outcome: .emergency, verticals: .all, timing: .event, pattern: p)
    }
    static func s(_ name: String, _ p: String) -> Rule {
        Rule(concern: .other, outcome: .signal(name), verticals: .all, timing: .crisis, pattern: p)
    }

    static let classes: [String: String] = [
        "refl": "myself|himself|herself|themselves|themself|yourself|ourselves",
        "pills": "pills|pill|tablets|meds|medication|medications|medicine|sleeping pills|painkillers|pastillas|medicinas|medicamentos",
        "selfpro": "suicidarme|suicidarse|matarme|matarse|quitarme la vida|quitarse la vida|acabar con mi vida|acabar con su vida|acabar con todo|terminar con mi vida|terminar con todo",
        "anyone": "someone|somebody|people|everyone|everybody|others|other people|alguien|a alguien|a todos|a la gente",
        "children": "my baby|my kids|my children|my child|the baby|the kids|my newborn|a mi bebe|a mis hijos|a mi hijo|a mi hija",
        "target": "him|her|them|my wife|my husband|my boss|my coworker|my partner|my boyfriend|my girlfriend|my ex|my neighbor|my mom|my dad|my mother|my father|my brother|my sister|my son|my daughter|that guy",
    ]

    static let rules: [Rule] = [
        // --- Behaviour: an act done or under way → emergency.
        act(.suicideAttempt, "(tried|attempted|trying|try|attempting) to (kill @refl|commit suicide|end my life|end his life|end her life|end it all|hang @refl|overdose|take my own life|take my life|take his own life|take her own life|drown @refl|shoot @refl|cut my wrists)"),
        act(.suicideAttempt, "(attempted suicide)|(suicide attempt)"),
        act(.suicideAttempt, "(took|taken|swallowed|downed|ate) ~4 @pills ~4 (to|so) ~2 (die|kill @refl|end it|end my life|not wake up|never wake up|sleep forever)"),
        act(.selfHarm, "(cut|slit|slashed|sliced) ~2 (my|his|her|their) (wrists|wrist|throat)"),
        act(.suicideAttempt, "(intente|intento|trate|trato|ha intentado|intentaba) ~2 (de)? (@selfpro|ahorcarme|ahorcarse)"),
        act(.suicideAttempt, "(me tome|se tomo|tome|tomo) ~4 @pills ~4 para ~2 (morir|morirme|morirse|no despertar|matarme|matarse)"),
        act(.selfHarm, "(me corte|se corto) ~2 (las venas|las muñecas|la muñeca|las munecas)"),

        // --- Intent now, preparation, place → crisis, immediate danger.
        c(.suicidalIdeation, "(going|about|planning|plan|decided|ready) to (kill @refl|end my life|end it all|end it tonight|end it today|take my own life|take my life|hang @refl|shoot @refl|overdose|do it tonight|jump off|jump from|jump in front)", immediate: true),
        c(.suicidalIdeation, "will (kill @refl|end my life|end it all|take my own life|hang @refl|shoot @refl)", immediate: true),
        c(.suicidalIdeation, "(going to|about to) jump $", immediate: true),
        c(.suicidalIdeation, "(going to|about to) end it $", immediate: true),
        c(.suicidalIdeation, "(me|se) (quiero|quiere|voy a|va a) (tirar|aventar) ~2 (puente|edificio|techo|azotea|tren|metro|balcon|ventana)", immediate: true),
        c(.suicidalIdeation, "(have|got|bought|holding|hold|got out|have got|keeping) ~2 (the|a|my|some|these)? (pills|gun|rope|knife|razor|blade|noose) ~3 (ready|loaded|in my hand|right here|next to me|with me|lined up)", immediate: true),
        c(.suicidalIdeation, "(gun|pills|rope|knife|razor|blade|noose) ~6 (to|so i can|so i could) ~1 (kill|end|shoot|hang) ~1 (@refl|it|it all|my life)", immediate: true),
        c(.suicidalIdeation, "(standing|sitting|climbing|climbed|hanging|sat) ~4 (ledge|bridge|railing|tracks|edge of the roof|edge of the building|edge of a cliff|cliff|roof edge)", immediate: true),
        c(.suicidalIdeation, "(suicide|goodbye) (note|notes|letter|letters)", immediate: true),
        c(.selfHarm, "(going|about) to (hurt|cut|harm|burn) @refl", immediate: true),
        c(.suicidalIdeation, "(voy a|va a) ~1 @selfpro", immediate: true),
        c(.suicidalIdeation, "(me voy a|se va a) (matar|suicidar|tirar|aventar|ahorcar)", immediate: true),
        c(.suicidalIdeation, "(tengo|ya tengo|tiene) ~2 (las pastillas|la pistola|el arma|la cuerda|las pildoras|un arma|una pistola) ~2 (listas|lista|listo|aqui|conmigo|preparadas|preparada)", immediate: true),
        c(.suicidalIdeation, "(estoy|parado|parada|sentado|sentada) ~2 en (el puente|la cornisa|la orilla del techo|la azotea|las vias|el borde)", immediate: true),
        c(.suicidalIdeation, "(carta|cartas|nota) de (despedida|suicidio)", immediate: true),
        // A plan with a method (C-SSRS 4-5): "I have a plan for how I'm going to kill myself". "A plan to kill
        // myself" is covered above; a bare "I have a plan (for this weekend / for how I'm going to do it)" is only
        // a signal (payment, dental, treatment plans, "a plan to quit smoking"), see `farewellSignals` and `combos`.
        c(.suicidalIdeation, "plan ~2 (how|when|where) ~5 (kill @refl|end it|end it all|end my life|take my life|take my own life|overdose|hang @refl|shoot @refl)", immediate: true),
        c(.suicidalIdeation, "(tengo|ya tengo|tiene|ya tiene|hice|he hecho) (un|el|mi)? plan ~3 (para|de como|como) ~2 (@selfpro|hacerlo|morir|morirme|quitarme la vida|matarme)", immediate: true),
        // Preparatory behaviour, means gathered: saving up / stockpiling pills.
        c(.suicidalIdeation, "(saving|saved|stocking|stocked|building|built) up (my|his|her|some|all my|all of my|all his|all her|extra|leftover|old|the|a lot of|lots of|a bunch of|enough)? @pills", immediate: true),
        c(.suicidalIdeation, "(been|started|start|keep|keeps|kept|am|was|is|i|he|she) saving (my|his|her|some|all my|all of my|all his|all her|extra|leftover|old|the)? @pills", immediate: true),
        c(.suicidalIdeation, "(stockpiling|stockpiled|stockpile|hoarding|hoarded|hoard|stashing|stashed|squirreling|squirreled) ~3 @pills", immediate: true),
        c(.suicidalIdeation, "(have|got|keep|kept) ~3 @pills (saved up|stashed|stashed away|stockpiled|hoarded|put aside|set aside|hidden away|squirreled away)", immediate: true),
        c(.suicidalIdeation, "(juntando|acumulando|ahorrando) ~3 @pills || (he estado|llevo|ando|sigo) ~2 (guardando|escondiendo) ~3 @pills", immediate: true),

        // --- Active thoughts (non-specific or with method) → crisis.
        c(.suicidalIdeation, "suicide|suicidal|unalive|kms|(off @refl)|(end @refl)"),
        c(.suicidalIdeation, "(kill|killing|shoot|shooting|hang|hanging|drown|drowning|poison|poisoning) @refl"),
        c(.suicidalIdeation, "(end|ending|take|taking) (it all|my life|my own life|his life|his own life|her life|her own life|their own life)"),
        c(.suicidalIdeation, "(want|wants|wanted|wanting) to end it $"),
        c(.suicidalIdeation, "(feel like|feeling like|thinking of|thinking about|think about|want to|going to|considering|close to) (ending it|ending it all|ending things|ending everything|ending my life)"),
        c(.suicidalIdeation, "(i am|i feel) not safe ~2 (right now|with myself|around myself|tonight|alone) || (i am|i feel) not safe $", immediate: true),
        c(.suicidalIdeation, "better (if|that) ~1 i (was|were|was not|were not) ~1 (here|dead|gone|around|alive|born)"),
        c(.suicidalIdeation, "(mejor|preferiria) ~2 no (estar aqui|existir|estar vivo|estar viva|haber nacido|despertar)"),
        c(.suicidalIdeation, "(thinking|thought|thoughts|think|thinks|thinkin) ~2 (about|of) ~2 (dying|death|jumping|overdosing|not being here|not being alive|not being around|not existing|not waking up|never waking up|ending it|ending things|disappearing forever)"),
        // "Made my peace with dying": a farewell with its object; a bare "made my peace" is only a signal.
        c(.suicidalIdeation, "(made|make|making|at|in) (my|his|her)? peace with (dying|death|leaving this world|not being here|not being around|ending it|the end)"),
        c(.suicidalIdeation, "(dark|suicidal|intrusive dark|morbid) (thoughts|thought)"),
        c(.suicidalIdeation, "pensamientos (oscuros|suicidas|de muerte)"),
        c(.suicidalIdeation, "suicidio|suicida|suicidas|@selfpro"),
        c(.suicidalIdeation, "(me|se|te) (quiero|quiere|quieren|queria|quisiera) (matar|morir|suicidar)"),

        // --- Passive wish to be dead.
        c(.suicidalIdeation, "(want|wants|wanted|wanting|ready|wish i could|just want) to (die|be dead|disappear forever|not exist|stop existing|not wake up|never wake up|sleep forever)"),
        c(.suicidalIdeation, "(wish|wishing|wished) ~4 (dead|die|died|disappear|never been born|not been born|never born|sleep forever)"),
        c(.suicidalIdeation, "(wish|wishing|wished) ~4 (not|never) ~2 (here|alive|around|exist|existed|wake|woke|born)"),
        c(.suicidalIdeation, "(wish|wishing) (i|he|she) (was|were) (gone|dead)"),
        c(.suicidalIdeation, "(not|never) ~2 (want|wants|wanted) to ~1 (be alive|exist|be here anymore|be around anymore|wake up anymore|wake up ever again|ever wake up|wake up again|go on anymore|go on like this|go on living|keep living|keep going anymore|live anymore|live any more|live like this|live this way|live with this|live with myself|be on this earth|be in this world|be here any more|stay alive|be living|continue living)"),
        c(.suicidalIdeation, "(not|never) ~2 (want|wants|wanted) to (keep going|live|go on|exist|be here) $"),
        c(.suicidalIdeation, "(no|not any|not have any|not have a|nothing|not one) ~2 (reason|reasons) (to|for) (live|living|go on|keep going|be alive|stay alive|being alive)"),
        c(.suicidalIdeation, "(nothing|no one|nobody) (left)? to live for"),
        c(.suicidalIdeation, "(no|not see the|not see a|not see any|not see much|what is the|what 's the|is there any|lost the|no more) point ~2 (living|life|going on|being alive|existing|in anything|of anything|to anything)"),
        c(.suicidalIdeation, "(tired|sick|exhausted|weary) of (living|life|being alive|existing)"),
        c(.suicidalIdeation, "(done|finished) with (life|living)"),
        c(.suicidalIdeation, "(life|living) ~2 not worth ~1 (living|it)"),
        c(.suicidalIdeation, "better off ~2 (without me|without him|without her|dead|if i was dead|if i were dead|if i was gone|if i were gone|if i died|if i was not here|if i were not here|if i was not around|if i were not around)"),
        c(.suicidalIdeation, "(no one|nobody) ~2 (would|will|'d|is going to) ~1 (miss|care|notice) ~3 (me|if i died|if i was gone|if i was dead|if i disappeared|if i killed myself|if i were gone)"),
        c(.suicidalIdeation, "(sleep|asleep|bed) ~3 (never|not) ~1 wake up"),
        c(.suicidalIdeation, "(hope|hoping|pray|praying) ~3 (never|not) ~1 wake up"),
        c(.suicidalIdeation, "disappear forever"),
        c(.suicidalIdeation, "(want|wants|wish|need) (it all|everything) to (end|be over|stop)"),
        c(.suicidalIdeation, "(quiero|quisiera|ojala) que (todo|esto) (termine|se acabe|acabe|se termine)"),
        c(.suicidalIdeation, "makes me want to die"),
        c(.suicidalIdeation, "(painless|easiest|quickest|best|fastest|surest|easy) (way|ways|method|methods) to (die|kill @refl|end it|end my life|commit suicide|go)"),
        c(.suicidalIdeation, "(how many|how much) ~4 (would|will|does it take to|to|could) ~1 (kill me|kill someone|kill a person|die|overdose|be lethal|be fatal)"),
        c(.suicidalIdeation, "(lethal|fatal|deadly) (dose|amount|overdose)", .except(.veterinary)),
        c(.suicidalIdeation, "(forma|manera) (facil|rapida|indolora) de (morir|matarme|suicidarme)"),
        c(.suicidalIdeation, "(quiero|quiere|queria|quisiera|quisieramos) (morir|morirme|morirse|estar muerto|estar muerta|desaparecer para siempre|dejar de existir)"),
        c(.suicidalIdeation, "(ojala|quisiera) ~3 (estar muerto|estar muerta|morirme|morir|no despertar|no despertara|no despertarme|no volver a despertar|no haber nacido|desaparecer|no existir|estuviera muerto|estuviera muerta|me muriera)"),
        c(.suicidalIdeation, "no (quiero|quiere|queria|quisiera) (vivir|seguir viviendo|estar aqui|despertar|existir|estar vivo|estar viva|seguir con vida)"),
        c(.suicidalIdeation, "(no tengo|sin|no hay|no tiene) ~2 (razon|razones|motivo|motivos) (para|de|por) (vivir|seguir)"),
        c(.suicidalIdeation, "(nada|no tengo nada) por (que|lo que|lo cual) vivir"),
        c(.suicidalIdeation, "(cansado|cansada|harto|harta) de (vivir|la vida|estar vivo|estar viva)"),
        c(.suicidalIdeation, "(mejor|estarian mejor|estaria mejor|estarian) ~3 sin mi $"),
        c(.suicidalIdeation, "(mejor|estarian mejor|estaria mejor|estarian) ~3 sin mi (aqui|en este mundo)"),
        c(.suicidalIdeation, "(no vale la pena) ~1 vivir"),
        c(.suicidalIdeation, "vida ~2 no vale la pena"),
        c(.suicidalIdeation, "no le (veo|encuentro) ~2 sentido a (la vida|vivir|nada|seguir)"),
        c(.suicidalIdeation, "dormir y no despertar"),
        c(.suicidalIdeation, "(pensando|pienso|pensado|pensamientos|penso|piensa) ~2 (en|de) ~2 (morir|morirme|la muerte|desaparecer|no estar|ya no estar|no existir|no despertar|@selfpro)"),

        // --- Self-harm.
        c(.selfHarm, "(cutting|cut|hurting|hurt|harm|harming|burning|burn|burned|burnt|scratching|hitting|punishing|starving|injure|injuring|injured) @refl"),
        c(.selfHarm, "(self harm|self harming|self injury|self injuring|self injurious|self mutilation)"),
        c(.selfHarm, "(urge|urges) to (cut|hurt|harm|burn)"),
        // Bare "cutting" (no "myself") is self-harm when it is the habit itself: a relapse, "again", "can't stop",
        // or nothing after it. "Cutting my hair / back on sugar again" never matches: an object stands between.
        c(.selfHarm, "(been|started|start|starting|keep|keeps|kept|back to|went back to|go back to|going back to|gone back to|relapsed|is|'s|am|are|was|were|i|he|she|they) (cutting|cut) again"),
        c(.selfHarm, "(been|started|start|starting|keep|keeps|kept|back to|went back to|go back to|going back to|gone back to|can not stop|could not stop|relapsed and|relapsed and started) cutting $"),
        c(.selfHarm, "(been|started|keep|keeps|kept|can not stop) cutting ~1 (a lot|every day|every night|lately|recently|more|deeper|badly|daily)"),
        c(.selfHarm, "(relapsed|relapse|relapsing) ~4 (cut|cutting|self harm|self harming|self harmed)"),
        c(.selfHarm, "(cutting|self harm|self harming|self injury) (relapse|relapses)"),
        c(.selfHarm, "(can not|could not|unable to) stop (cutting|self harming|hurting @refl|harming @refl|burning @refl)"),
        c(.selfHarm, "(hacerme daño)|(hacerse daño)|(hacerme dano)|(hacerse dano)|lastimarme|lastimarse|autolesion|autolesiones|autolesionarme|cortarme|cortarse|(me corto)|(me estoy cortando)|(me he estado cortando)|(se corta)|(se esta cortando)|(me hago daño)|(me hago dano)"),
        c(.selfHarm, "(me|se|te) (estoy|esta|estas|he estado|ha estado|sigo|sigue|volvi a|volvio a|he vuelto a|ha vuelto a) (cortando|cortar|lastimando|lastimar|quemando|quemar|haciendo daño|haciendo dano|hacer daño|hacer dano)"),
        c(.selfHarm, "(volvi|volvio|he vuelto|ha vuelto|empece|empezo|comence|comenzo|sigo|sigue) a (cortarme|cortarse|lastimarme|lastimarse|quemarme|quemarse|hacerme daño|hacerme dano|hacerse daño|hacerse dano|autolesionarme)"),
        c(.selfHarm, "(me corte|se corto|me lastime|se lastimo|me queme|se quemo) ~1 (otra vez|de nuevo)"),
        c(.selfHarm, "(recai|recaida|recaido|recayo) ~4 (corte|cortarme|cortando|cortarse|corto|lastime|lastimarme|lastimando|autolesion)"),

        // --- Harm to others (conservative: clear intent toward people in general or children; a named target only with a weapon or "I mean it").
        c(.harmToOthers, "(want|wants|going|planning|plan|about) to (kill|shoot|stab|murder|hurt|harm) @anyone"),
        c(.harmToOthers, "(want|wants|going|planning|plan|about) to (hurt|harm|smother|drown|shake) @children"),
        c(.harmToOthers, "(thoughts of|thoughts about|thinking of|thinking about|thought about|thought of|think about|think of|thinks about|urges to|urge to|afraid i might|scared i might|afraid i will|scared i will|worried i might|worried i will|afraid i could|scared i could|afraid i am going to|scared i am going to|worried i am going to) ~1 (hurt|hurting|harm|harming|kill|killing|shake|shaking|smother|smothering|drown|drowning|stab|stabbing|shoot|shooting) ~1 (@anyone|@children|him|her|them)"),
        c(.harmToOthers, "homicidal"),
        c(.harmToOthers, "(voy a|quiero|tengo ganas de|pienso) ~1 (matar|lastimar|hacerle daño|hacerle dano|herir) ~1 (@anyone|@children)"),
        c(.harmToOthers, "(pensamientos de|pienso en|miedo de) ~2 (lastimar|hacerle daño|hacerle dano|matar) ~1 (@anyone|@children)"),
    ]

    /// Specific-target threats and the cues that make them clear.
    static let signals: [Rule] = [
        s("threat", "(want|wants|going|planning|plan|about|will) to? (kill|shoot|stab|murder) ~1 (@target)"),
        s("threat", "(voy a|quiero) (matarlo|matarla|matarlos|matar a)"),
        s("weapon", "gun|guns|knife|rifle|pistol|shotgun|weapon|loaded|ammo|bullets|pistola|arma|cuchillo|escopeta|rifle"),
        s("serious", "(i mean it)|(for real)|seriously|(not joking)|(not kidding)|tonight|(right now)|(have a plan)|(lo digo en serio)|(en serio)|(esta noche)|(ahora mismo)"),
        s("immediacy", "(i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan $ || (i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan (for|on) (this weekend|the weekend|tonight|tomorrow|today|this week|friday|saturday|sunday|monday|tuesday|wednesday|thursday|it|that|how|when|where|doing it|the end|after) || (i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan (and|now|already|ready|in place|all set|worked out) || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan $ || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan (para) (este fin de semana|el fin de semana|esta noche|mañana|hoy|el viernes|el sabado|el domingo|hacerlo|eso|cuando|como) || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan (y|ya|listo)"),
        s("immediacy", "(right now)|tonight|(today)|(in a few minutes)|(as soon as)|(after this call)|(when i hang up)|(this is goodbye)|(saying goodbye)|(said goodbye)|(giving away my)|(ahora mismo)|(esta noche)|hoy|(despues de esta llamada)|(me estoy despidiendo)"),
    ]

    /// Preparatory behaviour and farewells (C-SSRS): each is routine alone ("I have a plan" for payments, "I
    /// won't be needing them anymore" when cancelling), a crisis together. See `combos`.
    static let farewellSignals: [Rule] = [
        // A bare plan: "I have a plan", "… a plan for this weekend / for how …", not "a plan with Kaiser / to come in".
        s("plan", "(i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan $ || (i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan (for|on) (this weekend|the weekend|tonight|tomorrow|today|this week|friday|saturday|sunday|monday|tuesday|wednesday|thursday|it|that|how|when|where|doing it|the end|after) || (i|he|she) ~1 (have|has|got|made|came up with|worked out|figured out) (a|the|my)? plan (and|now|already|ready|in place|all set|worked out) || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan $ || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan (para) (este fin de semana|el fin de semana|esta noche|mañana|hoy|el viernes|el sabado|el domingo|hacerlo|eso|cuando|como) || (tengo|ya tengo|tiene|hice|he hecho) (un|el|mi)? plan (y|ya|listo)"),
        s("peace", "(made|make|making|found) (my|his|her) peace $ || (made|make|making|found) (my|his|her) peace (and|now|already) || (made|make|making|found) (my|his|her) peace with (it all|everything|it|my decision|dying|death|god|the world|leaving|my life|life|all of it) || (at|in) peace with (it all|everything|my decision|dying|death) || (hice|he hecho|ya hice|hizo) (las)? paces || (estoy|ya estoy|me siento) en paz con (todo|la muerte|morir|irme|mi decision)"),
        s("noNeed", "(will not|not going to|never going to) ~1 (be)? needing ~4 (anymore|any more|again|after this|much longer) || (will not|not going to) need ~3 (anymore|any more|after this) || ya no ~2 (voy a|va a|vamos a) (necesitar|necesitarlas|necesitarlos|necesitarla|necesitarlo)"),
        s("noNeed", "(will not|not going to) be (around|here) ~2 (much longer|for long|anymore|any more|after this weekend|after tonight|after this) || ya no (voy a|va a) (estar|seguir) (aqui|por aqui|mucho tiempo)"),
        s("giveAway", "(giving|gave|given|been giving) (my|all my|all of my|most of my|his|her|all his|all her) ~1 (stuff|things|belongings|possessions|valuables) away || (giving|gave|given) away (my|all my|all of my|most of my|his|her|all his|all her) ~1 (stuff|things|belongings|possessions|valuables) || (giving|gave|given) (everything|it all) away || (giving|gave|given) away (everything|it all) $ || (regalando|regale|he regalado|repartiendo|he repartido) ~1 (mis|todas mis|todos mis|sus|todas sus) (cosas|pertenencias|posesiones)"),
        s("goodbyes", "(said|saying|say|have said) (my|our)? (goodbyes|goodbye) ~2 (to)? ~2 (everyone|everybody|my family|my kids|my children|my friends|my parents|people) || (said|saying|say|have said) my goodbyes || (wrote|writing|written|left|leaving) ~2 (letters|letter|notes|note) (to|for) (everyone|everybody|my family|my kids|my children|my parents|my wife|my husband|my mom|my dad) || (despidiendome|me despedi|me estoy despidiendo|despedirme) de (todos|todo el mundo|mi familia|mis hijos|mis amigos)"),
        s("affairs", "(getting|got|gotten|put|putting|have|had) (my|his|her) affairs in order || (tying|tied|tie) up (my)? loose ends || (poniendo|puse|dejando|deje|tengo) (mis|sus) (asuntos|cosas) en orden"),
    ]

    static let combos: [Combo] = [
        // A plan together with a farewell or preparation: immediate danger.
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: true), verticals: .except(.veterinary), requires: [["plan"], ["peace", "noNeed", "giveAway", "goodbyes"]]),
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: false), verticals: .except(.veterinary), requires: [["plan"], ["affairs"]]),
        // Two different farewells: a crisis referral (the immediacy cues above still upgrade it).
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: false), verticals: .except(.veterinary), requires: [["peace"], ["noNeed", "giveAway", "goodbyes", "affairs"]]),
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: false), verticals: .except(.veterinary), requires: [["giveAway"], ["noNeed", "goodbyes", "affairs"]]),
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: false), verticals: .except(.veterinary), requires: [["goodbyes"], ["noNeed", "affairs"]]),
        Combo(concern: .suicidalIdeation, outcome: .crisis(immediate: false), verticals: .except(.veterinary), requires: [["affairs"], ["noNeed"]]),
        Combo(concern: .harmToOthers, outcome: .crisis(immediate: true), verticals: .all, requires: [["threat"], ["weapon"]]),
        Combo(concern: .harmToOthers, outcome: .crisis(immediate: false), verticals: .all, requires: [["threat"], ["serious"]]),
    ]

    /// Only on a mental-health line: distress phrasing that is ambiguous elsewhere.
    static let mentalHealthRules: [Rule] = [
        c(.suicidalIdeation, "(can not|could not) (go on|keep going|do this|take it|take this|keep doing this) (anymore|any more)", .mentalHealth),
        c(.suicidalIdeation, "(can not|could not) (go on|keep going|live like this) $", .mentalHealth),
        c(.suicidalIdeation, "(ya no puedo) ~2 (mas|seguir|con esto)", .mentalHealth),
        c(.suicidalIdeation, "no aguanto (mas|esto)", .mentalHealth),
        c(.suicidalIdeation, "(no one|nobody) (cares|would care)", .mentalHealth),
        c(.suicidalIdeation, "(hopeless|no hope) ~3 (anymore|at all|left)", .mentalHealth),
        c(.suicidalIdeation, "(i am|i feel like|i feel) (a|such a|just a) burden", .mentalHealth),
        c(.suicidalIdeation, "(soy) (una)? carga", .mentalHealth),
        c(.suicidalIdeation, "(want|wants|wanted|wanting) to (disappear|vanish|not be here)", .mentalHealth),
        c(.suicidalIdeation, "(quiero|quiere) desaparecer", .mentalHealth),
        c(.suicidalIdeation, "no (quiero|quiere) seguir (asi|viviendo|adelante) || no (quiero|quiere) seguir $", .mentalHealth),
        // Giving possessions away (C-SSRS preparatory behaviour); "because I'm moving" is an idiom entry.
        c(.suicidalIdeation, "(giving|gave|given|been giving) (my|all my|all of my|most of my|his|her|all his|all her) ~1 (stuff|things|belongings|possessions|valuables) away || (giving|gave|given) away (my|all my|all of my|most of my|his|her|all his|all her) ~1 (stuff|things|belongings|possessions|valuables) || (giving|gave|given) (everything|it all) away || (giving|gave|given) away (everything|it all) $ || (regalando|regale|he regalado|repartiendo|he repartido) ~1 (mis|todas mis|todos mis|sus|todas sus) (cosas|pertenencias|posesiones)", .mentalHealth),
    ]
}
