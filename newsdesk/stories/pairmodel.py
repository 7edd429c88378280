"""The learned same-event pair model: a logistic regression averaged with small boosted trees.

One model per feature set (MODEL_FEATURES): a pair is scored by the first
model whose features it has, so a Swedish report (no USE-m3 vectors) gets the
model fitted without them.  Fitted by ``python -m eval.semeval --fit`` and
shipped as JSON (``newsdesk/data/pair_model.json``); scoring needs nothing but
the classes here.  Time is not in the training data, so the date gap enters
:func:`pair_score` as an explicit factor (:func:`features.time_factor`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from newsdesk.stories.features import (
    Centres,
    Evidence,
    Idf,
    TimeDecay,
    bundled_data,
    pair_features,
    time_factor,
)

# Feature sets with a model each, most informative first: a pair is scored by
# the first model whose features it has, so a language USE-m3 cannot read
# (or a store without e5 vectors) gets a model fitted without those features
# instead of a misleading zero.  The raw e5 cosine is left to the centred ones.
# The cascade of :func:`features.vector_keys` gives a pair both of whose reports
# USE-m3 reads no e5 lead, so such a pair falls to "usem3"; only
# ``newsdesk similarity --accurate`` encodes every lead and reaches "full".
_TEXT = ("grams", "same_lang", "names", "names_jaccard", "numbers")
_USEM3 = ("usem3", "title", "sentences", "sentences_min")
MODEL_FEATURES: dict[str, tuple[str, ...]] = {
    # both reports read by USE-m3 and every lead encoded by e5: ``newsdesk similarity --accurate``
    "full": ("e5_centred", "e5_best", "e5_title_centred", *_USEM3, *_TEXT),
    "usem3": ("e5_title_centred", *_USEM3, *_TEXT),  # the cascade (see features.vector_keys), the default
    "e5": ("e5_centred", "e5_best", *_TEXT),  # a report USE-m3 cannot read: e5 of the leads
    "without_e5": (*_USEM3, *_TEXT),
    "text_only": _TEXT,
}


@dataclass(frozen=True)
class BoostedTrees:
    """Gradient-boosted regression trees of one depth, stored complete (heap order) so scoring is a few comparisons.

    In each tree, internal node ``i`` sends a pair to child ``2i+1`` when
    ``x[features[split[i]]] <= threshold[i]``, else to ``2i+2``; the leaves
    follow the internal nodes.  Prediction = base + rate * Σ leaf values.
    Fitted with scikit-learn at fit time only (``eval.semeval``); scoring needs
    nothing but this class.
    """

    features: tuple[str, ...]
    split: list[list[int]]
    threshold: list[list[float]]
    leaf: list[list[float]]
    base: float
    rate: float

    def __call__(self, features: Mapping[str, float]) -> float:
        x = [features[k] for k in self.features]
        total = self.base
        for split, threshold, leaf in zip(self.split, self.threshold, self.leaf, strict=True):
            node = 0
            while node < len(split):
                node = 2 * node + (1 if x[split[node]] <= threshold[node] else 2)
            total += self.rate * leaf[node - len(split)]
        return total

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "split": self.split,
            "threshold": self.threshold,
            "leaf": self.leaf,
            "base": self.base,
            "rate": self.rate,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> BoostedTrees:
        return cls(
            tuple(data["features"]),  # type: ignore[arg-type]
            [list(map(int, t)) for t in data["split"]],  # type: ignore[attr-defined]
            [list(map(float, t)) for t in data["threshold"]],  # type: ignore[attr-defined]
            [list(map(float, t)) for t in data["leaf"]],  # type: ignore[attr-defined]
            float(data["base"]),  # type: ignore[arg-type]
            float(data["rate"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over named features: score = sigmoid(bias + Σ w·(x - mean)/scale).

    With ``trees`` (same features), the score is the mean of the logistic
    probability and the trees' prediction clipped to [0, 1]: on SemEval pairs
    the two err differently (the trees catch thresholds and interactions, the
    logistic curve extrapolates smoothly) and their average beats either by
    ~0.007 Pearson in cross-validation.
    """

    weights: dict[str, float]
    mean: dict[str, float]
    scale: dict[str, float]
    bias: float
    trees: BoostedTrees | None = None

    def __call__(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(
            w * (features[k] - self.mean.get(k, 0.0)) / (self.scale.get(k, 1.0) or 1.0) for k, w in self.weights.items()
        )
        p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
        if self.trees is None:
            return p
        return (p + min(1.0, max(0.0, self.trees(features)))) / 2

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"weights": self.weights, "mean": self.mean, "scale": self.scale, "bias": self.bias}
        if self.trees is not None:
            data["trees"] = self.trees.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PairModel:
        trees = BoostedTrees.from_dict(data["trees"]) if data.get("trees") else None  # type: ignore[arg-type]
        return cls(dict(data["weights"]), dict(data["mean"]), dict(data["scale"]), float(data["bias"]), trees)  # type: ignore[arg-type]


@functools.cache
def bundled_pair_models() -> dict[str, PairModel]:
    """The models shipped in newsdesk/data/pair_model.json, one per MODEL_FEATURES entry."""
    data = bundled_data()["models"]
    return {name: PairModel.from_dict(data[name]) for name in MODEL_FEATURES}  # type: ignore[index]


def choose_model(features: Mapping[str, float], models: Mapping[str, PairModel]) -> PairModel:
    """The first model (in the mapping's order, most informative first) whose every feature is present."""
    for model in models.values():
        if all(k in features for k in model.weights):
            return model
    raise ValueError(f"no pair model fits features {sorted(features)}")


def pair_score(
    a: Evidence,
    b: Evidence,
    decay: TimeDecay,
    idf: Idf | None = None,
    models: Mapping[str, PairModel] | None = None,
    centres: Centres | None = None,
) -> float:
    """Probability-like score in [0, 1] that ``a`` and ``b`` report the same event (``decay``: the story
    model's, ``story_model().decay``; ``centres``: the e5 centres, by default the bundled ones)."""
    features = pair_features(a, b, idf, centres)
    return choose_model(features, models or bundled_pair_models())(features) * time_factor(a, b, decay)
