"""Word lists that mark attribution, per language.

Attribution in news is carried by a small, closed vocabulary: reporting verbs
("said", "säger", "sagte", "a déclaré"), prepositional markers ("according
to", "enligt", "laut", "selon", "volgens", "según", "по словам") and the
function words around them (complementizers, auxiliaries, determiners).  Word
lists are predictable and cover every language the same way, where no
multilingual parser installs offline.  Lists are lower-case word forms; a
language missing from a table falls back to the union of all languages.
"""

from __future__ import annotations

from functools import cache


def wordset(text: str) -> frozenset[str]:
    """A frozenset of the space-separated words of ``text`` (word lists read best as prose)."""
    return frozenset(text.split())


_ARABIC_VERBS = wordset(
    "قال قالت أضاف أضافت صرح صرحت أكد أكدت أعلن أعلنت أوضح أوضحت ذكر ذكرت أشار أشارت كشف كشفت "
    "تابع تابعت اعتبر اعتبرت شدد شددت حذر حذرت نفى نفت أفاد أفادت قالوا أكدوا"
)

# Reporting verbs in the forms news uses (present, past, participle, inflected).
REPORTING_VERBS: dict[str, frozenset[str]] = {
    "en": wordset(
        "say says said saying tell tells told telling add adds added adding write writes wrote written writing "
        "states stated notes noted noting claim claims claimed claiming argue argues argued arguing "
        "insist insists insisted insisting explain explains explained explaining "
        "announce announces announced announcing confirm confirms confirmed confirming "
        "acknowledge acknowledges acknowledged acknowledging admit admits admitted admitting "
        "deny denies denied denying warn warns warned assess assesses assessed reports reported "
        "declare declares declared declaring tweeted replied recommend recommends recommended "
        "respond responds responded responding continued recall recalls recalled recalling "
        "suggest suggests suggested suggesting conclude concludes concluded concluding "
        "predict predicts predicted predicting ask asks asked asking believe believes believed "
        "think thinks thought stress stresses stressed stressing "
        "emphasise emphasised emphasize emphasized assert asserts asserted asserting "
        "contend contends contended contending observe observes observed remarked vow vows vowed vowing "
        "promised pledge pledges pledged pledging estimated "
        "accuse accuses accused accusing testify testifies testified testifying "
        "reveal reveals revealed revealing indicate indicates indicated indicating allege alleges alleged alleging "
        "answered quipped joked shouted exclaimed boasted bragged complained lamented "
        "concede concedes conceded conceding caution cautions cautioned proclaimed urge urges urged urging mused "
        "reiterate reiterates reiterated reiterating countered retorted charged scoffed demanded anticipated "
        "wonder wondered wondering barked snapped yelled sighed groused chided scolded fumed gushed snarled whispered "
        "sneered growled crowed teased grumbled"
    ),
    "sv": wordset(
        "säger sa sade sagt skriver skrev skrivit berättar berättade berättat menar menade meddelar meddelade "
        "uppger uppgav uppgett hävdar hävdade påstår påstod förklarar förklarade konstaterar konstaterade "
        "bekräftar bekräftade varnar varnade tillägger tillade anser ansåg framhåller framhöll "
        "understryker underströk uppgav rapporterar rapporterade medger medgav erkänner erkände "
        "förnekar förnekade betonar betonade tror trodde svarar svarade "
        "kommenterar kommenterade intygar intygade avslöjar avslöjade lovar lovade kräver krävde uppmanar uppmanade "
        "anklagar anklagade hotar hotade bekräftat hävdat förklarat twittrar twittrade"
    ),
    "de": wordset(
        "sagt sagte sagten gesagt sagen erklärt erklärte erklärten erklärten erklärt betont betonte "
        "schreibt schrieb geschrieben berichtet berichtete berichteten meint meinte fügt fügte "
        "warnt warnte behauptet behauptete bestätigt bestätigte räumt räumte teilt teilte "
        "kündigte kündigt verkündete verkündet betonten sagen "
        "sage sagst erklärte betont fordert forderte kritisiert kritisierte versichert versicherte äußert äußerte "
        "unterstreicht unterstrich bekräftigt bekräftigte bestreitet bestritt dementiert dementierte mitteilte "
        "twitterte verkündete berichtete bekanntgab bekanntgegeben hinwies hinzufügte einräumte angab "
        "teilten warnten kündigten bestätigten forderten kritisierten versicherten schrieben meinten mitteilten"
    ),
    "fr": wordset(
        "dit dire déclaré déclare déclarait affirme affirmé affirmait explique expliqué expliquait "
        "ajoute ajouté écrit écrivait souligne souligné estime estimé assure assuré indique indiqué "
        "annonce annoncé confirme confirmé reconnu reconnaît précise précisé prévient prévenu "
        "raconte raconté avertit averti insiste insisté rappelle rappelé poursuit martèle "
        "dénonce dénoncé dément démenti juge jugé réclame réclamé exige exigé conclut conclu répond répondu avoue "
        "avoué reconnaît admet admis disent affirment expliquent ajoutent estiment assurent indiquent "
        "annoncent confirment précisent préviennent racontent dénoncent jugent réclament exigent répondent "
        "reconnaissent soulignent rappellent"
    ),
    "es": wordset(
        "dijo dice dicho decir declaró declara afirmó afirma explicó explica añadió añade escribió escribe "
        "aseguró asegura indicó indica anunció anuncia confirmó confirma señaló señala advirtió advierte "
        "sostuvo sostiene reconoció reconoce manifestó manifiesta insistió insiste agregó agrega "
        "denunció denuncia subrayó subraya destacó destaca apuntó apunta precisó precisa negó niega admitió admite "
        "criticó critica exigió exige pidió pide alertó respondió responde informó informa "
        "dijeron dicen declararon afirmaron afirman explicaron explican añadieron aseguraron aseguran "
        "indicaron indican anunciaron confirmaron confirman señalaron señalan advirtieron sostienen "
        "reconocieron denunciaron destacaron precisaron negaron informaron informan respondieron"
    ),
    "nl": wordset(
        "zei zegt gezegd zeggen schrijft schreef geschreven verklaarde verklaart meldt meldde gemeld "
        "stelt stelde gesteld benadrukt benadrukte waarschuwt waarschuwde bevestigt bevestigde "
        "vertelt vertelde verteld voegde voegt liet laat weten erkende erkent aldus "
        "ontkent ontkende beweert beweerde vindt vond eist eiste twittert twitterde reageert reageerde concludeert "
        "concludeerde zegde"
    ),
    "ru": wordset(
        "сказал сказала сказали говорит говорят заявил заявила заявили сообщил сообщила сообщили "
        "отметил отметила отметили подчеркнул подчеркнула добавил добавила написал написала пишет "
        "признал признала уточнил уточнила рассказал рассказала пояснил пояснила считает заверил "
        "заявляет заявляют сообщает сообщают утверждает утверждал утверждала подтвердил подтвердила подтвердили "
        "опроверг опровергла предупредил предупредила предупредили ответил ответила "
        "сообщило заявило отметило подчеркнуло добавило написало признало уточнило пояснило подтвердило "
        "предупредило ответило"
    ),
    "da": wordset("siger sagde skriver skrev fortæller fortalte mener mente oplyser oplyste tilføjer tilføjede"),
    "no": wordset("sier sa skriver skrev forteller fortalte mener mente opplyser opplyste legger"),
    "fi": wordset("sanoo sanoi kertoo kertoi kirjoittaa kirjoitti toteaa totesi arvioi arvioi"),
    "it": wordset(
        "detto dice disse dichiarato dichiara afferma affermato spiega spiegato scrive scritto riferito riferisce "
        "sottolineato sottolinea aggiunto aggiunge annunciato annuncia confermato conferma precisato precisa "
        "ribadito ribadisce sostiene sostenuto assicurato assicura avvertito avverte denunciato denuncia "
        "dicono affermano spiegano"
    ),
    "cs": wordset("řekl řekla řekli říká uvedl uvedla uvedli uvádí dodal dodala prohlásil prohlásila napsal napsala"),
    "pl": wordset(
        "powiedział powiedziała powiedzieli mówi dodał dodała stwierdził stwierdziła oświadczył oświadczyła napisał "
        "poinformował poinformowała poinformowali przekazał przekazała przekazali podkreślił podkreśliła "
        "zapowiedział zapowiedziała zaznaczył zaznaczyła wyjaśnił wyjaśniła ostrzegł ostrzegła podała podał"
    ),
    "uk": wordset(
        "сказав сказала сказали заявив заявила заявили повідомив повідомила повідомили додав додала наголосив "
        "наголосила зазначив зазначила пояснив пояснила розповів розповіла підкреслив підкреслила написав написала"
    ),
    # Arabic joins "and" (و) and "so" (ف) to the verb that opens a sentence: both forms are listed.
    "ar": frozenset(prefix + verb for prefix in ("", "و", "ف") for verb in _ARABIC_VERBS),
    "tr": wordset(
        "dedi söyledi açıkladı belirtti kaydetti vurguladı bildirdi aktardı savundu iddia etti ekledi "
        "dediler söylediler açıkladılar belirttiler"
    ),
    "pt": wordset(
        "disse disseram afirmou afirmaram declarou declararam informou informaram explicou explicaram "
        "garantiu acrescentou anunciou confirmou alertou destacou ressaltou contou diz dizem afirma"
    ),
}

