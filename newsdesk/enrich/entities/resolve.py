"""Canonical entities across reports: one key for every spelling of one person, place or organisation.

Names are compared folded (:mod:`.names`: "Jurij Kovalenko", "Yuri Kovalenko"
and "Коваленко" fold alike); this module decides which known entity, if any,
a report's mention is.

Merging is conservative, because a wrong merge puts one person's words in
another's mouth: persons merge only when the folded surnames agree (ratio ≥ 85,
same last letter, similar length) *and* the given names are compatible (equal
after folding, an initial of each other, or near-equal with the same first and
last letter): "Anna Berger" and "Hanna Berger" stay two people.  A bare surname
joins a person only when exactly one candidate fits, preferring the person
named in full in the same report.  Places are resolved through the gazetteer
(coordinates, country); organisations by their distinctive words ("Falcon",
"Falcon Group", "Falcongruppen") and by acronyms defined next to their
expansion ("Institute for the Study of War (ISW)").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from newsdesk.enrich.entities import gazetteer, lexicon
from newsdesk.enrich.entities.names import (
    SURNAME_MIN_RATIO,
    clean_name,
    fold,
    fold_token,
    given_compatible,
    is_acronym,
    org_core,
    org_words,
    same_surname,
    slug,
)
from newsdesk.model import Entity, EntityType, Mention

# Lone words spaCy calls persons with nothing in the report to vouch for them: link, never create.
WEAK_SOURCE = "spacy-surname"
# How far two spans may be apart and still define an acronym: "Name (ABC)", "ABC, Name", "ABC – Name".
_ACRONYM_GAP = 3


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
        # A first name alone ("Maria", or "Shinzo" after "Shinzo Abe"): this report's one person of that name.
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
