"""The fitted same-event model and thresholds that story assignment uses.

Two logistic models over :func:`newsdesk.stories.features.pair_features`:
``fast`` for pairs where both reports have USE-m3 vectors, ``broad`` for pairs
scored with multilingual e5 (a language USE-m3 cannot read).  They, the
join/merge/regroup/topic thresholds and the rules of regrouping and merging
(RULES: dates, rivals, distinct actors, the time decay) are fitted by ``python -m eval.fit_stories``
and shipped as ``newsdesk/data/story_model.json``, whose ``fitted_by`` record
names the procedure and the corpora: all four labelled corpora (MMDS2025 dev,
ECB+ dev, 20min-XD val and SemEval-2022 train pairs), thresholds chosen by
clustering the training reports through the pipeline.  What that procedure
scores on reports it never saw is measured by ``python -m eval.stories_oof``.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsdesk.stories.features import TimeDecay
from newsdesk.stories.pairmodel import PairModel

MODEL_FILE = "data/story_model.json"


# The rules of regrouping and merging (see :mod:`newsdesk.stories.regroup` and :mod:`newsdesk.stories.actors`)
# and the time decay of a pair (features.TimeDecay), fitted with the thresholds (the date rules and rival count
# since model version 4, the rest since 5, the decay since 6, its floor for dates seen only in texts since 7); a
# model file without them gets these, the values the rules were first written with.
RULES: dict[str, float] = {
    "veto": 0.2,
    "published_veto_days": 90,
    "recall_days": 120,
    "rivals": 2,
    "rival_score": 0.1,
    "actor_reports": 5,
    "actor_share": 0.6,
    "actor_stray": 0.1,
    "same_event_days": TimeDecay.same_event_days,
    "decay_days": TimeDecay.decay_days,
    "text_dates_floor": TimeDecay.text_dates_floor,
}
INTEGER_RULES = ("rivals", "actor_reports")


@dataclass(frozen=True)
class StoryModel:
    fast: PairModel
    broad: PairModel
    join: float  # a report joins the best story whose event score reaches this
    merge: float  # two stories merge when their members' mean event score reaches this
    topic: float  # a new story joins the topic of the story it resembles this much, ignoring time
    regroup: float = 0.2  # average-link threshold when stories are re-clustered (see stories.regroup)
    # an anchored date gap whose time factor falls below this forbids one story (regroup.conflict)
    veto: float = RULES["veto"]
    # ... except between two anchored reports, which conflict only this many days apart
    published_veto_days: float = RULES["published_veto_days"]
    # a day written without its year counts as recalled (an earlier event) only this far before the anchor
    recall_days: float = RULES["recall_days"]
    rivals: int = int(RULES["rivals"])  # rival stories regrouped with the newcomer's story
    rival_score: float = RULES["rival_score"]  # ... each with at least this untimed same-event score
    # Two groups of reports tell events with different actors (actors.distinct_actors) when both have this many
    # reports and each names someone in actor_share of its reports whom at most actor_stray of the other names.
    actor_reports: int = int(RULES["actor_reports"])
    actor_share: float = RULES["actor_share"]
    actor_stray: float = RULES["actor_stray"]
    # the time decay of a pair's chance of one event (features.TimeDecay): none up to same_event_days apart
    same_event_days: float = RULES["same_event_days"]
    decay_days: float = RULES["decay_days"]
    # ... and the least of it left when the gap is seen only in dates the texts mention
    text_dates_floor: float = RULES["text_dates_floor"]

    @functools.cached_property
    def decay(self) -> TimeDecay:
        """How the chance of one event falls with the days between two reports (built once: every pair's
        time factor asks for it)."""
        return TimeDecay(self.same_event_days, self.decay_days, self.text_dates_floor)

    def to_json(self) -> str:
        data = {
            "fast": self.fast.to_dict(),
            "broad": self.broad.to_dict(),
            "join": self.join,
            "merge": self.merge,
            "topic": self.topic,
            "regroup": self.regroup,
            **self.rules(),
        }
        return json.dumps(data, indent=1, sort_keys=True)

    def rules(self) -> dict[str, float]:
        """The rules of regrouping and merging, by name (as in RULES)."""
        return {name: getattr(self, name) for name in RULES}

    @classmethod
    def from_json(cls, text: str) -> StoryModel:
        data = json.loads(text)
        rules = {name: float(data.get(name, default)) for name, default in RULES.items()}
        rules.update({name: int(rules[name]) for name in INTEGER_RULES})
        return cls(
            PairModel.from_dict(data["fast"]),
            PairModel.from_dict(data["broad"]),
            float(data["join"]),
            float(data["merge"]),
            float(data["topic"]),
            float(data.get("regroup", cls.regroup)),
            **rules,  # type: ignore[arg-type]
        )


@functools.cache
def story_model() -> StoryModel:
    """The bundled model (a file path in $NEWSDESK_STORY_MODEL overrides it, for tuning)."""
    override = os.environ.get("NEWSDESK_STORY_MODEL")
    if override:
        return StoryModel.from_json(Path(override).read_text("utf-8"))
    return StoryModel.from_json(resources.files("newsdesk").joinpath(MODEL_FILE).read_text("utf-8"))