# Verbs of naming: "X called it a 'rout'" gives the quoted words a speaker but
# is not itself a statement worth listing.
NAMING_VERBS: dict[str, frozenset[str]] = {
    "en": wordset(
        "describe describes described call calls called calling dub dubs dubbed label labels labelled labeled term "
        "termed"
    ),
    "sv": wordset("kallar kallade kallat benämner benämnde beskriver beskrev"),
    "de": wordset("nennt nannte genannt bezeichnet bezeichnete sprach spricht"),
    "fr": wordset("qualifie qualifié qualifiait appelle appelé parle parlé"),
    "es": wordset("calificó califica llamó llama denominó"),
    "nl": wordset("noemt noemde genoemd"),
    "ru": wordset("назвал назвала назвали называет"),
}

# Separable verbs: the finite verb stands second and its particle ends the clause ("Die Polizei gab am
# Montag bekannt, dass …", "De politie deelde mee dat …").  A verb listed here reports only with one of
# its particles before the next comma.
PARTICLE_VERBS: dict[str, dict[str, frozenset[str]]] = {
    "de": {
        **dict.fromkeys(("gab", "gibt", "gaben", "geben"), wordset("bekannt an zu")),
        **dict.fromkeys(("wies", "weist", "wiesen"), wordset("hin")),
        **dict.fromkeys(("stellte", "stellt", "stellten"), wordset("klar fest")),
        **dict.fromkeys(("hob", "hebt", "hoben"), wordset("hervor")),
    },
    "nl": {
        **dict.fromkeys(("gaf", "geeft", "gaven"), wordset("aan toe")),
        **dict.fromkeys(("deelde", "deelt", "deelden"), wordset("mee")),
        **dict.fromkeys(("merkte", "merkt", "merkten"), wordset("op")),
    },
}

