/// Emergency concept families, English and Spanish, general and per vertical.
///
/// Order matters: when several findings fire, the first rule in `rules` wins (vertical-specific rules come
/// first so that "her lips turned blue" after filler is reported as a vascular occlusion, not cyanosis).
/// See `docs/safety.md` for how to add a phrase.
enum EmergencyLexicon {
    static func e(_ c: SafetyConcern, _ p: String, _ v: VMask = .all) -> Rule {
        let timing: Timing
        switch c {
        case .poisoning, .overdose, .trauma, .suicideAttempt, .selfHarm: timing = .event
        default: timing = .state
        }
        return Rule(concern: c, outcome: .emergency, verticals: v, timing: timing, pattern: p)
    }

    static func s(_ name: String, _ p: String, _ v: VMask = .all, _ t: Timing = .state) -> Rule {
        Rule(concern: name == "severePain" ? .severePain : .other, outcome: .signal(name), verticals: v, timing: t, pattern: p)
    }

    static let classes: [String: String] = [
        "refl": "myself|himself|herself|themselves|themself|yourself|ourselves",
        "poss": "my|his|her|their|our|your|the|its",
        "pills": "pills|pill|tablets|tablet|meds|medication|medications|medicine|medicines|capsules|painkillers|pain pills|sleeping pills|sleep aids|xanax|tylenol|advil|ibuprofen|aspirin|oxy|oxycodone|oxycontin|percocet|vicodin|opioids|fentanyl|insulin|antidepressants|benzos|klonopin|ativan|valium|ambien|adderall|lithium|seroquel|trazodone|melatonin|benadryl|acetaminophen|zoloft|lexapro|prozac|sertraline",
        "pastillas": "pastillas|pastilla|pildoras|pildora|tabletas|medicinas|medicamentos|medicina|capsulas|calmantes|somniferos",
        "quantity": "whole|entire|full|all|bunch|handful|most|rest|half|dozen|##|twenty|thirty|forty|fifty|hundred|bottle|bottles",
        "cantidad": "muchas|muchos|todas|todos|todo|demasiadas|demasiados|frasco|bote|caja|puñado|puno|monton|chingo|tira|sobre|paquete",
        "ingest": "ate|eaten|swallowed|chewed|ingested|consumed|licked|drank|gobbled|scarfed|devoured|eating|stole|got into|gotten into|get into|getting into|ate up|had some|comio|se comio|trago|se trago|mordio|lamio|bebio|se bebio|ingirio|se metio en|comiendo|se robo|se acabo",
        "toxin": "chocolate|chocolates|cocoa|cacao|brownie|brownies|xylitol|sugar free|gum|grapes|grape|raisins|raisin|currants|antifreeze|coolant|rat poison|mouse poison|rat bait|mouse bait|rodenticide|slug bait|snail bait|poison|lily|lilies|ibuprofen|advil|motrin|aleve|naproxen|tylenol|acetaminophen|paracetamol|aspirin|excedrin|pills|medication|medications|meds|adderall|antidepressants|marijuana|weed|edible|edibles|thc|vitamin d|macadamia|bleach|detergent|laundry pod|pods|battery|batteries|button battery|xilitol|chicle|uvas|uva|pasas|anticongelante|veneno|raticida|lirio|lirios|azucena|azucenas|ibuprofeno|pastillas|medicinas|medicamentos|marihuana|lejia|cloro|pilas|pila",
        "humanmed": "ibuprofen|advil|motrin|aleve|naproxen|tylenol|acetaminophen|paracetamol|aspirin|excedrin|ibuprofeno|aspirina",
        "household": "bleach|antifreeze|poison|drain cleaner|cleaning fluid|cleaning product|cleaning products|cleaner|detergent|laundry pod|laundry pods|tide pod|dishwasher pod|battery|batteries|button battery|magnets|rat poison|weed killer|pesticide|insecticide|gasoline|lighter fluid|lamp oil|windshield washer fluid|paint thinner|ammonia|lye",
        "hogar": "cloro|lejia|veneno|anticongelante|detergente|limpiador|destapacaños|destapacanos|insecticida|pesticida|gasolina|pila|pilas|raticida|amoniaco",
        "pet": "dog|dogs|puppy|pup|puppies|cat|cats|kitten|kitty|kittens|pet|perro|perra|perrito|perrita|gato|gata|gatito|gatita|cachorro|cachorra|mascota",
        "colour": "white|pale|blue|bluish|grey|gray|greyish|grayish|dusky|mottled|blotchy|lacy|blanched|blanching",
        "color": "blanca|blanco|palida|palido|azul|azulada|azulado|gris|grisacea|grisaceo|moteada|moteado",
    ]

