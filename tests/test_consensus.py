"""Order-free stories of a batch: the orders it is clustered in, and the groups most orders agree on."""

from __future__ import annotations

import random

from newsdesk.model import RawReport
from newsdesk.stories.consensus import agreed_groups, batch_orders, order_key

KEYS = [("2031-03-0" + str(i % 3 + 1), f"hash-{i:02d}") for i in range(12)] + [("", f"undated-{i}") for i in range(4)]


def _as_keys(keys: list[tuple[str, ...]], orders: list[list[int]]) -> list[list[tuple[str, ...]]]:
    return [[keys[i] for i in order] for order in orders]


def test_the_orders_depend_on_the_reports_not_on_the_order_they_came_in() -> None:
    shuffled = KEYS[:]
    random.Random(3).shuffle(shuffled)
    first, second = _as_keys(KEYS, batch_orders(KEYS, 5)), _as_keys(shuffled, batch_orders(shuffled, 5))
    assert first == second
    assert first[0] == sorted(KEYS)
    assert len({tuple(order) for order in first}) == 5  # the shuffles differ from each other
    other = _as_keys(KEYS, batch_orders(KEYS, 5, seed="another draw"))
    assert other[0] == first[0] and other[1:] != first[1:]  # another seed: the same first order, other shuffles
    for order in first:
        assert sorted(order) == sorted(KEYS)
        dates = [date for date, _ in order]
        assert dates == sorted(dates)  # a stream's chronology is kept; only reports of one day are shuffled


def _report(i: int, layout: str) -> RawReport:
    paragraphs = [f"Report {i} opens here.", f"Its second paragraph, number {i}.", "A third."]
    text = (" " if layout == "flat" else "\n\n").join(paragraphs)
    return RawReport(f"{layout}-{i}", text=text, title=f"Title {i}", date="2031-03-01" if i % 4 else None)


def test_a_report_laid_out_differently_keeps_its_place_in_every_order() -> None:
    """The same reports as one paragraph each are clustered in the same orders as in paragraphs."""
    keys = [order_key(r) for r in (_report(i, "paragraphs") for i in range(12))]
    flat = [order_key(r) for r in (_report(i, "flat") for i in range(12))]
    assert [k[2] for k in keys] != [k[2] for k in flat]  # the content hashes differ ...
    assert batch_orders(keys, 5) == batch_orders(flat, 5)  # ... the orders do not
    # reports that differ in whitespace alone still get a total order: the content hash breaks the tie
    twins = [keys[0], flat[0]]
    assert twins[0][:2] == twins[1][:2] and twins[0] != twins[1]
    assert _as_keys(twins, batch_orders(twins, 3)) == _as_keys(twins[::-1], batch_orders(twins[::-1], 3))


def test_two_items_share_a_group_where_most_orders_put_them_together() -> None:
    labels = [
        ["s1", "s1", "s1", "s2", None],
        ["s7", "s7", "s8", "s8", None],
        ["s3", "s3", "s4", "s4", "s5"],
    ]
    # items 0 and 1: three orders of three; 2 and 3: two of three; 1 and 2: one of three
    assert agreed_groups(labels) == [1, 1, 2, 2, 3]
    assert agreed_groups(labels[:2]) == [1, 1, 2, 3, None]  # two of two needed; never placed: None
    chain = [["a", "a", "b"], ["a", "b", "b"], ["c", "c", "c"]]
    assert agreed_groups(chain) == [1, 1, 1]  # 0~1 and 1~2 by majority: one group, though 0 and 2 agree once
    assert agreed_groups([]) == []


def test_agreement_is_counted_once_per_kind_of_item() -> None:
    """A large story the orders agree on costs no pairs: its items share one signature."""
    big = [[f"story-{k}"] * 2000 + [f"other-{k}"] for k in range(7)]
    assert agreed_groups(big) == [1] * 2000 + [2]