# "Among others" between a marker and its speakers ("enligt bland andra X och Y"): skipped.
AMONG_OTHERS: tuple[tuple[str, ...], ...] = (
    ("among", "others"),
    ("bland", "andra"),
    ("bland", "annat"),
    ("unter", "anderem"),
    ("unter", "anderen"),
    ("onder", "andere"),
    ("onder", "anderen"),
    ("entre", "autres"),
    ("entre", "otros"),
    ("blandt", "andre"),
    ("blant", "andre"),
)

# "By its own account": the subject of the clause speaks, and the whole sentence is what it says
# ("Die Regierung will nach eigenen Angaben bis Mai entscheiden", "Nach eigenen Angaben hat die Polizei …").
OWN_ACCOUNT: dict[str, tuple[tuple[str, ...], ...]] = {
    "de": (("nach", "eigenen", "angaben"), ("eigenen", "angaben", "zufolge"), ("nach", "eigener", "aussage")),
    "sv": (("enligt", "egen", "uppgift"), ("enligt", "egna", "uppgifter")),
    "nl": (("naar", "eigen", "zeggen"), ("volgens", "eigen", "zeggen")),
    "da": (("ifølge", "egne", "oplysninger"),),
    "no": (("ifølge", "egne", "opplysninger"),),
    "fr": (("de", "son", "propre", "aveu"), ("selon", "ses", "propres", "termes")),
    "es": (("según", "sus", "propias", "palabras"), ("según", "sus", "propios", "datos")),
    "ru": (("по", "собственным", "данным"), ("по", "собственным", "словам")),
}

