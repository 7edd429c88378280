"""Stories as the story list and the story view show them."""

from __future__ import annotations

from newsdesk.model import StoryInfo, StoryView
from newsdesk.store import Store
from newsdesk.views.story import StoryViewBuilder, story_view


def story_infos(store: Store) -> list[StoryInfo]:
    """Every live story (not merged into another) with its outlets, languages and conflicts."""
    infos = []
    for story in store.list_stories():
        builder = StoryViewBuilder(store, story.id)
        coverage = builder.coverage()
        conflicts = sum(1 for g in builder.figures() if g["status"] == "conflict") + len(builder.framings())
        infos.append(
            StoryInfo(
                story=story,
                outlets=list(coverage["outlets"]),
                languages=sorted(coverage["languages"]),
                independent=coverage["independent"],
                conflicts=conflicts,
            )
        )
    return infos


def load_story_view(store: Store, story_id: int) -> StoryView:
    """The full view of one live story (computed once, then read from the store's cache)."""
    return StoryView.from_dict(story_view(store, story_id))
