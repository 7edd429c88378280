"""Rule-based recognisers: places from the gazetteer, organisations, acronyms and persons by pattern.

They run on every paragraph in every language, where spaCy (:mod:`.spacy_ner`)
reads English only, and they need nothing but the word lists
(:mod:`.lexicon`) and the place index (:mod:`.gazetteer`): cheap, and kept
apart from the model so each can be read and tuned on its own.  Also here:
:func:`_surname_repeats`, which marks a person's bare surname wherever the
report repeats it, once the candidates are chosen.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.enrich.entities import gazetteer, lexicon
from newsdesk.enrich.entities.tokens import NEAR, Candidate, Taken, Token
from newsdesk.model import Paragraph, Report

# Case endings a place name may carry and still be looked up without them ("Gävles", "Харькова").
_PLACE_ENDINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("sv", "da", "nb", "no", "nn", "de", "nl", "en"), ("s",)),
    **dict.fromkeys(("ru", "uk", "be", "bg"), ("ом", "ем", "ой", "ою", "а", "у", "е", "і", "я")),
}
# Population from which a city name is a place even where spaCy saw none (fewer false "Iskander"s), and,
# higher, where a German capitalised word stands alone (fewer false "Norden"s and "Mitte"s).
MAJOR_CITY = 100_000
MAJOR_CITY_NOUN_LANGS = 250_000


# -- gazetteer ------------------------------------------------------------------


def _gazetteer_mentions(p: Paragraph, toks: list[Token], lang: str | None, lowercase: set[str]) -> list[Candidate]:
    out: list[Candidate] = []
    stop = lexicon.stopwords(lang)
    longest = gazetteer.max_alias_tokens()
    i = 0
    while i < len(toks):
        tok = toks[i]
        found = None
        country_code = tok.acronym and (place := gazetteer.lookup(tok.text)) is not None and place.kind == "country"
        if tok.cap and (not tok.acronym or country_code):
            widest = min(longest, len(toks) - i) if gazetteer.may_start_longer_name(tok.text) else 1
            for n in range(widest, 0, -1):
                last = toks[i + n - 1]
                if n > 1 and not _contiguous(p.text, toks[i : i + n]):
                    continue
                if n > 1 and any(not t.cap and t.text not in lexicon.NAME_PARTICLES for t in toks[i : i + n]):
                    continue  # "La línea" is a phrase, not "La Línea"
                end = last.end
                if gazetteer.is_place(p.text[tok.start : end]):
                    found = (n, end)
                    break
                if n == 1 and len(tok.text) >= 5:
                    ending = next((e for e in _PLACE_ENDINGS.get(lang or "", ()) if tok.text.endswith(e)), None)
                    if ending and gazetteer.is_place(tok.text[: -len(ending)]):
                        found = (1, end - len(ending))
        if found:
            n, end = found
            word = tok.text.casefold()
            common = n == 1 and (word in stop or (tok.initial and word in lowercase) or _given_name_alias(tok.text))
            inside = _inside_longer_name(p.text, toks, i, i + n - 1, stop)
            if n == 1 and not common and lang in lexicon.NOUN_CAPITALISING:
                # "das Essen", "die Halle", "im Kanton" are nouns; "in Wetter" is the town; "die Schweiz" a country
                place = gazetteer.lookup(tok.text)
                country = place is not None and place.kind == "country"
                lone = not _after_locative(p.text, tok, lexicon.NOUN_CAPITALISING[lang])
                known_as = place is not None and place.name.casefold() == tok.text.casefold()
                big = _major(tok.text, MAJOR_CITY_NOUN_LANGS) and known_as
                common = not country and (_after_article(p.text, tok) or lone and not big)
            if not common and not inside:
                out.append(Candidate(p.index, tok.start, end, "place", "gazetteer"))
            i += n
        else:
            i += 1
    return out


def _inside_longer_name(text: str, toks: list[Token], first: int, last: int, stop: frozenset[str]) -> bool:
    """A place name glued to other capitalised words ("Moselle-Saar Canal") is part of another name."""

    def bound(a: Token, b: Token, outer: Token) -> bool:
        return text[a.end : b.start] == " " and outer.titlecase and outer.text.casefold() not in stop

    before = first > 0 and bound(toks[first - 1], toks[first], toks[first - 1]) and not toks[first - 1].initial
    after = last + 1 < len(toks) and bound(toks[last], toks[last + 1], toks[last + 1])
    if not after and last + 2 < len(toks) and toks[last + 1].text in lexicon.NAME_PARTICLES:
        after = (
            bound(toks[last], toks[last + 1], toks[last + 2]) and text[toks[last + 1].end : toks[last + 2].start] == " "
        )
    neighbour = toks[first - 1] if before else toks[last + 1] if after else None
    # A given name after the place starts the next name ("born in Kharkiv Yuri ..."); before it, it is a surname.
    if neighbour is None or lexicon.is_title(neighbour.text) or after and lexicon.is_given_name(neighbour.text):
        return False
    return not gazetteer.is_place(neighbour.text)


def _after_locative(text: str, tok: Token, prepositions: frozenset[str]) -> bool:
    before = text[: tok.start].split()
    return bool(before) and before[-1] in prepositions


def _given_name_alias(word: str) -> bool:
    """ "Juan" is an alternate name of a town, but in a report it is someone's first name."""
    place = gazetteer.lookup(word)
    return place is not None and place.name.casefold() != word.casefold() and lexicon.is_given_name(word)