# Prepositional markers: the speaker follows them ("according to X, ...").
ACCORDING_TO: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("according", "to"), ("citing",)),
    "sv": (("enligt",),),
    "de": (("laut",), ("nach", "angaben"), ("zufolge",)),
    "fr": (("selon",), ("d'après",), ("d’après",), ("à", "en", "croire")),
    "es": (("según",), ("de", "acuerdo", "con")),
    "nl": (("volgens",),),
    "ru": (
        ("по", "словам"),
        ("по", "данным"),
        ("по", "информации"),
        ("по", "мнению"),
        ("согласно",),
        ("как", "сообщил"),
        ("как", "заявил"),
        ("как", "сообщили"),
        ("как", "заявили"),
    ),
    "da": (("ifølge",),),
    "no": (("ifølge",),),
    "fi": (("mukaan",),),
    "it": (("secondo",),),
    "cs": (("podle",),),
    "pl": (("według",),),
    "pt": (("segundo",), ("de", "acordo", "com")),
    "uk": (("за", "словами"), ("за", "даними"), ("згідно", "з"), ("як", "повідомили"), ("як", "заявив")),
    "tr": (("göre",),),
    "ar": (("بحسب",), ("حسب",), ("وفقا", "ل"), ("وفقا", "لـ"), ("وبحسب",), ("وحسب",)),
}
# Markers that follow their speaker ("den Angaben der Polizei zufolge", "poliisin mukaan", "valiliğe göre").
POSTPOSED_MARKERS = wordset("zufolge mukaan göre")

COMPLEMENTIZERS: dict[str, frozenset[str]] = {
    "en": wordset("that"),
    "sv": wordset("att"),
    "de": wordset("dass"),
    "fr": wordset("que qu'"),
    "es": wordset("que"),
    "nl": wordset("dat"),
    "ru": wordset("что"),
    "da": wordset("at"),
    "no": wordset("at"),
    "it": wordset("che"),
    "pt": wordset("que"),
    "pl": wordset("że"),
    "cs": wordset("že"),
    "uk": wordset("що"),
    "fi": wordset("että"),
    "ar": wordset("إن أن بأن"),
}

# Words between a subject and its reporting verb that belong to neither.
SKIPPABLE = wordset(
    "will would can could may might must should shall did does do "
    "has have had also again then later previously repeatedly reportedly earlier once recently now already "
    "openly publicly privately officially formally finally "
    "har hade också även nu då hat hatte habe haben auch bereits a ont avait aussi ha había "
    "también heeft hebben had ook eerder уже также ранее ещё hanno anche"
)
# Skippable only in one language: Spanish "han" (have) is the Scandinavian "he".
_SKIPPABLE_IN = {"es": wordset("han")}


