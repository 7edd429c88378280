"""Who said what: direct quotes and indirect attributions, with their speakers.

Rules rather than a model, because attribution is written in a closed
vocabulary that differs per language and no multilingual parser installs
offline.  For each paragraph:

1. quotation marks of any language are paired (:mod:`newsdesk.enrich.quotes.marks`);
   a quote left open at a paragraph's end continues in the next paragraph
   when that one opens again;
2. dash speech ("– Det betyder …, säger en officer") is a paragraph opening
   with a dash whose first sentence ends in an attribution;
3. each sentence (joined where a boundary falls inside a quotation) gets its
   attribution frames (:mod:`newsdesk.enrich.quotes.attribution`);
4. a quote takes the frame of its sentence ("X called it a “rout”" binds
   tighter than the sentence's verb; "…, X said" governs the whole sentence);
   a quote standing alone takes the attribution right after it ("“…” Trump
   said."), else the nearest frame before it in the paragraph or the previous
   one (news writes "He says … . “…”"); the pieces of one quote share a
   speaker.  Short quoted phrases with no frame are scare quotes and are
   dropped rather than given a wrong speaker.

Indirect speech is listed from each sentence's governing frame, unless its
content is mostly the direct quote already listed.  Speaker phrases are
resolved to names by :mod:`newsdesk.enrich.quotes.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.enrich.entities.lexicon import is_given_name
from newsdesk.enrich.quotes.attribution import MIN_CONTENT_WORDS, FrameFinder
from newsdesk.enrich.quotes.casing import Casing, is_title_case
from newsdesk.enrich.quotes.choice import named_headline, quote_frame, signature, tail_frame, with_rule_speakers
from newsdesk.enrich.quotes.cuemodel import CueModel, cue_model
from newsdesk.enrich.quotes.cues import FIRST_PERSON, PERSON_PRONOUNS, PRONOUNS, wordset
from newsdesk.enrich.quotes.frames import Frame, primary_frame
from newsdesk.enrich.quotes.guards import is_place_phrase, speaker_quality
from newsdesk.enrich.quotes.marks import DASHES, MASK, QuoteSpan, read_marks
from newsdesk.enrich.quotes.parsed import PARSED_LANGS, last_visible, parsed_frames, segments
from newsdesk.enrich.quotes.phrases import chars, np_right, subject_left, tokenize, words_in
from newsdesk.enrich.quotes.speakers import SpeakerResolver, agrees
from newsdesk.enrich.quotes.unspaced import find_unspaced
from newsdesk.enrich.quotes.words import WORD
from newsdesk.model import Quote, Report
from newsdesk.scripts import is_unspaced

FRAGMENT_MAX_WORDS = 6  # a quoted phrase this short that does not end a sentence is no quote of its own
REPEAT_MIN_WORDS = 4  # a quotation standing alone is matched to the same words quoted elsewhere ...
REPEAT_SHARE = 0.8  # ... when that many of its words recur there
_WORD = re.compile(r"\w+")
SCARE_MAX_WORDS = 4  # a quoted phrase this short, with no attribution, is a scare quote
DASH_SENTENCES = 3  # how many sentences of dash speech may precede its attribution
_DASH_LANGS = wordset("sv ru uk fi da no nb nn pl bg es pt it fr")


@dataclass
class _Piece:
    """A direct quote piece waiting for its speaker."""

    paragraph: int
    span: QuoteSpan
    frame: Frame | None = None
    group: int = -1
    extra: list[int] = field(default_factory=list)
    fragment: bool = False  # shorter than a clause, inside a sentence: part of that sentence's attribution
    borrowed: bool = False  # standing alone, its frame taken from a neighbouring sentence


_DEFAULT_MODEL = object()


def find_quotes(report: Report, model: CueModel | None | object = _DEFAULT_MODEL) -> list[Quote]:
    """Every direct quote and indirect attribution in ``report``, with speakers where the text gives them.

    ``model`` decides which parsed English clauses are attributions (default:
    the shipped :func:`.cuemodel.cue_model`; None reads English with the word
    lists alone, as every other language).  Chinese and Japanese, written without spaces, are read by
    :func:`.unspaced.find_unspaced`.
    """
    if is_unspaced(report.lang):
        return find_unspaced(report)
    chosen = cue_model() if model is _DEFAULT_MODEL else model
    cue_words = chosen.cue_words if isinstance(chosen, CueModel) else frozenset()
    casing: Casing | None = None  # read from the report at its first title-case headline; most have none
    spans_by_par, masked, readable = {}, {}, {}
    for p in report.paragraphs:
        spans_by_par[p.index], mtext, rtext = read_marks(p.text)
        if (p.lang or report.lang) in PARSED_LANGS and (is_title_case(mtext) or is_title_case(rtext)):
            # a title-case headline read as a sentence (see casing)
            casing = Casing.of(q.text for q in report.paragraphs) if casing is None else casing
            mtext, rtext = casing.sentence_cased(mtext, cue_words), casing.sentence_cased(rtext, cue_words)
        masked[p.index], readable[p.index] = mtext, rtext
    sentences = {p.index: segments(p.text, masked[p.index], p.lang or report.lang) for p in report.paragraphs}
    names: dict[int, list[tuple[int, int]]] = {}  # paragraph -> spans of the people and organisations it names
    for m in sorted(report.mentions, key=lambda m: (m.paragraph, m.start)):
        if m.type in ("person", "org"):
            names.setdefault(m.paragraph, []).append((m.start, m.end))
    people = frozenset(w.lower() for m in report.mentions if m.type == "person" for w in WORD.findall(m.text))
    parsed = parsed_frames(report, sentences, masked, readable, chosen)  # type: ignore[arg-type]
    pieces: list[_Piece] = []
    frames: list[Frame] = []
    group = 0
    carried: _Piece | None = None  # last piece of a quote running on into the next paragraph
    pending: Frame | None = None  # "X said:" waiting for the quote below
    last_frame: Frame | None = None  # the most recent frame of the previous paragraph (for standalone quotes)
    plain_tail: tuple[int, tuple[int, int]] | None = None  # the previous paragraph's last sentence, unattributed
    above: tuple[int, str] = (-1, "")  # the previous paragraph: index and masked text
    for par in report.paragraphs:
        lang = par.lang or report.lang
        finder = FrameFinder(lang)
        text, mtext = par.text, masked[par.index]
        above_index, above_text = above
        above = (par.index, mtext)
        par_frames: list[Frame] = []
        dash = _dash_speech(par.index, text, mtext, lang, finder)
        if dash is not None:
            piece, frame = dash
            if frame is None and last_frame is not None and last_frame.speaker is not None:
                piece.frame = last_frame  # "…, säger X." then "– …": the speech goes on
            elif frame is not None:
                piece.frame = frame
                frames.append(frame)
                par_frames.append(frame)
            if piece.frame is not None:
                piece.group, group = group, group + 1
                pieces.append(piece)
            last_frame = piece.frame
            pending, carried, plain_tail = None, None, None
            continue
        segs = []
        for seg_start, seg_end in sentences[par.index]:
            toks = tokenize(mtext, seg_start, seg_end, lang)
            after_quote = _after_quote(mtext, seg_start, above_text)
            seg_frames = rule_frames = finder.find(toks, par.index, after_quote)
            if (par.index, seg_start) in parsed:
                seg_frames = with_rule_speakers(parsed[(par.index, seg_start)], rule_frames, mtext, people)
                headline = named_headline(rule_frames, names.get(par.index, []), text) or signature(rule_frames)
                if headline is not None:  # it governs its statement: no verb the parse read in there does
                    seg_frames = [headline] + [f for f in seg_frames if f.cue_start < headline.cue_start]
            else:  # an unparsed headline's speaker, too, is a name or a source, in any language ("Dammbruch: …")
                headline = named_headline(rule_frames, names.get(par.index, []), text)
                rule_frames = [f for f in rule_frames if f.cue != ":" or f.content is None or f is headline]
                seg_frames = rule_frames
            for f in seg_frames + rule_frames:
                f.segment = len(segs)
            segs.append((seg_start, seg_end, toks, seg_frames, rule_frames))
        signed = signature(segs[0][4]) if segs else None
        last = pieces[-1] if pieces else None
        if (
            signed is not None
            and signed.cue_start == _lead(mtext)  # the paragraph is the signature, not a quotation signed in it
            and last is not None
            and last.paragraph == above_index
            and (last.borrowed or not last.frame)
        ):
            last.frame, last.borrowed = signed, False  # "“…”" and below it "— Ines Moor": the quotation is signed
        for k, (seg_start, seg_end, toks, seg_frames, rule_frames) in enumerate(segs):
            frame = primary_frame(seg_frames)
            if frame is not None:
                frame.primary = True
                if frame.anaphoric and frame.content is None and k > 0:
                    frame.content = _sentence_span(text, segs[k - 1][0], segs[k - 1][1])  # "… . Det uppger X."
                elif frame.anaphoric and frame.content is None and plain_tail is not None:
                    frame.content_paragraph, frame.content = plain_tail  # "…\n\nDet uppger X."
            frames.extend(seg_frames)
            if rule_frames is not seg_frames:
                own = [f for f in rule_frames if all(f is not g for g in seg_frames)]
                for f in own:  # they may speak direct quotes, never list statements of their own
                    f.quote_only = True
                frames.extend(f for f in own if f.speaker is not None)
            par_frames.extend(f for f in seg_frames if not f.naming)
            seg_spans = [s for s in spans_by_par[par.index] if seg_start <= s.outer_start < seg_end]
            standalone = words_in(toks, 0, len(toks)) == sum(1 for t in toks if t.text.startswith(MASK))
            for s in seg_spans:
                piece = _Piece(par.index, s, quote_frame(rule_frames, seg_frames, s, {par.index: text}, people))
                if carried is not None and s.outer_start == _lead(text):
                    piece.group = carried.group
                else:
                    piece.group, group = group, group + 1
                if piece.frame is None and standalone:
                    earlier = [f for f in par_frames if f.cue_start < s.start]
                    tail = tail_frame(segs[k + 1][2], segs[k + 1][3]) if k + 1 < len(segs) else None
                    piece.frame = tail or (earlier[-1] if earlier else None) or pending or last_frame
                    piece.borrowed = piece.frame is not None and piece.frame is not tail
                opening = _opens_sentence(text, seg_start, s)
                piece.fragment = not standalone and not opening and is_fragment(text[s.start : s.end])
                if piece.frame is None and not standalone and len(text[s.start : s.end].split()) <= SCARE_MAX_WORDS:
                    continue
                pieces.append(piece)
            carried = next((p for p in reversed(pieces) if p.paragraph == par.index and p.span.runs_on), None)
            if seg_frames and seg_frames[-1].opens_next:
                pending = seg_frames[-1]
            elif rule_frames and rule_frames[-1].opens_next:
                pending = rule_frames[-1]
            elif seg_spans:
                pending = None
        last_frame = (
            par_frames[-1]
            if par_frames
            else (pieces[-1].frame if pieces and pieces[-1].paragraph == par.index else None)
        )
        tail_start, tail_end, _, tail_frames, _ = segs[-1] if segs else (0, 0, [], [], [])
        quoted = any(tail_start <= s.outer_start < tail_end for s in spans_by_par[par.index])
        span = _sentence_span(text, tail_start, tail_end) if not quoted and primary_frame(tail_frames) is None else None
        plain_tail = (par.index, span) if segs and span is not None else None
    _share_within_groups(pieces)
    _repeated_statements(pieces, {p.index: p.text for p in report.paragraphs})
    resolver = SpeakerResolver(report, masked)
    return _build(report, pieces, frames, resolver, people)


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The sentence ``text[start:end]`` without its edge spaces and final punctuation; None when nothing is left."""
    body = text[start:end]
    stripped = body.rstrip().rstrip(".!?").rstrip()
    lead = len(body) - len(body.lstrip())
    return (start + lead, start + len(stripped)) if len(stripped) > lead else None


