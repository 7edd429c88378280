"""Who said what: direct quotes and indirect attributions, with their speakers.

Rules rather than a model, because attribution is written in a closed
vocabulary that differs per language and no multilingual parser installs
offline.  The pass over each paragraph:

1. **Quotation marks** are paired by context, not by a per-language table:
   an opening mark follows space or start and precedes a word, a closing mark
   follows a word.  That one rule reads “…” and "…" (English), ”…”
   (Swedish, Finnish), „…“ (German, Czech), »…« (German, Danish) and «…»
   (French, Spanish, Russian), skips nested quotes (‘…’ inside “…”) and
   apostrophes, continues a quote across paragraphs (a paragraph left open
   and the next one opening again), and recovers a quote whose opening mark
   was lost (a closing mark with no opener).
2. **Dash speech** ("– Det betyder …, säger en officer") is a paragraph
   opening with a dash whose sentence ends in an attribution.
3. **Attribution frames** are found per sentence with the quoted text masked
   out, so that words inside a quote never read as cues: a reporting verb with
   its subject before it ("X said that …", "…, X said") or after it ("…,
   said X", V2 inversion "Till tidningen säger en soldat att …"), or a
   prepositional marker ("according to X", "enligt", "laut", "selon",
   "volgens", "según", "по словам").  A frame yields the speaker phrase and,
   for indirect speech, the content span.
4. Each quote takes the frame of its sentence; a quote standing alone as a
   sentence takes the nearest frame before it in the paragraph or the
   previous one (news writes "He says … . “…”"), and the pieces of one quote
   share a speaker.  Short quoted phrases with no frame are scare quotes
   (called a “rout”) and are dropped rather than given a wrong speaker.

Speaker phrases are resolved to names by :mod:`newsdesk.enrich.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.enrich.quote_cues import (
    ACCORDING_TO,
    DETERMINERS,
    INDEFINITE,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PREPOSITIONS,
    RELATIVES,
    SKIPPABLE,
    according_markers,
    words_for,
    wordset,
)
from newsdesk.enrich.sentences import sentence_spans
from newsdesk.enrich.speakers import SpeakerResolver
from newsdesk.model import Quote, Report

MASK = "\x1a"  # replaces quoted text so cue search never looks inside a quote
SCARE_MAX_WORDS = 4  # a quoted phrase this short, with no attribution, is a scare quote
MIN_CONTENT_WORDS = 3  # indirect content shorter than this is not a statement
MAX_SUBJECT_WORDS = 10

_OPENERS = '“„«»”"‘‚'
# Double marks close any double opener: sources mix “…" and "…” more often than not.
_CLOSERS_OF = {"“": '”“"', "„": '“”"', "«": "»", "»": "«", "”": '”"', '"': '"”“', "‘": "’", "‚": "‘’"}
_MARKS = set('“”„«»"‘’‚')
_MARK = re.compile(r"''|``|[“”„«»\"‘’‚]")
_AFTER_OPEN_OK = set(" \t([{–—-:/") | _MARKS
_BEFORE_CLOSE_OK = set(".,;:!?)]–—-…") | _MARKS
_DASHES = "–—-"
_DASH_LANGS = wordset("sv ru uk fi da no nb nn pl bg es pt it fr")
_V2_LANGS = wordset("sv de nl da no nb nn")
_BOUNDARY = {",", ";", ":", "(", ")", "–", "—", MASK, '"'}
_SUBORDINATORS = wordset("that which who whom whose att som dass que qui dat die что который которая")
_AUXILIARY_HOMOGRAPHS = {
    "fr": wordset("a"),
    "es": wordset("ha"),
    "it": wordset("ha"),
}  # auxiliaries spelt like articles
# Verbs that report only with their particle: "points out", "went on", "shot back".
_PHRASAL_CUES = {
    "points": "out",
    "pointed": "out",
    "went": "on",
    "goes": "on",
    "shot": "back",
    "fired": "back",
    "put": "it",
    "puts": "it",
}
_NAMING_SUBJECTS = wordset("has have had who which that he she they it we i also ,")
_FRENCH_INVERSION = re.compile(r"^(\w+?)(?:-t)?-(il|elle|ils|elles)$", re.IGNORECASE)
_OF = wordset("of from at från vid von aus de du del van")
_MARKER_WORDS = frozenset(m[0] for ms in ACCORDING_TO.values() for m in ms if len(m) == 1)  # "X enligt AFP": X ends
_NP_CONTINUERS = wordset("of who which whose")  # "said Jane Doe of the …", "said a member who …"
_QUANTIFIERS = wordset("another one some several many two three other")
_QUESTION = wordset("why how what when where whether which who whom")
_NAME_PARTICLES = wordset("de van von der den la le del da du di bin al ter")
_PASSIVE = wordset("was were is are be been being blev är var wurde wurden est été fue fueron werd")
_NEEDS_BREAK = wordset("continued")  # a cue only before punctuation or a quote
_TOKEN = re.compile(rf"{MASK}+|\w+(?:[’'\-]\w+)*|[^\w\s]")


@dataclass
class QuoteSpan:
    """A top-level quotation in a paragraph: content offsets and the marks around it."""

    start: int  # first character of the content
    end: int  # one past the content
    outer_start: int  # where the opening mark is (== start when it was lost)
    outer_end: int  # one past the closing mark (== end when the quote runs on)
    open_mark: str = ""
    runs_on: bool = False  # not closed in this paragraph


@dataclass
class Frame:
    """An attribution in one sentence: cue, speaker phrase, and content for indirect speech."""

    paragraph: int
    cue: str
    cue_start: int
    speaker: tuple[int, int] | None  # speaker phrase span in the paragraph
    content: tuple[int, int] | None  # indirect content span (None: only quotes)
    naming: bool = False  # "called it a 'rout'": gives quotes a speaker, is no statement itself
    opens_next: bool = False  # ends with ':' and attributes the quote that follows
    primary: bool = False  # governs its sentence: its content is listed as indirect speech
    prepositional: bool = False  # "according to X": not an attribution of the quote before it
    elided: bool = False  # the subject was borrowed from the main clause ("…, saying …")
    segment: int = 0  # sentence index in the paragraph


@dataclass
class _Piece:
    """A direct quote piece waiting for its speaker."""

    paragraph: int
    span: QuoteSpan
    frame: Frame | None = None
    group: int = -1
    standalone: bool = False
    dash: bool = False
    extra: list[int] = field(default_factory=list)


def quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations in ``text``, whatever the language's quotation marks.

    Typewriter conventions count too: ``''…''`` and ````…''`` (two apostrophes
    or backticks for a double quotation mark), as some archives store quotes.
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int, int]] = []  # (mark, start, end) of open marks
    for m in _MARK.finditer(text):
        i, j = m.start(), m.end()
        ch = '"' if len(m.group()) == 2 else m.group()
        prev = text[i - 1] if i else " "
        nxt = text[j] if j < len(text) else " "
        closes = (not prev.isspace() or ch in "»«") and (nxt.isspace() or nxt in _BEFORE_CLOSE_OK or ch in "»«")
        if ch == "’" and nxt.isalnum():
            continue  # an apostrophe
        level = next((k for k in range(len(stack) - 1, -1, -1) if ch in _CLOSERS_OF[stack[k][0]]), None)
        if level is not None and closes and m.group() != "``":
            mark, pos, end = stack[level]
            del stack[level:]
            if not stack:
                spans.append(QuoteSpan(end, i, pos, j, mark))
            continue
        opens = ch in "„«»" or ((prev in _AFTER_OPEN_OK or prev.isspace()) and not nxt.isspace())
        if ch == "‘" and prev.isalnum():
            opens = False
        if opens and ch in _OPENERS and len(stack) < 3:
            stack.append((ch, i, j))
        elif not stack and closes and ch in '”"':
            lead = len(text) - len(text.lstrip(" " + _DASHES))
            if len(text[lead:i].split()) >= SCARE_MAX_WORDS:
                spans.append(QuoteSpan(lead, i, lead, j, ""))
    if stack:
        mark, pos, end = stack[0]
        spans.append(QuoteSpan(end, len(text), pos, len(text), mark, runs_on=True))
    spans.sort(key=lambda s: s.start)
    return _drop_nested(spans)


def _drop_nested(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    for s in spans:
        if out and s.outer_start < out[-1].outer_end:
            continue
        out.append(s)
    return out


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """``text`` with every quotation (marks included) replaced by :data:`MASK`, offsets kept."""
    chars = list(text)
    for s in spans:
        chars[s.outer_start : s.outer_end] = MASK * (s.outer_end - s.outer_start)
    return "".join(chars)


def _segments(text: str, masked: str, lang: str | None) -> list[tuple[int, int]]:
    """Sentences of the paragraph, joined where a boundary falls inside a quotation."""
    out: list[tuple[int, int]] = []
    for start, end in sentence_spans(text, lang):
        prev_end = out[-1][1] if out else 0
        inside = masked[prev_end - 1 : prev_end] == MASK and masked[prev_end : prev_end + 1] == MASK
        if out and (inside or _inside_mask(masked, start)):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _inside_mask(masked: str, start: int) -> bool:
    before = masked[:start].rstrip()
    return bool(before) and before[-1] == MASK and masked[start : start + 1] == MASK


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    conj: bool = False  # a conjunction of the paragraph's language: ends a subject phrase

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(masked: str, start: int, end: int, lang: str | None) -> list[_Tok]:
    conj = words_for("conjunction", lang)
    return [_Tok(m.group(), m.start(), m.end(), m.group().lower() in conj) for m in _TOKEN.finditer(masked, start, end)]


def _is_word(t: _Tok) -> bool:
    return t.text[0].isalnum()


class _FrameFinder:
    """Finds the attribution frame of a sentence (token list over masked text)."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.verbs = words_for("reporting", lang)
        self.naming = words_for("naming", lang)
        self.comp = words_for("complementizer", lang)
        self.markers = according_markers(lang)
        self.auxiliaries = _AUXILIARY_HOMOGRAPHS.get(lang or "", frozenset())

    def find(self, toks: list[_Tok], paragraph: int) -> list[Frame]:
        """Every attribution frame of the sentence: prepositional markers, reporting and naming verbs, colons."""
        frames = []
        prep = self._prepositional(toks, paragraph)
        if prep is not None:
            frames.append(prep)
        for v, t in enumerate(toks):
            inversion = _FRENCH_INVERSION.match(t.text)
            if inversion and inversion.group(1).lower() in self.verbs:
                # "« … », rappelle-t-il": verb and pronoun subject in one token.
                pronoun = (t.start + inversion.start(2), t.end)
                frames.append(Frame(paragraph, t.text, t.start, pronoun, _span(toks, 0, _strip_back(toks, v))))
                continue
            if self._is_cue(toks, v):
                f = self._verbal(toks, v, paragraph, naming=t.low not in self.verbs)
                if f is None and self._elided(toks, v):
                    # "X has called that deceptive and said …": the subject is shared.
                    speaker = frames[-1].speaker if frames else _leading_name(toks, v)
                    if speaker is not None:
                        f = Frame(paragraph, t.text, t.start, speaker, _span(toks, v + 1, len(toks)), elided=True)
                if f is not None:
                    frames.append(f)
        if not frames:
            colon = self._colon(toks, paragraph)
            frames = [colon] if colon is not None else []
        return frames

    def _is_cue(self, toks: list[_Tok], v: int) -> bool:
        t = toks[v]
        nxt = toks[v + 1].text if v + 1 < len(toks) else "."
        if t.low in _PHRASAL_CUES:
            return nxt.lower() == _PHRASAL_CUES[t.low]
        if t.low not in self.verbs and t.low not in self.naming:
            return False
        if v and t.text[0].isupper():
            return False  # "the United States", "The Post": part of a name
        if v and toks[v - 1].low in DETERMINERS and toks[v - 1].low not in self.auxiliaries:
            return False  # a noun: "the claims", "his reports" (but French "a déclaré")
        if t.low in self.naming and t.low.endswith("ed") and self.lang in (None, "en") and v:
            # "a website called “…”" is a participle; "X has called it …", "X called it …" report.
            prev = toks[v - 1]
            if not (prev.low in _NAMING_SUBJECTS or prev.text[0].isupper()):
                return False
        # "continued Russian attacks" is an adjective; "X continued: “…”" reports.
        return t.low not in _NEEDS_BREAK or nxt in (":", ",", ".") or nxt.startswith(MASK)

    def _prepositional(self, toks: list[_Tok], paragraph: int) -> Frame | None:
        lows = [t.low for t in toks]
        for i in range(len(toks)):
            for marker in self.markers:
                if tuple(lows[i : i + len(marker)]) != marker:
                    continue
                after = i + len(marker)
                if marker[-1] in ("zufolge", "mukaan"):
                    np_ = _np_left(toks, i)
                    if np_ is None:
                        continue
                    speaker = (toks[np_[0]].start, toks[np_[1] - 1].end)
                    content = _span(toks, after, len(toks)) if np_[0] == 0 else _span(toks, 0, np_[0])
                else:
                    np_ = _np_right(toks, after, self.comp, bare_noun=True)
                    if np_ is None:
                        continue
                    speaker = (toks[np_[0]].start, toks[np_[1] - 1].end)
                    at_start = all(not _is_word(t) or t.conj for t in toks[:i])
                    content = _span(toks, np_[1], len(toks)) if at_start else _span(toks, 0, i)
                cue = " ".join(t.text for t in toks[i:after])
                return Frame(paragraph, cue, toks[i].start, speaker, content, prepositional=True)
        return None

    def _elided(self, toks: list[_Tok], v: int) -> bool:
        """ "…, saying …", "… and said …", "… went on to say …": the subject is the main clause's."""
        if not v:
            return False
        prev = toks[v - 1]
        participle = self.lang in (None, "en") and toks[v].low.endswith("ing") and prev.text == ","
        return participle or prev.conj or prev.low == "to"

    def _verbal(self, toks: list[_Tok], v: int, paragraph: int, naming: bool) -> Frame | None:
        cue = toks[v]
        if v and toks[v - 1].low in _PASSIVE:
            return None  # "X was asked": X is not the speaker
        if self._elided(toks, v):
            return None
        left = v - 1
        while left >= 0 and (
            toks[left].low in SKIPPABLE or (self.lang in (None, "en") and toks[left].low.endswith("ly"))
        ):
            left -= 1
        auxiliary = _FRENCH_INVERSION.match(toks[left].text) if left >= 0 else None
        if auxiliary:
            # "…, a-t-elle affirmé": the pronoun inside the auxiliary is the subject.
            pronoun = (toks[left].start + auxiliary.start(2), toks[left].end)
            content = _span(toks, 0, _strip_back(toks, left))
            return Frame(paragraph, cue.text, cue.start, pronoun, content, naming=naming)
        subject = _subject_left(toks, left)
        inverted = subject is None or (
            self.lang in _V2_LANGS and left >= 0 and toks[_chunk_start(toks, left)].low in PREPOSITIONS
        )
        after_break = left < 0 or toks[left].text in (",", ":", "–", "—") or toks[left].text.startswith(MASK)
        if inverted and (naming or not (after_break or self.lang in _V2_LANGS)):
            return None
        if inverted:
            np_ = _np_right(toks, v + 1, self.comp)
            if np_ is None or (self.lang not in _V2_LANGS and not _inverted_subject(toks, np_)):
                return None
            speaker_toks = np_
            before_end = _strip_back(toks, left + 1)
            after = np_[1]
            if after < len(toks) and toks[after].low in self.comp:
                content = _span(toks, after + 1, len(toks))
            else:
                content = _span(toks, 0, before_end) if before_end > 0 else None
        else:
            speaker_toks = subject
            content = self._content_for_subject(toks, v, subject)
        speaker = (toks[speaker_toks[0]].start, toks[speaker_toks[1] - 1].end)
        opens_next = bool(toks) and toks[-1].text == ":"
        return Frame(paragraph, cue.text, cue.start, speaker, content, naming=naming, opens_next=opens_next)

    def _content_for_subject(self, toks: list[_Tok], v: int, subject: tuple[int, int]) -> tuple[int, int] | None:
        """Indirect content of "S V …": after the cue (or its complementizer), or before "…, S V"."""
        right = None
        for k in range(v + 1, min(len(toks), v + 9)):
            if toks[k].low in self.comp or toks[k].text == ":":
                right = k + 1
                break
            if toks[k].text in (".", "!", "?", MASK) or toks[k].text.startswith(MASK):
                break
        # "…, X said": material before the subject's comma (or quote) is the content.
        left_material = _strip_back(toks, subject[0])
        joined = subject[0] > 0 and (toks[subject[0] - 1].text == "," or toks[subject[0] - 1].text.startswith(MASK))
        has_quote = any(t.text.startswith(MASK) for t in toks[:left_material])
        hopped = toks[v - 1].text == "," if v else False  # "X, spokesperson for Y, said": a wrapped subject
        enough = has_quote or _words_in(toks, 0, left_material) >= (6 if hopped else 2)
        if right is None and joined and left_material > 0 and enough:
            opening = toks[0].low
            if not (opening in PREPOSITIONS and _words_in(toks, v + 1, len(toks)) >= MIN_CONTENT_WORDS):
                return _span(toks, 0, left_material)
        start = right if right is not None else v + 1
        return _span(toks, start, len(toks))

    def _colon(self, toks: list[_Tok], paragraph: int) -> Frame | None:
        """ "Name: “…”", "Trump: Cruz has …" (a headline), or a sentence ending in ':' before a quote paragraph."""
        for k, t in enumerate(toks):
            if t.text != ":" or k == 0:
                continue
            start = k - 1
            while start > 0 and toks[start - 1].text not in ("-", "–", "—", ".", MASK):
                start -= 1
            words = [x for x in toks[start:k] if _is_word(x)]
            quote_next = k + 1 == len(toks) or toks[k + 1].text.startswith(MASK)
            if quote_next and len(words) > 6 and start == 0:
                # "The mayor, Pierre Dufour, was less reassuring: “…”": the sentence's opening phrase.
                comma = next((c for c in range(k) if toks[c].text == ","), None)
                lead = [x for x in toks[:comma] if _is_word(x)] if comma else []
                if 0 < len(lead) <= 4 and (lead[0].text[0].isupper() or lead[0].low in DETERMINERS):
                    return Frame(paragraph, ":", t.start, (toks[0].start, toks[comma - 1].end), None)
            if not words or not words[0].text[0].isupper() or len(words) > 6:
                continue
            headline = start == 0 and len(words) <= 5 and all(x.text[0].isupper() for x in words)
            if quote_next or headline:
                content = None if quote_next else _span(toks, k + 1, len(toks))
                speaker = (toks[start].start, toks[k - 1].end)
                return Frame(paragraph, ":", t.start, speaker, content, opens_next=k + 1 == len(toks))
        return None