@cache
def skippable(lang: str | None) -> frozenset[str]:
    """:data:`SKIPPABLE` with the words only ``lang`` skips."""
    return SKIPPABLE | _SKIPPABLE_IN.get(lang or "", frozenset())


# Languages that write every noun with a capital: a capital marks no name there.
CAPITALISED_NOUNS = wordset("de lb")

# English "tell": what follows it is whom one tells ("“…,” she told CNN"), never an inverted speaker.
TELL = wordset("tell tells told telling")
# English "ask": its object is whom one asks ("asked workers if they …"), what was asked the clause after it.
ASK = wordset("ask asks asked asking")
REFLEXIVES = wordset("sig seg sich zich себя se si")
PERSON_PRONOUNS = wordset(
    "he she him her han hon er sie il elle él ella hij zij ze он она hän hun его её ее він вона його її"
)
# Pronouns of one gender, for whom they may stand ("she" is not "Lars Holm"); "sie", "zij", "ze" and "hän" are
# left out (also "they", or either gender).
GENDERED_PRONOUNS = {
    **dict.fromkeys(wordset("he him han er il él hij он его він його"), "m"),
    **dict.fromkeys(wordset("she her hon hun elle ella она её ее вона її"), "f"),
}
ORG_PRONOUNS = wordset("it they de ils elles ellos ellas они det")
FIRST_PERSON = wordset("i jag ich je yo ik io eu jeg я")
# Every pronoun that can open a speaker phrase: none of them names whom a later "he" stands for.
PRONOUNS = PERSON_PRONOUNS | ORG_PRONOUNS | FIRST_PERSON | wordset("we you vi ni wir nous vous nosotros мы вы")
RELATIVES = wordset("who which that som der die welche qui que quien quienes die dat который которая")

DETERMINERS = wordset(
    "the a an this that these those his her its their den det de en ett denna detta dessa der die das "
    "ein eine einer dem den des le la les l' un une ce cette ces el la los las un una unos het een deze gli "
    "uno os uma "
    "dit son sa ses leur leurs su sus sein seine seiner ihr ihre zijn haar hans hennes deras sitt sin sina"
)
INDEFINITE = wordset("a an en ett ein eine einer un une una unos unas een")

PREPOSITIONS = wordset(
    "in on at to for with after before during since from by about into over under through "
    "despite amid among against without within across near toward towards along "
    "i på till för med efter före under sedan från av om vid hos trots mot mellan genom utan inom bland kring "
    "til fra ved etter efter mod mellem gennem uden blandt mellom gjennom uten blant "
    "im am an auf zu für mit nach vor während seit von bei über durch "
    "dans sur à pour avec après avant pendant depuis par sous en "
    "en sobre a para con tras antes durante desde por "
    "op aan voor met na tijdens sinds van door bij "
    "в на к с по для после до во при от из"
)

# Titles and role words that precede a name inside a capitalised run
# ("Deputy Defense Minister Anna Berg"): they are role words, not the name.
TITLES = wordset(
    "mr mrs ms miss dr prof sir lord lady president vice deputy minister prime foreign defence defense "
    "secretary general governor gov senator sen rep representative chief spokesman spokeswoman spokesperson "
    "commander chairman chairwoman ceo director king queen prince princess pope colonel col lt sgt capt "
    "major mayor ambassador judge justice chancellor premier herr frau monsieur mme madame señor señora "
    "presidenten statsminister ministern försvarsminister utrikesminister bundeskanzler kanzler präsident "
    "ministre président presidente ministro general generalen bürgermeister bürgermeisterin präfekt präfektin "
    "prefect préfet préfète prefekten borgmästare alcalde alcaldesa maire sprecher sprecherin"
)
HONORIFICS = wordset("mr mrs ms miss dr prof sir herr frau monsieur mme madame señor señora sr sra")
ORG_WORDS = wordset(
    "ministry department group institute agency office army forces force council committee party government "
    "kremlin university company corporation inc ltd news times post bank union commission intelligence "
    "command brigade court police service services administration organisation organization association "
    "federation parliament senate congress assembly guard navy staff center centre foundation network "
    "ministerium regierung ministère gouvernement ministerio gobierno ministerie regering министерство "
    "försvarsmakten regeringen departementet board authority authorities municipality"
)