def _after_quote(masked: str, start: int, above: str) -> bool:
    """Whether what comes before ``masked[start:]`` ends in a quotation: the sentence before, or for a paragraph's
    first sentence the paragraph above (``above``, masked)."""
    return (last_visible(masked, start) or last_visible(above, len(above))) == MASK


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _dash_speech(
    index: int, text: str, masked: str, lang: str | None, finder: FrameFinder
) -> tuple[_Piece, Frame | None] | None:
    """A paragraph of dash-introduced speech: "– Det betyder …, säger en officer till tidningen."

    The attribution is the first sentence's tail after a comma (or dash) that
    holds a reporting verb; a dash paragraph without one continues the
    previous speaker's speech.
    """
    lead = _lead(text)
    if not (text[lead : lead + 1] in DASHES and text[lead + 1 : lead + 2].isspace()):
        return None
    start = lead + 1 + (len(text[lead + 1 :]) - len(text[lead + 1 :].lstrip()))
    segs = segments(text, masked, lang)
    # The attribution closes the first sentence, or a later one when the speech runs on
    # ("– Det var ingen … . Det var en katastrof, säger X.").
    for _seg_start, seg_end in segs[:DASH_SENTENCES] or [(start, len(text))]:
        found = _dash_attribution(index, text, masked, lang, finder, lead, start, seg_end)
        if found is not None:
            return found
    if lang not in _DASH_LANGS:
        return None
    return _Piece(index, QuoteSpan(start, len(text.rstrip()), lead, len(text)), None), None


