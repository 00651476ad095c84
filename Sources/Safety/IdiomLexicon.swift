/// Figures of speech listed with the words around them that make them idioms. A finding whose words
/// overlap an idiom's words is dropped (for the concerns the idiom names). "My chest is killing me" is not
/// covered by "killing me" (chest pain stays an emergency); "this toothache is killing me" is.
enum IdiomLexicon {
    static func i(_ p: String, _ concerns: Set<SafetyConcern>? = nil, _ v: VMask = .all) -> Idiom {
        Idiom(pattern: p, concerns: concerns, verticals: v)
    }

    static let classes: [String: String] = [
        "refl": "myself|himself|herself|themselves|yourself",
        "trivial": "commute|traffic|heat|humidity|weather|cold|rain|snow|hold music|music|song|line|queue|wait|waiting|paperwork|forms|form|bill|bills|price|prices|cost|insurance company|phone tree|call|automated system|menu|parking|construction|noise|drive|commercial|commercials|ads|homework|meeting|meetings|email|emails|printer|computer|wifi|internet|app|website|dmv|mondays|monday|show|movie|game|team|playlist|outfit|hair|haircut|diet|gym|workout|class|exam|test|tax|taxes|laundry|dishes|boss|coworker|in laws|neighbor",
        "pillsx": "pill|pills|medicine|medication|meds|food|dinner|breakfast|treats|treat|dewormer|heartworm|flea pill",
    ]

