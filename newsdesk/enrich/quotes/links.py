"""The same statement across reports, in the same or another language.

A statement quoted by several outlets (or translated) is one fact with
several witnesses.  Two quotes are linked when their vectors are each other's
best match between the two reports (mutual-best, robust to the narrow score
band of a multilingual encoder, see DESIGN.md) and clear a threshold that
depends on the evidence that they are one statement (:func:`link_evidence`):

* the same speaker (the same entity key, which the quote stage gives state
  institutions in every language, or the same surname), or the same figures
  or two of the same names inside both statements ("26 attacks" and "26
  Angriffe"; "Mosel-Saar-kanalen" and "Moselle-Saar Canal"): the
  lower threshold;
* nothing either way (a description, another language's org name, an
  unknown speaker): the higher threshold;
* against: two different named people ("We will win" said by two leaders is
  two statements) are never linked; figures in both statements of which none
  agree drop shared names to "nothing either way".

The function takes precomputed unit vectors, so it works with any encoder
from :mod:`newsdesk.enrich.vectors` (the caller embeds ``quote.text``).  Scores are
compared after centring (subtracting the mean vector of a broad sample, see
:func:`newsdesk.enrich.vectors.centre`): on the seed reports that moves unrelated
quote pairs to at most 0.43 while the same statement scores 0.64-0.70 (also
Swedish/English), where raw e5 cosines put both near 0.9.  Pass ``mean`` from
a broad sample (e.g. stored vectors); otherwise the quotes' own mean is used
when there are enough of them, and raw cosine with stricter thresholds when
there are not.  The stored score of a link is that centred cosine.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from newsdesk.enrich.entities.names import fold_token
from newsdesk.enrich.quotes.words import surname_key
from newsdesk.enrich.vectors import Encoder, cached_encode, centre, estimate_mean, mutual_best, unit_rows
from newsdesk.model import Quote
from newsdesk.scripts import word_count
from newsdesk.store import Store

MIN_WORDS = 4  # shorter quotes ("a rout") are phrases, not statements to link
MIN_SAMPLE = 20  # quotes needed to estimate the centring mean from the quotes themselves
# (evidence for, nothing either way): centred cosine, and raw cosine when nothing can be centred.
# Measured on the seeds with e5: centred, false pairs <= 0.37 (agree) / 0.43 (unsure), true 0.64-0.70;
# raw, false pairs reach 0.886 (agree) / 0.910 (unsure), true 0.922-0.948.
CENTRED_THRESHOLDS = (0.40, 0.50)
RAW_THRESHOLDS = (0.89, 0.915)
LINKS_VERSION = 2  # stored links of a story are recomputed when this changes

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+")
_NAME_PART = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][^\W\d_]{2,}")
_NUMBER = re.compile(r"\d+(?:[.,  ]\d{3})*(?:[.,]\d+)?")
MIN_SHARED_NAMES = 2  # one shared name ("France") is what a whole story shares; two are a statement's own
_LOOK_BACK = 40  # characters read back from a name for the end of the sentence before it
# folded names agreeing on their first letters are one name ("moselle"/"mosel", "norrvalla"/"norrwalla")
_NAME_PREFIX = 4


@dataclass
class Evidence:
    """Why two quotes are (or are not) taken for one statement."""

    speaker: int  # 1 same speaker, -1 two different named people, 0 unsure
    names: list[str] = field(default_factory=list)  # names written in both statements (folded)
    figures: list[str] = field(default_factory=list)  # numbers written in both statements
    figures_differ: bool = False  # both statements hold numbers and none agree

    @property
    def support(self) -> int:
        """1 for, -1 against, 0 nothing either way."""
        if self.speaker != 0:
            return self.speaker
        if self.figures:
            return 1
        return 1 if len(self.names) >= MIN_SHARED_NAMES and not self.figures_differ else 0


def speaker_agreement(a: Quote, b: Quote) -> int:
    """1 when two quotes' speakers are the same, -1 when they are two different named people, 0 when unsure.

    Different keys are a disagreement only between people: an institution and
    its spokesperson, or two bodies of one government, may relay one statement.
    """
    if a.speaker_key and b.speaker_key:
        if a.speaker_key == b.speaker_key:
            return 1
        return -1 if a.speaker_key.startswith("person:") and b.speaker_key.startswith("person:") else 0
    if not a.speaker or not b.speaker:
        return 0
    if surname_key(a.speaker) == surname_key(b.speaker):
        return 1
    if _is_name(a.speaker) and _is_name(b.speaker):
        return -1
    return 0


def _is_name(speaker: str) -> bool:
    """A personal name: every word capitalised, two to four words ("Anne Morel")."""
    words = speaker.split()
    return 2 <= len(words) <= 4 and all(_CAPITALISED.fullmatch(w) for w in words)


def statement_names(text: str) -> set[str]:
    """Names inside a statement, folded and cut to their first letters: capitalised words not opening it.

    Hyphenated compounds count by their parts ("Mosel-Saar-kanalen" gives
    "done" and "donb"), so a Swedish compound meets the English words.
    """
    out = set()
    for m in _NAME_PART.finditer(text):
        before = text[max(0, m.start() - _LOOK_BACK) : m.start()].rstrip()  # bounded: linear in the text
        if not before or before[-1] in '.!?"“”«»„':
            continue  # a sentence's first word is capitalised whatever it is
        folded = fold_token(m.group())
        if len(folded) >= _NAME_PREFIX:
            out.add(folded[:_NAME_PREFIX])
    return out


def statement_figures(text: str) -> set[str]:
    """Numbers of two digits or more inside a statement, separators removed ("1,000", "1 000" and "1000" agree)."""
    numbers = {re.sub(r"[.,  ](?=\d{3}\b)", "", m.group()) for m in _NUMBER.finditer(text)}
    return {n for n in numbers if len(n) >= 2}  # "2" and "3" are everywhere; "26" and "1000" say something


def link_evidence(a: Quote, b: Quote) -> Evidence:
    """The speaker, names and figures two quotes share or not (see the module docstring)."""
    fa, fb = statement_figures(a.text), statement_figures(b.text)
    return Evidence(
        speaker=speaker_agreement(a, b),
        names=sorted(statement_names(a.text) & statement_names(b.text)),
        figures=sorted(fa & fb),
        figures_differ=bool(fa and fb and not fa & fb),
    )


def link_quotes(
    quotes: list[tuple[str, Quote]],
    vectors: np.ndarray,
    *,
    mean: np.ndarray | None = None,
    thresholds: tuple[float, float] | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, score)`` of indices into ``quotes`` that are the same statement in two reports.

    ``quotes`` holds ``(report_id, quote)``; ``vectors`` has one unit row per
    quote (the embedding of ``quote.text``).  ``thresholds`` overrides the
    (evidence for, nothing either way) minimum scores.  Quotes of one report
    are never linked to each other; ``i < j`` in every pair.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if mean is None and len(vectors) >= MIN_SAMPLE:
        mean = estimate_mean(vectors)
    if mean is not None:
        vectors = centre(vectors, mean)
    min_score_for, min_score_unsure = thresholds or (CENTRED_THRESHOLDS if mean is not None else RAW_THRESHOLDS)
    by_report: dict[str, list[int]] = defaultdict(list)
    for k, (report_id, quote) in enumerate(quotes):
        if word_count(quote.text) >= MIN_WORDS:
            by_report[report_id].append(k)
    links = []
    for ra, rb in combinations(sorted(by_report), 2):
        ia, ib = by_report[ra], by_report[rb]
        for x, y, score in mutual_best(vectors[ia], vectors[ib], min_score=min(min_score_for, min_score_unsure)):
            i, j = ia[x], ib[y]
            support = link_evidence(quotes[i][1], quotes[j][1]).support
            if support < 0 or score < (min_score_for if support > 0 else min_score_unsure):
                continue
            links.append((min(i, j), max(i, j), round(score, 4)))
    return sorted(links)


def _stored_quotes(store: Store, report_ids: list[str]) -> tuple[list[int], list[tuple[str, Quote]]]:
    """The stored quotes of ``report_ids``: their row ids and ``(report_id, quote)``, in id order."""
    marks = ",".join("?" * len(report_ids))
    rows = list(store.db.execute(f"SELECT * FROM quotes WHERE report_id IN ({marks}) ORDER BY id", report_ids))
    if not rows:
        return [], []
    columns = set(rows[0].keys())  # sqlite3.Row: "in" would test values
    fields = [f for f in Quote.__dataclass_fields__ if f in columns]
    return [r["id"] for r in rows], [(r["report_id"], Quote(**{f: r[f] for f in fields})) for r in rows]


def link_stored_quotes(
    store: Store,
    report_ids: list[str],
    encoder: Encoder,
    mean: np.ndarray | None = None,
    thresholds: tuple[float, float] | None = None,
) -> int:
    """Link the same statements among the stored quotes of ``report_ids`` (e.g. one story); returns the link count.

    Quote vectors go through the store's vector cache, so re-linking a story
    after a new report arrives only embeds the new quotes.  Links among these
    quotes are replaced, links to other quotes are kept.  ``thresholds`` are
    centred (speakers agree, unsure) bars for an encoder other than e5.
    """
    if len(report_ids) < 2:
        return 0
    ids, quotes = _stored_quotes(store, report_ids)
    if not quotes:
        return 0
    long = [i for i, (_, q) in enumerate(quotes) if word_count(q.text) >= MIN_WORDS]  # only these can link
    links = []
    if long:
        vectors = unit_rows(cached_encode(store, encoder, [quotes[i][1].text for i in long]))
        if thresholds is not None and mean is None:  # given thresholds are on the centred scale
            mean = estimate_mean(vectors)
        found = link_quotes([quotes[i] for i in long], vectors, mean=mean, thresholds=thresholds)
        links = [(long[i], long[j], score) for i, j, score in found]
    with store.transaction() as db:
        db.execute(f"DELETE FROM quote_links WHERE quote_id IN ({','.join('?' * len(ids))})", ids)
        db.executemany(
            "INSERT OR REPLACE INTO quote_links (quote_id, other_id, score) VALUES (?, ?, ?)",
            [(ids[i], ids[j], score) for i, j, score in links],
        )
    return len(links)


def story_quotes_signature(store: Store, story_id: int) -> str:
    """What a story's quote links depend on: its reports' stored quotes (new rows on every revision)."""
    rows = store.db.execute(
        """SELECT q.id FROM quotes q JOIN story_reports sr ON sr.report_id = q.report_id
           WHERE sr.story_id = ? ORDER BY q.id""",
        (story_id,),
    )
    digest = hashlib.sha256(f"{LINKS_VERSION}:".encode())
    for row in rows:
        digest.update(f"{row['id']},".encode())
    return digest.hexdigest()[:32]


def ensure_story_links(
    store: Store,
    story_ids: list[int],
    encoder: Encoder,
    mean: np.ndarray | None = None,
    thresholds: tuple[float, float] | None = None,
    force: bool = False,
    members: Mapping[int, list[str]] | None = None,
) -> list[int]:
    """Link the quotes of each story whose quotes changed since it was last linked; returns the stories relinked.

    ``encoder``, ``mean`` and ``thresholds`` are as for :func:`link_stored_quotes`.
    ``members`` limits a story's linking to those of its reports (a story
    view passes the reports it compares, a bounded number: linking is
    quadratic in the quotes); by default all of them.
    Links already current are kept whichever encoder made them.  ``force``
    relinks anyway: the story view does, with its own sentence encoder and
    the store's mean as it is now, so a view reads the same links whenever
    (and on whichever backend) it is built; a quote listing then finds them
    current.
    """
    done = []
    for story_id in story_ids:
        signature = story_quotes_signature(store, story_id)
        row = store.db.execute("SELECT signature FROM quote_link_state WHERE story_id = ?", (story_id,)).fetchone()
        if not force and row is not None and row["signature"] == signature:
            continue
        reports = (members or {}).get(story_id) or [
            r["report_id"]
            for r in store.db.execute(
                "SELECT report_id FROM story_reports WHERE story_id = ? ORDER BY report_id", (story_id,)
            )
        ]
        link_stored_quotes(store, reports, encoder, mean=mean, thresholds=thresholds)
        with store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO quote_link_state (story_id, signature) VALUES (?, ?)", (story_id, signature)
            )
        done.append(story_id)
    return done