def _dash_attribution(
    index: int, text: str, masked: str, lang: str | None, finder: FrameFinder, lead: int, start: int, end_of: int
) -> tuple[_Piece, Frame | None] | None:
    """The speech up to a ", säger X" tail inside ``masked[start:end_of]``, if there is one."""
    for m in reversed(list(re.finditer(r"[,!?…]\s*(?:[–—-]\s*)?", masked[start:end_of]))):
        tail_start = start + m.end()
        toks = tokenize(masked, tail_start, end_of, lang)
        verbs = [k for k, t in enumerate(toks[:5]) if t.low in finder.verbs]
        if not verbs:
            continue
        v = verbs[0]
        np_ = np_right(toks, v + 1, finder.comp) if v == 0 else subject_left(toks, v - 1)
        if np_ is None:
            continue
        end = start + m.start()
        span = QuoteSpan(start, end, lead, end)
        speaker = chars(toks, np_)
        frame = Frame(index, "– " + toks[v].text, toks[v].start, speaker, None)
        piece = _Piece(index, span, frame)
        rest = _lead_from(text, end_of)
        if rest < len(text):
            piece.extra.append(rest)
        return piece, frame
    return None


def _lead_from(text: str, i: int) -> int:
    return i + len(text[i:]) - len(text[i:].lstrip(" " + DASHES))