    // MARK: Vertical-specific rules (checked first)

    static let verticalRules: [Rule] = [
        // --- Med spa: vascular occlusion after filler (skin colour change), vision change.
        e(.vascularOcclusion, "skin|lip|lips|nose|area|spot|patch|face|cheek|cheeks|chin|forehead|tip|it|site|there|temple ~4 turning|turned|going|gone|went|is|are|'s|looks|look|looking|getting|got|became|become|seems ~2 @colour", .medspa),
        e(.vascularOcclusion, "(white patch)|(white patches)|(white spot)|(blue patch)|(blue spot)|(grey patch)|(gray patch)|blanching|blanched|mottling|mottled|livedo|dusky|(lacy pattern)|(net like)|(vascular occlusion)", .medspa),
        e(.vascularOcclusion, "piel|labio|labios|nariz|zona|area|mancha|cara|mejilla|barbilla|frente|punta ~4 @color", .medspa),
        e(.vascularOcclusion, "se (puso|pone|esta poniendo|ha puesto) ~1 @color", .medspa),
        e(.visionLoss, "vision|sight|eyesight ~3 blurry|blurred|blurring|double|fuzzy|spotty|cloudy|changed|changing|off|weird|strange|dim|dark|gone|lost", .medspa),
        e(.visionLoss, "eye|eyes ~3 blurry|blurred|blurring|fuzzy|cloudy|(can not see)|(went dark)", .medspa),
        e(.visionLoss, "blurry|blurred|double|fuzzy|cloudy|losing|lost|change|changes|changed ~1 (in my)? vision|sight", .medspa),
        e(.visionLoss, "(trouble|problems|difficulty|hard time) seeing", .medspa),
        e(.visionLoss, "(can not|could not) see ~2 (well|clearly|properly|right|straight)", .medspa),
        e(.visionLoss, "see|seeing ~2 double|spots|stars", .medspa),
        e(.visionLoss, "vista|vision ~3 borrosa|doble|nublada|oscura|rara", .medspa),
        e(.visionLoss, "veo|ve|viendo ~2 borroso|doble|manchas|mal", .medspa),

        // --- Veterinary: toxins, trauma, breathing, urinary blockage, bloat, collapse.
        e(.poisoning, "@ingest ~6 @toxin", .veterinary),
        e(.poisoning, "(gave|given|fed|le di|le dimos|le dio|le dieron) ~4 @humanmed", .veterinary),
        e(.poisoning, "@pet ~3 (in|into|got into|drank|licked) ~3 (antifreeze|rat poison|poison|bleach|anticongelante|veneno)", .veterinary),
        e(.trauma, "(hit|struck|clipped) by ~2 (a|the)? (car|truck|vehicle|bike|motorcycle|bus)", .veterinary),
        e(.trauma, "(run|ran|got run) over", .veterinary),
        e(.trauma, "(attacked|mauled|bitten|bit) by ~2 (a|another|the|some|two)? (dog|dogs|coyote|coyotes|bear|pit bull|raccoon)", .veterinary),
        e(.trauma, "(fell|jumped|fallen|fall) (off|from|out of|down) ~3 (balcony|deck|window|roof|stairs|staircase|truck|car|second floor|ledge|height)", .veterinary),
        e(.trauma, "(lo|la|le) (atropello|atropellaron|mordio) || atropellado|atropellada|atropello", .veterinary),
        e(.trauma, "(lo|la) (ataco|atacaron|mordio) ~2 (un|otro|unos)? perro|perros|coyote", .veterinary),
        e(.trauma, "cayo ~4 balcon|ventana|escalera|escaleras|techo|azotea|altura", .veterinary),
        e(.breathing, "breathing ~2 hard|heavy|heavily|fast|rapidly|weird|funny|strange|loud|noisy|labored|laboured|shallow|wrong", .veterinary),
        e(.breathing, "(open mouth|open mouthed) breathing", .veterinary),
        e(.breathing, "breathing with ~2 mouth open", .veterinary),
        e(.breathing, "panting ~2 heavily|hard|nonstop|constantly|(non stop)|(will not stop)|(can not stop)", .veterinary),
        e(.breathing, "cat|kitten|gato|gata|gatito ~4 panting|jadea|jadeando", .veterinary),
        e(.breathing, "respira ~2 rapido|raro|fuerte|(con la boca abierta)|mal", .veterinary),
        e(.breathing, "jadea|jadeando ~2 mucho|fuerte|(sin parar)", .veterinary),
        e(.other, "gums ~3 pale|white|blue|gray|grey|purple", .veterinary),
        e(.other, "(pale|white|blue|gray|grey) gums", .veterinary),
        e(.other, "encias ~2 palidas|blancas|azules|moradas", .veterinary),
        e(.urinaryBlockage, "(can not|unable to|not able to|trying to|straining to|strains to|strain to|struggling to|tries to|try to) ~1 (pee|urinate|pass urine|go pee|wee)", .veterinary),
        e(.urinaryBlockage, "straining|strains ~5 litter|box|pee|urinate|peeing|urinating|wee", .veterinary),
        e(.urinaryBlockage, "not ~2 peed|urinated|peeing|urinating|pee ~4 (all day|since|for|hours|today|at all)", .veterinary),
        e(.urinaryBlockage, "(no urine)|(no pee)|(nothing comes out)|(nothing is coming out)|(only a few drops)|(only drops)|(tiny drops)|(just drops)", .veterinary),
        e(.urinaryBlockage, "(he is|he 's|she is|she 's|cat is|cat 's|is|may be|might be) blocked", .veterinary),
        e(.urinaryBlockage, "(no puede|no logra|intenta|trata de) ~1 (orinar|hacer pis|hacer pipi|mear)", .veterinary),
        e(.urinaryBlockage, "(no ha orinado)|(no orina)|(no hace pis)|(no hace pipi)", .veterinary),
        e(.urinaryBlockage, "(hace fuerza|pujando|puja) ~3 (orinar|pis|pipi|arenero)", .veterinary),
        e(.bloat, "bloat|gdv|(twisted stomach)|(stomach flipped)|(stomach is twisted)|(torsion gastrica)|(estomago torcido)|(dilatacion gastrica)", .veterinary),
        e(.bloat, "(trying to|tries to|keeps trying to) (vomit|throw up|puke) ~5 (nothing|can not)", .veterinary),
        e(.bloat, "(dry heaving)|(dry heave)|(unproductive retching)", .veterinary),
        e(.bloat, "(intenta vomitar|quiere vomitar|arcadas) ~4 (no le sale nada|no sale nada|no puede)", .veterinary),
        e(.other, "(can not|could not|will not|unable to) ~1 (stand|walk|get up|stand up)", .veterinary),
        e(.other, "(can not|could not|unable to) move ~1 (back|hind|rear) legs", .veterinary),
        e(.other, "dragging ~2 (back|hind|rear) legs", .veterinary),
        e(.other, "no (puede|quiere) (caminar|pararse|levantarse|moverse)", .veterinary),
        e(.other, "@pet ~3 dying", .veterinary),
        e(.other, "(think|thinks|afraid|scared|worried) ~3 (he is|she is|it is|he 's|she 's|it 's|they are) dying", .veterinary),
        e(.other, "overheated|overheating|(heat exhaustion)", .veterinary),
        e(.other, "eye ~2 (popped|popping|came|coming) out", .veterinary),
        e(.other, "(puppy|kitten|pup|baby) ~2 stuck", .veterinary),
        e(.other, "(se esta muriendo)|(se va a morir)", .veterinary),

        // --- Dental: jaw trauma (uncontrolled bleeding and airway swelling are general rules and combos).
        e(.trauma, "(broke|broken|fractured|dislocated) ~2 jaw", .dental),
        e(.trauma, "jaw ~3 (broken|fractured|dislocated)", .dental),
        e(.trauma, "mandibula ~2 (rota|fracturada|dislocada)", .dental),
        e(.trauma, "(se rompio|se fracturo|se disloco) ~2 mandibula", .dental),
        e(.bleeding, "(still|keeps|keep|been|kept) bleeding ~4 (hours|all day|all night|since|for a day)", .dental),
        e(.bleeding, "(bleeding|bled|bleeds) (through|thru) ~2 (gauze|gauzes)", .dental),
        e(.bleeding, "sigue sangrando ~4 (horas|todo el dia|toda la noche|desde)", .dental),
    ]

