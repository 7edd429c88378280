"""Canonical entities across reports: one key for every spelling of one person, place or organisation.

A Swedish report writes "Jurij Kovalenko", an English one "Yuri Kovalenko", a Russian one
"Коваленко".  Names are compared in a *folded* form: transliterated to ASCII
(``anyascii``), lower-cased, with the digraphs that languages use for the same
sound unified (sj/sch → sh, zj → zh, tj/ch/kh → h, j → y, w → v, q → k, oe/ou → u,
non-initial y → i, doubled letters single), then compared with ``rapidfuzz``.

Merging is conservative, because a wrong merge puts one person's words in
another's mouth: persons merge only when the folded surnames agree (ratio ≥ 85,
same last letter, similar length) *and* the given names are compatible (equal
after folding, an initial of each other, or near-equal with the same first and
last letter): "Anna Berger" and "Hanna Berger" stay two people.  A bare surname
joins a person only when exactly one candidate fits, preferring the person
named in full in the same report.  Places are resolved through the gazetteer
(coordinates, country); organisations by their distinctive words ("Wagner",
"Wagner Group", "Wagnergruppen") and by acronyms defined next to their
expansion ("Institute for the Study of War (ISW)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from newsdesk.enrich.entities import gazetteer, lexicon
from newsdesk.enrich.entities.mentions import word_spans
from newsdesk.model import Entity, EntityType, Mention, Report
from newsdesk.store import Store

SURNAME_MIN_RATIO = 85
# Lone words spaCy calls persons with nothing in the report to vouch for them: link, never create.
WEAK_SOURCE = "spacy-surname"
_DIGRAPHS = (
    ("tsch", "h"),
    ("sch", "sh"),
    ("sj", "sh"),
    ("zj", "zh"),
    ("tj", "h"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("w", "v"),
    ("oe", "u"),
    ("ou", "u"),
    ("j", "y"),
    ("q", "k"),
)
_POSSESSIVE = re.compile(r"['’]s$")
_LOWER_NAME_WORDS = lexicon.NAME_PARTICLES | lexicon.ORG_CONNECTORS
# How far two spans may be apart and still define an acronym: "Name (ABC)", "ABC, Name", "ABC – Name".
_ACRONYM_GAP = 3


@lru_cache(maxsize=1 << 16)
def fold_token(word: str) -> str:
    """One word in a spelling-independent form: "Kowalenko", "Kovalenko" and "Коваленко" all give "kovalenko"."""
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s[:1] + s[1:].replace("y", "i")
    if s.startswith("ye"):
        s = s[1:]
    return re.sub(r"(.)\1+", r"\1", s)


def fold(name: str) -> str:
    return " ".join(f for f in (fold_token(w) for w in name.split()) if f)


def slug(text: str) -> str:
    """A readable ASCII slug: "Yuri Kovalenko" → "yuri-kovalenko"."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "x"


def clean_name(text: str, type_: EntityType) -> str:
    """The surface form kept as a variant: whitespace unified, possessive and leading titles dropped."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split()
    if type_ == "person":
        while len(words) > 1 and lexicon.is_title(words[0]):
            words.pop(0)
    return " ".join(words)


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and " " not in name and all(c.isupper() for c in letters)


def org_words(name: str) -> str:
    """The distinctive words of an organisation name: "the Wagner Group" and "Wagnergruppen" give "Wagner"."""
    words = [w for w in name.split() if w.casefold() not in lexicon.ORG_GENERIC]
    if len(words) == 1:
        lowered = words[0].casefold()
        for suffix in sorted(lexicon.ORG_SUFFIXES, key=len, reverse=True):
            if lowered.endswith(suffix) and len(lowered) > len(suffix) + 2:
                return words[0][: -len(suffix)]
    return " ".join(words or name.split())


def org_core(name: str) -> str:
    return fold(org_words(name))


def entity_key(mention: Mention) -> str:
    """The key a mention's entity gets when it is new: "person:yuri-kovalenko", "place:kyiv-ua"."""
    name = clean_name(mention.text, mention.type)
    if mention.type == "place" and (place := gazetteer.lookup(name)) is not None:
        return _place_key(place)
    return _new_key(name, mention.type)


def _new_key(name: str, type_: EntityType) -> str:
    return f"{type_}:{slug(org_words(name) if type_ == 'org' and not is_acronym(name) else name)}"