def _share_within_groups(pieces: list[_Piece]) -> None:
    """Pieces of one quotation (split across paragraphs) share the speaker found for any of them."""
    by_group: dict[int, Frame] = {}
    for p in pieces:
        if p.frame is not None and p.group not in by_group:
            by_group[p.group] = p.frame
    for p in pieces:
        if p.frame is None and p.group in by_group:
            p.frame = by_group[p.group]


def is_fragment(quoted: str) -> bool:
    """A quotation shorter than a clause: a few words, in lower case or just one or two, not ending a sentence.

    "a “rout”", "“driven back,”", "„Fleischwolf“" are fragments; "“Nobody
    listened to us,” said X" is a statement (its full stop became a comma).
    """
    words = quoted.split()
    if not words or len(words) > FRAGMENT_MAX_WORDS:
        return False
    if quoted.rstrip(" ,\"'’”»").endswith((".", "!", "?", "…")):
        return False
    first = quoted.lstrip(" \"'‘“«»„")[:1]
    return first.islower() or len(words) <= 2


def _opens_sentence(text: str, seg_start: int, span: QuoteSpan) -> bool:
    """A quotation that opens its sentence and a comma or dash closes: "«Estamos preparados», declaró …",
    "“No comment,” he said." -- a direct quote however short, not a fragment of the sentence."""
    if text[seg_start : span.outer_start].strip(" " + DASHES):
        return False
    closing = text[span.start : span.end].rstrip()[-1:] + text[span.outer_end : span.outer_end + 2].lstrip()[:1]
    return any(ch in closing for ch in "," + DASHES)


