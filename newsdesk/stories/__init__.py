"""Stories across reports: copies, translations, event stories, topics, labels.

The pipeline calls :func:`place_report` once per stored report, inside the
report's store transaction, so a report's links and story membership land
together with the report or not at all.
"""

from __future__ import annotations

from newsdesk.model import Report
from newsdesk.store import Store
from newsdesk.stories.assign import StoryDecision, assign, candidates, members, pair_probability
from newsdesk.stories.dedupe import find_copies
from newsdesk.stories.evidence import Profile, build_profile, load_profiles
from newsdesk.stories.regroup import regroup
from newsdesk.stories.translation import find_translations

__all__ = ["StoryDecision", "place_report"]

TRANSLATION_STORIES = 2  # candidate stories whose other-language members are checked for a translation
TRANSLATION_PRIOR = 0.9  # untimed same-event probability a pair needs before sentences are aligned
TRANSLATION_CHECKS = 2  # at most this many pairs aligned per report: sentence vectors are the costly part


def place_report(store: Store, report: Report) -> StoryDecision:
    """Record the report's copy/translation links and put it in a story (and topic).

    Computes and caches the report's vectors and evidence, finds exact and
    near duplicates (MinHash), then translations among likely same-event
    reports in other languages, then assigns the story: a copy or translation
    joins its partner's story; any other report joins the best-scoring story
    or starts one, possibly merging two stories it shows to be one event, or
    regrouping its story and rivals when its date shows they mix two events.
    """
    profile = build_profile(store, report)
    found = candidates(store, profile)
    links = find_copies(store, report)
    if not links:
        links = find_translations(store, report, _translation_partners(store, report, profile, found))
    for link in links:
        store.add_link(link)
        if link.origin == report.id and link.kind == "duplicate":
            # the newcomer is the original of a stored copy: what was traced to the copy traces to it
            # (skipping a report already linked to the newcomer: SQLite's UPDATE OR IGNORE, written portably)
            store.db.execute(
                """UPDATE links SET origin_id=? WHERE origin_id=? AND report_id<>?
                   AND NOT EXISTS (SELECT 1 FROM links l2 WHERE l2.report_id = links.report_id AND l2.origin_id = ?)""",
                (report.id, link.report, report.id, report.id),
            )
    copy_of = None
    if links:
        best = max(links, key=lambda link: link.score)
        partner = best.origin if best.report == report.id else best.report
        copy_of = (partner, best.kind, best.score)
    return regroup(store, assign(store, report.id, profile, copy_of, found))


def _translation_partners(
    store: Store, report: Report, profile: Profile, found: list[int]
) -> list[tuple[str, str | None, str | None]]:
    """Reports in other languages, in the report's candidate stories, likely to tell the same event."""
    if not report.sentences or not report.lang:
        return []
    lang = report.lang.split("-")[0]
    out = []
    for story in found[:TRANSLATION_STORIES]:
        for rid, other in load_profiles(store, members(store, story, 6)).items():
            other_lang = (other.evidence.lang or "").split("-")[0]
            if (
                other_lang
                and other_lang != lang
                and pair_probability(store, profile, other, timed=False) >= TRANSLATION_PRIOR
            ):
                out.append((rid, other.evidence.lang, other.published))
    return out[:TRANSLATION_CHECKS]