# Nouns of sources that speak without a name: a headline's "Poll: …", "Report: …", "Historians: …".
SOURCE_NOUNS = wordset(
    "poll polls survey surveys study studies report reports newspaper paper editorial insiders historians "
    "experts analysts officials sources critics economists scientists researchers investigators prosecutors "
    "polizei polisen polis politie policía polizia полиция "
    "enkät undersökning studie rapport tidning ledare experter källor "
    "umfrage studie bericht zeitung experten kreise quellen "
    "sondage étude rapport journal experts sources "
    "encuesta estudio informe periódico expertos fuentes "
    "peiling onderzoek rapport krant experts bronnen "
    "опрос исследование доклад газета эксперты источники"
)

# Words of a speaker description that carry no identity ("the", "said", ...)
# are dropped before matching; role words are grouped as synonyms so that
# "the Falcon chief" matches "head of the Falcon forces".
ROLE_SYNONYMS: tuple[frozenset[str], ...] = (
    wordset("boss chief head leader ledare chef chefen ledaren leiter anführer jefe líder leider глава лидер"),
    wordset(
        "spokesman spokeswoman spokesperson talesperson talesman pressekreterare sprecher sprecherin porte-parole "
        "portavoz woordvoerder представитель"
    ),
    wordset("minister ministern ministre ministro министр"),
    wordset("president presidenten präsident président presidente президент"),
    wordset("ministry department departement departementet ministerium ministère ministerio ministerie министерство"),
    wordset("general generalen général генерал commander befälhavare kommandeur commandant comandante командующий"),
)


# Words that end a subject phrase on their left ("while France claims"):
# coordinating and subordinating conjunctions.
CONJUNCTIONS: dict[str, frozenset[str]] = {
    "en": wordset("and but or while as because although though since when whereas if until unless"),
    "sv": wordset("och men eller medan när eftersom då fast om"),
    "de": wordset("und aber oder während weil als obwohl wenn da wie"),
    "fr": wordset("et mais ou tandis alors lorsque quand comme parce puisque si"),
    "es": wordset("y pero o mientras cuando porque aunque como si"),
    "nl": wordset("en maar of terwijl omdat toen hoewel als zoals"),
    "ru": wordset("и но или а пока когда потому хотя если"),
    "da": wordset("og men eller mens når fordi"),
    "no": wordset("og men eller mens når fordi"),
    "it": wordset("e ma o mentre quando perché"),
    "pt": wordset("e mas ou enquanto quando porque embora como se"),
    "pl": wordset("i oraz ale lub albo gdy kiedy ponieważ chociaż jeśli"),
    "uk": wordset("і й та але або коли тому хоча якщо"),
}

# Sentence openers that stand for the sentence before, when a reporting verb follows: "Det uppger polisen.",
# "Das teilte die Polizei mit.", "Об этом сообщили в МЧС.": what was said is that sentence.
ANAPHORIC_OPENERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sv": (("det",),),
    "da": (("det",),),
    "no": (("det",),),
    "de": (("das",), ("dies",)),
    "nl": (("dat",), ("dit",)),
    "ru": (("об", "этом"), ("это",)),
    "es": (("así", "lo"),),
    "fr": tuple((c, "ce", q) for c in ("c'est", "c’est") for q in ("qu'a", "qu’a", "qu'ont", "qu’ont")),
}