def _repeated_statements(pieces: list[_Piece], texts: dict[int, str]) -> None:
    """A quotation standing alone takes the speaker of the same words quoted elsewhere in the report.

    Reports open with a teaser quotation ("“They are mentally prepared for
    defeat.”") and attribute it later; until then the nearest frame is a
    guess, and a country or city is never the speaker of quoted words by
    proximity alone ("France claims …. “They are …”").
    """

    def words(p: _Piece) -> set[str]:
        return {w.lower() for w in _WORD.findall(texts[p.paragraph][p.span.start : p.span.end])}

    # Frames that speak a quotation of their own: "“…,” Carson said. “…”" goes on in the same voice,
    # even where the speaker's name is also a place's.
    speaking = {(p.frame.paragraph, p.frame.cue_start) for p in pieces if p.frame is not None and not p.borrowed}

    def by_proximity_only(p: _Piece) -> bool:
        if not p.borrowed or p.frame is None or (p.frame.paragraph, p.frame.cue_start) in speaking:
            return False
        return _place_speaker(p.frame, texts)

    for p in pieces:
        if p.frame is not None and not by_proximity_only(p):
            continue
        mine = words(p)
        if len(mine) >= REPEAT_MIN_WORDS:
            for other in pieces:
                if other is p or other.frame is None or other.borrowed:
                    continue
                if len(mine & words(other)) >= REPEAT_SHARE * len(mine):
                    p.frame, p.borrowed = other.frame, False
                    break
        if by_proximity_only(p):
            p.frame = None


def _place_speaker(frame: Frame, texts: dict[int, str]) -> bool:
    if frame.speaker is None:
        return False
    phrase = texts[frame.paragraph][frame.speaker[0] : frame.speaker[1]]
    return is_place_phrase(phrase)


def _plural(phrase: str) -> bool:
    """Whether a speaker phrase ends in a plural noun ("Officials", "Local residents"), for which "he" or "she"
    cannot stand; a phrase with a given name is someone's name ("Bret Stephens")."""
    words = WORD.findall(phrase)
    last = words[-1].lower() if words else ""
    plural = len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "'s", "’s"))
    return plural and not any(is_given_name(w) for w in words)