def primary_frame(frames: list[Frame]) -> Frame | None:
    """The frame that governs a sentence: a sentence-final "…, X said" first, then "according to X", then the first."""
    final = [f for f in frames if f.content is not None and f.content[1] <= f.cue_start and not f.naming]
    if final:
        return final[-1]
    explicit = [f for f in frames if not f.naming and not f.elided]
    return explicit[0] if explicit else next((f for f in frames if not f.naming), None)


def frame_for_quote(frames: list[Frame], span: QuoteSpan) -> Frame | None:
    """The frame a quote in the sentence belongs to: "X called it a “rout”" binds tighter than the sentence's frame."""
    naming = [f for f in frames if f.naming and 0 < span.outer_start - f.cue_start < 40]
    if naming:
        return naming[-1]
    primary = primary_frame(frames)
    if primary is not None and primary.content is not None and primary.content[1] <= primary.cue_start:
        return primary  # "…, X said": the whole sentence is X's
    # "A woman asked for a photo and Clinton said, “…”": the nearest reporting verb before the quote.
    before = [f for f in frames if f.cue_start < span.outer_start and not f.naming and not f.prepositional]
    return before[-1] if before else primary or (frames[0] if frames else None)


def _span(toks: list[_Tok], i: int, j: int) -> tuple[int, int] | None:
    """Character span of tokens i..j with edge punctuation trimmed; None when it holds no words."""
    while i < j and not _is_word(toks[i]) and not toks[i].text.startswith(MASK):
        i += 1
    while j > i and not _is_word(toks[j - 1]) and not toks[j - 1].text.startswith(MASK):
        j -= 1
    if i >= j:
        return None
    return toks[i].start, toks[j - 1].end


