"""Who said what in languages written without spaces between words: Chinese and Japanese.

The finder of :mod:`newsdesk.enrich.quotes.finder` reads words between spaces, and Chinese and Japanese run their
words together, so there it finds neither a reporting verb nor a speaker.  Their news reports speech in a few fixed
shapes, which are read here from the marks around it:

- Chinese, direct: ``X说：“…”`` (speaker, verb, colon, quotation), or ``“…”X说。`` (the quotation first);
- Chinese, indirect: ``X表示，…。`` (a sentence that opens with speaker and verb and a comma), ``据X报道，…。``
  ("according to X");
- Japanese, direct: ``Xは…「…」と述べた`` (the speaker before は or が, the quotation ended by と and the verb);
- Japanese, indirect: ``Xによると、…。`` ("according to X").

The speaker is the phrase between the start of its clause and the verb, cut where a time or place phrase begins
("市长李明在发布会上说" is said by 市长李明).  A pronoun speaker (他, 她, 彼), or none (Japanese drops a subject
the reader knows), stands for the last speaker named before it.  Every pattern is a bounded run of characters between punctuation marks, so the work stays linear in
the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsdesk.model import Quote, QuoteKind, Report
from newsdesk.scripts import KANA

SPEAKER_CHARS = 24  # a speaker phrase is at most this long; a longer run before a verb is a clause, not a speaker
QUOTE_CHARS = 1000  # a quotation runs at most this far before its closing mark
CONTENT_CHARS = 500  # reported speech runs at most this far before the sentence ends
MIN_CONTENT_CHARS = 4  # shorter reported speech is no statement

_ZH_VERBS = "告诉记者|接受采访时说|表示|指出|强调|透露|宣布|坦言|回应|认为|介绍|解释|补充|警告|承认|否认|声称|写道|问道|答道|说|称"
_JA_VERBS = "述べ|語っ|語り|話し|話す|強調|説明|明らかに|発表|指摘|言っ|訴え|主張|批判|述べる"
_OPEN, _CLOSE = "“「『", "”」』"
_STOP = "。！？；\n"  # ends a sentence
_PUNCT = _STOP + "，、：:,“”「」『』"
_CLAUSE_START = rf"(?<![^{_STOP}，、,”」』])"  # at the text's start or right after a boundary
_SENTENCE_START = rf"(?<![^{_STOP}])"
_HEAD = rf"(?P<head>[^{_PUNCT}]{{1,{SPEAKER_CHARS}}}?)"
# A quotation stops at the next opening mark: a run of unclosed marks is then cheap to pass over (nested quotations,
# rare in news, are not read).
_QUOTE = rf"(?P<open>[{_OPEN}])(?P<quote>[^{_OPEN}{_CLOSE}\n]{{1,{QUOTE_CHARS}}})[{_CLOSE}]"
_CONTENT = rf"(?P<content>[^{_STOP}]{{{MIN_CONTENT_CHARS},{CONTENT_CHARS}}})(?=[{_STOP}]|$)"

_PATTERNS: dict[str, tuple[tuple[QuoteKind, re.Pattern[str]], ...]] = {
    "zh": (
        ("direct", re.compile(rf"{_CLAUSE_START}{_HEAD}(?P<cue>{_ZH_VERBS})[：:]\s?{_QUOTE}")),
        ("direct", re.compile(rf"{_QUOTE}[，,]?{_HEAD}(?P<cue>{_ZH_VERBS})(?=[{_STOP}，,]|$)")),
        ("indirect", re.compile(rf"{_SENTENCE_START}{_HEAD}(?P<cue>{_ZH_VERBS})[，,：:](?![{_OPEN}]){_CONTENT}")),
        ("indirect", re.compile(rf"{_SENTENCE_START}(?P<cue>据){_HEAD}(?:报道|消息|透露|介绍|称)?[，,]{_CONTENT}")),
    ),
    "ja": (
        (
            "direct",
            re.compile(rf"{_CLAUSE_START}{_HEAD}[はが][^{_PUNCT}]{{0,40}}?{_QUOTE}と(?P<cue>{_JA_VERBS})"),
        ),
        ("direct", re.compile(rf"{_QUOTE}と(?P<cue>{_JA_VERBS})")),
        ("indirect", re.compile(rf"{_SENTENCE_START}{_HEAD}(?P<cue>によると|によれば)[、，,]{_CONTENT}")),
    ),
}
# Where a speaker phrase ends and the time or place of the speech begins ("在发布会上", "周二", "日前").
_ADVERBIAL = re.compile(
    r"在|于|对|向|据|昨天|今天|昨日|今日|日前|近日|当天|当日|周[一二三四五六日]|星期|上午|下午|晚间|早些时候|"
    r"还|也|则|曾|再次|又|并"
)
_PRONOUNS = frozenset({"他", "她", "他们", "她们", "它", "彼", "彼女", "同氏"})


@dataclass
class _Found:
    start: int
    end: int
    kind: QuoteKind
    cue: str
    speaker: tuple[int, int] | None


def speaker_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The speaker phrase in ``text[start:end]``: up to the first time or place phrase after its first character."""
    cut = _ADVERBIAL.search(text, start + 1, end)
    end = cut.start() if cut else end
    return (start, end) if end > start else None


def _patterns_for(text: str) -> str:
    """Which language's shapes to read ``text`` by: Japanese where it has kana, else Chinese.

    By script rather than by the detected language: a Chinese text of a few sentences is often taken for
    Japanese (both write Han characters), and only Japanese writes kana.
    """
    return "ja" if KANA.search(text) else "zh"


def _matches(text: str) -> Iterator[_Found]:
    for kind, pattern in _PATTERNS[_patterns_for(text)]:
        for m in pattern.finditer(text):
            body = "quote" if "quote" in pattern.groupindex and m.group("quote") else "content"
            speaker = speaker_span(text, *m.span("head")) if "head" in pattern.groupindex else None
            yield _Found(m.start(body), m.end(body), kind, m.group("cue"), speaker)


def find_unspaced(report: Report) -> list[Quote]:
    """Direct and indirect quotes of a Chinese or Japanese report, in text order, with speakers where given.

    Where two shapes read the same words (a quotation read as both ``X说：“…”`` and ``“…”Y说``), the first
    shape listed wins: the verb before a quotation governs it.
    """
    quotes: list[Quote] = []
    named: str | None = None  # the last speaker named: what a pronoun stands for
    for par in report.paragraphs:
        taken: list[tuple[int, int]] = []
        found = []
        for f in _matches(par.text):
            if any(f.start < end and start < f.end for start, end in taken):
                continue
            taken.append((f.start, f.end))
            found.append(f)
        for f in sorted(found, key=lambda f: f.start):
            speaker = par.text[slice(*f.speaker)] if f.speaker else None
            if speaker is None or speaker in _PRONOUNS:
                speaker = named  # a pronoun, or Japanese dropping the subject: the speaker goes on
            else:
                named = speaker
            quotes.append(
                Quote(
                    paragraph=par.index,
                    start=f.start,
                    end=f.end,
                    text=par.text[f.start : f.end],
                    kind=f.kind,
                    speaker=speaker,
                    cue=f.cue,
                    speaker_paragraph=par.index if f.speaker else None,
                    speaker_start=f.speaker[0] if f.speaker else None,
                    speaker_end=f.speaker[1] if f.speaker else None,
                )
            )
    return quotes