    // MARK: General rules (every vertical)

    static let generalRules: [Rule] = [
        // --- Anaphylaxis / airway
        e(.anaphylaxis, "(throat|tongue|airway|airways) ~3 (swelling|swollen|swells|swelled|closing|closed|tight|tightening|puffy|puffing|blowing up)"),
        e(.anaphylaxis, "(swelling|swollen|swelled|closing) ~3 (throat|tongue|airway)"),
        e(.anaphylaxis, "(lips|lip|mouth) ~3 (swelling|swollen|swelled|puffing up|blowing up)", .except([.medspa, .dental])),
        e(.anaphylaxis, "anaphylaxis|anaphylactic"),
        e(.anaphylaxis, "(used|use|using|gave|give|giving|needed|need|had to use|injected|jabbed) ~3 (epipen|epi pen|epipens|epi pens|auvi q|epinephrine)"),
        e(.anaphylaxis, "(severe|bad|serious|major|really bad) ~2 allergic reaction"),
        e(.anaphylaxis, "(garganta|lengua) ~3 (hinchada|hinchando|hincha|cerrando|cierra|cerrada|inflamada|inflamando)"),
        e(.anaphylaxis, "se (me|le)? ~1 (esta)? ~1 (hinchando|hincha|cierra|cerrando|inflamando|inflama) ~2 (la)? (garganta|lengua)"),
        e(.anaphylaxis, "labios ~2 (hinchados|hinchando|inflamados)", .except([.medspa, .dental])),
        e(.anaphylaxis, "anafilaxia|anafilactico|anafilactica"),
        e(.anaphylaxis, "(reaccion alergica) ~2 (grave|fuerte|severa|seria)"),
        e(.airwaySwelling, "(can not|could not) swallow ~3 (saliva|spit|own spit)"),
        e(.airwaySwelling, "drooling ~3 (can not|could not) (swallow|breathe)"),

        // --- Cardiac
        e(.cardiac, "chest ~3 pain|pains|pressure|tightness|tight|hurts|hurt|hurting|aches|aching|ache|squeezing|squeezed|heaviness|heavy|burning|crushing|discomfort|killing"),
        e(.cardiac, "pain|pains|pressure|tightness|heaviness|squeezing|ache|aching|burning|discomfort|weight|elephant|hurting|crushing ~3 in|on|across|around|inside ~2 chest"),
        e(.cardiac, "(heart attack)|(cardiac arrest)|(heart failure)|(cardiac event)"),
        e(.cardiac, "heart ~2 (stopped|has stopped|stopped beating)"),
        e(.cardiac, "(no|not|can not find|could not find|without a) ~2 (pulse|heartbeat)"),
        e(.cardiac, "dolor|dolores|presion|opresion|ardor|molestia|peso|punzada ~3 pecho"),
        e(.cardiac, "duele ~6 pecho"),
        e(.cardiac, "pecho ~3 duele|dolia|aprieta|arde"),
        e(.cardiac, "(ataque al corazon)|(ataque cardiaco)|(ataque de corazon)|infarto|(paro cardiaco)|(paro cardiorrespiratorio)"),
        e(.cardiac, "(no tiene|sin) pulso"),
        e(.cardiac, "corazon ~3 (paro|detuvo)"),

        // --- Breathing
        e(.breathing, "(can not|could not|unable to|not able to|no longer able to|barely|hardly|struggling to|struggle to|struggles to|fighting to|fight to|gasping to|trying to|having to fight to) ~1 (breathe|breath|breathing)"),
        e(.breathing, "(can not|could not|unable to|not able to|barely|hardly) ~1 (catch|get) ~2 (breath|air|a breath|enough air)"),
        e(.breathing, "trouble|difficulty|difficulties|problem|problems|hard|difficult|struggling|struggle|labored|laboured|painful ~3 breathing|breathe|breath"),
        e(.breathing, "(short|shortness) of breath"),
        e(.breathing, "(not|stopped|quit|stops|stopping|never) breathing"),
        e(.breathing, "breathing ~2 (stopped|has stopped|is weird and|sounds wrong)"),
        e(.breathing, "(not sure|not know|no se) (if|whether|si) ~3 (breathing|breathes|respira|respirando)"),
        e(.breathing, "gasping|suffocating|suffocate|(gasping for air)|(fighting for air)"),
        e(.breathing, "(lips|lip|face|skin|fingers|fingertips|fingernails|tongue|gums|baby) ~3 (blue|bluish|purple|gray|grey|dusky)", .except(.medspa)),
        e(.breathing, "(turning|turned|going|gone|went) ~1 (blue|bluish)"),
        e(.breathing, "(blue|bluish) ~1 (lips|face|tongue|gums)"),
        e(.breathing, "drowning|drowned|(nearly drowned)|(almost drowned)"),
        e(.breathing, "no (puedo|puede|podia|podemos|pueden|pude|pudo|podia) respirar"),
        e(.breathing, "(cuesta|costaba) ~2 respirar"),
        e(.breathing, "(dificultad|problemas|problema|trabajo) ~2 (para)? respirar"),
        e(.breathing, "(no respira)|(deja de respirar)|(dejo de respirar)|(apenas respira)|(casi no respira)"),
        e(.breathing, "(falta|faltaba) ~2 aire"),
        e(.breathing, "(labios|cara|piel|lengua|dedos) ~3 (morados|morado|morada|azules|azul|azulados|grises)"),
        e(.breathing, "se (esta poniendo|puso|pone|ha puesto|estaba poniendo) (morado|morada|azul|azulado|azulada)"),

        // --- Choking
        e(.choking, "choking|choked|chokes"),
        e(.choking, "stuck in ~2 (throat|windpipe|airway)"),
        e(.choking, "heimlich"),
        e(.choking, "atragantado|atragantada|atraganto|atragantando|atraganta"),
        e(.choking, "ahogando|ahogo|ahoga|ahogandose|ahogandome"),
        e(.choking, "(atorado|atorada|atascado|atascada) ~3 garganta"),

        // --- Bleeding
        e(.bleeding, "(not|never) ~1 (stop|stopped|stopping|stops|quit) ~1 (bleeding|blood)"),
        e(.bleeding, "bleeding|bleed|bleeds|bled ~2 (a lot|lots|heavily|badly|profusely|everywhere|nonstop|non stop|like crazy|so much|really bad|so bad|for hours|all over|uncontrollably|like a faucet|a ton|excessively|too much)"),
        e(.bleeding, "(heavy|heavily|uncontrolled|uncontrollable|severe|major|massive|profuse|excessive|serious|bad) ~1 (bleeding|bleed|blood loss|hemorrhage|hemorrhaging)"),
        e(.bleeding, "hemorrhage|hemorrhaging|haemorrhage|haemorrhaging|hemorragia"),
        e(.bleeding, "(lot|lots|tons|so much|too much|ton|pool) of blood"),
        e(.bleeding, "blood ~2 (everywhere|all over|gushing|spurting|pouring|squirting|won't stop)"),
        e(.bleeding, "(gushing|spurting|pouring|squirting) ~2 blood"),
        e(.bleeding, "(soaked|soaking|soaks|bled) ~2 (through)? ~2 (gauze|towel|towels|bandage|bandages|pad|pads|cloth)"),
        e(.bleeding, "(gauze|towel|towels|bandage|bandages|pad|pads|cloth) ~3 (soaked|soaking|drenched) ~3 blood"),
        e(.bleeding, "(soaked|drenched|covered) (in|with) blood"),
        e(.bleeding, "(vomiting|throwing up|coughing up|puking|vomited|threw up|coughed up) ~1 blood"),
        e(.bleeding, "sangra|sangrando|sangrado|sangro|sangrar ~2 (mucho|muchisimo|demasiado|bastante|sin parar|a chorros|por todos lados)"),
        e(.bleeding, "no (para|paro|deja|dejo|se detiene|se para|puedo parar|puedo detener|podemos parar|se quita) ~2 (de)? ~1 (sangrar|sangre|sangrado)"),
        e(.bleeding, "(mucha|muchisima|demasiada) sangre"),
        e(.bleeding, "sangre por (todos lados|todas partes)"),
        e(.bleeding, "(sangrado|sangrando) ~2 (fuerte|abundante|grande|que no para)"),
        e(.bleeding, "(vomitando|vomita|vomito|tosiendo|tose) sangre"),

        // --- Stroke
        e(.stroke, "(face|mouth|smile|side of his face|side of her face|side of my face) ~3 (drooping|droopy|droops|drooped|sagging|sagged|fallen|crooked|lopsided)"),
        e(.stroke, "(drooping|droopy|sagging) ~2 (face|mouth|smile)"),
        e(.stroke, "(one side|left side|right side|half) ~2 (of)? ~2 (body|his body|her body|my body) ~3 (numb|weak|paralyzed|paralysed|tingling|limp|dead)"),
        e(.stroke, "(left|right|one) (arm|leg|hand) ~3 (numb|weak|limp|dead|paralyzed|paralysed|not working)"),
        e(.stroke, "(can not|could not) (move|lift|feel) ~1 (his|her|my|the)? (left|right|one) (arm|leg|side)"),
        e(.stroke, "(slurred|slurring|slurry|garbled) ~2 (speech|words|talking|speaking)?"),
        e(.stroke, "speech ~3 (slurred|garbled|weird|strange)"),
        e(.stroke, "(suddenly|all of a sudden) ~2 (can not|could not) (speak|talk|get the words out)"),
        e(.stroke, "(can not|could not) get ~2 words out"),
        e(.stroke, "words ~2 (jumbled|mixed up|coming out wrong|all wrong)"),
        e(.stroke, "(having|had|has|having a|think|thinks|may have|might have|could be) ~3 stroke"),
        e(.stroke, "sudden ~2 (confusion|confused|weakness|numbness|severe headache|vision loss|trouble speaking|trouble seeing|trouble walking|dizziness)"),
        e(.stroke, "(suddenly|all of a sudden) ~3 (confused|disoriented|weak|numb)"),
        e(.stroke, "(worst headache) ~3 (life|ever)"),
        e(.stroke, "(thunderclap headache)"),
        e(.stroke, "(cara|boca|sonrisa) ~3 (caida|torcida|chueca|ladeada|paralizada|colgando)"),
        e(.stroke, "se le (cayo|esta cayendo|cae) ~2 (la)? (cara|boca)"),
        e(.stroke, "(habla|hablando|hablar) ~3 (arrastrada|arrastrando|enredado|enredada|trabada|trabado|rara|raro)"),
        e(.stroke, "arrastra ~2 palabras"),
        e(.stroke, "no puede (mover|sentir) ~2 (brazo|pierna|lado)"),
        e(.stroke, "(un lado|la mitad) ~3 (dormido|dormida|paralizado|paralizada|entumido|entumecido|adormecido)"),
        e(.stroke, "derrame|embolia|ictus|(ataque cerebral)|(accidente cerebrovascular)"),
        e(.stroke, "(de repente|repentinamente) ~3 (confundido|confundida|no puede hablar|no ve|desorientado|desorientada)"),
        e(.stroke, "(peor dolor de cabeza) ~3 vida"),

        // --- Unresponsive
        e(.unresponsive, "unresponsive|unconscious|(lost consciousness)|(losing consciousness)|(out cold)|(keeled over)"),
        e(.unresponsive, "(not|no longer) (responding|responsive|conscious)"),
        e(.unresponsive, "(not|never) ~1 (wake|waking|woken|waken) ~2 up"),
        e(.unresponsive, "(passed out)|(passing out)|fainted|(blacked out)|collapsed|collapsing|(knocked out)|(went limp)"),
        e(.unresponsive, "(he|she|baby|they|@pet) ~2 (is|'s|are) not moving"),
        e(.unresponsive, "desmayo|desmayado|desmayada|desmayando|desmaya|desmayarse"),
        e(.unresponsive, "perdio ~2 (el|la)? (conocimiento|sentido|conciencia)"),
        e(.unresponsive, "inconsciente|inconsiente"),
        e(.unresponsive, "no (responde|reacciona|despierta|se despierta|se mueve)"),
        e(.unresponsive, "no (puedo|podemos|puede) (despertarlo|despertarla|despertarle|despertar)"),
        e(.unresponsive, "(se colapso)|colapso|(se desplomo)|desplomo"),

        // --- Seizure
        e(.seizure, "(having|had|just had|started having|is having|another) ~2 (seizure|convulsion|epileptic fit)"),
        e(.seizure, "having ~1 fit"),
        e(.seizure, "having ~1 (seizures|convulsions)"),
        e(.seizure, "seizing|convulsing|convulsed"),
        e(.seizure, "(is|'s|are|keeps|started|been|was) fitting"),
        e(.seizure, "(shaking|jerking|twitching) ~3 (uncontrollably|all over|and not responding|and foaming|violently)"),
        e(.seizure, "(foaming at the mouth)|(echando espuma)"),
        e(.seizure, "convulsiones|convulsion|convulsionando|convulsiona|convulsiono"),
        e(.seizure, "(ataque epileptico)|(crisis epileptica)|(crisis convulsiva)"),
        e(.seizure, "temblando ~3 (sin parar|sin control|y no responde)"),

        // --- Overdose
        e(.overdose, "(took|taken|swallowed|popped|downed|just took) ~4 @quantity ~4 @pills|bottle|bottles"),
        e(.overdose, "(took|taken|swallowed|popped|downed|gave him|gave her) ~3 too (many|much) ~2 @pills"),
        e(.overdose, "(took|taken|swallowed|popped|downed) ~3 too many $"),
        e(.overdose, "too many @pills"),
        e(.overdose, "overdose|overdosed|overdosing|od|oded"),
        e(.overdose, "(tome|tomo|me tome|se tomo|me trague|se trago|trague|trago|ingeri|ingirio|me bebi|se bebio) ~4 @cantidad ~3 @pastillas|frasco|bote|caja"),
        e(.overdose, "(tome|tomo|me tome|se tomo|me trague|se trago|trague|trago|ingeri|ingirio) ~3 (frasco|bote|caja) ~2 (entero|entera|completo|completa)"),
        e(.overdose, "sobredosis"),

        // --- Poisoning
        e(.poisoning, "(drank|swallowed|ate|eaten|ingested|drinking|got into|gotten into) ~3 @household"),
        e(.poisoning, "poisoned|poisoning|(carbon monoxide)"),
        e(.poisoning, "(bebio|tomo|se tomo|trago|se trago|comio|se comio|ingirio) ~3 @hogar"),
        e(.poisoning, "envenenado|envenenada|envenenamiento|intoxicado|intoxicada|intoxicacion|(monoxido de carbono)"),

        // --- Trauma
        e(.trauma, "(car|auto|motorcycle|bike|bicycle|traffic|motor vehicle) (accident|crash|wreck|collision)"),
        e(.trauma, "(was|were|got|been|just) in ~2 (an|a|bad)? (accident|crash|wreck)"),
        e(.trauma, "(hit|struck) by ~2 (car|truck|bus|vehicle|train|motorcycle|van)"),
        e(.trauma, "(run|ran|got run) over"),
        e(.trauma, "(fell|fall|fallen|falling) (off|from|out of) ~3 (ladder|roof|balcony|window|tree|building|height|cliff|scaffold|scaffolding|second floor|second story|third floor|deck|horse|bridge)"),
        e(.trauma, "(fell|fallen) ~3 (stories|floors|feet|story)"),
        e(.trauma, "stabbed|(stab wound)|gunshot|(been shot)|(got shot)|(was shot)|(were shot)|(just shot)|(is shot)"),
        e(.trauma, "bone ~3 (sticking out|through the skin|poking out)"),
        e(.trauma, "(severed|cut off|chopped off) ~2 (finger|hand|toe|arm|leg)"),
        e(.trauma, "amputated|electrocuted|(badly burned)|(severely burned)|(third degree burn)|(third degree burns)"),
        e(.trauma, "accidente ~2 (de)? (carro|coche|auto|moto|trafico|transito)"),
        e(.trauma, "(lo|la|le|me) (atropello|atropellaron) || atropellado|atropellada"),
        e(.trauma, "cayo ~3 (del|de la|desde el|desde la|de un|de una) ~2 (techo|azotea|balcon|ventana|escalera|arbol|andamio|altura|caballo|segundo piso)"),
        e(.trauma, "apuñalado|apuñalada|apunalado|apunalada|acuchillado|acuchillada|balazo|baleado|baleada|(le dispararon)|(herida de bala)|electrocutado|electrocutada"),

        // --- Vision (sudden loss, any vertical)
        e(.visionLoss, "(can not|could not) see ~2 (out of|anything|at all)"),
        e(.visionLoss, "(lost|losing|loss of) ~2 (vision|sight|eyesight)"),
        e(.visionLoss, "(went|gone|going) blind || (suddenly blind)"),
        e(.visionLoss, "(vision|sight) ~3 (went black|went dark|blacked out|is gone|went out)"),
        e(.visionLoss, "no (puedo|puede) ver ~2 (nada|de un ojo|del ojo)"),
        e(.visionLoss, "perdi|perdio ~2 (la)? (vista|vision)"),
        e(.visionLoss, "(me quede|se quedo) (ciego|ciega)"),

        // --- Other
        e(.other, "(heat stroke)|heatstroke|(golpe de calor)"),
        e(.other, "(think|thinks|feel like|feels like|scared|afraid) ~2 (i am|i 'm|he is|he 's|she is|she 's) dying"),
        e(.other, "(siento que me muero)|(se esta muriendo)|(me estoy muriendo)"),
    ]

