"""The per-item analysis budget: how much of one report is analysed, and for how long at most.

Analysis is linear in a report's length, but a 10 MB dump still takes
minutes, and an input nobody foresaw may find a slow path.  So each report
gets a budget:

* size: only the first ``chars`` characters of the clean text are analysed
  (sentences, names, quotes, figures); the rest is stored with the report but
  not analysed.  A prefix keeps every offset valid in the full paragraphs.
* time: ``seconds`` of wall-clock time for cleaning and analysis.  When they
  run out inside a stage, that stage and those after it are skipped (their
  results left empty).  Where a timer signal can interrupt the stage (the
  main thread of a process: a pool worker, the command line), the stage is
  stopped mid-way; elsewhere (the web server's threads) the budget is checked
  between stages.  Cleaning that runs out of time falls back to the text as
  written, split into paragraphs at blank lines.

Either way the report is stored whole, with its full text, and flagged
"analysis truncated: …" (:attr:`Report.flags`); it is never lost and never
holds up the batch for longer than its budget.

Configured with ``NEWSDESK_ANALYSIS_CHARS`` and ``NEWSDESK_ANALYSIS_SECONDS``
(0 turns a limit off).
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from newsdesk.model import Paragraph, RawReport, Report

DEFAULT_CHARS = 1_000_000  # ~8 s of analysis on one core; the longest real reports are ~50,000
DEFAULT_SECONDS = 30.0
TRUNCATED = "analysis truncated"

T = TypeVar("T")


class OverBudget(BaseException):  # noqa: N818 (a signal, like KeyboardInterrupt)
    """The report's time ran out.  A BaseException, so that a stage's ``except Exception`` cannot swallow it."""


def _limit(name: str, default: float) -> float | None:
    value = os.environ.get(name, "").strip()
    number = float(value) if value else default
    return number if number > 0 else None


@dataclass(frozen=True)
class Budget:
    """Limits for one report's analysis; None is no limit."""

    chars: int | None = DEFAULT_CHARS
    seconds: float | None = DEFAULT_SECONDS

    @classmethod
    def from_env(cls) -> Budget:
        chars = _limit("NEWSDESK_ANALYSIS_CHARS", DEFAULT_CHARS)
        return cls(int(chars) if chars else None, _limit("NEWSDESK_ANALYSIS_SECONDS", DEFAULT_SECONDS))


UNLIMITED = Budget(None, None)


@dataclass
class Clock:
    """One report's budget as it is spent: the time used, the clipped paragraphs, what was cut short."""

    budget: Budget
    spent: float = 0.0  # seconds spent in this report's own stages
    flags: list[str] = field(default_factory=list)
    _full: list[Paragraph] | None = None

    def remaining(self) -> float | None:
        """Seconds left.  Counted from the report's own stages, not the clock on the wall: the reports of a
        pool task are analysed one after the other, and a slow one must not use up its neighbours' time."""
        return None if self.budget.seconds is None else self.budget.seconds - self.spent

    def run(self, stage: str, work: Callable[[], T], fallback: Callable[[], T]) -> T:
        """``work()``, or ``fallback()`` when the time is out before or during it (then the report is flagged)."""
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            return self._out_of_time(stage, fallback)
        started = time.monotonic()
        try:
            with alarm(remaining):
                return work()
        except OverBudget:
            return self._out_of_time(stage, fallback)
        finally:
            self.spent += time.monotonic() - started

    def _out_of_time(self, stage: str, fallback: Callable[[], T]) -> T:
        note = f"{TRUNCATED}: over the {self.budget.seconds:g}-second budget (NEWSDESK_ANALYSIS_SECONDS)"
        if not any(f.startswith(note) for f in self.flags):
            self.flags.append(f"{note} in {stage}; what comes after it was not analysed")
        return fallback()

    def clip(self, report: Report) -> None:
        """Leave only the first ``chars`` characters of the clean text to analyse; :meth:`finish` restores the rest."""
        limit = self.budget.chars
        total = sum(len(p.text) for p in report.paragraphs)
        if limit is None or total <= limit:
            return
        self._full = report.paragraphs
        kept: list[Paragraph] = []
        used = 0
        for p in report.paragraphs:
            if used + len(p.text) > limit:
                cut = _cut(p.text, limit - used)
                if cut:
                    kept.append(Paragraph(p.index, p.text[:cut], p.lang))
                    used += cut
                break
            kept.append(p)
            used += len(p.text)
        report.paragraphs = kept
        self.flags.append(
            f"{TRUNCATED}: the first {used:,} of {total:,} characters were analysed (NEWSDESK_ANALYSIS_CHARS)"
        )

    def finish(self, report: Report) -> Report:
        """The report with all its paragraphs back and the budget's flags added."""
        if self._full is not None:
            report.paragraphs, self._full = self._full, None
        report.flags.extend(f for f in self.flags if f not in report.flags)
        return report


def _cut(text: str, limit: int) -> int:
    """Where to end a prefix of at most ``limit`` characters: after a sentence end or a space if there is one."""
    head = text[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?…。](?=\s)", head)]
    if ends:
        return ends[-1]
    space = head.rfind(" ")
    return space if space > 0 else limit


def unclean(raw: RawReport) -> Report:
    """The text as written, in paragraphs at blank lines: what is stored when cleaning ran out of time."""
    report = Report(id=raw.id or "", source=raw.source, content_hash=raw.content_hash(), raw=raw.body, url=raw.url)
    text = raw.text if raw.html is None else re.sub(r"<[^>]*>", " ", raw.html)
    chunks = (" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", text or ""))
    report.paragraphs = [Paragraph(i, chunk) for i, chunk in enumerate(c for c in chunks if c)]
    report.title, report.lang, report.outlet, report.author = raw.title, raw.lang, raw.outlet, raw.author
    report.flags = list(raw.flags)
    return report


def _interruptible() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in this thread after ``seconds`` (main thread only; elsewhere a no-op).

    A timer already running (an outer limit, such as a test's) is kept: the
    earlier of the two fires, and the outer one's handler runs when it is due.
    """
    if seconds is None or not _interruptible():
        yield
        return
    started = time.monotonic()
    outer_handler = signal.getsignal(signal.SIGALRM)
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_first = bool(outer_delay) and outer_delay <= seconds
    fired = False

    def expire(signum: int, frame: Any) -> None:
        nonlocal fired
        fired = True
        if outer_first and callable(outer_handler):
            outer_handler(signum, frame)
        raise OverBudget

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(min(seconds, outer_delay) if outer_delay else seconds, 1e-3))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler if outer_handler is not None else signal.SIG_DFL)
        if outer_delay and not (fired and outer_first):
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
