"""What a figure counts, folded across languages for grouping.

Two reports agree on "1,000 troops" and "tusen soldater" only if both nouns
fold to one key.  A small multilingual table of common news nouns does that
("troops", "soldiers", "soldater", "Soldaten", "soldats" -> ``soldiers``);
Swedish, German and Dutch compounds fold by their last part
("fallskärmssoldater" -> ``soldiers``).  Nouns outside the table fold to a crude
singular so that "attackers"/"attacker" still meet.

Some concepts are *subjects* rather than counted nouns: "territory" is what a
length or an area measures ("advanced two kilometres", "retog en kilometer
mark"), so its table also holds the verbs of gaining ground.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from newsdesk.enrich.entities import gazetteer

# concept -> surface forms in en, sv, de, fr, es, nl, ru (folded on load)
CONCEPTS: dict[str, str] = {
    "soldiers": "troops troop soldiers soldier servicemen servicemembers soldater soldat soldaterna trupper "
    "soldaten truppen soldats troupes militaires soldados soldado tropas militares militairen troepen "
    "солдат солдаты военных военнослужащих бойцов",
    "fighters": "fighters mercenaries militants combatants krigare legosoldater kämpfer söldner combattants "
    "mercenaires combatientes mercenarios strijders huurlingen боевиков наемников",
    "people": "people persons person individuals residents människor personer invånare menschen personen "
    "einwohner einwohnern anwohner bewohner boende personnes gens habitants personas habitantes vecinos "
    "residentes mensen inwoners bewoners человек человека людей жителей",
    "workers": "workers employees staff arbetare anställda arbeiter beschäftigte mitarbeiter ouvriers cheminots "
    "travailleurs salariés trabajadores empleados operarios werknemers arbeiders рабочих сотрудников",
    "wagons": "wagons wagon carriages cars vagnar vagn waggons waggon güterwagen vagones vagón wagons вагонов",
    "civilians": "civilians civila civilister zivilisten civils civiles burgers мирных",
    "dead": "dead killed deaths fatalities died casualties toll döda dödade dödsoffer omkomna dödstal "
    "dödssiffran tote toten todesopfer getötet opfer morts tués décès victimes muertos fallecidos "
    "víctimas doden slachtoffers погибших убитых жертв погибли",
    "injured": "injured wounded hurt skadade sårade skadats verletzte verletzten verletzt verwundete "
    "blessés heridos heridas gewonden gewond injuries раненых пострадавших ранены",
    "evacuated": "evacuated evacuation evacuees forced forcing fled displaced leave evakuerade evakuerats "
    "evakuerades evakuering lämna lämnat flydde evakuiert evakuierten evakuierung verlassen geflohen "
    "évacués évacuées évacuation évacué evacuados evacuadas evacuación desalojados desalojadas desalojo "
    "quitter quitté sicherheit geëvacueerd evacuatie эвакуированы эвакуировали эвакуация эвакуированных",
    "missing": "missing saknas saknade försvunna vermisst vermissten verschollen disparus disparues disparu "
    "desaparecidos desaparecidas vermist пропали пропавших пропавшими",
    "affected": "flooded inundated submerged damaged water waters översvämmade översvämning vatten vattnet "
    "överfluten skadades överflutet überflutet überschwemmt beschädigt wasser inondées inondés inondé "
    "endommagées endommagés eau eaux inundadas inundados inundado dañadas dañados agua overstroomd "
    "beschadigd вода затоплены затоплено затопила повреждены",
    "level": "rose risen rise rising steg stiger stigit stieg gestiegen steigt monté montée subió subido "
    "crecido steeg gestegen поднялся поднялась",
    "width": "wide width gap breach bred bredd breite breit lücke brèche largeur large brecha ancho anchura "
    "breed breedte ширина шириной пролом",
    "zone": "zone radius perimeter cordon zon zonen avspärrning sperrzone umkreis périmètre zona perímetro "
    "straal зона радиус периметр",
    "reservoir": "reservoir capacity magasin magasinet stausee speicher réservoir retenue embalse pantano "
    "stuwmeer водохранилище",
    "fund": "fund fonds fonden hilfsfonds fondo фонд",
    "damage": "damage damages skador skadorna schaden schäden dégâts dommages daños perjuicios schade ущерб",
    "cost": "cost costs kostnad kostnader kosten coût coûts coste costes стоимость",
    "leak": "leaked leak spilled spill läckte läckt ausgelaufen ausgetreten échappés échappé fuite déversé "
    "fuga vertido derramado derramados gelekt утечка вытекло",
    "closure": "closed closure shut stängd stängt avstängd gesperrt geschlossen sperrung fermée fermé "
    "fermeture cerrada cerrado cierre gesloten afgesloten закрыта закрыт",
    "attacks": "attacks attack assaults strikes anfall attacker angrepp attackerna angriffe angriffen "
    "attacken attaques attaque assauts frappes ataques ataque aanvallen aanval атак атаки ударов",
    "tanks": "tanks tank stridsvagnar stridsvagn panzer kampfpanzer chars blindés tanques tanque танков танка",
    "drones": "drones drone drönare drohnen drohne беспилотников дронов",
    "missiles": "missiles missile rockets robotar missiler raketer raketen marschflugkörper misiles cohetes "
    "raketten ракет",
    "aircraft": "aircraft jets planes flygplan plan flugzeuge kampfjets avions aviones vliegtuigen самолетов",
    "helicopters": "helicopters helikoptrar hubschrauber helikopter hélicoptères helicópteros helikopters вертолетов",
    "vehicles": "vehicles fordon fahrzeuge véhicules vehículos voertuigen машин техники",
    "prisoners": "prisoners captives fångar krigsfångar gefangene prisonniers prisioneros gevangenen пленных",
    "refugees": "refugees flyktingar flüchtlinge réfugiés refugiados vluchtelingen беженцев",
    "children": "children kids barn kinder enfants niños kinderen детей",
    "buildings": "buildings houses homes byggnader hus bostäder gebäude häuser wohnungen bâtiments maisons "
    "edificios casas viviendas gebouwen huizen woningen зданий домов",
    "villages": "villages towns settlements byar orter dörfer ortschaften localités pueblos localidades "
    "dorpen населенных сел",
    "territory": "territory ground land terrain mark terräng område gebiet gelände boden territoire "
    "terrain territorio terreno grondgebied terrein gebied территории "
    "advanced advance gained retaken recaptured regained liberated reclaimed seized captured "
    "avancerat framryckning tagit återtagit erövrat befriat vorgerückt zurückerobert erobert befreit "
    "avancé reconquis repris libéré conquis avanzado recuperado reconquistado liberado opgerukt heroverd "
    "bevrijd продвинулись освободили отбили",
    "destroyed": "destroyed downed lost losses förstört förstörda förstördes förlorat nedskjutna zerstört "
    "zerstörte verloren abgeschossen détruit détruits détruites abattus perdu destruidos destruidas "
    "derribados perdido vernietigd neergeschoten уничтожены уничтожено потеряли сбиты",
    "aid": "aid assistance support package bistånd stöd hjälp hilfe unterstützung hilfspaket aide soutien "
    "ayuda asistencia apoyo steun hulp помощь помощи",
}
# Forms that are number-word or noun look-alikes in other languages: looked up only in their own.
_LANG_CONCEPTS: dict[str, dict[str, str]] = {
    "sv": {"dog": "dead", "stupade": "dead", "stupat": "dead", "dödades": "dead", "skadades": "injured"},
    "de": {"starben": "dead", "getötet": "dead", "verletzt": "injured"},
    "fr": {"tués": "dead", "blessés": "injured"},
    "es": {"murieron": "dead", "heridos": "injured"},
    "nl": {"omgekomen": "dead", "gedood": "dead"},
}
# States that change what a count is about: "500 soldiers died" is not "500 soldiers".
STATES = frozenset({"dead", "injured", "prisoners", "destroyed", "evacuated", "missing", "affected"})
# "a town of 6,000 people", "un convoi de 22 wagons": the size of something, not an event's count.
_CONTAINERS = re.compile(
    r"(?:town|city|village|municipality|convoy|train|fleet|stad|by|ort|kommun|tåg|stadt|dorf|gemeinde|zug|"
    r"ville|commune|convoi|ciudad|pueblo|localidad|tren|dorp|gemeente|trein|город|село|поезд|состав)"
    r"(?:e|es|s|et|en)?\s+(?:of|de|d['’]|mit|med|van|с|из)\s*$",
    re.IGNORECASE,
)
# Running totals ("overall", "since the start") are not the count of one event.
_CUMULATIVE = re.compile(
    r"\b(?:overall|in total|a total of|so far|to date|since the (?:start|beginning)|totalt|sammanlagt|hittills|"
    r"insgesamt|bisher|seit beginn|au total|depuis le début|en total|hasta ahora|desde el inicio|in totaal|"
    r"tot nu toe|всего|в общей сложности)\b",
    re.IGNORECASE,
)
# Words after a length that make it a position ("4 km north of ...") rather than an extent.
_DIRECTIONS = re.compile(
    r"^\W*(?:(?:to|au|à|al|ten|к)\s+(?:the\s+|l['’]|la\s+|el\s+)?)?"
    r"(north|south|east|west|nord|syd|söder|öst|väst|norr|nördlich|südlich|östlich|westlich|"
    r"sud|est|ouest|norte|sur|este|oeste|noorden|zuiden|oosten|westen|север|юг|восток|запад|from|away|"
    r"outside|från|von|entfernt|de\s+distance|del|van|от)",
    re.IGNORECASE,
)
# The place a position is measured from: "... south of Lyon", "westlich von Malmö", "söder om Lyon".
_REFERENCE = re.compile(r"\w*\s+(?:of|om|von|de|du|del|van|от|from)\s+(?:the\s+)?([A-ZÅÄÖÉÜА-Я][^\W\d_]+)", re.UNICODE)
# ... or right after a direction that is itself "from": "40 km from Gävle", "10 km von Berlin entfernt".
_FROM = frozenset({"from", "från", "von", "van", "del", "от"})
_BARE_REFERENCE = re.compile(r"\s+(?:the\s+)?([A-ZÅÄÖÉÜА-Я][^\W\d_]+)", re.UNICODE)
# ... or "de"/"da" and a capital, as French, Spanish and Italian write it: "à 40 km de Gävle", "a 30 km da Roma".
# Case matters here: "3 km de long", "10 km de longitud" are extents.
_ROMANCE_FROM = re.compile(r"\s+(?:de|d['’]|da|di)\s*([A-ZÅÄÖÉÜ][^\W\d_]+)", re.UNICODE)
_COMPOUNDING = frozenset({"sv", "de", "nl"})
_PLURAL_SUFFIXES = ("ies", "es", "s", "erna", "arna", "orna", "er", "ar", "or", "en", "e", "n", "x")


def fold(word: str) -> str:
    """Lower case without accents: the form every lookup uses."""
    norm = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in norm if not unicodedata.combining(c))


@cache
def _index() -> dict[str, str]:
    return {fold(w): concept for concept, words in CONCEPTS.items() for w in words.split()}


@lru_cache(maxsize=1 << 15)
def concept_of(word: str, lang: str | None = None) -> str | None:
    """The concept a noun (or a ground-gaining verb) stands for, or None.

    Memoised: figures ask it of every word near every number (~90 calls per
    report), mostly the same few thousand words.
    """
    index = _index()
    key = fold(word.strip(".,;:!?\"'()«»“”"))
    own = _LANG_CONCEPTS.get(lang or "", {}).get(word.lower())
    if own:
        return own
    if key in index:
        return index[key]
    for suffix in _PLURAL_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in index:
            return index[key[: -len(suffix)]]
    if lang in _COMPOUNDING and len(key) > 6:
        for size in range(len(key) - 3, 3, -1):
            tail = key[-size:]
            if tail in index and index[tail] != "territory":
                return index[tail]
    return None


def counted_key(word: str, lang: str | None = None) -> str:
    """Grouping key of a counted noun: its concept, else a crude singular."""
    concept = concept_of(word, lang)
    return concept or _singular(fold(word), lang)


def _singular(key: str, lang: str | None) -> str:
    """Strip a plural ending, conservatively: a wrong merge is worse than a missed one."""
    if lang in (None, "en"):
        for suffix, repl in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")):
            if key.endswith(suffix) and len(key) - len(suffix) >= 3 and not key.endswith("ss"):
                return key[: -len(suffix)] + repl
        return key
    for suffix in _PLURAL_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            return key[: -len(suffix)]
    return key


def state_near(words: list[str], lang: str | None) -> str | None:
    """A state ("dead", "injured", "destroyed") named among ``words``, nearest first."""
    for word in words:
        concept = concept_of(word, lang)
        if concept in STATES:
            return concept
    return None


def is_cumulative(sentence: str) -> bool:
    """Whether a sentence gives running totals ("overall", "so far", "hittills")."""
    return bool(_CUMULATIVE.search(sentence))


def position_of(text_after_unit: str) -> str | None:
    """For a length that is a position ("30 km south of Lyon"): the place it is measured from.

    The place is named as the gazetteer names it where it knows the word, so that
    "40 km from Gävle" and "в 40 километрах от Евле" are measured from one place;
    other words are folded as written.  Returns "" when the length is a position
    with no named reference ("4 km away"), None when it is not a position at all.
    """
    m = _DIRECTIONS.match(text_after_unit)
    if not m:
        reference = _ROMANCE_FROM.match(text_after_unit)
        return None if reference is None else _reference_place(reference.group(1))
    rest = text_after_unit[m.end() :]
    reference = (_BARE_REFERENCE if m.group(1).lower() in _FROM else _REFERENCE).match(rest)
    return _reference_place(reference.group(1)) if reference else ""


def _reference_place(word: str) -> str:
    """The key of the place a position is measured from: the gazetteer's name where it knows the word."""
    place = gazetteer.lookup(word)
    return fold(place.name if place is not None else word)


def subject_in(
    sentence: str, lang: str | None, allowed: frozenset[str] | None = None, near: int | None = None
) -> str | None:
    """The concept named in ``sentence`` (restricted to ``allowed``), nearest to offset ``near`` if given."""
    best: tuple[int, str] | None = None
    for m in re.finditer(r"[^\W\d_]+", sentence):
        concept = concept_of(m.group(), lang)
        if not concept or (allowed is not None and concept not in allowed):
            continue
        if near is None:
            return concept
        distance = abs(m.start() - near)
        if best is None or distance < best[0]:
            best = (distance, concept)
    return best[1] if best else None


def is_size(text_before: str) -> bool:
    """Whether a count gives the size of something ("a village of 900 people") rather than an event's count."""
    return bool(_CONTAINERS.search(text_before))
