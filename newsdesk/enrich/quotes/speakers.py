"""Who a speaker phrase refers to: names, pronouns and descriptions.

News names a speaker once in full ("Yuri Kovalenko, head of the dam
operator") and then refers back with a surname ("Mr Kovalenko"), a pronoun
("he") or a description ("the safety chief", "departementet").  Resolution
follows that habit and nothing more clever:

* a name resolves to the fullest earlier (or later) form with the same surname;
* a personal pronoun resolves to the most recent person named before it;
* a definite description resolves to the earlier referent whose *role words*
  (the words written next to a name: "militia chief X", "X, head of the Y
  group", or an earlier speaker phrase such as "det brittiska
  försvarsdepartementet") match it best, and only when exactly one referent
  matches best;
* anything else keeps its surface form ("en officer", "a French soldier"),
  or stays unknown (``None``) for an unresolved pronoun: never a guess.

Names come from ``report.mentions`` when the entity stage found them, and
otherwise from capitalised-word heuristics, so the module works in any
language without a model.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from newsdesk.enrich.entities.givennames import gender_of
from newsdesk.enrich.entities.institutions import (
    Institution,
    generic_head,
    institution,
    institutions_in,
    kind_of,
)
from newsdesk.enrich.entities.lexicon import is_given_name, time_words
from newsdesk.enrich.quotes.cues import (
    ACCORDING_TO,
    CAPITALISED_NOUNS,
    DETERMINERS,
    GENDERED_PRONOUNS,
    INDEFINITE,
    ORG_PRONOUNS,
    ORG_WORDS,
    PERSON_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    TITLES,
    wordset,
)
from newsdesk.enrich.quotes.words import (
    SENTENCE_ADVERB,
    WORD,
    content_words,
    fold,
    is_title,
    role_words_around,
    same_word,
    surname_key,
    words_of,
)
from newsdesk.model import Mention, Report

Pos = tuple[int, int]  # (paragraph, offset): document order

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ"
_CAP = rf"[{_UPPER}][\w’'\-]*"
_PARTICLES = r"(?:of|for|de|van|von|der|den|la|le|del|da|du|di|bin|al|ter)"
_NAME_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_PARTICLES}\s+)*(?:the\s+)?{_CAP})*")

# The ending after at least three letters.  Written with a fixed look-behind, not "\w{3,}(?:…)$": searched
# in a long word, that form retries from every start and backtracks over the rest (quadratic; 38 s for one
# 16,000-letter word).
_DEMONYM = re.compile(
    r"(?<=\w{3})(?:ian|ean|ese|ish|isk|iska|ska|ische|ischen|isch|ais|aise|ano|ana|ский|ская|ские)$", re.I
)


_JOINERS = wordset("of for the and")
# Honorifics that give a person's gender ("Mrs. Clinton" is not Bill Clinton, whom "she" cannot stand for).
_HONORIFIC_GENDER = {
    **dict.fromkeys(wordset("mr herr monsieur señor signor sir lord"), "m"),
    **dict.fromkeys(wordset("mrs ms miss frau madame mme señora sra signora lady"), "f"),
}
_HONORIFIC = re.compile(r"(\w+)\.?\s+$")
_OWNER = wordset("of for de del des du di della von van av för für pour para")  # "the spokesman for X"
# Conjunctions that open a sentence ("But Mrs. Clinton …", "Und Merkel …") are no part of a name either.
_CONJUNCTIONS = wordset("and but or nor yet och men eller und aber oder et mais ou pero")
_NOT_NAME_START = (
    DETERMINERS | PREPOSITIONS | PRONOUNS | _CONJUNCTIONS | {m[0] for ms in ACCORDING_TO.values() for m in ms}
)
_SENTENCE_BEFORE = re.compile(r"[^\s.!?:]\s*$")  # the text before a word that does not open a sentence
_CLITIC = re.compile(r"['’]s$")  # "He's", "It's": a pronoun with its verb


@dataclass
class Referent:
    """One named person/organisation or earlier speaker description, at its mentions."""

    name: str  # fullest surface form seen
    type: str | None  # "person", "org", "desc" (an earlier speaker phrase), None (unknown)
    key: str | None = None  # canonical entity key when the mention was linked
    gender: str | None = None  # "f" or "m" where a given name or an honorific says so
    positions: list[Pos] = field(default_factory=list)
    roles: list[tuple[Pos, set[str]]] = field(default_factory=list)  # role words, by where they were written

    def roles_before(self, pos: Pos) -> set[str]:
        out: set[str] = set()
        for p, words in self.roles:
            if p <= pos:
                out |= words
        return out


@dataclass
class Resolution:
    speaker: str | None
    key: str | None = None
    gender: str | None = None  # of the person resolved to, where known


class SpeakerResolver:
    """Resolve speaker phrases in one report (build once per report, query per quote)."""

    def __init__(self, report: Report, masked: dict[int, str]) -> None:
        """``masked`` maps a paragraph index to its text with quoted passages blanked out.

        Names inside quotations are not antecedents of the narrator's pronouns,
        hence the masked text.
        """
        self.referents: dict[str, Referent] = {}
        self._capitalised_nouns = report.lang in CAPITALISED_NOUNS
        self._texts = masked
        self._by_surname: dict[str, list[str]] = {}  # folded surname -> referent ids
        self._first_names: dict[str, str | None] = {}
        self._order: list[tuple[Pos, str]] = []  # every mention: (position, referent id)
        # "Storbritanniens försvarsdepartement" in text order, by kind (None: every kind)
        self._institutions: dict[str | None, list[tuple[Pos, Institution]]] = {}
        by_paragraph: dict[int, list[Mention]] = {}  # grouped once: a scan per paragraph is quadratic
        for m in report.mentions:
            by_paragraph.setdefault(m.paragraph, []).append(m)
        for i, text in sorted(masked.items()):
            self._scan_paragraph(i, text, by_paragraph.get(i, []))
            for start, _end, kind, country in institutions_in(text):
                for by in (None, kind) if country is not None else ():
                    self._institutions.setdefault(by, []).append(((i, start), Institution(kind, country)))
        self._order.sort()

    # -- building ---------------------------------------------------------
    def _scan_paragraph(self, index: int, text: str, mentions: list[Mention]) -> None:
        taken: list[tuple[int, int]] = []
        for m in mentions:
            if m.type in ("person", "org") and "\x1a" not in text[m.start : m.end]:
                self._add(m.text, m.type, m.key, (index, m.start), text, m.start, m.end)
                taken.append((m.start, m.end))
        places = [(m.start, m.end) for m in mentions if m.type == "place"]
        for run in _NAME_RUN.finditer(text):
            if any(s < run.end() and run.start() < e for s, e in taken):
                continue
            self._add_run(index, text, run.start(), run.end(), places)

    def _add_run(self, index: int, text: str, start: int, end: int, places: list[tuple[int, int]]) -> None:
        """A capitalised run no person or organisation mention covers: a person where it looks like one's name
        (a title before it, a known surname, two to four words), unless the entity stage found it a place."""
        words = list(WORD.finditer(text, start, end))
        # Leading capitalised function words and sentence adverbs ("The", "According", "Unfortunately") are not names.
        while words and (
            _CLITIC.sub("", words[0].group().lower()) in _NOT_NAME_START or SENTENCE_ADVERB.fullmatch(words[0].group())
        ):
            words.pop(0)
        while words and words[-1].group().lower() in time_words():
            words.pop()  # "issued a statement Tuesday", "Mr. Smith Monday": no one is called Tuesday
        if not words:
            return
        lowered = [w.group().lower() for w in words]
        if any(w in ORG_WORDS for w in lowered):
            self._add(
                text[words[0].start() : words[-1].end()],
                "org",
                None,
                (index, words[0].start()),
                text,
                words[0].start(),
                words[-1].end(),
            )
            return
        titled = 0
        while titled < len(words) - 1 and (lowered[titled].rstrip(".") in TITLES or _DEMONYM.search(lowered[titled])):
            titled += 1
        if titled == 0 and len(words) >= 3 and not is_given_name(words[0].group()) and is_given_name(words[1].group()):
            titled = 1  # a role word no list holds: "Hamnchefen Lena Berg", "Hafenchef Jonas Weber"
        name_words = words[titled:]
        particles = [k for k, w in enumerate(name_words) if w.group().lower() in _JOINERS]
        if particles and 2 <= particles[0] <= 4:
            # "Lars Öhman of Save the River" -> "Lars Öhman"
            name_words = name_words[: particles[0]]
        elif particles:
            # "Secretary of State John Kerry" -> "John Kerry"; "Democrats for Clinton" names nobody.
            name_words = name_words[particles[-1] + 2 :]
            if len(name_words) < 2:
                return
        # The word just before, in the same sentence ("Mr." and "Gen." may end in a point).
        before = re.search(r"(?:^|\W)(\w+|\w{1,4}\.)\s+$", text[max(0, words[0].start() - 40) : words[0].start()])
        prev = [before.group(1).lower().rstrip(".")] if before else []
        titled_before = titled > 0 or (prev and is_title(prev[0]))
        first = name_words[0].group()
        # German writes every noun with a capital: "Angaben der Polizei" names nobody unless a given name opens it,
        # and "Sprecher von Siemens" is a spokesman of Siemens, not a Mr von Siemens.
        german = self._capitalised_nouns
        run_names = not german or is_given_name(first)
        demonyms = all(_DEMONYM.search(w.group()) or "-" in w.group() for w in name_words)
        named = titled_before or self._is_person(first) or (2 <= len(name_words) <= 4 and run_names)
        s, e = name_words[0].start(), name_words[-1].end()
        bare = e - 2 if text[e - 2 : e] in ("'s", "’s") else e  # "New Hampshire’s"
        place = any(ps <= s and bare <= pe for ps, pe in places)  # "South Carolina" is no one "he" refers to
        ntype = "person" if named and not demonyms and not place and (first[0].isupper() or not german) else None
        title_set = set(lowered[:titled]) | set(lowered) - {w.group().lower() for w in name_words}
        self._add(text[s:e], ntype, None, (index, s), text, s, e, title_words=title_set)

    def _names_person(self, name: str) -> bool:
        words = WORD.findall(name)
        return len(words) >= 2 and all(w[:1].isupper() for w in words) and self._is_person(words[-1])

    def _is_person(self, word: str) -> bool:
        return any(
            self.referents[r].type == "person" for r in self._by_surname.get(fold(word), []) if r in self.referents
        )

    def _add(
        self,
        name: str,
        ntype: str | None,
        key: str | None,
        pos: Pos,
        text: str,
        start: int,
        end: int,
        title_words: set[str] | None = None,
    ) -> None:
        gender = _gender(name, text[max(0, start - 12) : start]) if ntype != "org" else None
        rid = (
            self._person_id(name, pos, gender)
            if ntype != "org"
            else "org:" + " ".join(fold(w) for w in WORD.findall(name))
        )
        if not rid:
            return
        ref = self.referents.get(rid)
        if ref is None:
            ref = self.referents[rid] = Referent(name=name, type=ntype, key=key)
        ref.gender = ref.gender or gender
        if len(name) > len(ref.name) and ntype == ref.type:
            ref.name = name
        if ref.type is None and ntype is not None:
            ref.type, ref.name = ntype, name
        ref.key = ref.key or key
        ref.positions.append(pos)
        roles = (title_words or set()) | (role_words_around(text, start, end) if ntype else set())
        if roles:
            ref.roles.append((pos, roles))
        self._order.append((pos, rid))

    def _person_id(self, name: str, pos: Pos, gender: str | None = None) -> str:
        """Mentions sharing a surname are one person, unless their first names differ (Anna and Hanna Berger), or
        their genders ("Mrs. Clinton" after "Bill Clinton")."""
        words = WORD.findall(name)
        if not words:
            return ""
        surname = fold(words[-1])
        first = fold(words[0]) if len(words) > 1 else None
        candidates = self._by_surname.setdefault(surname, [])
        if first is None:
            fitting = self._of_gender(candidates, gender)
            if gender is not None and candidates and not fitting:
                rid = f"{surname}@{gender}"
                candidates.append(rid)
                return rid
            return self._latest(fitting if gender is not None else candidates, pos) or surname
        for rid in candidates:
            known = self.referents[rid].gender if rid in self.referents else None
            if self._first_names.get(rid) in (None, first) and (gender is None or known in (None, gender)):
                self._first_names[rid] = first
                return rid
        rid = surname if not candidates else f"{surname}#{first}"
        candidates.append(rid)
        self._first_names[rid] = first
        return rid

    def _of_gender(self, rids: list[str], gender: str | None) -> list[str]:
        """The referents of ``rids`` that may be of ``gender`` (their own is unknown, or the same)."""
        return [r for r in rids if r not in self.referents or self.referents[r].gender in (None, gender)]

    def _latest(self, rids: list[str], pos: Pos) -> str | None:
        """Of several referents, the one mentioned last before ``pos`` (any of them when none precedes)."""
        best = None
        for rid in rids:
            ref = self.referents.get(rid)
            before = [p for p in ref.positions if p <= pos] if ref else []
            if before and (best is None or max(before) > best[0]):
                best = (max(before), rid)
        return best[1] if best else (rids[0] if rids else None)

    def add_speaker(self, phrase: str, pos: Pos) -> None:
        """A lone capitalised word that speaks ("…,” Maria, a 22-year-old, told …") is a person, unless a sentence
        opens with it and it is no given name: "Officials said …" (a later "he" is not the officials)."""
        words = WORD.findall(phrase)
        if len(words) != 1 or not words[0][0].isupper() or words[0].lower() in PERSON_PRONOUNS:
            return
        before = self._texts.get(pos[0], "")[max(0, pos[1] - 40) : pos[1]]
        if not _SENTENCE_BEFORE.search(before) and not is_given_name(words[0]):
            return
        rid = self._latest(self._by_surname.get(surname_key(phrase), []), pos) or surname_key(phrase)
        ref = self.referents.get(rid)
        if ref is not None and ref.type is None:
            ref.type = "person"

    def add_description(self, phrase: str, pos: Pos) -> None:
        """Remember a speaker phrase ("det brittiska försvarsdepartementet") as an antecedent for later ones."""
        content = content_words(phrase)
        if not content or words_of(phrase)[0] in INDEFINITE or self._names_known_person(phrase, pos):
            return  # "Defence Minister Anna Berg" is Anna Berg, whose role words a later "the minister" finds
        rid = "desc:" + " ".join(content)
        ref = self.referents.setdefault(rid, Referent(name=phrase, type="desc"))
        ref.positions.append(pos)
        ref.roles.append((pos, set(content)))
        self._order.insert(bisect_left(self._order, (pos, rid)), (pos, rid))

    # -- resolving --------------------------------------------------------
    def resolve(self, phrase: str, pos: Pos) -> Resolution:
        """The referent of ``phrase`` written at ``pos``; the phrase itself when it is a description nobody matches.

        A state institution ("det brittiska försvarsdepartementet", "the
        ministry" after "Paris's Defence Ministry") gets the key of
        :mod:`newsdesk.enrich.entities.institutions`, the same in every language.
        """
        res = self._resolve(phrase, pos)
        if res.key is None and res.speaker is not None and not self._names_person(res.speaker):
            # "the ministry's spokesman Paul Girard" is a person speaking for it, not the ministry
            found = self.institution(res.speaker, pos) or (
                self.institution(phrase, pos) if res.speaker != phrase else None
            )
            if found is not None:
                res.key = found.key
        return res

    def institution(self, phrase: str, pos: Pos) -> Institution | None:
        """The institution a phrase names: by its own words, else the latest full mention of its kind before ``pos``."""
        found = institution(phrase)
        if found is not None:
            return found
        kind = kind_of(phrase)
        if kind is None and not generic_head(phrase):
            return None
        listed = self._institutions.get(kind, [])
        k = bisect_left(listed, pos, key=lambda item: item[0])  # the latest full mention before pos
        return listed[k - 1][1] if k else None

    def _resolve(self, phrase: str, pos: Pos) -> Resolution:
        words = words_of(phrase)
        if not words:
            return Resolution(None)
        if len(words) == 1 and words[0] in PERSON_PRONOUNS:
            return self._recent_person(pos, words[0])
        if len(words) == 1 and words[0] in ORG_PRONOUNS:
            return Resolution(None)
        named = self._named(phrase, pos) if phrase.split()[-1][:1].isupper() else None
        if named is not None:
            return named
        if words[0] in INDEFINITE:
            return Resolution(phrase)
        return self._by_description(phrase, pos) or Resolution(phrase)

    def _recent_person(self, pos: Pos, pronoun: str) -> Resolution:
        """The person named last before ``pos`` whom ``pronoun`` may stand for."""
        i = bisect_left(self._order, (pos, ""))
        for _, rid in reversed(self._order[:i]):
            ref = self.referents[rid]
            if ref.type == "person" and agrees(pronoun, ref.gender):
                return Resolution(ref.name, ref.key, ref.gender)
        return Resolution(None)

    def _named_person(self, caps: list[str], pos: Pos) -> str | None:
        candidates = self._by_surname.get(fold(caps[-1]), [])
        honorific = _HONORIFIC_GENDER.get(caps[0].lower()) if len(caps) > 1 else None
        if honorific is not None:  # "Mrs. Clinton": of the Clintons, not Bill
            candidates = self._of_gender(candidates, honorific)
        if len(caps) > 1:
            first = fold(caps[-2])
            exact = [r for r in candidates if self._first_names.get(r) == first]
            if exact:
                return exact[0]
        return self._latest(candidates, pos)

    def _names_known_person(self, phrase: str, pos: Pos) -> bool:
        """Whether the capitalised words of ``phrase`` name a person already met ("Defence Minister Anna Berg")."""
        caps = [w for w in WORD.findall(phrase) if w[0].isupper() and w.lower() not in DETERMINERS]
        rid = self._named_person(caps, pos) if caps else None
        ref = self.referents.get(rid) if rid else None
        return ref is not None and ref.type == "person"

    def _named(self, phrase: str, pos: Pos) -> Resolution | None:
        words = WORD.findall(phrase)
        caps = [w for w in words if w[0].isupper() and w.lower() not in DETERMINERS]
        if not caps:
            return None
        first = words.index(caps[0])
        head = [w for w in words[: max(0, first - 1)] if w.lower() not in DETERMINERS]
        if not self._capitalised_nouns and head and words[first - 1].lower() in _OWNER:
            # "the wife of John Smith", "la prefectura de Alta Garona": the name qualifies the one who speaks
            return Resolution(phrase)
        rid = self._named_person(caps, pos)
        ref = self.referents.get(rid) if rid else None
        if ref is not None and ref.type == "person":
            return Resolution(ref.name, ref.key, ref.gender)
        org = self.referents.get(
            "org:" + " ".join(fold(w) for w in WORD.findall(phrase) if w.lower() not in DETERMINERS)
        )
        if org is not None:
            return Resolution(phrase, org.key)
        # A capitalised phrase naming no known person: keep it as written.
        return Resolution(phrase)

    def _by_description(self, phrase: str, pos: Pos) -> Resolution | None:
        content = content_words(phrase)
        if not content:
            return None
        head = content[-1]
        # "departementet" points back to an earlier speaker phrase; "det brittiska
        # försvarsdepartementet" describes enough to stand for itself.
        allow_desc = len(content) == 1
        # a title is a person's ("the minister"), though it differs by a few letters from an organisation's word
        # in another language ("ministerie")
        person_head = head in TITLES
        org_head = not person_head and any(same_word(head, w) for w in ORG_WORDS)
        scored: dict[str, int] = {}
        for rid, ref in self.referents.items():
            if not ref.positions or min(ref.positions) >= pos:
                continue
            roles = ref.roles_before(pos)
            hits = sum(1 for w in content if any(same_word(w, r) for r in roles))
            head_hit = any(same_word(head, r) for r in roles)
            if ref.type == "desc" and not (allow_desc and same_word(head, content_words(ref.name)[-1])):
                continue  # "the union" is not "White male union members": a description is known by its head
            if ref.type == "person" and org_head:
                continue  # "the county board" is no person, whatever its words
            if ref.type == "org" and person_head:
                continue  # nor is "the minister" an organisation ("In a post on Telegram, the minister said")
            if hits and (head_hit or hits >= 2):
                scored[rid] = hits + head_hit
        if not scored:
            return None
        best = max(scored.values())
        winners = [rid for rid, s in scored.items() if s == best]
        if any(self.referents[r].type == "person" for r in winners) and len(winners) > 1:
            return None  # two people fit equally well: unsure, so unknown
        # Among descriptions and organisations, the most recent one is meant.
        ref = self.referents[max(winners, key=lambda r: max(p for p in self.referents[r].positions if p < pos))]
        return Resolution(ref.name, ref.key, ref.gender)


def _gender(name: str, before: str) -> str | None:
    """A person's gender by the honorific written just ``before`` the name ("Mrs."), else by the given name."""
    honorific = _HONORIFIC.search(before)
    if honorific is not None and honorific.group(1).lower() in _HONORIFIC_GENDER:
        return _HONORIFIC_GENDER[honorific.group(1).lower()]
    words = WORD.findall(name)
    return gender_of(words[0]) if len(words) > 1 else None


def agrees(pronoun: str, gender: str | None) -> bool:
    """Whether ``pronoun`` may stand for a person of ``gender``: not "she" for a man or "he" for a woman (by the
    given-name dictionary or an honorific, so "Andrea", "Kim" or a bare surname agrees with either)."""
    pronoun_gender = GENDERED_PRONOUNS.get(pronoun.lower())
    return pronoun_gender is None or gender in (None, pronoun_gender)
