"""Fitting the story model and the folds that measure it, on invented decisions (no ../shared data needed)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from eval.clusters import bcubed  # noqa: E402
from eval.fit_stories import BROAD_KEYS, FAST_KEYS, Corpus, fit, probabilities, replay  # noqa: E402
from eval.stories_oof import folds  # noqa: E402


def corpus(name: str, sizes: list[int], seed: int, noise: float = 0.08) -> Corpus:
    """Stories of the given sizes whose same-story pairs score higher on every feature than other pairs."""
    rng = np.random.default_rng(seed)
    gold = [f"{name}-{s}" for s, size in enumerate(sizes) for _ in range(size)]
    n = len(gold)
    same = np.array([[a == b for b in gold] for a in gold], dtype=float)
    feats = {}
    for key in sorted(set(FAST_KEYS) | set(BROAD_KEYS)):
        base = 0.3 + 0.5 * same + rng.normal(0, noise, (n, n))
        feats[key] = ((base + base.T) / 2).astype(np.float32)
    feats["same_lang"] = np.ones((n, n), dtype=np.float32)
    return Corpus(name, feats, np.ones((n, n)), gold, gold, gold)


def test_a_fitted_model_separates_stories_and_its_thresholds_cluster_them() -> None:
    corpora = {"a": corpus("a", [4, 3, 5, 2, 1], 0), "b": corpus("b", [3, 3, 2, 6], 1)}
    model = fit(corpora)
    c = corpora["a"]
    p = probabilities(model.fast, c.feats)
    gold = np.array(c.gold)
    same = gold[:, None] == gold[None, :]
    off = ~np.eye(len(gold), dtype=bool)
    assert p[same & off].min() > p[~same].max()  # every same-story pair above every other pair
    stories, _ = replay(p, p, list(range(len(gold))), model.join, model.merge, model.topic, model.regroup)
    assert bcubed(stories, c.gold)["f1"] == pytest.approx(1.0)


def test_soft_labels_weigh_like_positives_and_negatives() -> None:
    """A SemEval-like corpus of pairs with soft labels moves the model the way its labels say."""
    clustered = {"a": corpus("a", [3, 3, 3], 2)}
    x = np.linspace(0.0, 1.0, 50, dtype=np.float32)
    pairs = Corpus("pairs", {k: x for k in clustered["a"].feats}, np.ones(50), [], [], [], soft=x)
    model = fit({**clustered, "pairs": pairs})
    assert model.fast.weights["usem3"] > 0


def test_corpus_weight_decides_how_much_a_large_corpus_outweighs_a_small_one() -> None:
    """Two corpora disagreeing on a feature: weighed the same (power 0) they cancel out; weighed by their
    decisions (power 1) the large one wins, and the square root lies between."""
    from eval.fit_stories import fit_model

    def pairs(name: str, n: int, slope: float) -> Corpus:
        x = np.linspace(0.0, 1.0, n, dtype=np.float32)
        feats = {k: np.full(n, 0.5, dtype=np.float32) for k in FAST_KEYS}
        feats["usem3"] = x
        return Corpus(name, feats, np.ones(n), [], [], [], soft=(0.5 + slope * (x - 0.5)).astype(np.float32))

    corpora = {"large": pairs("large", 400, 0.8), "small": pairs("small", 25, -0.8)}
    keep = {name: np.ones(len(c.soft), dtype=bool) for name, c in corpora.items()}
    weight = {p: fit_model(corpora, keep, FAST_KEYS, p).weights["usem3"] for p in (0.0, 0.5, 1.0)}
    assert abs(weight[0.0]) < 0.05
    assert 0.1 < weight[0.5] < weight[1.0]


def test_a_procedure_fits_as_its_options_say(tmp_path) -> None:
    """eval.stories_oof's folds fit with the thresholds and corpus weight they are given."""
    from eval.stories_oof import Procedure

    corpora = {"a": corpus("a", [4, 3, 5, 2, 1], 0, noise=0.2), "b": corpus("b", [3, 3, 2, 6], 1, noise=0.2)}
    keep = {n: np.ones(len(c.gold), dtype=bool) for n, c in corpora.items()}
    found = {w: Procedure("replay", w).fit(corpora, keep, tmp_path) for w in (0.0, 1.0)}
    for weight, model in found.items():
        assert model == fit(corpora, keep, thresholds="replay", corpus_weight=weight)
    assert found[0.0].fast != found[1.0].fast  # the weight reached the fit


def test_folds_keep_groups_whole_and_balanced() -> None:
    groups = [f"g{i // 3}" for i in range(60)]
    fold = folds(groups, k=5)
    for g in set(groups):
        assert len({fold[i] for i, h in enumerate(groups) if h == g}) == 1
    assert sorted(np.bincount(fold)) == [12] * 5