def _words_in(toks: list[_Tok], i: int, j: int) -> int:
    return sum(1 for t in toks[i:j] if _is_word(t) or t.text.startswith(MASK))


def _strip_back(toks: list[_Tok], j: int) -> int:
    while j > 0 and not _is_word(toks[j - 1]) and not toks[j - 1].text.startswith(MASK):
        j -= 1
    return j


def _is_boundary(t: _Tok) -> bool:
    return t.text in _BOUNDARY or t.text.startswith(MASK) or t.conj or t.low in _SUBORDINATORS


def _chunk_start(toks: list[_Tok], last: int) -> int:
    k = last
    while k >= 0 and not _is_boundary(toks[k]):
        k -= 1
    return k + 1


def _subject_left(toks: list[_Tok], last: int) -> tuple[int, int] | None:
    """The subject noun phrase ending at token ``last``: back to punctuation, hopping appositions.

    "Yevgeny Prigozhin, head of the Wagner forces …, said": the verb follows
    a comma, the chunk before it is an apposition (lower case), so the subject
    is the chunk before that.  "…,” Lyudmila, a 22-year-old from …, told": a
    short capitalised chunk before a lower-case one is the name.
    """
    if last >= 0 and toks[last].text == ")":
        # "Sen. Jane Doe (D-Vt.) said": the parenthesis belongs to the name.
        opening = next((k for k in range(last - 1, -1, -1) if toks[k].text == "("), None)
        last = opening - 1 if opening is not None else last
    if last < 0:
        return None
    end = last + 1
    start = _chunk_start(toks, end - 1)
    chunk_words = [t for t in toks[start:end] if _is_word(t)]
    if len(chunk_words) == 1 and chunk_words[0].low in RELATIVES and start > 1 and toks[start - 1].text == ",":
        # "…, Barack Obama, who called …": the relative pronoun's antecedent speaks.
        return _subject_left(toks, start - 2) if toks[start - 2].text != "," else None
    if chunk_words:
        name = _name_before(toks, start)
        if name is not None and _is_apposition([t for t in toks[start:end] if _is_word(t)]):
            return name
        return _trim_subject(toks, start, end)
    for hop in range(4):
        # Appositions and relative clauses ("…, who has …,", "… forces that have …,") are skipped.
        if start == 0 or (toks[start - 1].text != "," and toks[start - 1].low not in _SUBORDINATORS):
            return None
        end = start - 1
        start = _chunk_start(toks, end - 1)
        chunk = [t for t in toks[start:end] if _is_word(t)]
        named = _name_before(toks, start)
        if named is not None and chunk and not _name_like(chunk):
            # "…,” Jenna Golden, Twitter’s director of …, said": the name before the apposition.
            return named
        if not chunk or _is_apposition(chunk):
            continue
        # Right after the verb's comma only a name set off by commas is a subject
        # ("…spokesperson, Igor Konashenkov, said"); a clause there is the content.
        if hop == 0 and not (_name_like(chunk) and start > 0 and toks[start - 1].text == ","):
            return None
        return _trim_subject(toks, start, end)
    return None


