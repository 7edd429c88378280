"""``newsdesk quotes``: who said what, from the store, with the same statement in other reports."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.common import DbOption, JsonOption, StoryOption, emit, open_desk, require_story

COLUMNS = ("id", "report", "paragraph", "kind", "speaker", "cue", "text", "same statement")


def quotes(
    story: StoryOption = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only this speaker (part of the name, or entity key).")
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """List statements with their speakers and the same statement in other reports (any language).

    With --json, "same_as" holds the ids of linked quotes and "links" each
    link's score (centred cosine of the two statements) and what they share:
    the speaker ("same"/"unsure"), names and figures.
    """
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
                "links": info.links,
                "same statement": ", ".join(f"{link['quote']} ({link['score']:.2f})" for link in info.links),
            }
            for info in desk.quotes(story=story, speaker=speaker)
        ]
    if json_:
        for row in rows:
            del row["same statement"]  # the table's rendering of "links"
    emit(rows, COLUMNS, json_, title="Quotes")
