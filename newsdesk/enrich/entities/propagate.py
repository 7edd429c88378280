"""Propagation within a story: a report's unmarked mentions of entities its story already knows.

The recognisers miss names that carry no title or known given name in one
language but were found in another report of the same story; matching the
story's entities' folded variants finds them.  Kept apart from :mod:`.resolve`
because it works on a story's entities (read from the store), not on one
report's mentions.
"""

from __future__ import annotations

from newsdesk.enrich.entities import lexicon
from newsdesk.enrich.entities.names import fold, fold_token, is_acronym, same_surname
from newsdesk.enrich.entities.tokens import word_spans
from newsdesk.model import Entity, Mention, Report
from newsdesk.store import Store

_LOWER_NAME_WORDS = lexicon.NAME_PARTICLES | lexicon.ORG_CONNECTORS


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
    # A surname spelled in a way folding does not reach ("Schewtschenko" for "Shevchenko"): the fuzzy surname rule.
    word = fold_token(words[i][2])
    close = [e for key, e in patterns.items() if len(key) == 1 and e.type == "person" and same_surname(word, key[0])]
    if len({e.key for e in close}) == 1:
        return 1, words[i][1], close[0]
    return None
