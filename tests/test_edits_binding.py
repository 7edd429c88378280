"""Hand corrections bind the real pipeline's later decisions: a later ingest never undoes a merge, split or move.

Each scenario is also run with the constraint hooks switched off, to show
that the same ingest would otherwise have undone the correction (if a change
to story placement makes a control pass, the scenario no longer tests the
binding: choose reports that placement alone would separate or rejoin).
The reports are short texts written for these tests about an invented port.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk import Desk
from newsdesk.model import RawReport
from newsdesk.stories import constraints


def report(rid: str, date: str, title: str, text: str, outlet: str) -> RawReport:
    return RawReport(source=f"test/{rid}", id=rid, title=title, text=text, date=date, outlet=outlet, lang="en")


MARCH = [
    report("m1", "2026-03-02", "Crane collapses at Exampleton harbour",
           "A container crane collapsed at Exampleton harbour on Monday, injuring two dock workers, the port "
           "authority said.\n\nHarbour master Lena Okafor said the crane operator had reported strong winds shortly "
           "before the collapse. Ships were diverted to the northern quay.", "Coast Herald"),
    report("m2", "2026-03-03", "Two hurt as harbour crane falls in Exampleton",
           "Two dock workers were injured when a container crane fell at Exampleton harbour, port officials said on "
           "Tuesday.\n\nLena Okafor, the harbour master, said wind gusts were being investigated as the cause. The "
           "southern quay remains closed.", "Daily Wire"),
]  # fmt: skip
JUNE = [
    report("j1", "2026-06-20", "Exampleton harbour crane falls again",
           "Another container crane fell at Exampleton harbour on Saturday, the port authority said, three months "
           "after a similar collapse.\n\nHarbour master Lena Okafor said nobody was hurt this time. Inspectors will "
           "examine all cranes on the southern quay.", "Coast Herald"),
    report("j2", "2026-06-21", "Second crane collapse at Exampleton port",
           "A second crane collapsed at Exampleton port on Saturday, officials said. No injuries were reported.\n\n"
           "Lena Okafor, the harbour master, ordered inspections of every crane on the southern quay.", "Daily Wire"),
]  # fmt: skip
LATER = [
    report("j3", "2026-06-22", "Exampleton orders crane inspections after collapse",
           "Exampleton port ordered inspections of every crane after a collapse on Saturday, harbour master Lena "
           "Okafor said on Monday.\n\nNo one was hurt in the weekend collapse on the southern quay, the port "
           "authority said.", "Port News"),
    report("m3", "2026-03-04", "Exampleton crane operator questioned",
           "Police questioned the operator of the crane that collapsed at Exampleton harbour on Monday, injuring two "
           "workers.\n\nHarbour master Lena Okafor said the southern quay would reopen next week.", "Port News"),
]  # fmt: skip
INQUIRY = report(
    "m4", "2026-03-04", "Exampleton harbour crane collapse: inquiry opens",
    "An inquiry opened into the crane collapse at Exampleton harbour that injured two dock workers on Monday.\n\n"
    "Harbour master Lena Okafor said strong winds were the likely cause and that the southern quay would reopen "
    "next week.", "Evening Post",
)  # fmt: skip


@pytest.fixture(params=["bound", "control"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "bound": as shipped; "control": the hooks in assign and regroup see no corrections."""
    if request.param == "control":
        monkeypatch.setattr(constraints, "bind", lambda store, ids, veto, sims: (veto, sims, []))
        monkeypatch.setattr(constraints, "admits", lambda *args: True)
        monkeypatch.setattr(constraints, "stories_allowed", lambda *args: True)
        monkeypatch.setattr(constraints, "pinned_story", lambda *args: None)
    return request.param


def stories(desk: Desk) -> list[set[str]]:
    return [set(info.story.report_ids) for info in desk.stories() if info.story.report_ids]


def test_a_hand_merge_survives_a_later_ingest(mode: str):
    with Desk(":memory:") as desk:
        desk.ingest(MARCH + JUNE)
        march, june = desk.story_of("m1"), desk.story_of("j1")
        assert march != june, "placement keeps the two collapses, months apart, in two stories"
        desk.merge(march, june, editor="ann")
        desk.ingest(LATER)  # a June and a March report: each regroups the merged story with its dates
        together = desk.story_of("m1") == desk.story_of("j1") == desk.story_of("m2") == desk.story_of("j2")
        if mode == "control":
            assert not together, "without the constraints this ingest separates the merged stories"
            return
        assert together
        assert {"j3", "m3"} <= set(desk.store.get_story(desk.story_of("m1")).report_ids)  # and the story grows
        assert desk.store.story_history(march)[-1].editor == "ann"


def test_a_hand_split_survives_a_later_ingest_and_a_revision(mode: str):
    with Desk(":memory:") as desk:
        desk.ingest(MARCH + LATER[1:])
        assert len({desk.story_of(r) for r in ("m1", "m2", "m3")}) == 1
        split = desk.split(desk.story_of("m1"), ["m3"], editor="bo")
        desk.ingest([INQUIRY])  # close to every March report: it would pull the split one back
        apart = desk.story_of("m3") not in {desk.story_of("m1"), desk.story_of("m2")}
        if mode == "control":
            assert not apart, "without the constraints this ingest puts the split report back"
            return
        assert apart and desk.story_of("m3") == split.story
        revised = LATER[1]
        desk.ingest([report("m3", revised.date, revised.title, revised.text + "\n\nHe was released.", revised.outlet)])
        assert desk.store.get_report("m3").revision == 2
        assert desk.story_of("m3") == split.story  # placed again, it stays where the editor put it


def test_undoing_the_merge_frees_placement_again():
    with Desk(":memory:") as desk:
        desk.ingest(MARCH + JUNE)
        merge = desk.merge(desk.story_of("m1"), desk.story_of("j1"))
        desk.undo(merge.id)
        desk.ingest(LATER)
        assert desk.story_of("m1") != desk.story_of("j1")
        assert desk.story_of("m3") == desk.story_of("m1") and desk.story_of("j3") == desk.story_of("j1")
        assert np.all([len(s) >= 2 for s in stories(desk)])