def _place_key(place: gazetteer.Place) -> str:
    return f"place:{slug(place.name)}" + (f"-{place.country.lower()}" if place.kind == "city" else "")


# -- matching rules ---------------------------------------------------------------


def same_surname(a: str, b: str) -> bool:
    """Folded surnames that are one name: equal, or close with the same ending ("Ivanov" ≠ "Ivanova")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[-1] != b[-1] or abs(len(a) - len(b)) > 2:
        return False
    return ratio(a, b) >= SURNAME_MIN_RATIO


def given_compatible(a: str, b: str) -> bool:
    """Folded given names of one person: equal, an initial, or near-equal with the same first and last letter."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and a[-1] == b[-1] and min(len(a), len(b)) >= 4 and ratio(a, b) >= SURNAME_MIN_RATIO


@dataclass
class _Person:
    entity: Entity
    surnames: set[str] = field(default_factory=set)
    givens: set[str] = field(default_factory=set)

    def add(self, name: str) -> None:
        parts = [fold_token(w) for w in name.split() if w.casefold() not in lexicon.NAME_PARTICLES]
        parts = [p for p in parts if p]
        if not parts:
            return
        if len(parts) == 1 and parts[0] not in self.surnames and lexicon.is_given_name(name):
            self.givens.add(parts[0])
            return
        self.surnames.add(parts[-1])
        self.givens.update(parts[:-1])

    def fits(self, surname: str, givens: list[str]) -> int:
        """0 = not this person; higher = better evidence (given names agree)."""
        if not any(same_surname(surname, s) for s in self.surnames):
            return 0
        if not givens or not self.givens:
            return 1
        first, middle = givens[0], givens[1:]
        if not any(given_compatible(first, h) for h in self.givens):
            return 0  # "Anna" is not "Hanna"
        # A middle name must agree when this person is known with one; initials and unknown middles never conflict.
        known_middle = len(self.givens) > 1
        if known_middle and any(len(g) > 1 and not any(given_compatible(g, h) for h in self.givens) for g in middle):
            return 0
        return 3 if set(givens) & self.givens else 2