def _name_like(chunk: list[_Tok]) -> bool:
    return 0 < len(chunk) <= 4 and all(t.text[0].isupper() for t in chunk)


def _name_before(toks: list[_Tok], start: int) -> tuple[int, int] | None:
    """A short capitalised chunk ending in a comma right before token ``start``."""
    if start < 2 or toks[start - 1].text != ",":
        return None
    end = start - 1
    begin = _chunk_start(toks, end - 1)
    chunk = toks[begin:end]
    if all(_is_word(t) for t in chunk) and _name_like(chunk):
        return begin, end
    return None


def _is_apposition(chunk: list[_Tok]) -> bool:
    """A chunk that describes rather than names: "head of the …", "who has …", "a 22-year-old from …"."""
    first = chunk[0]
    if first.low in RELATIVES or first.low in INDEFINITE or first.text[0].isdigit():
        return True  # "…, who …", "…, a farmer, …", "…, 58, …"
    return first.text[0].islower() and first.low not in DETERMINERS and first.low not in PERSON_PRONOUNS


def _trim_subject(toks: list[_Tok], start: int, end: int) -> tuple[int, int] | None:
    """Drop a leading prepositional phrase or an over-long lead-in from a subject chunk."""
    words = [k for k in range(start, end) if _is_word(toks[k])]
    while words and (toks[words[0]].conj or (toks[words[0]].low.endswith("ly") and len(words) > 1)):
        words.pop(0)  # "And he said", "Domestically, …"
    if not words or (toks[words[0]].low in SKIPPABLE and toks[words[0]].low not in DETERMINERS):
        return None  # "… och har sagt att": the subject is elided
    leading_preposition = toks[words[0]].low in PREPOSITIONS and toks[words[0]].low not in DETERMINERS
    run = 0
    while run < len(words) and toks[words[run]].text[0].isupper() and toks[words[run]].low not in DETERMINERS:
        run += 1
    if 2 <= run < len(words) and toks[words[run]].low in _OF:
        # "Lars Öhman of the local group Save the River": the person before "of".
        words = words[:run]
    elif (leading_preposition or len(words) > 4) and toks[words[-1]].text[0].isupper():
        # "… reaction from U.S. President Barack Obama": the trailing name is the subject.
        k = len(words) - 1
        while k > 0 and (toks[words[k - 1]].text[0].isupper() or toks[words[k - 1]].low in _NAME_PARTICLES):
            k -= 1
        words = words[k:]
    elif leading_preposition or len(words) > 4:
        dets = [k for k in words[1:] if toks[k].low in DETERMINERS]
        if not dets and not leading_preposition and len(words) <= MAX_SUBJECT_WORDS:
            dets = [words[0]]
        if dets:
            words = [k for k in words if k >= dets[-1]]
        else:
            caps = [k for k in words[1:] if toks[k].text[0].isupper()]
            if not caps:
                return None
            words = [k for k in words if k >= caps[0]]
    if len(words) > MAX_SUBJECT_WORDS:
        return None
    if all(toks[k].low in DETERMINERS | PREPOSITIONS | RELATIVES for k in words) or toks[words[0]].low in _QUESTION:
        return None
    return words[0], words[-1] + 1


