"""Which parsed clauses are attributions: a logistic model fitted on PolNeAR's training split.

A parse gives every verb a subject and a complement, but only some verbs
report speech or stance ("said", "warned", "criticized", "the poll shows"),
and some only in some constructions ("told reporters" is not content, "told
reporters that …" is).  The weights in ``newsdesk/data/attribution_model.json``
were fitted with scikit-learn by ``python -m eval.fit_quotes`` on the training
split only, with the threshold chosen out-of-fold there; the file records how.

Features are strings (:mod:`.clauses` builds them, and the cue word's form
and stem are added here); a clause's score is the logistic of the sum of its
features' weights.  Because every clause's features
include its cue word, the model also says which words can never reach the
threshold (:meth:`CueModel.triggers`), so sentences without any other word
are not parsed at all.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources

from newsdesk.enrich.quotes.clauses import Clause
from newsdesk.enrich.quotes.cues import words_for

MODEL_FILE = "data/attribution_model.json"
UNSEEN = "?"  # the form feature of a cue word the model did not see often enough in training
_SUFFIXES = ("ing", "ed", "es", "s")  # English inflections :func:`stem` takes off, longest first
_MIN_STEM = 3  # letters a stem keeps ("says" -> "say")
_BRITISH = {"is": "iz", "ys": "yz"}  # a stem's British ending and its American spelling ("criticis" -> "criticiz")


def lexicon_features(form: str) -> list[str]:
    """Features from the hand-written cue lists: they carry forms the fitted model has seen too rarely."""
    out = []
    if form in words_for("reporting", "en"):
        out.append("lex=reporting")
    if form in words_for("naming", "en"):
        out.append("lex=naming")
    return out


def stem(form: str) -> str:
    """A cue word without its English inflection: "blasts", "blasted", "blasting" and "blast" are "blast".

    Crude on purpose: it only has to put the forms of one verb together, so
    that a form seen too rarely in training ("blasts", common in headlines)
    learns from the others ("blasted").
    """
    for suffix in _SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_STEM and not form.endswith("ss"):
            form = form[: -len(suffix)]
            break
    form = form[:-1] if form.endswith("e") and len(form) > _MIN_STEM else form
    # British -ise and -yse are American -ize and -yze: "criticised" learns from "criticized"
    american = _BRITISH.get(form[-2:])
    return form[:-2] + american if american and not form.endswith(("iss", "yss")) else form


def spellings(root: str) -> set[str]:
    """A stem and, where it has one, its British spelling ("criticiz", "criticis"): what :func:`stem` reads as one."""
    british = next((b for b, a in _BRITISH.items() if root.endswith(a)), None)
    return {root, root[:-2] + british} if british else {root}


@lru_cache(maxsize=4)
def stems(vocabulary: frozenset[str]) -> frozenset[str]:
    """The stems of the forms seen often enough in training."""
    return frozenset(stem(f) for f in vocabulary)


def clause_features(clause: Clause, vocabulary: frozenset[str]) -> list[str]:
    """Every feature of ``clause``: the parse's (:mod:`.clauses`), the word lists', and the cue word with its frame
    and its stem."""
    form = clause.form if clause.form in vocabulary else UNSEEN
    comp = next((f for f in clause.features if f.startswith("comp=")), "comp=none")
    subj = next((f for f in clause.features if f.startswith("subj=")), "subj=none")
    root = stem(clause.form)
    return [
        *clause.features,
        *lexicon_features(clause.form),
        f"form={form}",
        f"form|{comp}={form}",
        f"form|{subj}={form}",
        *([f"stem={root}"] if root in stems(vocabulary) else []),
    ]


def _group(feature: str) -> str:
    """Features of one group exclude each other (one ``comp=…`` per clause), so a bound takes one per group."""
    name = feature.split("=", 1)[0]
    return feature if name == "lex" else name


@dataclass(frozen=True)
class CueModel:
    """A fitted logistic model over clause features, with its decision threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    vocabulary: frozenset[str]

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """:meth:`triggers`, computed once."""
        return self.triggers()

    def score(self, clause: Clause) -> float:
        """The probability that ``clause`` is an attribution."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in clause_features(clause, self.vocabulary))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def accepts(self, clause: Clause) -> bool:
        return self.score(clause) >= self.threshold

    def triggers(self) -> frozenset[str]:
        """Cue words that can reach the threshold in some clause: the only words :mod:`.clauses` looks at.

        An upper bound on a word's score: its own weights plus, for every other
        feature group, the largest positive weight in it.  A word whose bound
        stays below the threshold is never a cue, whatever its sentence.  Words
        seen too rarely in training are candidates only when the hand-written
        cue lists hold them or they are an inflection of a stem the model
        weighs ("blasts" beside "blasted"); any other rare verb is no cue.
        """
        logit = math.log(self.threshold / (1.0 - self.threshold))
        best: dict[str, float] = {}  # feature group -> its largest weight (0: a clause may have none of the group)
        by_form: dict[str, dict[str, float]] = {}  # cue word -> its form-feature groups -> largest weight
        by_stem: dict[str, float] = {}  # stem -> its weight
        for feature, w in self.weights.items():
            if feature.startswith("form"):
                name, _, form = feature.rpartition("=")
                groups = by_form.setdefault(form, {})
                group = name.split("=", 1)[0]
                groups[group] = max(groups.get(group, 0.0), w)
            elif feature.startswith("stem="):
                by_stem[feature[len("stem=") :]] = w
            elif not feature.startswith("lex="):
                g = _group(feature)
                best[g] = max(best.get(g, 0.0), w)
        rest = self.bias + sum(best.values())

        def bound(form: str) -> float:
            lex = sum(max(0.0, self.weights.get(f, 0.0)) for f in lexicon_features(form))
            own = sum(by_form.get(form if form in self.vocabulary else UNSEEN, {}).values())
            return rest + lex + own + max(0.0, by_stem.get(stem(form), 0.0))

        listed = words_for("reporting", "en") | words_for("naming", "en")
        # the other forms of a seen verb ("blasts" beside "blasted"): inflections of its stem
        written = {s for root in by_stem for s in spellings(root)}  # "criticiz…" and "criticis…"
        inflected = {s + suffix for s in written for suffix in ("", "e", *_SUFFIXES)}
        unseen = {f for f in listed | inflected if f not in self.vocabulary and (f in listed or stem(f) in by_stem)}
        forms = {f for f in self.vocabulary if bound(f) >= logit}
        forms |= {f for f in unseen if bound(f) >= logit}
        return frozenset(forms | {"according"})


@cache
def cue_model() -> CueModel | None:
    """The shipped model, or None when the package has none (the word lists then decide alone)."""
    try:
        data = json.loads(resources.files("newsdesk").joinpath(MODEL_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None
    return CueModel(
        weights=data["weights"],
        bias=data["bias"],
        threshold=data["threshold"],
        vocabulary=frozenset(data["vocabulary"]),
    )