class EntityIndex:
    """Known and newly made entities, searchable by folded name.

    Build it once from ``Store.all_entities()`` and pass it to every
    :func:`resolve` call of an ingest run: it stays current (new entities and
    variants are added as reports are resolved), so a big store is not re-read
    per report.
    """

    def __init__(self, known: Iterable[Entity] = ()) -> None:
        self.by_key: dict[str, Entity] = {}
        self.persons: dict[str, _Person] = {}
        self.by_surname: dict[str, list[_Person]] = {}
        self.by_shape: dict[tuple[str, int], list[str]] = {}  # (last letter, length) -> folded surnames
        self.by_fold: dict[str, dict[str, Entity]] = {}  # type -> folded name (org: distinctive words) -> entity
        self.by_initial: dict[tuple[str, str, int], list[str]] = {}  # (type, first letter, words) -> folded names
        self.acronyms: dict[str, Entity] = {}
        self.changed: dict[str, Entity] = {}  # of the current resolve() call
        self.local: set[str] = set()  # keys named in the report being resolved
        for entity in known:
            self._register(entity)

    def start(self) -> None:
        self.changed, self.local = {}, set()

    def _register(self, entity: Entity) -> None:
        self.by_key[entity.key] = entity
        if entity.type == "person":
            self.persons[entity.key] = _Person(entity)
        for v in sorted({entity.name, *entity.variants}, key=lambda v: (-len(v.split()), v)):  # full names first
            self._index_variant(entity, v)

    def _index_variant(self, entity: Entity, variant: str) -> None:
        if entity.type == "person":
            person = self.persons[entity.key]
            before = set(person.surnames)
            person.add(variant)
            for surname in person.surnames - before:
                if surname not in self.by_surname:
                    self.by_shape.setdefault((surname[-1], len(surname)), []).append(surname)
                self.by_surname.setdefault(surname, []).append(person)
        elif entity.type == "org" and is_acronym(variant):
            self.acronyms.setdefault(variant, entity)
        else:
            core = org_core(variant) if entity.type == "org" else fold(variant)
            if core and core not in self.by_fold.setdefault(entity.type, {}):
                self.by_fold[entity.type][core] = entity
                self.by_initial.setdefault((entity.type, core[0], len(core.split())), []).append(core)

    def person_candidates(self, surname: str) -> list[_Person]:
        """Persons whose folded surname may be ``surname``: equal, or close among those :func:`same_surname` allows.

        Surnames are bucketed by (last letter, length), the two things a match
        must (nearly) share, so a store with many people is not scanned.
        """
        names = [surname] if surname in self.by_surname else []
        if len(surname) >= 5:
            for length in range(len(surname) - 2, len(surname) + 3):
                bucket = self.by_shape.get((surname[-1], length), ())
                close = process.extract(surname, bucket, scorer=ratio, score_cutoff=SURNAME_MIN_RATIO, limit=None)
                names += [name for name, _score, _i in close]
        found = {id(p): p for name in names for p in self.by_surname.get(name, ())}
        return list(found.values())

    def similar_names(self, type_: EntityType, core: str) -> list[tuple[str, Entity]]:
        """Known names of ``type_`` close to ``core`` that start with the same letter and have as many words.

        Only those can be inflections of it (see :func:`_fuzzy`), and bucketing
        by them keeps the scan small in a store with many names.
        """
        names = self.by_fold.get(type_, {})
        bucket = self.by_initial.get((type_, core[0], len(core.split())), ()) if core else ()
        return [(name, names[name]) for name, _s, _i in process.extract(core, bucket, scorer=ratio, score_cutoff=90)]

    def new(self, name: str, type_: EntityType, key: str) -> Entity:
        base, n = key, 2
        while key in self.by_key:
            key, n = f"{base}-{n}", n + 1
        entity = Entity(key=key, name=name, type=type_, variants=[name])
        self._register(entity)
        self.changed[key] = self.by_key[key] = entity
        self.local.add(key)
        return entity

    def add_variant(self, entity: Entity, name: str) -> None:
        """Record a spelling; entities from ``known`` are updated in place, so a caller's cache stays current."""
        self.local.add(entity.key)
        self.by_key.setdefault(entity.key, entity)
        if name in entity.variants:
            return
        entity.variants = sorted({*entity.variants, name})
        if entity.type == "person" and entity.key not in self.persons:
            self._register(entity)
        else:
            self._index_variant(entity, name)
        if _better_name(name, entity.name, entity.type):
            entity.name = name
        self.changed[entity.key] = entity


def _better_name(candidate: str, current: str, type_: EntityType) -> bool:
    """The display name readers recognise: a person's full name in Latin script, an organisation spelled out."""
    if type_ == "person":
        return (len(candidate.split()), candidate.isascii()) > (len(current.split()), current.isascii())
    if type_ == "org":

        def plain(name: str) -> tuple[bool, bool]:
            return not is_acronym(name), org_words(name) == name or " " in name

        return plain(candidate) > plain(current)
    return False


# -- resolution ---------------------------------------------------------------------


def resolve(mentions: list[Mention], known: list[Entity] | EntityIndex) -> tuple[list[Mention], list[Entity]]:
    """Give each mention of one report the key of its canonical entity.

    ``known`` is every entity in the store, as a list or (faster across many
    reports) an :class:`EntityIndex` kept for the whole ingest.  Returns
    the mentions (their ``key`` set in place; ``None`` where a bare surname
    fits several people) and the entities that are new or gained variants,
    ready for ``Store.upsert_entity``.
    """
    index = known if isinstance(known, EntityIndex) else EntityIndex(known)
    index.start()
    groups: dict[tuple[EntityType, str], list[Mention]] = {}
    for m in mentions:
        name = clean_name(m.text, m.type)
        if name:
            groups.setdefault((m.type, name), []).append(m)
    pairs = _acronym_pairs(mentions)
    # Full names before bare surnames, expansions before acronyms: the richer form decides.
    order = sorted(groups, key=lambda k: (-len(k[1].split()), is_acronym(k[1]), k[1]))
    keys: dict[tuple[EntityType, str], str | None] = {}
    for type_, name in order:
        if type_ == "person":
            weak = all(m.source == WEAK_SOURCE for m in groups[(type_, name)])
            entity = _resolve_person(index, name, create=not weak)
        elif type_ == "place":
            entity = _resolve_place(index, name)
        else:
            entity = _resolve_org(index, name, [keys.get(("org", other)) for other in pairs.get(name, ())])
        keys[(type_, name)] = entity.key if entity else None
    for (type_, _name), group in groups.items():
        for m in group:
            m.key = keys[(type_, _name)]
    return mentions, list(index.changed.values())


