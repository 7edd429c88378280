"""Hand corrections over the web: the JSON API (bearer token) and the story page's correction form.

Both call the same :class:`newsdesk.Desk` methods as the CLI.  The page's form
carries the server's token in a password field instead of a header: a page
cannot set headers without script, and a forged cross-site form cannot know
the token.  Every correction is recorded with the editor named in the request
(the token says the request may write; the name says who to credit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.datastructures import FormData

from newsdesk.desk import Desk
from newsdesk.model import Edit
from newsdesk.stories.edits import EditError
from newsdesk.web.deps import DeskDep, check_token, require_token
from newsdesk.web.schemas import ErrorResponse

router = APIRouter(prefix="/api", tags=["corrections"])
pages = APIRouter(include_in_schema=False)

MAX_ID = 2**63 - 1  # what the store's integer ids can hold
StoryId = Annotated[int, Path(ge=1, le=MAX_ID)]
Editor = Field(None, max_length=200, description="who makes the correction (default: api)")
ERRORS = {
    400: {"model": ErrorResponse, "description": "the correction cannot be made as asked"},
    401: {"model": ErrorResponse, "description": "missing or wrong bearer token"},
    403: {"model": ErrorResponse, "description": "writing is disabled (no NEWSDESK_TOKEN on the server)"},
    404: {"model": ErrorResponse, "description": "no such story, report, quote or edit"},
}


class MergeBody(BaseModel):
    other: int = Field(ge=1, le=MAX_ID, description="the story merged into this one")
    editor: str | None = Editor


class SplitBody(BaseModel):
    reports: list[Annotated[str, Field(max_length=500)]] = Field(min_length=1, max_length=10_000)
    editor: str | None = Editor


class MoveBody(BaseModel):
    story: int = Field(ge=1, le=MAX_ID, description="the story the report moves to")
    editor: str | None = Editor


class RenameBody(BaseModel):
    label: str = Field(min_length=1, max_length=300)
    editor: str | None = Editor


class SpeakerBody(BaseModel):
    speaker: str | None = Field(None, max_length=300, description="who said it; null or empty: unattributed")
    editor: str | None = Editor


class UndoBody(BaseModel):
    editor: str | None = Editor


def _apply(make: Callable[[], Edit]) -> Edit:
    """Run a correction; its EditError becomes a 404 (nothing by that id) or a 400."""
    try:
        return make()
    except EditError as exc:
        raise HTTPException(404 if str(exc).startswith("no ") else 400, str(exc)) from exc


def _post(path: str, summary: str) -> Callable:
    return router.post(
        path, response_model=Edit, responses=ERRORS, dependencies=[Depends(require_token)], summary=summary
    )


@_post("/stories/{story_id}/merge", "Merge a story into this one")
def merge_story(desk: DeskDep, story_id: StoryId, body: MergeBody) -> Edit:
    """Merge story ``other`` into this one; later ingests never separate them."""
    return _apply(lambda: desk.merge(story_id, body.other, editor=body.editor or "api"))


@_post("/stories/{story_id}/split", "Split reports off a story")
def split_story(desk: DeskDep, story_id: StoryId, body: SplitBody) -> Edit:
    """Take ``reports`` out of the story into a new one (its id is the edit's ``story``)."""
    return _apply(lambda: desk.split(story_id, body.reports, editor=body.editor or "api"))


@_post("/reports/{report_id}/move", "Move a report to another story")
def move_report(desk: DeskDep, report_id: Annotated[str, Path(max_length=500)], body: MoveBody) -> Edit:
    return _apply(lambda: desk.move(report_id, body.story, editor=body.editor or "api"))


@_post("/stories/{story_id}/rename", "Rename a story")
def rename_story(desk: DeskDep, story_id: StoryId, body: RenameBody) -> Edit:
    return _apply(lambda: desk.rename(story_id, body.label, editor=body.editor or "api"))


@_post("/quotes/{quote_id}/speaker", "Fix who said a quote")
def quote_speaker(desk: DeskDep, quote_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: SpeakerBody) -> Edit:
    return _apply(lambda: desk.set_speaker(quote_id, body.speaker, editor=body.editor or "api"))


@_post("/edits/{edit_id}/undo", "Undo a correction")
def undo_edit(desk: DeskDep, edit_id: Annotated[int, Path(ge=1, le=MAX_ID)], body: UndoBody) -> Edit:
    """Revert the edit as far as later changes allow; returns the undo's own entry in the log."""
    return _apply(lambda: desk.undo(edit_id, editor=body.editor or "api"))


@router.get("/edits", response_model=list[Edit], summary="The edit log")
def list_edits(
    desk: DeskDep, story: Annotated[int | None, Query(ge=1, le=MAX_ID, description="only edits about it")] = None
) -> list[Edit]:
    """Every hand correction, oldest first, with who made it, when and what undid it."""
    return desk.edits(story=story)


# -- the story page's form ----------------------------------------------------------------------------


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _number(form: FormData, name: str, what: str) -> int:
    text = _field(form, name).lstrip("#")
    if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise HTTPException(400, f"Give the number of the {what}.")
    return int(text)


def _form_edit(desk: Desk, story_id: int, action: str, form: FormData, editor: str) -> Edit:
    """The correction a button of the form asks for."""
    reports = [r for r in form.getlist("reports") if isinstance(r, str)]
    if action == "rename":
        return desk.rename(story_id, _field(form, "label"), editor=editor)
    if action == "merge":
        return desk.merge(story_id, _number(form, "other", "story to merge into this one"), editor=editor)
    if action == "split":
        return desk.split(story_id, reports, editor=editor)
    if action == "move":
        if len(reports) != 1:
            raise HTTPException(400, "Tick the one report to move.")
        return desk.move(reports[0], _number(form, "target", "story to move it to"), editor=editor)
    if action == "speaker":
        return desk.set_speaker(_number(form, "quote", "quote"), _field(form, "speaker"), editor=editor)
    if action.startswith("undo-") and action[5:].isdigit():
        return desk.undo(int(action[5:]), editor=editor)
    raise HTTPException(400, f"Unknown correction {action[:40]!r}.")


@pages.post("/stories/{story_id}/corrections")
async def correct_story(request: Request, desk: DeskDep, story_id: StoryId) -> RedirectResponse:
    """The story page's correction form: apply, then back to the story (the edit shown at the top)."""
    form = await request.form()
    check_token(request, _field(form, "token"), "Wrong or missing editor token.")
    editor = _field(form, "editor")[:200] or "web"
    edit = _apply(lambda: _form_edit(desk, story_id, _field(form, "action"), form, editor))
    live = desk.live_story(story_id) or desk.live_story(edit.story or 0) or story_id
    return RedirectResponse(f"/stories/{live}?edit={edit.id}#recorded", status_code=303)


def page_context(desk: Desk, story_id: int, edit: int | None) -> dict[str, Any]:
    """What the story page shows of corrections: the edit just made, and which edits can be undone."""
    log = desk.edits()
    recorded = next((e for e in log if e.id == edit), None) if edit else None
    return {"recorded": recorded, "undoable": {e.id for e in log if e.action != "undo" and e.undone_by is None}}


def log_version(desk: Desk) -> tuple[int, int | None, int]:
    """What changes whenever the edit log does (a cached story page shows its undo buttons)."""
    row = desk.store.db.execute("SELECT COUNT(*), MAX(id), COUNT(undone_by) FROM edits").fetchone()
    return (row[0], row[1], row[2])
