"""``newsdesk quotes``: who said what, from the store, with the same statement in other reports."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.common import DbOption, JsonOption, StoryOption, emit, open_desk, require_story

COLUMNS = ("id", "report", "paragraph", "kind", "speaker", "cue", "text", "same_as")


def quotes(
    story: StoryOption = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only this speaker (part of the name, or entity key).")
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """List statements with their speakers; ``same_as`` names the same statement in other reports."""
    with open_desk(db) as desk:
        if story is not None:
            story = require_story(desk, story)
        rows = [
            {
                "id": info.id,
                "report": info.report,
                "paragraph": info.quote.paragraph,
                "kind": info.quote.kind,
                "speaker": info.quote.speaker,
                "speaker_key": info.quote.speaker_key,
                "cue": info.quote.cue,
                "text": info.quote.text,
                "published": info.published,
                "outlet": info.outlet,
                "same_as": info.same_as,
            }
            for info in desk.quotes(story=story, speaker=speaker)
        ]
    emit(rows, COLUMNS, json_, title="quotes")
