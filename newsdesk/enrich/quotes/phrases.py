"""Tokens and noun-phrase chunking for attribution frames.

Split out of :mod:`newsdesk.enrich.quotes.attribution`, which keeps the frames
and :class:`FrameFinder`: this module holds what both the frame finder and
:mod:`newsdesk.enrich.quotes.finder` need below the frame level -- the token
(``Tok``, ``tokenize``), token spans, and finding a speaker phrase: the subject
before a verb (hopping appositions), the noun phrase after one, and the name
leading a main clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.enrich.entities.institutions import kind_of
from newsdesk.enrich.entities.lexicon import time_words
from newsdesk.enrich.quotes.cues import (
    ACCORDING_TO,
    DETERMINERS,
    HONORIFICS,
    INDEFINITE,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PREPOSITIONS,
    RELATIVES,
    SKIPPABLE,
    TITLES,
    words_for,
    wordset,
)
from newsdesk.enrich.quotes.marks import MASK, is_dash

MAX_SUBJECT_WORDS = 10
_BOUNDARY = {",", ";", ":", "(", ")", MASK, '"'}  # and dashes (marks.is_dash)
_SUBORDINATORS = wordset(
    "that which who whom whose where att som där dass wo que qui où donde dat die waar что который которая где"
)
_OF = wordset("of from at från vid von aus de du del van")
_MARKER_WORDS = frozenset(m[0] for ms in ACCORDING_TO.values() for m in ms if len(m) == 1)  # "X enligt AFP": X ends
_NP_CONTINUERS = wordset("of who which whose")  # "said Jane Doe of the …", "said a member who …"
_QUANTIFIERS = wordset("another one some several many two three other")
_ELIDED = ("l'", "l’", "dell'", "dell’")  # French and Italian articles written into their noun
_QUESTION = wordset("why how what when where whether which who whom")
_NAME_PARTICLES = wordset("de van von der den la le del da du di bin al ter")
# Unions the phrase readers test word by word, built once (not on every test).
_DETERMINED = DETERMINERS | _QUANTIFIERS  # a phrase opened by one of these goes on to its noun
_ARTICLES_OR_PARTICLES = DETERMINERS | _NAME_PARTICLES
_FUNCTION_WORDS = DETERMINERS | PREPOSITIONS
_NO_NOUN = DETERMINERS | PERSON_PRONOUNS | ORG_PRONOUNS | PREPOSITIONS  # never the noun after a genitive name
_PHRASE_ENDS = _SUBORDINATORS | _MARKER_WORDS
_ARTICLE_PARTICLES = wordset("der den")
_FINITE = wordset("has had was is did will would can could may must should went told said made gave took spoke wrote")
_TOKEN = re.compile(rf"{MASK}+|\w+(?:[’'\-]\w+)*|-{{2,}}|[^\w\s]")  # "--" is one token, a dash


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    conj: bool  # a conjunction of the paragraph's language: ends a subject phrase
    low: str  # the text in lower case (asked for over and over: computed once)


def tokenize(masked: str, start: int, end: int, lang: str | None) -> list[Tok]:
    conj = words_for("conjunction", lang)
    out = []
    for m in _TOKEN.finditer(masked, start, end):
        text = m.group()
        low = text.lower()
        out.append(Tok(text, m.start(), m.end(), low in conj, low))
    return out


def _is_word(t: Tok) -> bool:
    return t.text[0].isalnum()


def chars(toks: list[Tok], span: tuple[int, int]) -> tuple[int, int]:
    """The character span of the tokens ``span`` (a phrase reader's token indices, end exclusive)."""
    return toks[span[0]].start, toks[span[1] - 1].end


def _span(toks: list[Tok], i: int, j: int) -> tuple[int, int] | None:
    """Character span of tokens i..j with edge punctuation trimmed; None when it holds no words."""
    while i < j and not _is_word(toks[i]) and not toks[i].text.startswith(MASK):
        i += 1
    while j > i and not _is_word(toks[j - 1]) and not toks[j - 1].text.startswith(MASK):
        j -= 1
    if i >= j:
        return None
    return toks[i].start, toks[j - 1].end


def words_in(toks: list[Tok], i: int, j: int) -> int:
    return sum(1 for t in toks[i:j] if _is_word(t) or t.text.startswith(MASK))


def _strip_back(toks: list[Tok], j: int) -> int:
    while j > 0 and not _is_word(toks[j - 1]) and not toks[j - 1].text.startswith(MASK):
        j -= 1
    return j


def _is_boundary(t: Tok) -> bool:
    return t.text in _BOUNDARY or is_dash(t.text) or t.text.startswith(MASK) or t.conj or t.low in _SUBORDINATORS


def _chunk_start(toks: list[Tok], last: int) -> int:
    k = last
    while k >= 0 and not _is_boundary(toks[k]):
        k -= 1
    if k == 0 and toks[0].low in DETERMINERS and toks[0].text[:1].isupper():
        return 0  # "Die Polizei sagte", "Die woordvoerder zei": an article opens the sentence, not a relative
    return k + 1


def subject_left(toks: list[Tok], last: int) -> tuple[int, int] | None:
    """The subject noun phrase ending at token ``last``: back to punctuation, hopping appositions.

    "Yuri Kovalenko, head of the dam operator …, said": the verb follows
    a comma, the chunk before it is an apposition (lower case), so the subject
    is the chunk before that.  "…,” Maria, a 22-year-old from …, told": a
    short capitalised chunk before a lower-case one is the name.
    """
    if last >= 0 and toks[last].text == ")":
        # "Sen. Jane Doe (D-Vt.) said": the parenthesis belongs to the name.
        opening = next((k for k in range(last - 1, -1, -1) if toks[k].text == "("), None)
        last = opening - 1 if opening is not None else last
    if last < 0:
        return None
    end = last + 1
    start = _chunk_start(toks, end - 1)
    chunk_words = [t for t in toks[start:end] if _is_word(t)]
    if len(chunk_words) == 1 and chunk_words[0].low in RELATIVES and start > 1 and _sets_off(toks[start - 1]):
        # "…, Barack Obama, who called …": the relative pronoun's antecedent speaks.
        return subject_left(toks, start - 2) if not _sets_off(toks[start - 2]) else None
    if chunk_words:
        name = _name_before(toks, start)
        if name is not None and _is_apposition([t for t in toks[start:end] if _is_word(t)]):
            return name
        return _trim_subject(toks, start, end)
    for hop in range(4):
        # Appositions and relative clauses ("…, who has …,", "… forces that have …,", "X — the mayor — said") are
        # skipped.
        if start == 0 or (not _sets_off(toks[start - 1]) and toks[start - 1].low not in _SUBORDINATORS):
            return None
        end = start - 1
        start = _chunk_start(toks, end - 1)
        chunk = [t for t in toks[start:end] if _is_word(t)]
        named = _name_before(toks, start)
        if named is not None and chunk and not _name_like(chunk):
            # "…,” Jenna Golden, Twitter’s director of …, said": the name before the apposition.
            return named
        if not chunk or _is_apposition(chunk):
            continue
        # Right after the verb's comma only a name set off by commas is a subject
        # ("…spokesperson, Oleg Marchenko, said"); a clause there is the content.
        if hop == 0 and not (_name_like(chunk) and start > 0 and _sets_off(toks[start - 1])):
            return None
        return _trim_subject(toks, start, end)
    return None


def _sets_off(t: Tok) -> bool:
    """A comma or a dash: what sets off an apposition ("Peter Hahn, the mayor, said", "Peter Hahn — the mayor — said")."""
    return t.text == "," or is_dash(t.text)


def _name_like(chunk: list[Tok]) -> bool:
    return 0 < len(chunk) <= 4 and all(t.text[0].isupper() for t in chunk)


def _name_before(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """A short capitalised chunk ending in a comma (or a dash) right before token ``start``."""
    if start < 2 or not _sets_off(toks[start - 1]):
        return None
    end = start - 1
    begin = _chunk_start(toks, end - 1)
    chunk = toks[begin:end]
    words = [t for t in chunk if _is_word(t)]
    if all(_is_word(t) or t.text == "." for t in chunk) and _name_like(words):  # "Mr. Conant"
        return begin, end
    return None


def _is_apposition(chunk: list[Tok]) -> bool:
    """A chunk that describes rather than names: "head of the …", "who has …", "a 22-year-old from …"."""
    first = chunk[0]
    if first.low in RELATIVES or first.low in INDEFINITE or first.text[0].isdigit():
        return True  # "…, who …", "…, a farmer, …", "…, 58, …"
    return first.text[0].islower() and first.low not in DETERMINERS and first.low not in PERSON_PRONOUNS


def _trim_subject(toks: list[Tok], start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading prepositional phrase or an over-long lead-in from a subject chunk."""
    words = [k for k in range(start, end) if _is_word(toks[k])]
    while words and (toks[words[0]].conj or (_adverb(toks[words[0]], sentence_start=True) and len(words) > 1)):
        words.pop(0)  # "And he said", "Domestically, …"
    if not words or (toks[words[0]].low in SKIPPABLE and toks[words[0]].low not in DETERMINERS):
        return None  # "… och har sagt att": the subject is elided
    if len(words) <= MAX_SUBJECT_WORDS and kind_of(" ".join(toks[k].text for k in words)) is not None:
        return words[0], words[-1] + 1  # "Le ministère britannique de la Défense": an institution, whole
    leading_preposition = toks[words[0]].low in PREPOSITIONS and toks[words[0]].low not in DETERMINERS
    run = 0
    while run < len(words) and toks[words[run]].text[0].isupper() and toks[words[run]].low not in DETERMINERS:
        run += 1
    if 2 <= run < len(words) and toks[words[run]].low in _OF:
        # "Lars Öhman of the local group Save the River": the person before "of".
        words = words[:run]
    elif (leading_preposition or len(words) > 4) and toks[words[-1]].text[0].isupper():
        # "… reaction from U.S. President Barack Obama": the trailing name is the subject.
        k = len(words) - 1
        while k > 0 and (toks[words[k - 1]].text[0].isupper() or toks[words[k - 1]].low in _NAME_PARTICLES):
            k -= 1
        words = words[k:]
    elif leading_preposition or len(words) > 4:
        dets = [k for k in words[1:] if toks[k].low in DETERMINERS]
        if not dets and not leading_preposition and len(words) <= MAX_SUBJECT_WORDS:
            dets = [words[0]]
        if dets:
            words = [k for k in words if k >= dets[-1]]
        else:
            caps = [k for k in words[1:] if toks[k].text[0].isupper()]
            if not caps:
                return None
            words = [k for k in words if k >= caps[0]]
    if len(words) > MAX_SUBJECT_WORDS:
        return None
    if (
        all(toks[k].low in _FUNCTION_WORDS or toks[k].low in RELATIVES for k in words)
        or toks[words[0]].low in _QUESTION
    ):
        return None
    return words[0], words[-1] + 1


def np_right(
    toks: list[Tok],
    i: int,
    comp: frozenset[str],
    bare_noun: bool = False,
    titles: bool = False,
    capitalised_nouns: bool = False,
) -> tuple[int, int] | None:
    """A noun phrase starting at token ``i`` ("said Caddell", "säger en officer till …"), up to 7 words.

    ``titles``: lower-case words between capitalised ones belong to the phrase
    (English "said Latino Decisions researcher Jane Doe"), and a name ends
    before "of" ("said Jane Doe of the …").  ``capitalised_nouns``: the
    language writes every noun with a capital (German), so once the phrase has
    its noun, a lower-case word other than an article ends it ("nach Angaben
    der Polizei | wurden …", "des Betreibers Fretsud | mindestens …").
    """
    if i < len(toks) and toks[i].low in PREPOSITIONS and toks[i].low not in DETERMINERS:
        return None
    if i < len(toks) and toks[i].low in PERSON_PRONOUNS:
        return i, i + 1  # "сказал он журналистам": a pronoun is the whole phrase
    j = i
    named = i < len(toks) and toks[i].text[0].isupper()
    # "selon l'exploitant Fretsud, …": an article written into its noun determines it too
    determined = i < len(toks) and (toks[i].low in _DETERMINED or toks[i].low.startswith(_ELIDED))
    if named and _genitive(toks, i):
        named, determined = False, True  # "enligt Storbritanniens försvarsdepartement": a name's noun follows
    while j < len(toks) and j - i < 7:
        if _abbreviation_stop(toks, i, j):
            j += 1  # "said Mr. Bartels", "said Gov. Lind", "sagte Peter M. Hahn": a title's or an initial's full stop
            continue
        t = toks[j]
        lower = not (t.text[0].isupper() or t.text[0].isdigit())
        if titles and j > i and t.low == "of" and toks[j - 1].text[0].isupper():
            break
        if t.conj and capitalised_nouns and j > i and _titled_name_after(toks, j):
            j += 1  # "sagte Vizekanzler und Sportminister Peter Hahn": two titles of one person
            continue
        if named and j > i and lower and not _name_particle(toks, j):
            ahead = next(
                (k for k in range(j + 1, min(len(toks), i + 7)) if not _is_word(toks[k]) or toks[k].text[0].isupper()),
                None,
            )
            if not (titles and ahead is not None and _is_word(toks[ahead])):
                break  # "laut Peter Hahn hat …": a name ends at the first lower-case word
        if bare_noun and j > i and not named and not determined:
            break  # "enligt polisen skadades …": a bare noun is one word
        if capitalised_nouns and lower and t.low not in _ARTICLES_OR_PARTICLES and _has_capital(toks[i:j]):
            break
        if not _is_word(t) or t.low in comp or t.conj or (j > i and t.low in _PHRASE_ENDS):
            break
        if j > i and _time_at(toks, j):
            break  # "a indiqué la préfecture dimanche soir", "informó la policía el domingo"
        if j > i and t.low in PREPOSITIONS and t.low not in ("of", "de", "von", "van"):
            break
        j += 1
    if j == i or all(t.low in DETERMINERS for t in toks[i:j]):
        return None
    return i, j


def _abbreviation_stop(toks: list[Tok], i: int, j: int) -> bool:
    """Whether token ``j`` is the full stop of an abbreviated title before a name ("Mr.", "Dr.", "Gov.") or of an
    initial inside one ("Gregory W. Slayton", "J. K. Rowling")."""
    if not (i < j < len(toks) - 1 and toks[j].text == "." and toks[j + 1].text[:1].isupper()):
        return False
    before = toks[j - 1].text
    initial = len(before) == 1 and before.isupper() and toks[j + 1].low not in DETERMINERS
    return initial or toks[j - 1].low in HONORIFICS or toks[j - 1].low in TITLES


def _time_at(toks: list[Tok], j: int) -> bool:
    """Whether a time word written in lower case, or an article or preposition before one, stands at token ``j``
    ("dimanche soir", "el domingo", "no domingo").

    Only lower case: English capitalises its weekdays and months, and "said The Sunday Times" is a speaker.
    """
    t = toks[j]
    if j + 1 < len(toks) and (t.low in _FUNCTION_WORDS or len(t.low) <= 2):
        t = toks[j + 1]
    return t.text[:1].islower() and t.low in time_words()


def past_time(toks: list[Tok], i: int) -> int:
    """Where a phrase starts at token ``i``: past a time written in lower case ("dijo ayer el alcalde")."""
    for _ in range(2):
        if i >= len(toks) or not _time_at(toks, i):
            break
        i += 1 if toks[i].low in time_words() else 2
    return i


def _name_particle(toks: list[Tok], j: int) -> bool:
    """Whether lower-case token ``j`` goes on with the name before it ("Ursula von der Leyen", "Luis de Guindos").

    "der" and "den" are German and Dutch articles as well: inside a name only after "von" / "van"; in "sagte
    Anna Berg der Deutschen Presse-Agentur" the article opens whom it was said to.
    """
    low = toks[j].low
    if low in _ARTICLE_PARTICLES:
        return toks[j - 1].low in ("von", "van")
    return low in _NAME_PARTICLES


def _titled_name_after(toks: list[Tok], j: int) -> bool:
    """Whether conjunction ``j`` joins a title to a title and a name ("Vizekanzler und Sportminister Peter Hahn"):
    three capitalised words follow it (in German a noun alone is capitalised too: "und Experten warnten" is no)."""
    after = toks[j + 1 : j + 4]
    return len(after) == 3 and all(_is_word(t) and t.text[0].isupper() for t in after)


def _genitive(toks: list[Tok], i: int) -> bool:
    """Whether token ``i`` is a name in the genitive before its noun ("Britain's defence ministry",
    "Storbritanniens försvarsdepartement"): an "s" ending, then a lower-case word that is no article."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or not _is_word(nxt) or not nxt.text[0].islower() or len(toks[i].text) < 4:
        return False
    return toks[i].low.endswith("s") and nxt.low not in _NO_NOUN


def _has_capital(toks: list[Tok]) -> bool:
    return any(t.text[0].isupper() for t in toks)


def _inverted_subject(toks: list[Tok], np_: tuple[int, int]) -> bool:
    """Whether ", said X" really names X: a name, pronoun or determiner phrase that ends the clause (a time
    may follow it: ", a déclaré le maire mardi")."""
    first = toks[np_[0]]
    if first.low in ORG_PRONOUNS or first.low in _QUESTION or np_[1] - np_[0] > 6:
        return False  # "saying it’s …", "asked why …"
    nxt = toks[np_[1]] if np_[1] < len(toks) else None
    if nxt is None or (not _is_word(nxt) and not nxt.text.startswith(MASK)):
        return True
    return nxt.low in PREPOSITIONS or nxt.low in _NP_CONTINUERS or _time_at(toks, np_[1])


def _leading_name(toks: list[Tok], before: int | None = None) -> tuple[int, int] | None:
    """The name that is the subject of the main clause: "In 2016, Mrs. Smith endorsed X for president, saying …".

    The nearest capitalised run before token ``before`` that is followed by a
    lower-case word other than a preposition or article (most likely its verb).
    """
    end = len(toks) if before is None else before
    k = end - 1
    while k >= 0:
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        t = toks[k]
        verb_follows = nxt is not None and _is_word(nxt) and nxt.text[0].islower() and _verb_like(nxt)
        if verb_follows and nxt.low not in _FUNCTION_WORDS and not nxt.conj and _is_word(t) and t.text[0].isupper():
            start = k
            while (
                start > 0
                and _is_word(toks[start - 1])
                and (toks[start - 1].text[0].isupper() or toks[start - 1].low in _NAME_PARTICLES)
            ):
                start -= 1
            while start < k and (toks[start].low in _FUNCTION_WORDS or toks[start].conj):
                start += 1
            if toks[start].low not in _FUNCTION_WORDS and not toks[start].conj:
                return toks[start].start, t.end
        k -= 1
    return None


def _adverb(t: Tok, sentence_start: bool = False) -> bool:
    """An English "-ly" adverb ("reportedly", "Domestically,"); names such as "Kelly" are capitalised mid-sentence."""
    if not t.low.endswith("ly"):
        return False
    return t.text[0].islower() and len(t.low) > 4 or (sentence_start and len(t.low) >= 7)


def _verb_like(t: Tok) -> bool:
    """A lower-case word that may be a finite verb ("endorsed", "lobbies", "did"), not an adjective or noun."""
    return t.low in _FINITE or t.low.endswith(("s", "ed")) or len(t.low) <= 3


def _np_left(toks: list[Tok], i: int) -> tuple[int, int] | None:
    start = _chunk_start(toks, i - 1)
    return (start, i) if any(_is_word(t) for t in toks[start:i]) else None