    static let idioms: [Idiom] = [
        // killing / dying / death
        i("(killing me)|(kills me)|(killing us)|(killing it)|(kill it)|(kill time)|(killing time)|(dressed to kill)|(kill two birds)|(kill for a)|(kill for some)|(would kill for)", [.suicidalIdeation, .selfHarm, .harmToOthers, .other]),
        i("(dying|die|died|dies) (to|for) ~1 (get|see|try|have|go|know|hear|meet|eat|book|come|start|do|it|a|an|some|the|this|that|my|one)"),
        i("(to die for)"),
        i("(die|dying|died|want to die|wanted to die) (of|from) (embarrassment|laughter|laughing|boredom|shame|curiosity|cuteness|jealousy|envy|excitement|anticipation|suspense|heat|thirst|hunger|cringe)"),
        i("(dying laughing)|(die laughing)|(died laughing)|(dying here)|(i could just die)|(could have died)|(could die)"),
        i("(dead tired)|(dead serious)|(dead end)|(dead on my feet)|(drop dead gorgeous)|(over my dead body)|(dead battery)|(bored to death)|(scared to death)|(sick to death)|(worried to death)|(worried sick)|(to death of)"),
        i("(phone|battery|car|laptop|computer|tablet) ~2 (died|dead|dying)"),
        i("@trivial ~6 (make|makes|made|making) (me|us) (want|wanna) to die", [.suicidalIdeation], .except(.mentalHealth)),
        i("(kill|killing) (myself|@refl) (for|over) (forgetting|missing|being|not|doing|that|this|it|a)", [.suicidalIdeation]),
        i("(killing|kill|killed) @refl ~1 (with|over|at) ~2 (work|stress|worry|exercise|kindness|the workload|overtime|studying|that job|this job|school)", [.suicidalIdeation]),
        i("dying ~6 (euthanasia|euthanize|euthanized|put him down|put her down|put to sleep|old age|hospice|end of life|quality of life)", [.other], .veterinary),
        i("(euthanasia|euthanize|put him down|put her down|put to sleep|hospice|end of life|quality of life) ~8 dying", [.other], .veterinary),
        i("(going to|will|gonna) kill me (when|if|for)", [.harmToOthers]),
        i("(die|dying) (down|off|out)"),
        // "… to death" of itching, worry, boredom or fright: "he's scratching himself to death", "scared me to death"
        // (not "starving / drinking myself to death").
        i("(scratching|scratched|scratches|scratch|itching|itched|itches|itch|licking|licked|licks|lick|chewing|chewed|chews|chew|biting|worrying|worried|worry|worries|stressing|stressed|stress|working|worked|work|works|boring|bored|freaking|scaring|scared|grooming) (@refl) (to death|sick|silly|raw|bald)", [.selfHarm, .suicidalIdeation]),
        i("(scared|scares|scaring|scare|bored|bores|boring|bore|worried|worries|worrying|frightened|frightens|startled|tickled|tease|teasing|teased|loved|love|loves|hug|hugged) (me|us|him|her|them|you|my mom|my wife|my husband)? ~1 to death", [.selfHarm, .suicidalIdeation, .other]),
        i("(eating|eats|ate|eat|eaten) (me|us|you|them) out of house and home"),
        i("(killing|kill|kills|killed) (himself|herself|itself|themselves) ~2 (scratching|licking|chewing|itching|biting|barking|running|playing|digging|whining|howling)", [.selfHarm, .suicidalIdeation]),
        i("(wish|wished) ~4 (pain|swelling|ache|itch|noise|toothache|headache) ~3 (die|died|gone)", [.suicidalIdeation]),

        // "I'm safe right now": not an immediacy cue
        i("(safe|okay|ok|fine|alright) (right now|for now|tonight|today)", [.other]),

        // chest as a thing, not a body part ("holding his chest x-ray", "the toy chest")
        i("chest (x ray|x rays|xray|xrays|film|films|scan|scans|ct|radiograph|tube|binder|strap|harness|of drawers) || (toy|treasure|hope|tool|ice|cedar) chest", [.cardiac]),

        // heart attack / heart stopping
        i("(gave|give|gives|giving|almost gave|nearly gave) (me|him|her|us|you|my mom|my dad|my wife|my husband) ~1 (a|an)? ~1 heart attack"),
        i("(almost|nearly|practically|about to|going to|gonna) ~1 (had|have|having|got|get) ~1 a heart attack"),
        i("heart attack ~4 (when|after|once) (i|we) (saw|see|heard|got|opened|read|looked|checked)"),
        i("(bill|bills|price|prices|cost|costs|invoice|quote|estimate|statement|total|charge|charges|copay|deductible) ~8 heart attack"),
        i("heart attack ~8 (bill|price|prices|cost|invoice|quote|estimate|total|charge|copay)"),
        i("(heart stopping)|(heart stopper)|(stopped my heart)|(almost stopped my heart)"),
        i("heart ~1 (almost|nearly)? ~1 stopped (when|as) (i|we)"),
        i("(morir|morirme|morirse|muero|muere|muriendo|morirnos) de ~1 (verguenza|vergüenza|risa|ganas|hambre|sueño|sueno|calor|frio|aburrimiento|nervios|sed|envidia|curiosidad|amor|celos)", [.suicidalIdeation]),
        i("(muriendo|muero|morir|morirme|dying) (de|of|from) ~1 (dolor|pain)", [.other, .suicidalIdeation, .selfHarm, .harmToOthers]),
        i("(muerto|muerta|muertos|muertas) de (cansancio|hambre|risa|sueño|sueno|miedo|frio|calor|verguenza)"),
        i("(me muero por)|(me mata)|(me matan)|(me esta matando)|(me estan matando)|(para morirse)", [.suicidalIdeation, .selfHarm, .harmToOthers]),
        i("(me va a dar un infarto)|(casi me da un infarto)|(casi me dio un infarto)|(por poco me da un infarto)|(me dio un infarto cuando)|(me da un infarto)"),
        i("(cuenta|precio|factura|costo|cobro) ~8 infarto"),

        // breathing / choking / drowning
        i("(can not|could not) (breathe|live|function|survive) without ~2 (coffee|caffeine|tea|chocolate|music|phone|sugar|you|him|her|them|it|wine|netflix|this|that|my coffee|my phone|my morning)", [.breathing]),
        i("(breathe|breath|breathing) ~1 (through|out of) ~1 (my|his|her|the|your) nose", [.breathing]),
        i("(breathe|breathing|breath) ~5 (stuffy|congested|stuffed up|blocked nose|nose is blocked|sinus|sinuses|allergies are)", [.breathing]),
        i("(stuffy|congested|stuffed up|sinus|sinuses) ~6 (breathe|breathing|breath)", [.breathing]),
        i("(take|took|takes|taking) ~2 breath away || breathtaking|(bated breath)|(hold my breath)|(holding my breath)|(under my breath)", [.breathing]),
        i("(choke up|choking up|choked up|chokes up|choking hazard|choke hold|chokehold|choke on my words|choked on my words)", [.choking]),
        i("(drowning|drowned) in (paperwork|work|debt|bills|emails|homework|laundry|papers|deadlines|stress)", [.breathing]),
        i("(ahogando|ahogo|ahoga|ahogada|ahogado) (en|de) (deudas|trabajo|papeles|tarea|calor)", [.choking]),
        i("(me ahogo|me estoy ahogando) (de|en) (calor|trabajo)", [.choking]),

        // bleeding
        i("(bleeding|bleed|bled) (me|us|you|them|him|her) dry", [.bleeding]),
        i("(my heart bleeds)|(bleeding heart)", [.bleeding]),
        i("gums ~3 (bleed|bleeding|bled|sangran) ~5 (brush|brushing|floss|flossing|cepillo|cepillarme)", [.bleeding]),
        i("gums ~3 (bleed|bleeding|bled) (a lot|a little|sometimes|easily|when|every|all the time|often)", [.bleeding], .dental),
        i("blood (work|test|tests|draw|pressure|sugar|type|panel|results|count|levels|bank|donation|drive)", [.bleeding]),
        i("(examen|examenes|analisis|prueba|pruebas) de sangre", [.bleeding]),

        // stroke / seizure / fit
        i("stroke of (luck|genius|midnight|fate|brilliance|inspiration)", [.stroke]),
        i("(heat stroke)|heatstroke|backstroke|(back stroke)|(breast stroke)|(brush stroke)|(golpe de calor)", [.stroke]),
        i("seizing (the|this|an|every|control|power|up)", [.seizure]),
        i("(throw|throwing|threw|throws|have|has|had|having) (a|an)? fit ~3 (about|over|because|when|if|at)", [.seizure]),
        i("(going to|will|gonna|would) have (a|an)? fit", [.seizure]),
        i("(seizure|seizures|epilepsy|epileptic) ~1 (medication|medications|meds|medicine|pills|disorder|prescription|refill|drug|drugs|history)", [.seizure]),
        i("(medicina|medicamento|medicamentos|pastillas|pastilla|tratamiento|receta) ~3 (convulsiones|epilepsia)", [.seizure]),
        i("(history of|diagnosed with|has|have) ~1 (epilepsy|seizures)", [.seizure]),

        // unresponsive / fainting
        i("(almost|nearly) ~1 (fainted|passed out|died|collapsed|blacked out)"),
        i("(not|no) (responding|responsive|responde|contesta) ~3 (emails|email|calls|call|texts|text|messages|voicemail|voicemails|treatment|medication|meds|phone|llamadas|mensajes|correos|telefono|tratamiento|medicamento)", [.unresponsive]),
        i("(never|not) ~1 wake up ~3 (until|before|early|on time|in the morning|at #|without an alarm|for my|for the)", [.unresponsive]),
        i("(sleep|asleep|bed|hope|hoping|wish|pray|praying|want to) ~3 (never|not) ~1 wake up", [.unresponsive]),
        i("knocked out ~3 (tooth|teeth|front tooth|molar)", [.unresponsive]),
        i("(tooth|teeth) ~4 knocked out", [.unresponsive]),
        i("knocked (it|them) out of the park", [.unresponsive]),
        i("(passed out|passing out) ~2 (flyers|papers|candy|samples|forms)", [.unresponsive]),
        i("(i am|i 'm) (about to|going to|gonna) (collapse|pass out) ~3 (tired|exhausted|hungry|work|day)", [.unresponsive]),

        // poisoning / overdose
        i("(food poisoning)|(intoxicacion alimentaria)|(intoxicacion por alimentos)", [.poisoning]),
        i("(i|we) (ate|eaten|swallowed|drank|had some)", [.poisoning], .veterinary),
        i("(ate|eaten|took|swallowed|taken|eating|finished|chewed|chewing|chews|chewed up|licked) (his|her|its|their|the) @pillsx", [.poisoning], .veterinary),
        i("(took|taken|take|takes) all (of)? (my|his|her) (pills|meds|medication|medications|medicine) ~3 (this morning|today|as prescribed|on time|already|like i am supposed to|with breakfast|with dinner|with food|every day|daily)", [.overdose]),
        i("(tomo|tomamos|toma|tomas) ~4 (pastillas|medicamentos|medicinas|pildoras) ~3 (para|cada|al dia|diarias|diario|todos los dias)", [.overdose]),
        i("(todas|todos) (mis|sus) (pastillas|medicamentos|medicinas) ~3 (esta mañana|como|a tiempo|hoy|diario)", [.overdose]),
        i("(poison ivy)|(poison oak)", [.poisoning]),

        // self-harm accidents
        i("(hurt|cut|burned|burnt|injured|scratched|nicked|bit|hit|bruised) @refl ~4 (playing|shaving|cooking|chopping|cutting|at work|at the gym|lifting|running|working|gardening|falling|fell|slipped|tripped|accidentally|by accident|on a|on the|on my|while|with a knife while|skiing|biking|hiking|exercising|doing|moving|carrying)", [.selfHarm]),
        i("(accidentally|by accident) ~1 (hurt|cut|burned|burnt|injured|bit) @refl", [.selfHarm]),
        // On a veterinary line "himself / herself" after grooming verbs is the pet itching, never self-harm; other
        // self-harm verbs are the pet's only with the pet as subject ("my dog keeps hurting himself").
        i("(scratching|scratched|scratches|scratch|itching|itched|licking|licked|licks|lick|chewing|chewed|chews|chew|biting|bit|bites|bite|gnawing|gnawed|grooming|groomed|rubbing|pulling|plucking|plucked|overgrooming) (himself|herself|itself|themselves|themself)", [.selfHarm, .suicidalIdeation], .veterinary),
        i("@pet ~4 (hurting|hurt|hurts|cutting|cut|cuts|injuring|injured|harming|harmed|burning|burned|hitting|hit|starving|killing|kill) (himself|herself|itself|themselves|themself)", [.selfHarm, .suicidalIdeation], .veterinary),
        // Saving pills for an ordinary reason (cost, travel, a shortage): rationing, not stockpiling.
        i("(saving|saved|stockpiling|stockpiled|stocking|stocked|stretching|hoarding) ~8 (afford|cost|costs|expensive|price|insurance|copay|refill|refills|pharmacy|trip|travel|traveling|travelling|vacation|shortage|out of stock|backorder|backordered|back ordered|deductible|pagar|caro|cara|seguro|viaje|escasez)", [.suicidalIdeation]),
        // Giving things away for an ordinary reason (moving, decluttering): not a farewell.
        i("(giving|gave|given|give) ~8 (moving|move|moved|downsizing|downsize|donate|donating|donation|donations|declutter|decluttering|garage sale|yard sale|goodwill|charity|spring cleaning|new apartment|new house|smaller place|mudanza|mudando|mudo|donar|donando)", [.suicidalIdeation, .other]),
        i("(cortarme|cortarse|me corto|me corte|se corta|se corto|cortando|cortar|corte|corto) ~2 (el|las|los|la|mi|mis|su|sus) (pelo|cabello|uñas|unas|fleco|puntas|barba|dedo|dedos)", [.selfHarm]),
        i("(quemando|quemar|queme|quemo|quemarme) ~2 (con el sol|de calor|en el sol|al sol|con el horno|cocinando|con la plancha|con aceite)", [.selfHarm]),
        i("(lastimando|lastimar|lastime|lastimo|lastimarme|lastimarse) ~1 (la|el|los|las|mi|mis) (espalda|rodilla|rodillas|pie|pies|mano|manos|tobillo|hombro|muñeca|dedo|cuello|brazo|pierna)", [.selfHarm]),
        i("(me corte|me lastime|me queme) ~3 (cocinando|afeitando|rasurando|sin querer|por accidente|con el cuchillo)", [.selfHarm]),

        // vision, dental and misc.
        i("(going|gone|go) blind ~3 (staring|looking|reading|screen|screens|computer)", [.visionLoss]),
        i("(numb|numbness) ~6 (shot|anesthesia|novocaine|novocain|filling|dentist|procedure|appointment|extraction|injection|numbing|lidocaine)", [.stroke]),
        i("(anestesia|inyeccion|dentista) ~6 (dormido|dormida|entumido|adormecido)", [.stroke]),
        i("(eyelid|eyelids|brow|brows|eyebrow|eyebrows|lid) ~3 (drooping|droopy|droops|drooped|sagging)", [.stroke]),
        i("(hit|hits|hitting) the (gym|road|hay|books|spot|jackpot)", nil),
        i("(fell|fall|falling) (off|from) (the)? (wagon|grid|radar|map|face of the earth)", [.trauma]),
    ]
}