def _build(
    report: Report, pieces: list[_Piece], frames: list[Frame], resolver: SpeakerResolver, people: frozenset[str]
) -> list[Quote]:
    texts = {p.index: p.text for p in report.paragraphs}
    resolved: dict[int, tuple[str | None, str | None]] = {}
    previous: Frame | None = None
    seen: dict[tuple[int, int, tuple[int, int]], Frame] = {}  # a parsed frame and its word-list twin resolve once
    turns = _turn_labels(frames, texts)
    for f in sorted(frames, key=lambda f: (f.paragraph, f.cue_start, f.quote_only)):
        if f.speaker is None:
            continue
        twin = seen.setdefault((f.paragraph, f.cue_start, f.speaker), f)
        if twin is not f:
            resolved[id(f)] = resolved[id(twin)]
            continue
        phrase = texts[f.paragraph][f.speaker[0] : f.speaker[1]]
        if f.antecedent is not None:  # "X, who said …": X speaks
            phrase = texts[f.paragraph][f.antecedent[0] : f.antecedent[1]]
        res = resolver.resolve(phrase, (f.paragraph, f.speaker[0]))
        follows = previous is not None and (
            (previous.paragraph == f.paragraph and previous.segment in (f.segment, f.segment - 1))
            or (previous.paragraph == f.paragraph - 1 and f.segment == 0)
        )
        if follows and phrase.lower() in PERSON_PRONOUNS and resolved.get(id(previous), (None,))[0]:
            # "X said … . He added …": a pronoun right after an attribution continues its speaker.
            prev_phrase = texts[previous.paragraph][previous.speaker[0] : previous.speaker[1]]  # type: ignore[index]
            if prev_phrase[:1].isupper() and prev_phrase.lower() not in PRONOUNS:
                continued = resolver.resolve(prev_phrase, (previous.paragraph, previous.speaker[0]))  # type: ignore[index]
                named = continued.speaker != prev_phrase or continued.key is not None  # a known person or body
                if agrees(phrase, continued.gender) and (named or not _plural(prev_phrase)):
                    res = continued  # not "Holm said …. She added …", nor "Officials said …. He added …"
        label = turns.get(f.paragraph)
        if phrase.lower() in FIRST_PERSON and label is not None and label.cue_start < f.cue_start:
            res = resolver.resolve(texts[f.paragraph][label.speaker[0] : label.speaker[1]], (f.paragraph, 0))  # type: ignore[index]
        resolved[id(f)] = (res.speaker, res.key)
        if speaker_quality(phrase, people):  # "a statement Tuesday saying …. He added …": "He" is not Tuesday
            previous = f
        resolver.add_description(phrase, (f.paragraph, f.speaker[0]))
        resolver.add_speaker(phrase, (f.paragraph, f.speaker[0]))
    quotes: list[Quote] = []
    mixed: dict[tuple[int, int], list[tuple[int, int]]] = {}  # frame's cue -> the quoted fragments it holds
    for p in pieces:
        if p.fragment:  # never a quote of its own: its sentence's attribution holds it
            if p.frame is not None and p.frame.paragraph == p.paragraph:
                mixed.setdefault((p.paragraph, p.frame.cue_start), []).append((p.span.outer_start, p.span.outer_end))
            continue
        spans = [(p.span.start, p.span.end)] + [(s, len(texts[p.paragraph].rstrip())) for s in p.extra]
        for start, end in spans:
            quotes.append(_quote(texts, p.paragraph, start, end, "direct", p.frame, resolved))
    quoted = {(p.paragraph, p.span.outer_start, p.span.outer_end) for p in pieces if not p.fragment}
    listed = {(f.paragraph, f.cue_start) for f in frames if not f.quote_only}
    for f in frames:
        cue = (f.paragraph, f.cue_start)
        if cue in mixed and (not f.quote_only or cue not in listed):
            spans = mixed.pop(cue) + ([f.content] if f.content is not None else [])
            start, end = min(a for a, _ in spans), max(b for _, b in spans)
            quotes.append(_quote(texts, f.paragraph, start, end, "mixed", f, resolved))
            continue
        if f.content is None or f.naming or f.cue.startswith("–") or not f.primary or f.quote_only:
            continue
        start, end = f.content
        at = f.paragraph if f.content_paragraph is None else f.content_paragraph
        body = texts[at][start:end]
        inner = sum(max(0, min(b, end) - max(a, start)) for (par, a, b) in quoted if par == at)
        # a parsed clause's complement of one word is a statement ("criticized Trump", "endorsed Clinton"): the cue
        # model has judged the clause; the word lists' frames need three words to be sure of theirs
        if not body.split() or not f.parsed and len(body.split()) < MIN_CONTENT_WORDS or inner >= 0.6 * (end - start):
            continue
        quotes.append(_quote(texts, at, start, end, "indirect", f, resolved))
    quotes.sort(key=lambda q: (q.paragraph, q.start, q.kind))
    return quotes


def _turn_labels(frames: list[Frame], texts: dict[int, str]) -> dict[int, Frame]:
    """Paragraphs that open with a speaker's label, as a transcript's turns do ("TAPPER: Do you think …"): within
    one, "I" is the labelled speaker."""
    return {
        f.paragraph: f
        for f in frames
        if f.cue == ":" and f.speaker is not None and f.speaker[0] == _lead(texts[f.paragraph])
    }


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