def _major(name: str, population: int = MAJOR_CITY) -> bool:
    place = gazetteer.lookup(name)
    return place is not None and (place.kind == "country" or place.population >= population or " " in name)


def _contiguous(text: str, toks: list[Token]) -> bool:
    """Tokens separated by single spaces only: one name, not two across punctuation."""
    return all(text[a.end : b.start] == " " for a, b in zip(toks, toks[1:], strict=False))


# -- organisations and acronyms -------------------------------------------------------


def _org_mentions(p: Paragraph, toks: list[Token]) -> list[Candidate]:
    """ "... Group", "Ministry of ...", "Institute for the ...", compounds like "...gruppen"."""
    out: list[Candidate] = []
    text = p.text
    for i, tok in enumerate(toks):
        word = tok.text.casefold()
        if tok.titlecase and len(word) > 8 and word.endswith(lexicon.ORG_SUFFIXES):
            out.append(Candidate(p.index, tok.start, tok.end, "org", "pattern"))
            continue
        if not (tok.cap and word in lexicon.ORG_HEADS):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt and nxt.cap and nxt.text not in lexicon.ORG_CONNECTORS and text[tok.end : nxt.start] == " ":
            continue  # the head word sits inside a longer phrase ("News Editor")
        first = i
        while first > 0 and toks[first - 1].cap and text[toks[first - 1].end : toks[first].start] == " ":
            if toks[first - 1].initial and toks[first - 1].text.casefold() in lexicon.stopwords(p.lang):
                break
            first -= 1
        while first <= i and toks[first].text.casefold() in lexicon.stopwords(p.lang) | {"the"}:
            first += 1
        last = _extend_with_connectors(text, toks, i)
        if first == i and last == i:
            continue  # the head word alone ("Group") names nothing
        out.append(Candidate(p.index, toks[first].start, toks[last].end, "org", "pattern"))
    return out


def _extend_with_connectors(text: str, toks: list[Token], i: int) -> int:
    """Extend "Ministry" to "Ministry of Defence", "Institute" to "Institute for the Study of War"."""
    last = i
    while True:
        k = last + 1
        while k < len(toks) and toks[k].text in lexicon.ORG_CONNECTORS:
            k += 1
        if k == last + 1 or k >= len(toks) or not toks[k].titlecase or not _contiguous(text, toks[last : k + 1]):
            return last
        last = k
        while last + 1 < len(toks) and toks[last + 1].titlecase and _contiguous(text, toks[last : last + 2]):
            last += 1