def test_a_left_out_corpus_changes_nothing() -> None:
    """Leave-one-dataset-out: a corpus with no training reports is as if it were absent (not a NaN in the choice)."""
    a, b = corpus("a", [4, 3, 5, 2, 1], 0, noise=0.2), corpus("b", [3, 3, 2, 6], 1, noise=0.2)
    alone = fit({"a": a})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the mean F1 over corpora must not take an empty one
        keep = {"a": np.ones(len(a.gold), dtype=bool), "b": np.zeros(len(b.gold), dtype=bool)}
        left_out = fit({"a": a, "b": b}, keep)
    assert left_out == alone


def test_the_threshold_search_finds_the_best_setting_of_an_objective() -> None:
    """The coordinate search asks the objective (the pipeline, in eval.stories_oof) and keeps what scores best;
    the rules are searched only when asked (the replay objective cannot see dates) and else keep their values."""
    from eval.fit_stories import JOINS, REGROUPS, RULE_GRIDS, TOPICS, choose_thresholds
    from newsdesk.stories.model import RULES

    best = {"join": 4, "regroup": 0, "topic": 3, "recall_days": 2, "rivals": 0}  # grid positions

    def off(grid: tuple[float, ...], value: float, name: str) -> float:
        return abs(grid.index(value) - best[name]) / 10

    for rules in (False, True):
        asked: list[tuple] = []

        def objective(setting: dict, asked: list[tuple] = asked) -> dict:
            asked.append(tuple(sorted(setting.items())))
            event = 1 - off(JOINS, setting["join"], "join") - off(REGROUPS, setting["regroup"], "regroup")
            event -= 0.01 * (setting["merge"] <= 1)
            event -= off(RULE_GRIDS["recall_days"], setting["recall_days"], "recall_days")
            event -= off(RULE_GRIDS["rivals"], setting["rivals"], "rivals")
            return {"a": (event, None), "b": (event - 0.1, 1 - off(TOPICS, setting["topic"], "topic"))}

        chosen = choose_thresholds(objective, rules=rules)
        found = {"recall_days": RULE_GRIDS["recall_days"][2], "rivals": RULE_GRIDS["rivals"][0]} if rules else {}
        assert chosen == {
            "join": JOINS[4],
            "merge": 1.0,
            "regroup": REGROUPS[0],
            "topic": TOPICS[3],
            **RULES,
            **found,
        }
        assert len(asked) == len(set(asked)) < len(JOINS) * len(REGROUPS) * 2  # no setting asked twice; not the grid


def test_the_story_model_file_carries_its_rules_and_an_older_file_gets_the_first_ones() -> None:
    import json
    from dataclasses import replace
    from importlib import resources

    from newsdesk.stories.model import MODEL_FILE, RULES, StoryModel

    shipped = StoryModel.from_json(resources.files("newsdesk").joinpath(MODEL_FILE).read_text("utf-8"))
    rules = {
        "veto": 0.4,
        "published_veto_days": 45,
        "recall_days": 240,
        "rivals": 3,
        "rival_score": 0.2,
        "actor_reports": 3,
        "actor_share": 0.8,
        "actor_stray": 0.05,
        "same_event_days": 6.0,
        "decay_days": 5.0,
        "text_dates_floor": 0.25,
    }
    changed = replace(shipped, **rules)
    again = StoryModel.from_json(changed.to_json())
    assert again == changed and again.rules() == rules
    assert isinstance(again.rivals, int) and isinstance(again.actor_reports, int)
    assert again.decay(7.0) == pytest.approx(math.exp(-1 / 5))  # the fitted decay is the one applied
    assert again.decay.text_dates_floor == 0.25
    older = {k: v for k, v in json.loads(changed.to_json()).items() if k not in RULES}
    assert StoryModel.from_json(json.dumps(older)).rules() == RULES


def test_a_plateau_is_chosen_by_its_middle_not_its_noisy_edge() -> None:
    from eval.fit_stories import plateau

    scores = {0.1: 0.80, 0.2: 0.904, 0.3: 0.902, 0.4: 0.902, 0.5: 0.902, 0.6: 0.85}
    assert plateau(list(scores), scores.__getitem__) in (0.3, 0.4)
    assert plateau([0.1, 0.2, 0.3], {0.1: 0.5, 0.2: 0.9, 0.3: 0.5}.__getitem__) == 0.2
    # a rule's value in use stays where the training reports cannot tell it from a neighbour, not where worse
    tied = {60: 0.9, 120: 0.9, 240: 0.8}
    assert plateau(list(tied), tied.__getitem__, prefer=120) == 120
    assert plateau(list(tied), tied.__getitem__, prefer=60) == 60
    # an end of the grid that its neighbour ties (or beats) yields to it: nothing beyond the end was measured
    assert plateau(list(tied), tied.__getitem__) == 120
    assert plateau(list(tied), tied.__getitem__, prefer=240) == 120
    falling = {0.15: 0.9343, 0.2: 0.9343, 0.25: 0.9325, 0.3: 0.9265, 0.35: 0.9208}
    assert plateau(list(falling), falling.__getitem__) == 0.2
    dipping_end = {0.2: 0.950, 0.25: 0.955, 0.3: 0.9578, 0.35: 0.9571}
    assert plateau(list(dipping_end), dipping_end.__getitem__) == 0.3
    # an end that scores better than its neighbour keeps its place
    rising = {5.0: 0.90, 10.0: 0.91, 20.0: 0.914}
    assert plateau(list(rising), rising.__getitem__) == 20.0