def _resolve_person(index: EntityIndex, name: str, create: bool = True) -> Entity | None:
    parts = [w for w in name.split() if w.casefold() not in lexicon.NAME_PARTICLES] or name.split()
    folded = [fold_token(w) for w in parts]
    if not folded[-1]:
        return None
    surname, givens = folded[-1], folded[:-1]
    scored = [(p.fits(surname, givens), p) for p in index.person_candidates(surname)]
    scored = [(s, p) for s, p in scored if s > 0]
    if not givens and len(scored) > 1:
        scored = [(s, p) for s, p in scored if p.entity.key in index.local] or scored
    if scored:
        best = max(s for s, _ in scored)
        top = [p for s, p in scored if s == best]
        if len(top) > 1:  # the person already known under exactly this spelling, else the one of this report
            top = (
                [p for p in top if name in p.entity.variants] or [p for p in top if p.entity.key in index.local] or top
            )
        if len(top) == 1:
            return _attach(index, top[0].entity, name)
        if not givens:
            return None  # a bare surname shared by several people: do not guess
    if len(parts) == 1 and lexicon.is_given_name(parts[0]):
        # A first name alone ("Lyudmila", or "Shinzo" after "Shinzo Abe"): this report's one person of that name.
        local = [index.persons[k] for k in index.local if k in index.persons and surname in index.persons[k].givens]
        if len(local) == 1:
            return _attach(index, local[0].entity, name)
    return index.new(name, "person", _new_key(name, "person")) if create else None


def _attach(index: EntityIndex, entity: Entity, name: str) -> Entity:
    index.add_variant(entity, name)
    return entity


def _resolve_place(index: EntityIndex, name: str) -> Entity:
    place = gazetteer.lookup(name)
    if place is not None:
        key = _place_key(place)
        entity = index.by_key.get(key)
        if entity is None:
            entity = Entity(key=key, name=place.name, type="place", variants=[], lat=place.lat, lon=place.lon)
            entity.country = place.country
        return _attach(index, entity, name)
    core = fold(name)
    entity = index.by_fold.get("place", {}).get(core) or _fuzzy(index, "place", core)
    return _attach(index, entity, name) if entity else index.new(name, "place", _new_key(name, "place"))


def _resolve_org(index: EntityIndex, name: str, partner_keys: list[str | None]) -> Entity:
    partner = next((index.by_key[k] for k in partner_keys if k and k in index.by_key), None)
    if is_acronym(name):
        entity = index.acronyms.get(name) or partner
    else:
        core = org_core(name)
        entity = index.by_fold.get("org", {}).get(core) or partner or _fuzzy(index, "org", core)
    return _attach(index, entity, name) if entity else index.new(name, "org", _new_key(name, "org"))


def _fuzzy(index: EntityIndex, type_: EntityType, core: str) -> Entity | None:
    """A long name that differs only by inflection, word by word ("Study"/"Studies", "Donbas"/"Donbass")."""
    if len(core) < 8:
        return None
    words = core.split()
    for other, entity in index.similar_names(type_, core):
        if len(other.split()) != len(words):
            continue
        if all(ratio(a, b) >= 75 and a[0] == b[0] for a, b in zip(words, other.split(), strict=True)):
            return entity
    return None


def _acronym_pairs(mentions: list[Mention]) -> dict[str, set[str]]:
    """Acronym ↔ expansion, both ways, for org mentions side by side whose initials agree."""
    orgs = sorted((m for m in mentions if m.type == "org"), key=lambda m: (m.paragraph, m.start))
    pairs: dict[str, set[str]] = {}
    for a, b in zip(orgs, orgs[1:], strict=False):
        if a.paragraph != b.paragraph or b.start - a.end > _ACRONYM_GAP:
            continue
        short, long_ = (a, b) if is_acronym(a.text) else (b, a)
        if not is_acronym(short.text) or is_acronym(long_.text):
            continue
        initials = "".join(w[0] for w in long_.text.split() if w[0].isupper())
        if initials == short.text:
            s, t = clean_name(short.text, "org"), clean_name(long_.text, "org")
            pairs.setdefault(s, set()).add(t)
            pairs.setdefault(t, set()).add(s)
    return pairs


