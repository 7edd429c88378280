"""The in-memory story index: centroid look-up and name postings."""

from __future__ import annotations

import numpy as np

from newsdesk.stories.index import RARE_NAME_STORIES, StoryIndex


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


def test_nearest_ranks_by_cosine_of_the_centroid_sums():
    index = StoryIndex()
    for story, total in ((1, [3.0, 0.0, 0.0]), (2, [1.0, 1.0, 0.0]), (3, [0.0, 0.0, 5.0])):
        index.set_span(story, "2024-01-01", "2024-01-02")
        index.set_centroid(story, "enc", np.asarray(total, dtype=np.float32))
    mask = index.eligible(None)
    found = index.nearest("enc", _unit([1.0, 0.2, 0.0]), mask, 2)
    assert [s for s, _ in found] == [1, 2]
    assert abs(found[1][1] - float(_unit([1.0, 1.0, 0.0]) @ _unit([1.0, 0.2, 0.0]))) < 1e-5
    index.drop(1)
    assert [s for s, _ in index.nearest("enc", _unit([1.0, 0.2, 0.0]), index.eligible(None), 1)] == [2]


def test_common_names_are_forgotten_and_rare_ones_found():
    index = StoryIndex()
    stories = range(1, RARE_NAME_STORIES + 3)
    for story in stories:
        index.set_span(story, None, None)
        index.add_names(story, {"common"} | ({"rare"} if story == 7 else set()))
    assert "common" in index.common and "common" not in index.postings
    mask = index.eligible(None)
    assert index.sharing_names(frozenset({"common"}), mask, 5, 1) == []
    assert index.sharing_names(frozenset({"rare", "common"}), mask, 5, 1) == [7]