def test_the_shipped_story_model_says_how_it_was_fitted() -> None:
    """newsdesk/data/story_model.json records which eval.fit_stories procedure fitted it, and on what."""
    import json
    from importlib import resources

    from eval.fit_stories import MODEL_VERSION
    from newsdesk.stories.model import MODEL_FILE, StoryModel

    text = resources.files("newsdesk").joinpath(MODEL_FILE).read_text("utf-8")
    fitted = json.loads(text)["fitted_by"]
    assert 1 <= fitted["version"] <= MODEL_VERSION
    assert fitted["command"].startswith("python -m eval.fit_stories")
    assert {"mmds", "ecb"} <= set(fitted["corpora"])
    model = StoryModel.from_json(text)
    assert 0 < model.join <= 1 and 0 < model.regroup <= 1


def test_per_item_scores_each_report_in_corpus_order_whatever_the_ingest_order(tmp_path, monkeypatch) -> None:
    """eval.stories_oof.per_item with --shuffle: each report's BCubed P and R come back at its corpus position."""
    from eval import datasets
    from eval.clusters import bcubed_items, cluster_file, predicted
    from eval.stories_oof import per_item
    from tests.test_eval_clusters import ALL

    # gold that the clustering cannot match everywhere, so that reports score differently
    gold_of = {row["id"]: row["gold"] for row in ALL} | {"quake-1": "flood", "rates-2": "other"}
    monkeypatch.setitem(datasets.LOADERS, "20min", lambda: [row | {"gold": gold_of[row["id"]]} for row in ALL])
    gold = list(gold_of.values())
    reports = Corpus("20min", {}, np.ones((len(gold), len(gold))), gold, gold, gold)
    for seed in (None, 1, 2):
        p, r = per_item("20min", reports, tmp_path, seed)
        rows = cluster_file(
            tmp_path / "data" / f"20min{'' if seed is None else f'-shuffle{seed}'}.jsonl", cache=tmp_path
        )
        ids = [row["id"] for row in rows]
        assert sorted(ids) == sorted(gold_of) and (ids == list(gold_of)) == (seed is None)
        in_file = bcubed_items(predicted(rows, "story"), [gold_of[i] for i in ids])
        expected = dict(zip(ids, zip(*in_file, strict=True), strict=True))
        assert list(zip(p, r, strict=True)) == [expected[i] for i in gold_of]
        assert len(set(zip(p, r, strict=True))) > 2  # reports differ, so a wrong order would show


def test_out_of_fold_with_orders_scores_each_draw_of_the_orders_the_clis_first(tmp_path, monkeypatch) -> None:
    """eval.stories_oof --orders N --order-seeds K: one held-out score per seed, the first the CLI's orders."""
    from eval import datasets
    from eval.clusters import bcubed_items, cluster_file, predicted
    from eval.stories_oof import Procedure, seeded_summary
    from newsdesk.stories.consensus import SEED
    from tests.test_eval_clusters import ALL

    monkeypatch.setitem(datasets.LOADERS, "20min", lambda: ALL)
    gold = [row["gold"] for row in ALL]
    reports = Corpus("20min", {}, np.ones((len(gold), len(gold))), gold, gold, gold)
    how = Procedure(orders=3, order_seeds=2)
    assert how.seeds()[0] == SEED and len(set(how.seeds())) == 2
    assert Procedure(order_seeds=2).seeds() == [SEED]  # one pass has no orders to draw
    runs = how.held_out("20min", reports, tmp_path)
    assert len(runs) == 2
    for run, seed in zip(runs, how.seeds(), strict=True):  # the first seed's rows are what newsdesk cluster prints
        rows = cluster_file(tmp_path / "data" / "20min.jsonl", cache=tmp_path, orders=3, seed=seed)
        assert list(zip(*run, strict=True)) == list(zip(*bcubed_items(predicted(rows, "story"), gold), strict=True))
    summary = seeded_summary(runs)
    assert len(summary["seeds_f1"]) == 2 and summary["f1"] == summary["seeds_f1"][0]
    assert min(summary["seeds_f1"]) <= summary["mean_f1"] <= max(summary["seeds_f1"])
    assert "seeds_f1" not in seeded_summary(runs[:1])