    // MARK: Signals (count only in combinations)

    static let signals: [Rule] = [
        s("swelling", "swelling|swollen|swelled|swell|swells|puffy|(puffing up)|(blowing up)|hinchado|hinchada|hinchazon|inflamado|inflamada|inflamacion|hinchando|hincha|inflamando"),
        s("hives", "hives|welts|(breaking out)|(broke out)|rash|ronchas|urticaria|sarpullido|salpullido"),
        s("allergic", "(allergic reaction)|(reacting to)|(reaction to)|(reaccion alergica)"),
        s("dizzy", "dizzy|lightheaded|(light headed)|(about to pass out)|(going to pass out)|mareado|mareada|mareo"),
        s("swallow", "(can not|could not|hard to|difficult to|trouble|difficulty|problems|struggling to) ~1 (swallow|swallowing)"),
        s("swallow", "no (puedo|puede) tragar || (dificultad para tragar)|(cuesta tragar)"),
        s("throatSpread", "throat|neck|(floor of my mouth)|(floor of the mouth)|(under my tongue)|(under the tongue)|(under my jaw)|(under his jaw)|(under her jaw)|garganta|cuello"),
        s("eyeSpread", "eye|eyes|temple|(swollen shut)|spreading|spread|spreads|(getting bigger)|(keeps growing)|ojo|ojos|(se extiende)|(se esta extendiendo)|(sigue creciendo)"),
        s("mouthOpen", "(can not|could not) open ~2 mouth || (no puedo abrir la boca)"),
        s("leftArm", "(left arm|left shoulder) ~4 (numb|numbness|tingling|hurts|hurting|pain|heavy|aching)"),
        s("leftArm", "(pain|numbness|tingling|heaviness) ~3 left arm"),
        s("leftArm", "brazo izquierdo ~3 (dormido|entumido|duele|adormecido)"),
        s("leftArm", "duele ~2 brazo izquierdo"),
        s("cardiacAssoc", "jaw ~3 hurts|pain|aching"),
        s("cardiacAssoc", "sweating|sweaty|clammy|(cold sweat)|nauseous|nausea|(sick to my stomach)|sudando|sudor"),
        s("headHit", "(hit|hurt|bumped|banged|smacked|injured|whacked|cracked) ~2 (his|her|my|their|its|the) head"),
        s("headHit", "(head injury)|(head trauma)|(hit in the head)|concussion|(golpe en la cabeza)|(se golpeo la cabeza)|(se pego en la cabeza)"),
        s("confused", "confused|confusion|disoriented|(not making sense)|(throwing up)|vomiting|vomited|drowsy|(can not remember)|(does not remember)|(not acting right)|(acting strange)|(acting weird)|(will not stay awake)|(can not stay awake)|confundido|confundida|desorientado|desorientada|vomitando|(no recuerda)|(no se acuerda)|somnoliento|somnolienta"),
        s("belly", "(belly|stomach|abdomen|tummy|panza|barriga|estomago) ~3 (swollen|bloated|hard|distended|tight|huge|enlarged|hinchado|hinchada|inflamado|inflamada|duro|dura|distendido)"),
        s("belly", "(swollen|bloated|hard|distended) ~2 (belly|stomach|abdomen|tummy)"),
        s("nothingUp", "(nothing comes up)|(nothing comes out)|(nothing is coming up)|(nothing is coming out)|(nothing came up)|(can not vomit)|(can not throw up)|(no le sale nada)|(no sale nada)|(no puede vomitar)", .veterinary),
        s("retch", "retching|(dry heaving)|heaving|gagging|(trying to throw up)|(trying to vomit)|(trying to puke)|(tries to vomit)|(can not vomit)|(nothing comes up)|arcadas|(intenta vomitar)|(no puede vomitar)"),
        s("severePain", "(severe|excruciating|unbearable|worst|terrible|horrible|intense|extreme|agonizing|awful) ~2 (pain|toothache|headache|ache)"),
        s("severePain", "(killing me)|(me muero de dolor)|(me mata)|(me esta matando)"),
        s("severePain", "pain|hurts ~2 (so bad|unbearable|10 out of 10)"),
        s("severePain", "dolor ~2 insoportable|terrible|fuertisimo|horrible|espantoso"),
    ]

    static let combos: [Combo] = [
        Combo(concern: .anaphylaxis, outcome: .emergency, verticals: .all, requires: [["hives", "allergic"], ["swelling", "dizzy"]]),
        Combo(concern: .cardiac, outcome: .emergency, verticals: .all, requires: [["leftArm"], ["cardiacAssoc"]]),
        Combo(concern: .airwaySwelling, outcome: .emergency, verticals: .all, requires: [["swelling"], ["swallow"]]),
        Combo(concern: .airwaySwelling, outcome: .emergency, verticals: .dental, requires: [["swelling"], ["throatSpread", "eyeSpread", "mouthOpen"]]),
        Combo(concern: .trauma, outcome: .emergency, verticals: .all, requires: [["headHit"], ["confused"]]),
        Combo(concern: .bloat, outcome: .emergency, verticals: .veterinary, requires: [["belly"], ["retch"]]),
        Combo(concern: .bloat, outcome: .emergency, verticals: .veterinary, requires: [["retch"], ["nothingUp"]]),
    ]
}