# -- propagation within a story ----------------------------------------------------------


def propagate(report: Report, story_entities: list[Entity]) -> list[Mention]:
    """Mentions of the story's known entities that the report's own recognisers missed.

    An English report names "Yuri Kovalenko"; the Swedish report of the same
    story writes "Jurij Kovalenko" with no title before it.  Every variant of every
    story entity is matched in folded form (persons also by bare surname when
    no other person of the story shares it, fuzzily as in :func:`same_surname`).  Returns new mentions with keys,
    none overlapping ``report.mentions``.
    """
    patterns = _story_patterns(story_entities)
    if not patterns:
        return []
    longest = max(len(p) for p in patterns)
    taken = [(m.paragraph, m.start, m.end) for m in report.mentions]
    found: list[Mention] = []
    for p in report.paragraphs:
        words = word_spans(p.text)
        i = 0
        while i < len(words):
            hit = _match_at(p.text, words, i, longest, patterns)
            if hit is None:
                i += 1
                continue
            n, end, entity = hit
            start = words[i][0]
            if not any(pi == p.index and s < end and start < e for pi, s, e in taken):
                found.append(Mention(p.index, start, end, p.text[start:end], entity.type, entity.key, "propagated"))
                taken.append((p.index, start, end))
            i += n
    return found


def story_entities(store: Store, story_id: int, *, exclude_report: str | None = None) -> list[Entity]:
    """The entities the reports of a story mention (optionally not counting one report): input for :func:`propagate`."""
    rows = store.db.execute(
        """SELECT DISTINCT m.key FROM mentions m JOIN story_reports sr ON sr.report_id = m.report_id
           WHERE sr.story_id = ? AND m.key IS NOT NULL AND m.report_id IS NOT ?""",
        (story_id, exclude_report),
    )
    found = (store.get_entity(r["key"]) for r in rows)
    return [e for e in found if e is not None]


def _story_patterns(entities: list[Entity]) -> dict[tuple[str, ...], Entity]:
    patterns: dict[tuple[str, ...], Entity] = {}
    surnames: dict[str, set[str]] = {}
    for e in entities:
        for v in {e.name, *e.variants}:
            if e.type == "org" and is_acronym(v):
                patterns[("=" + v,)] = e  # acronyms match only as written
                continue
            folded = tuple(fold(v).split())
            if folded and sum(map(len, folded)) >= 4:
                patterns.setdefault(folded, e)
            if e.type == "person" and len(folded) >= 2:
                surnames.setdefault(folded[-1], set()).add(e.key)
    for surname, keys in surnames.items():
        if len(keys) == 1 and len(surname) >= 4:
            entity = next(e for e in entities if e.key in keys)
            patterns.setdefault((surname,), entity)
    return patterns


def _match_at(
    text: str, words: list[tuple[int, int, str]], i: int, longest: int, patterns: dict[tuple[str, ...], Entity]
) -> tuple[int, int, Entity] | None:
    """The longest story pattern starting at word ``i``: (words used, end offset, entity)."""
    if not words[i][2][0].isupper():
        return None
    if ("=" + words[i][2],) in patterns:
        return 1, words[i][1], patterns[("=" + words[i][2],)]
    for n in range(min(longest, len(words) - i), 0, -1):
        span = words[i : i + n]
        if any(text[a[1] : b[0]] != " " for a, b in zip(span, span[1:], strict=False)):
            continue
        if any(w[2][0].islower() and w[2] not in _LOWER_NAME_WORDS for w in span):
            continue  # "British military intelligence" is a description, not the name
        folded = tuple(fold_token(w[2]) for w in span)
        if folded in patterns:
            return n, span[-1][1], patterns[folded]
        last = span[-1][2]
        if last.endswith("s") and len(last) >= 5:  # genitive: "Kovalenkos"
            stem = (*folded[:-1], fold_token(last[:-1]))
            if stem in patterns:
                return n, span[-1][1] - 1, patterns[stem]
    # A surname spelled in a way folding does not reach ("Selenskyj" for "Zelensky"): the fuzzy surname rule.
    word = fold_token(words[i][2])
    close = [e for key, e in patterns.items() if len(key) == 1 and e.type == "person" and same_surname(word, key[0])]
    if len({e.key for e in close}) == 1:
        return 1, words[i][1], close[0]
    return None