# Between an "according to" marker and its speaker, a reporting verb with its "what" and the agent's
# preposition: "según informó la policía", "secondo quanto riferito dalla polizia".
WHAT_WORDS = wordset("quanto")
AGENT_PREPOSITIONS = wordset("da dal dalla dai dagli dalle dallo dall' dall’ par por")
# German "it was said" from a source: "…, hieß es aus Regierungskreisen", "Aus Polizeikreisen hieß es, …".
IT_WAS_SAID = frozenset({("hieß", "es"), ("heißt", "es")})
FROM_SOURCE = wordset("von vom aus seitens bei beim")
# "…, сообщили в полиции": an impersonal plural verb names the institution that speaks with "in".
INSTITUTION_IN = {"ru": wordset("в во"), "uk": wordset("в у")}

# Verbs that report only with their particle: "points out", "went on", "shot back".
PHRASAL_CUES = {
    "points": "out",
    "pointed": "out",
    "went": "on",
    "goes": "on",
    "shot": "back",
    "fired": "back",
    "put": "it",
    "puts": "it",
}
# Finite auxiliaries and copulas of the V2 languages without capitalised nouns (see markers.MarkerReader._fronted_end).
V2_AUXILIARIES = {
    "nl": wordset(
        "is zijn was waren heeft hebben had hadden wordt worden werd werden zal zullen zou zouden kan kunnen"
    ),
    "sv": wordset("är var har hade blir blev ska skulle kan kunde måste kommer"),
    "da": wordset("er var har havde bliver blev skal skulle kan kunne må vil"),
    "no": wordset("er var har hadde blir ble skal skulle kan kunne må vil"),
}

# Articles spelt like a word of another language (Italian "il" is the French "he", Portuguese "o" the Spanish
# "or"), so the shared lists do not hold them: in these languages a phrase that opens with one goes on to its
# noun ("ha detto il sindaco", "disse o prefeito").
ARTICLE_HOMOGRAPHS = {"it": wordset("il"), "pt": wordset("o")}

# Possessives that stand for a speaker inside a marker: "по его словам" (by his words), "за її словами".
POSSESSIVES = wordset("его её ее их його її їх")
# Languages whose adjectives follow the noun: a bare noun after a marker takes them ("según fuentes policiales").
POSTPOSED_ADJECTIVES = wordset("es fr it pt ca ro")
# Languages whose reporting verb ends its clause, the speaker opening it: Turkish "Bakan Yılmaz, “…” dedi."
VERB_FINAL = wordset("tr")
VERB_FINAL_SUBJECT_WORDS = 8  # words before the first comma that can be the speaker of a verb-final clause
# Languages whose reporting verb opens its sentence, the speaker after it: Arabic "وقال الوزير أحمد حسن: «…»".
VERB_FIRST = wordset("ar")
# Words that end the speaker after such a verb: where the speech was made ("في مؤتمر صحفي", at a news conference),
# to whom ("لـ"), through what ("عبر"), before whom ("أمام"), during what ("خلال").
VERB_FIRST_SPEAKER_ENDS = wordset("في خلال عبر أمام لـ ل على إلى مساء صباح اليوم أمس")

# "As" before a speaker: "…, wie der Betreiber mitteilte" reports what precedes the comma.
AS_CONJUNCTIONS = wordset("as wie zoals comme como come как")

_TABLES = {
    "reporting": REPORTING_VERBS,
    "naming": NAMING_VERBS,
    "complementizer": COMPLEMENTIZERS,
    "conjunction": CONJUNCTIONS,
}


@cache
def words_for(kind: str, lang: str | None) -> frozenset[str]:
    """The ``kind`` word list for ``lang``; the union of all languages when it is unknown or unlisted."""
    table = _TABLES[kind]
    return table[lang] if lang in table else frozenset().union(*table.values())


@cache
def according_markers(lang: str | None) -> tuple[tuple[str, ...], ...]:
    """Prepositional attribution markers for ``lang`` (all languages when unknown), longest first."""
    markers = ACCORDING_TO.get(lang or "") or tuple(m for ms in ACCORDING_TO.values() for m in ms)
    return tuple(sorted(set(markers), key=len, reverse=True))