def _np_right(toks: list[_Tok], i: int, comp: frozenset[str], bare_noun: bool = False) -> tuple[int, int] | None:
    """A noun phrase starting at token ``i`` ("said Caddell", "säger en officer till …"), up to 7 words."""
    if i < len(toks) and toks[i].low in PREPOSITIONS and toks[i].low not in DETERMINERS:
        return None
    j = i
    named = i < len(toks) and toks[i].text[0].isupper()
    while j < len(toks) and j - i < 7:
        t = toks[j]
        if named and j > i and not t.text[0].isupper() and t.low not in _NAME_PARTICLES:
            break  # "laut Peter Hahn hat …": a name ends at the first lower-case word
        if bare_noun and j > i and not named and toks[i].low not in DETERMINERS | _QUANTIFIERS:
            break  # "enligt polisen skadades …": a bare noun is one word
        if not _is_word(t) or t.low in comp or t.conj or (j > i and t.low in _SUBORDINATORS | _MARKER_WORDS):
            break
        if j > i and t.low in PREPOSITIONS and t.low not in ("of", "de", "von", "van"):
            break
        j += 1
    if j == i or all(t.low in DETERMINERS for t in toks[i:j]):
        return None
    return i, j


def _inverted_subject(toks: list[_Tok], np_: tuple[int, int]) -> bool:
    """Whether ", said X" really names X: a name, pronoun or determiner phrase that ends the clause."""
    first = toks[np_[0]]
    if first.low in ORG_PRONOUNS or first.low in _QUESTION or np_[1] - np_[0] > 6:
        return False  # "saying it’s …", "asked why …"
    nxt = toks[np_[1]] if np_[1] < len(toks) else None
    if nxt is None or (not _is_word(nxt) and not nxt.text.startswith(MASK)):
        return True
    return nxt.low in PREPOSITIONS or nxt.low in _NP_CONTINUERS