def _acronym_definitions(report: Report, tokens: dict[int, list[Token]]) -> dict[str, list[tuple[int, int, int]]]:
    """Acronyms defined next to their expansion, with the expansion spans: "Long Name (LN)", "LN, Long Name"."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for p in report.paragraphs:
        toks = tokens[p.index]
        for i, tok in enumerate(toks):
            if not tok.acronym:
                continue
            before = p.text[max(0, tok.start - 2) : tok.start]
            after = p.text[tok.end : tok.end + 2]
            span = None
            if before.endswith("(") and after.startswith(")"):
                span = _expansion(p.text, toks[:i][::-1], tok.text, backwards=True)
            if span is None and (after.startswith(", ") or after.startswith(" (") or after.startswith(" –")):
                span = _expansion(p.text, toks[i + 1 :], tok.text, backwards=False)
            if span is not None:
                found.setdefault(tok.text, []).append((p.index, *span))
    return found


def _expansion(text: str, toks: list[Token], acronym: str, backwards: bool) -> tuple[int, int] | None:
    """The shortest run of words next to the acronym whose capitalised initials spell it."""
    want = "".join(c for c in acronym if c.isalpha()).upper()
    words: list[Token] = []
    for tok in toks[: 3 * len(want) + 2]:
        if not (tok.cap or tok.text in lexicon.ORG_CONNECTORS):
            break
        words.append(tok)
        ordered = words[::-1] if backwards else words
        if not ordered[0].cap or not ordered[-1].cap:
            continue
        initials = "".join(t.text[0] for t in ordered if t.cap).upper()
        if initials == want and _contiguous(text, ordered):
            return ordered[0].start, ordered[-1].end
    return None


def _acronym_mentions(
    p: Paragraph, toks: list[Token], acronyms: dict[str, list[tuple[int, int, int]]]
) -> list[Candidate]:
    out = [Candidate(p.index, t.start, t.end, "org", "acronym") for t in toks if t.text in acronyms]
    for spans in acronyms.values():
        out += [Candidate(p.index, s, e, "org", "acronym") for idx, s, e in spans if idx == p.index]
    return out


# -- persons by pattern ---------------------------------------------------------------


def _person_mentions(p: Paragraph, toks: list[Token], lang: str | None) -> list[Candidate]:
    """Capitalised runs vouched for by a title before them or a given name as their first word."""
    out: list[Candidate] = []
    stop = lexicon.stopwords(lang)
    for run, titled in _name_runs(p.text, toks, stop):
        if not titled:  # "Kommunalpolitikerin Anna Berger": capitalised nouns before a given name
            k = next((k for k, t in enumerate(run[:-1]) if t.titlecase and lexicon.is_given_name(t.text)), 0)
            run = run[k:]
        words = [t.text for t in run]
        if gazetteer.is_place(" ".join(words)) or any(w.casefold() in lexicon.ORG_HEADS for w in words):
            continue
        given = len(run) >= 2 and lexicon.is_given_name(words[0], run[0].initial) and not gazetteer.is_place(words[-1])
        given = given and not _after_article(p.text, run[0])  # "eine Art Tornado", "les Young Boys"
        # "Donald Trump Diskussionen": German capitalises the noun after a name ("David von Ballmoos" stays whole)
        middle = words[1].casefold() if len(words) == 3 else ""
        noun_lang = lang in lexicon.NOUN_CAPITALISING
        if (
            given
            and noun_lang
            and middle
            and middle not in lexicon.NAME_PARTICLES
            and not lexicon.is_given_name(middle)
        ):
            run = run[:2]
        if (titled and len(run) <= 4) or (given and len(run) <= 3):
            out.append(Candidate(p.index, run[0].start, run[-1].end, "person", "pattern"))
    return out


def _after_article(text: str, tok: Token) -> bool:
    before = text[max(0, tok.start - NEAR) : tok.start].split()
    return bool(before) and before[-1].casefold() in lexicon.ARTICLES


def _name_runs(text: str, toks: list[Token], stop: frozenset[str]) -> Iterable[tuple[list[Token], bool]]:
    """Runs of capitalised words, split at stopwords; whether a title word introduces each run."""
    run: list[Token] = []
    titled = False

    def name_word(tok: Token) -> bool:
        if not tok.titlecase:
            return False  # most words: nothing more to ask
        stopword = tok.text.casefold() in stop and (tok.initial or not lexicon.is_given_name(tok.text, initial=False))
        return not stopword and not lexicon.is_title(tok.text)

    for i, tok in enumerate(toks):
        joined = bool(run) and text[run[-1].end : tok.start] == " "
        named = name_word(tok)
        if named and (joined or not run):
            if not run:
                prev = toks[i - 1] if i else None
                gap = text[prev.end : tok.start] if prev else ""
                titled = prev is not None and lexicon.is_title(prev.text) and gap in {" ", ". "}
            run.append(tok)
            continue
        if run and joined and tok.text.casefold() in lexicon.NAME_PARTICLES:
            run.append(tok)
            continue
        if run:
            yield _trim_particles(run), titled
        run = []
        if named:
            run, titled = [tok], False
    if run:
        yield _trim_particles(run), titled


def _trim_particles(run: list[Token]) -> list[Token]:
    while run and run[-1].text.casefold() in lexicon.NAME_PARTICLES:
        run = run[:-1]
    return run


def _surname_repeats(report: Report, tokens: dict[int, list[Token]], chosen: list[Candidate]) -> list[Candidate]:
    """A person's surname alone, later or earlier in the same report, is that person too.

    Returns ``chosen`` with the surname occurrences added, with other
    recognisers' non-place readings of a surname ("Kovalenko" as ORG) retyped,
    and with spaCy's lone words that nothing in the report vouches for as a
    person (no full name, no title, not a given name: often a company) marked
    ``spacy-surname``, which resolution only links to people already known.
    """
    text = {p.index: p.text for p in report.paragraphs}
    surnames: set[str] = set()
    for c in chosen:
        words = text[c.paragraph][c.start : c.end].split()
        if c.type == "person" and (len(words) >= 2 or c.source == "pattern"):
            surnames.add(words[-1].casefold())

    def retype(c: Candidate) -> Candidate:
        name = text[c.paragraph][c.start : c.end]
        if c.type == "org" and name.casefold() in surnames and not gazetteer.is_place(name):
            return Candidate(c.paragraph, c.start, c.end, "person", c.source)
        if c.type == "person" and c.source == "spacy" and " " not in name and name.casefold() not in surnames:
            before = text[c.paragraph][max(0, c.start - NEAR) : c.start].rstrip(" .").rsplit(maxsplit=1)
            if not lexicon.is_given_name(name) and not (before and lexicon.is_title(before[-1])):
                return Candidate(c.paragraph, c.start, c.end, "person", "spacy-surname")
        return c

    chosen = [retype(c) for c in chosen]
    taken = Taken(chosen)
    out: list[Candidate] = []
    for index, toks in tokens.items():
        for tok in toks:
            if not tok.titlecase:
                continue  # only a capitalised word is taken below
            word = tok.text.casefold()
            end = tok.end
            if word not in surnames and word.endswith("s") and word[:-1] in surnames:
                end -= 1
            elif word not in surnames:
                continue
            cand = Candidate(index, tok.start, end, "person", "pattern")
            if not taken.overlaps(cand):
                out.append(cand)
                taken.add(cand)
    return chosen + out
