"""Whether two groups of reports tell two events with different actors (a check at the level of groups).

Pair scores see shared names and vocabulary; twin events (two fights of one
champion, two clubs' offers to one player) separate only when whole groups
are compared, so story merging and re-clustering ask this before joining.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsdesk.stories.model import StoryModel, story_model


def distinct_actors(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]], model: StoryModel | None = None) -> bool:
    """Whether two groups of reports (their names) tell two events with different actors.

    Two fights of one champion, two clubs' offers to one player, two
    killings in one town: pair scores see the shared names and the shared
    vocabulary and call them one event.  What separates them shows only at
    the level of groups: each group keeps naming someone (the opponent, the
    club) whom no report of the other group mentions.  So: both groups have
    at least ``actor_reports`` reports, and each has a name in ``actor_share``
    of its reports that the other never uses (but for a stray mention: at
    most ``actor_stray`` of its reports).  The three are rules of the story
    model (``model``, default the bundled one), fitted with its thresholds.
    One-sided absence proves nothing (a follow-up names a new judge, a new
    official); small groups are left to pair scores, since two or three
    reports omit names by chance.
    On ECB+ dev (where a topic's two halves are such twin events) checking
    this when stories are merged or re-clustered raised BCubed precision
    0.908 -> 0.957; MMDS2025 dev (small clusters) is unchanged.
    """
    model = model or story_model()
    return (
        len(a) >= model.actor_reports
        and len(b) >= model.actor_reports
        and _names_unknown_to(_habitual(a, model.actor_share), b, model.actor_stray)
        and _names_unknown_to(_habitual(b, model.actor_share), a, model.actor_stray)
    )


def _habitual(group: Sequence[frozenset[str]], share: float) -> set[str]:
    counts = Counter(name for names in group for name in names)
    return {name for name, n in counts.items() if n >= share * len(group)}


def _names_unknown_to(names: set[str], group: Sequence[frozenset[str]], stray: float) -> bool:
    """Whether one of ``names`` is missing from the group but for at most ``stray`` of its reports.

    One stray mention, or one report of the other event already joined to
    the group, must not make a name known (ECB+ dev: in one ingestion order
    a single report joined to the wrong half merged two riots 17 months apart).
    """
    counts = Counter(name for names_of_report in group for name in names_of_report if name in names)
    return any(counts[name] <= stray * len(group) for name in names)