def _leading_name(toks: list[_Tok], before: int | None = None) -> tuple[int, int] | None:
    """The name that is the subject of the main clause: "In 2016, Mrs. Smith endorsed X for president, saying …".

    The nearest capitalised run before token ``before`` that is followed by a
    lower-case word other than a preposition or article (most likely its verb).
    """
    end = len(toks) if before is None else before
    k = end - 1
    while k >= 0:
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        t = toks[k]
        verb_follows = nxt is not None and _is_word(nxt) and nxt.text[0].islower()
        if (
            verb_follows
            and nxt.low not in DETERMINERS | PREPOSITIONS
            and not nxt.conj
            and _is_word(t)
            and t.text[0].isupper()
        ):
            start = k
            while (
                start > 0
                and _is_word(toks[start - 1])
                and (toks[start - 1].text[0].isupper() or toks[start - 1].low in _NAME_PARTICLES)
            ):
                start -= 1
            while start < k and (toks[start].low in DETERMINERS | PREPOSITIONS or toks[start].conj):
                start += 1
            if toks[start].low not in DETERMINERS | PREPOSITIONS and not toks[start].conj:
                return toks[start].start, t.end
        k -= 1
    return None


def _np_left(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    start = _chunk_start(toks, i - 1)
    return (start, i) if any(_is_word(t) for t in toks[start:i]) else None


def find_quotes(report: Report) -> list[Quote]:
    """Every direct quote and indirect attribution in ``report``, with speakers where the text gives them."""
    spans_by_par = {p.index: quote_spans(p.text) for p in report.paragraphs}
    masked = {p.index: mask_quotes(p.text, spans_by_par[p.index]) for p in report.paragraphs}
    pieces: list[_Piece] = []
    frames: list[Frame] = []
    group = 0
    carried: _Piece | None = None  # last piece of a quote running on into the next paragraph
    pending: Frame | None = None  # "X said:" waiting for the quote below
    last_frame: Frame | None = None  # the most recent frame of the previous paragraph (for standalone quotes)
    for par in report.paragraphs:
        lang = par.lang or report.lang
        finder = _FrameFinder(lang)
        text, mtext = par.text, masked[par.index]
        par_frames: list[Frame] = []
        dash = _dash_speech(par.index, text, mtext, lang, finder)
        if dash is not None:
            piece, frame = dash
            if frame is None and last_frame is not None and last_frame.cue.startswith("–"):
                piece.frame = last_frame
            elif frame is not None:
                piece.frame = frame
                frames.append(frame)
                par_frames.append(frame)
            if piece.frame is not None:
                piece.group, group = group, group + 1
                pieces.append(piece)
            last_frame = piece.frame
            pending, carried = None, None
            continue
        segs = []
        for seg_start, seg_end in _segments(text, mtext, lang):
            toks = _tokens(mtext, seg_start, seg_end, lang)
            seg_frames = finder.find(toks, par.index)
            for f in seg_frames:
                f.segment = len(segs)
            segs.append((seg_start, seg_end, toks, seg_frames))
        for k, (seg_start, seg_end, toks, seg_frames) in enumerate(segs):
            frame = primary_frame(seg_frames)
            if frame is not None:
                frame.primary = True
            frames.extend(seg_frames)
            par_frames.extend(f for f in seg_frames if not f.naming)
            seg_spans = [s for s in spans_by_par[par.index] if seg_start <= s.outer_start < seg_end]
            standalone = _words_in(toks, 0, len(toks)) == sum(1 for t in toks if t.text.startswith(MASK))
            for s in seg_spans:
                piece = _Piece(par.index, s, frame_for_quote(seg_frames, s), standalone=standalone)
                if carried is not None and s.outer_start == _lead(text):
                    piece.group = carried.group
                else:
                    piece.group, group = group, group + 1
                if piece.frame is None and standalone:
                    earlier = [f for f in par_frames if f.cue_start < s.start]
                    tail = _tail_frame(segs[k + 1][2], segs[k + 1][3]) if k + 1 < len(segs) else None
                    piece.frame = tail or (earlier[-1] if earlier else None) or pending or last_frame
                if piece.frame is None and not standalone and len(text[s.start : s.end].split()) <= SCARE_MAX_WORDS:
                    continue
                pieces.append(piece)
            carried = next((p for p in reversed(pieces) if p.paragraph == par.index and p.span.runs_on), None)
            if seg_frames and seg_frames[-1].opens_next:
                pending = seg_frames[-1]
            elif seg_spans:
                pending = None
        last_frame = (
            par_frames[-1]
            if par_frames
            else (pieces[-1].frame if pieces and pieces[-1].paragraph == par.index else None)
        )
    _share_within_groups(pieces)
    resolver = SpeakerResolver(report, masked)
    return _build(report, pieces, frames, resolver)


def _tail_frame(toks: list[_Tok], frames: list[Frame]) -> Frame | None:
    """The attribution opening the sentence after a quote: "“… missing.” Trump said." (the quote ended in a full stop)."""
    frame = primary_frame(frames)
    if frame is None or frame.speaker is None or frame.prepositional or not toks:
        return None
    cue_index = next((k for k, t in enumerate(toks) if t.start == frame.cue_start), len(toks))
    if cue_index > 6 or frame.speaker[0] > toks[min(6, len(toks) - 1)].start:
        return None
    return frame


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _dash_speech(
    index: int, text: str, masked: str, lang: str | None, finder: _FrameFinder
) -> tuple[_Piece, Frame | None] | None:
    """A paragraph of dash-introduced speech: "– Det betyder …, säger en officer till tidningen."

    The attribution is the first sentence's tail after a comma (or dash) that
    holds a reporting verb; a dash paragraph without one continues the
    previous speaker's speech.
    """
    lead = _lead(text)
    if not (text[lead : lead + 1] in _DASHES and text[lead + 1 : lead + 2].isspace()):
        return None
    start = lead + 1 + (len(text[lead + 1 :]) - len(text[lead + 1 :].lstrip()))
    segs = _segments(text, masked, lang)
    first_end = segs[0][1] if segs else len(text)
    for m in reversed(list(re.finditer(r"[,!?…]\s*(?:[–—-]\s*)?", masked[start:first_end]))):
        tail_start = start + m.end()
        toks = _tokens(masked, tail_start, first_end, lang)
        verbs = [k for k, t in enumerate(toks[:5]) if t.low in finder.verbs]
        if not verbs:
            continue
        v = verbs[0]
        np_ = _np_right(toks, v + 1, finder.comp) if v == 0 else _subject_left(toks, v - 1)
        if np_ is None:
            continue
        end = start + m.start()
        span = QuoteSpan(start, end, lead, end)
        speaker = (toks[np_[0]].start, toks[np_[1] - 1].end)
        frame = Frame(index, "– " + toks[v].text, toks[v].start, speaker, None)
        piece = _Piece(index, span, frame, dash=True)
        rest = _lead_from(text, first_end)
        if rest < len(text):
            piece.extra.append(rest)
        return piece, frame
    if lang not in _DASH_LANGS:
        return None
    return _Piece(index, QuoteSpan(start, len(text.rstrip()), lead, len(text)), None, dash=True), None


def _lead_from(text: str, i: int) -> int:
    return i + len(text[i:]) - len(text[i:].lstrip(" " + _DASHES))


def _share_within_groups(pieces: list[_Piece]) -> None:
    """Pieces of one quotation (split across paragraphs) share the speaker found for any of them."""
    by_group: dict[int, Frame] = {}
    for p in pieces:
        if p.frame is not None and p.group not in by_group:
            by_group[p.group] = p.frame
    for p in pieces:
        if p.frame is None and p.group in by_group:
            p.frame = by_group[p.group]


def _build(report: Report, pieces: list[_Piece], frames: list[Frame], resolver: SpeakerResolver) -> list[Quote]:
    texts = {p.index: p.text for p in report.paragraphs}
    resolved: dict[int, tuple[str | None, str | None]] = {}
    previous: Frame | None = None
    for f in sorted(frames, key=lambda f: (f.paragraph, f.cue_start)):
        if f.speaker is None:
            continue
        phrase = texts[f.paragraph][f.speaker[0] : f.speaker[1]]
        res = resolver.resolve(phrase, (f.paragraph, f.speaker[0]))
        follows = previous is not None and (
            (previous.paragraph == f.paragraph and previous.segment in (f.segment, f.segment - 1))
            or (previous.paragraph == f.paragraph - 1 and f.segment == 0)
        )
        if follows and phrase.lower() in PERSON_PRONOUNS and resolved.get(id(previous), (None,))[0]:
            # "X said … . He added …": a pronoun right after an attribution continues its speaker.
            prev_phrase = texts[previous.paragraph][previous.speaker[0] : previous.speaker[1]]  # type: ignore[index]
            if prev_phrase[:1].isupper() and prev_phrase.lower() not in PERSON_PRONOUNS:
                res = resolver.resolve(prev_phrase, (previous.paragraph, previous.speaker[0]))  # type: ignore[index]
        resolved[id(f)] = (res.speaker, res.key)
        previous = f
        resolver.add_description(phrase, (f.paragraph, f.speaker[0]))
        resolver.add_speaker(phrase, (f.paragraph, f.speaker[0]))
    quotes: list[Quote] = []
    for p in pieces:
        spans = [(p.span.start, p.span.end)] + [(s, len(texts[p.paragraph].rstrip())) for s in p.extra]
        for start, end in spans:
            quotes.append(_quote(texts, p.paragraph, start, end, "direct", p.frame, resolved))
    quoted = {(p.paragraph, p.span.outer_start, p.span.outer_end) for p in pieces}
    for f in frames:
        if f.content is None or f.naming or f.cue.startswith("–") or not f.primary:
            continue
        start, end = f.content
        body = texts[f.paragraph][start:end]
        inner = sum(b - a for (par, a, b) in quoted if par == f.paragraph and start <= a and b <= end)
        if len(body.split()) < MIN_CONTENT_WORDS or inner >= 0.6 * (end - start):
            continue
        quotes.append(_quote(texts, f.paragraph, start, end, "indirect", f, resolved))
    quotes.sort(key=lambda q: (q.paragraph, q.start, q.kind))
    return quotes


def _quote(
    texts: dict[int, str],
    paragraph: int,
    start: int,
    end: int,
    kind: str,
    frame: Frame | None,
    resolved: dict[int, tuple[str | None, str | None]],
) -> Quote:
    text = texts[paragraph]
    while end > start and text[end - 1] in " ,":
        end -= 1
    q = Quote(paragraph=paragraph, start=start, end=end, text=text[start:end], kind=kind)  # type: ignore[arg-type]
    if frame is not None and frame.speaker is not None:
        q.speaker, q.speaker_key = resolved.get(id(frame), (None, None))
        q.cue = frame.cue
        q.speaker_paragraph = frame.paragraph
        q.speaker_start, q.speaker_end = frame.speaker
    elif frame is not None:
        q.cue = frame.cue
    return q
