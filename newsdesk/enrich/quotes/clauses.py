"""English attributions read from spaCy's dependency parse: who (subject) reports what (complement) with which verb.

Word lists and a left-to-right chunker (:mod:`.attribution`) find the common
shapes of reported speech, but English news writes attribution in many more
ways than a list can hold ("Clinton criticized the accord adopted in Paris",
"the poll shows most voters …", "X, who has long argued that …", "…, saying
…").  The dependency parse gives every such clause the same shape: a verb, its
subject and its complement.  This module turns each verb of a parsed sentence
into a :class:`Clause` -- cue, speaker span, content span -- and describes it
with features; whether a clause is an attribution at all is decided by the
fitted model in :mod:`.cuemodel`, not here.

Subjects are found through the parse's own links: a nominal subject, the agent
of a passive ("it was said by X"), the subject of the verb a participle or a
coordinated verb hangs from ("…, saying …", "… and added that …"), and the
antecedent of a relative pronoun ("X, who said …").  Content is the clausal
complement ("said that …", "“…,” he said"), else the objects and
complements ("urged voters to …", "criticized the accord", "warned of …"),
else the clause the cue interrupts ("The plan, he said, is dead"), else what
follows a colon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsdesk.enrich.entities.lexicon import time_words
from newsdesk.enrich.quotes.cues import wordset
from newsdesk.enrich.quotes.subjects import (
    RELATIVE,
    described,
    is_noun,
    is_verb,
    speaker_span,
    subject_kind,
    subject_of,
)

PARSE_MAX_CHARS = 2_000  # a longer "sentence" is not prose (a table, a run-on list): the word lists read it

# Complements that carry what was said when there is no clausal complement.
_OBJECTS = frozenset({"dobj", "xcomp", "attr", "oprd", "dative", "acomp"})
_PREP_CONTENT = frozenset({"about", "of", "on", "for", "against", "to", "with", "over", "that"})
# Words that make a prepositional phrase a time or place, not a topic ("said on Tuesday", "spoke at the rally"),
# besides the calendar's (lexicon.time_words).
_CIRCUMSTANCE = wordset("day week month year weekend time tonight occasion point moment")
_TELL = wordset("tell tells told telling")
# Whom one tells, as the object of "tell" (see _addressee), besides names.
_AUDIENCES = wordset(
    "reporters journalists crowd crowds audience audiences rally supporters voters listeners viewers readers "
    "lawmakers parliament session meeting conference committee newspaper radio television station network"
)
# Dependents of an object that add a second thought rather than name what was said.
_OBJECT_ASIDES = frozenset({"relcl", "appos", "advcl", "parataxis"})
# Dependents of a cue that may open what was said, before its complement (see _fronted).
_FRONTED = frozenset({"advmod", "advcl", "npadvmod"})
# Verbs whose subject belongs to what they report ("X seems to …"): applied after the clause's features are read,
# so the cue model decides as before.
_RAISING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "'ll", "’ll", "'d", "’d"})
_QUOTE_CHARS = frozenset('“”"‘’«»„')
_LENGTH_BUCKETS = (0, 1, 3, 6, 11, 21)
_FIRST_WORDS = wordset(
    "that to how what why whether if who the a an his her their its it this he she they we i you about of for "
    "on with in as there"
)


@dataclass
class Clause:
    """One verb of a parsed sentence as a possible attribution, offsets in the paragraph."""

    form: str  # the cue word in lower case: what the model reads first and prunes on
    cue: str  # the cue as written, with its particle ("pointed out")
    cue_start: int
    cue_end: int
    speaker: tuple[int, int] | None
    content: tuple[int, int] | None
    features: list[str] = field(default_factory=list)
    prepositional: bool = False  # "according to X"
    content_before: bool = False  # "“…,” X said": the content precedes the cue
    speaker_token: int = -1  # index of the subject's head in the parse (for tests and diagnostics)
    antecedent: tuple[int, int] | None = None  # the noun phrase a relative pronoun subject stands for
    clause_start: int = (
        -1
    )  # where the cue's own clause begins (its subject, or the cue): see :func:`.parsed.trim_nested`
    continues: bool = False  # a coordinated or participial verb, or a second complement ("… and he railed …")
    borrowed: bool = False  # its subject is another verb's ("…, saying …", "… and added …")


@cache
def _parser() -> Any:
    """spaCy's English tagger and parser (the NER is not needed here), loaded once per process; None if missing.

    Same model as the entity stage (:data:`..entities.spacy_ner.SPACY_MODEL`),
    loaded without its NER and attribute ruler (see :func:`_verb`), on numpy's
    BLAS as there.
    """
    try:
        import spacy
        from thinc.api import NumpyOps

        from newsdesk.enrich.entities.spacy_ner import SPACY_MODEL

        nlp = spacy.load(SPACY_MODEL, exclude=["ner", "lemmatizer", "senter", "attribute_ruler"])
    except (ImportError, OSError):
        return None
    ops = NumpyOps(use_blis=False)
    for name in nlp.pipe_names:
        model = getattr(nlp.get_pipe(name), "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops
    return nlp


def parse(texts: list[str]) -> list[Any] | None:
    """The dependency parses of ``texts`` (sentences), or None when spaCy's English model is not installed."""
    nlp = _parser()
    if nlp is None:
        return None
    if not texts:
        return []
    from newsdesk.enrich.entities.spacy_ner import _one_blas_thread

    with _one_blas_thread():
        return list(nlp.pipe(texts))


def clauses(doc: Any, offset: int, triggers: frozenset[str] | None = None) -> list[Clause]:
    """Every attribution-shaped clause of a parsed sentence ``doc`` whose text starts at ``offset`` in its paragraph.

    ``triggers`` limits the cues looked at to these lower-case forms (the words
    the model can accept at all); ``None`` looks at every verb.
    """
    text = doc.text  # spaCy rebuilds it from the tokens on every access: read once per sentence
    out = []
    for tok in doc:
        low = tok.lower_
        if triggers is not None and low not in triggers:
            continue
        if low == "according":
            found = _according(tok, offset, text)
        elif is_verb(tok) and tok.dep_ not in ("aux", "auxpass"):
            found = _verbal(tok, offset, text)
        elif tok.tag_ in ("NN", "NNS"):
            found = _nominal(tok, offset, text)
        else:
            found = None
        if found is not None:
            out.append(found)
    return out


def _verbal(v: Any, offset: int, text: str) -> Clause | None:
    subject, how = subject_of(v)
    content, comp, mark = _content(v)
    before = content is not None and content[1] <= v.idx
    particle = next((c for c in v.children if c.dep_ == "prt"), None)
    cue_end = (particle.idx + len(particle.text)) if particle is not None and particle.i == v.i + 1 else v.idx + len(v)
    if comp == "passive" and subject is None:
        content, comp = None, "none"  # "The rebels are pushed back": no one speaks
    speaker = speaker_span(subject) if subject is not None else None
    antecedent = speaker_span(described(v.head)) if how == "relcl" else None
    feats = [f"comp={comp}", f"dep={v.dep_}", f"tag={v.tag_}", f"subj={subject_kind(subject)}", f"how={how}"]
    if mark:
        feats.append(f"mark={mark}")
    if particle is not None:
        feats.append(f"prt={particle.lower_}")
    children = list(v.children)
    if any(c.dep_ == "neg" for c in children):
        feats.append("neg")
    if any(c.dep_ == "auxpass" for c in children):
        feats.append("passive")
    modal = next((c.lower_ for c in children if c.dep_ == "aux" and c.lower_ in _MODALS), None)
    if modal:
        feats.append("modal")
    if before:
        feats.append("before")
    if subject is not None and is_noun(subject):
        feats.append(f"subjnoun={subject.lower_}")
    first = _first_word(text, content)
    if first:
        feats.append(f"first={first}")
    if content is not None:
        said = text[content[0] : content[1]]
        feats.append(f"clen={_bucket(len(said.split()))}")
        if not _QUOTE_CHARS.isdisjoint(said):
            feats.append("cquote")
    if not _QUOTE_CHARS.isdisjoint(text):
        feats.append("squote")
    own = next((t for t in v.subtree if t.i <= v.i and not t.is_punct and t.dep_ != "cc"), None)
    if comp in ("dobj", "dative") and v.lower_ in _TELL and _addressee(v):
        content = None  # "“…” She told the Gazette.": whom she told, not what (after the features are read)
    if v.lower_ in _RAISING and subject is not None and subject.i < v.i and content is not None and not before:
        # "Trump's supporters seemed unperturbed": the subject is part of the impression, not its source
        content, speaker = (subject.left_edge.idx, content[1]), None
    return _clause(
        v,
        cue_end,
        offset,
        text,
        speaker,
        content,
        feats,
        content_before=before,
        speaker_token=subject.i if subject is not None else -1,
        antecedent=_shift(antecedent, offset),
        clause_start=offset + (own.idx if own is not None else v.idx),
        continues=v.dep_ == "conj" or how in ("conj", "shared") or _second_complement(v),
        borrowed=how in ("conj", "shared"),
    )


def _addressee(v: Any) -> bool:
    """The object of "tell" is a name or an audience ("told The New York Times", "told a cheering crowd")."""
    objects = [c for c in v.children if c.dep_ in ("dobj", "dative")]
    return len(objects) == 1 and (objects[0].tag_ in ("NNP", "NNPS") or objects[0].lower_ in _AUDIENCES)


def _second_complement(v: Any) -> bool:
    """A complement after another of the same verb: "said they were worried, and more than 4 in 10 said …" (the
    second "said" a complement of the first to the parser): a statement of its own, like a coordinated verb."""
    return v.dep_ == "ccomp" and any(s.dep_ == "ccomp" and s.i < v.i for s in v.head.children)


def _according(tok: Any, offset: int, text: str) -> Clause | None:
    """ "According to X, …" / "…, according to X": X speaks the rest of the sentence."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if pobj is None:
        return None
    root = tok.sent.root
    marker = {t.i for t in tok.subtree}
    rest = [t for t in root.subtree if t.i not in marker and not t.is_punct]
    if not rest:
        return None
    content = (rest[0].idx, rest[-1].idx + len(rest[-1]))
    by = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    author = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    pobj = author if author is not None else pobj  # "according to calculations by Amy Glas": the author speaks
    speaker = speaker_span(pobj)
    feats = ["comp=according", f"subj={subject_kind(pobj)}", "how=according", f"clen={_bucket(len(rest))}"]
    if is_noun(pobj):
        feats.append(f"subjnoun={pobj.lower_}")
    flags = {"prepositional": True, "content_before": content[1] <= tok.idx, "speaker_token": pobj.i}
    return _clause(tok, to.idx + len(to), offset, text, speaker, content, feats, **flags)


def _nominal(noun: Any, offset: int, text: str) -> Clause | None:
    """ "Trump's claim that …", "the suggestion that …": a noun with a "that" clause; its owner, if any, speaks."""
    clause = next(
        (c for c in noun.rights if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.lefts)), None
    )
    if clause is None:
        return None
    owner = next((c for c in noun.lefts if c.dep_ == "poss"), None)
    content = _hull([clause])
    feats = ["comp=noun-that", f"subj={subject_kind(owner)}", "how=poss" if owner is not None else "how=none"]
    feats.append(f"clen={_bucket(len(text[content[0] : content[1]].split()))}")
    if owner is None:
        owner = _verbs_subject(noun)  # after the features: the cue model decides as before, only the speaker is new
    speaker = speaker_span(owner) if owner is not None else None
    flags = {"speaker_token": owner.i if owner is not None else -1, "clause_start": offset + noun.left_edge.idx}
    return _clause(noun, noun.idx + len(noun), offset, text, speaker, content, feats, **flags)


def _verbs_subject(noun: Any) -> Any | None:
    """Who owns a claim with no possessive: the subject of the verb it is the object of ("challenged the assertion
    that …", "said in a statement that …")."""
    host = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or host is noun or not is_verb(host):
        return None
    return subject_of(host)[0]


def _content(v: Any) -> tuple[tuple[int, int] | None, str, str | None]:
    """The span of what ``v`` reports, the kind of complement it is, and its complementizer ("that")."""
    children = list(v.children)
    clausal = [c for c in children if c.dep_ == "ccomp"] or _for_clause(children) or _that_clause(v, children)
    if clausal:
        mark = next((g.lower_ for c in clausal for g in c.children if g.dep_ == "mark"), None)
        return _hull(clausal + _fronted(v, clausal) + _second_that(v, children), asides=True), "ccomp", mark
    host = _misparsed_host(v, children)
    if host is not None:
        return host, "host", None
    # "a flood that local leaders blame on …": the relative pronoun stands for the antecedent, before the speaker
    objects = [c for c in children if c.dep_ in _OBJECTS and not (c.lower_ in RELATIVE and c.i < v.i)]
    preps = [c for c in children if c.dep_ == "prep" and c.lower_ in _PREP_CONTENT and _topical(c)]
    if objects or preps:
        kinds = sorted({c.dep_ for c in objects} | {f"prep:{c.lower_}" for c in preps})
        return _hull(objects + preps + _predicative(children, objects + preps), asides=True), "+".join(kinds[:2]), None
    passive = [c for c in children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive:
        return _hull(passive, asides=True), "passive", None  # "The causes are hotly debated": what is debated
    colon = next((c for c in children if c.text == ":" and c.i > v.i), None)
    if colon is not None and colon.i + 1 < len(v.doc):
        end = v.doc[-1]
        return (v.doc[colon.i + 1].idx, end.idx + len(end)), "colon", None
    head = v.head
    if v.dep_ in ("parataxis", "ccomp", "advcl") and head is not v and (head.i < v.i or v.dep_ == "parataxis"):
        # "The plan is dead, he said": the clause the cue follows; "The plan, he said, is dead": the clause it
        # interrupts, whose verb comes after the cue (an adverbial clause before its head is no such case:
        # "After he spoke, the crowd cheered").
        inside = {t.i for t in v.subtree}
        rest = [t for t in head.subtree if t.i not in inside and not t.is_punct]
        if rest:
            return (rest[0].idx, rest[-1].idx + len(rest[-1])), "host", None
    return None, "none", None


def _second_that(v: Any, children: list[Any]) -> list[Any]:
    """A second "that" clause the parser coordinates with the cue rather than with the first: "think the plan
    worked, but that there is more to do" (the "is" clause a conjunct of "think")."""
    return [c for c in children if c.dep_ == "conj" and c.i > v.i and c.left_edge.lower_ == "that"]


def _predicative(children: list[Any], objects: list[Any]) -> list[Any]:
    """An "as" phrase right after the object (or the topic) that says what it is called or taken for: "cast the
    Clintons as part of the establishment", "referring to the US as the “Great Satan”" (hung on the verb)."""
    if not objects:
        return []
    after = max(o.right_edge.i for o in objects) + 1
    return [c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i == after]


def _that_clause(v: Any, children: list[Any]) -> list[Any]:
    """A "that" clause the parser hangs on a noun after the cue: "told reporters during a news conference that the
    bridge would reopen" (a relative clause of "conference" to the parser, whose "that" is no pronoun)."""
    found = next(
        (
            t
            for p in children
            if p.dep_ == "prep" and p.i > v.i
            for t in p.subtree
            if t.dep_ == "relcl" and any(g.dep_ == "mark" and g.lower_ == "that" for g in t.children)
        ),
        None,
    )
    return [found] if found is not None else []


def _fronted(v: Any, clausal: list[Any]) -> list[Any]:
    """A clause the parser hangs on the cue that opens what was said: "says no matter what X does, “his word …”".

    Between the cue and its complement, set off from the complement by a
    comma, and holding a verb: "said, however, that …" and "said on Tuesday
    that …" keep their complement as it is.
    """
    first = min((t.i for c in clausal for t in c.subtree if not t.is_punct), default=v.i)
    k = first - 1
    while k > v.i and v.doc[k].is_punct and v.doc[k].text != ",":
        k -= 1
    if k <= v.i or v.doc[k].text != ",":
        return []
    return [c for c in v.children if v.i < c.i < k and c.dep_ in _FRONTED and any(is_verb(t) for t in c.subtree)]


def _for_clause(children: list[Any]) -> list[Any]:
    """ "called for the United States to step up …" as the parser reads it: an adverbial clause marked "for",
    or a "for X" phrase and the "to …" clause right after it; empty when the verb has neither."""
    for c in children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "for" and g.i < c.i for g in c.children):
            return [c]
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if prep is None:
        return []
    after = prep.right_edge.i + 1
    to = next(
        (
            c
            for c in children
            if c.dep_ == "advcl"
            and c.left_edge.i == after
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ),
        None,
    )
    return [prep, to] if to is not None else []


def _misparsed_host(v: Any, children: list[Any]) -> tuple[int, int] | None:
    """What was said when the parser made the clause before ", X said" a second subject of "said".

    In a long "The search for … ended on Wednesday, when …, rescue services
    said." the small English model hangs "search" on "said" as a subject
    beside "services", and leaves "said" without a complement: the words
    before the comma that opens the nearer subject's phrase are the content.
    """
    subjects = [c for c in children if c.dep_ == "nsubj" and c.i < v.i]
    if len(subjects) < 2:
        return None
    speaker = subjects[-1].left_edge.i
    comma = next((c for c in children if c.text == "," and subjects[0].i < c.i < speaker), None)
    if comma is None:
        return None
    words = [t for t in v.subtree if t.i < comma.i and not t.is_punct]
    return (words[0].idx, words[-1].idx + len(words[-1])) if words else None


def _topical(prep: Any) -> bool:
    """A prepositional phrase that names a topic ("warned of a crisis"), not a time ("said on Tuesday")."""
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and not any(
        o.lower_ in _CIRCUMSTANCE or o.lower_ in time_words() or o.like_num for o in objects
    )


def _hull(tokens: list[Any], asides: bool = False) -> tuple[int, int]:
    """The character span from the first to the last token of the subtrees of ``tokens``, edge punctuation trimmed.

    ``asides``: leave out what an object's comma-set apposition or relative
    clause adds ("ideological labels, a sentiment endorsed by …").
    """
    skip: set[int] = set()
    if asides:
        for c in tokens:
            for d in c.rights:
                if d.dep_ in _OBJECT_ASIDES and d.i > 0 and d.doc[d.left_edge.i - 1].text == ",":
                    skip.update(t.i for t in d.subtree)
    toks = sorted({t.i: t for c in tokens for t in c.subtree if t.i not in skip}.values(), key=lambda t: t.i)
    if asides:
        toks = _without_trailing_relative(toks)
    # a blanked quotation mark is a space token to the parser ("NBC’s “Meet the Press”" reads as a name)
    while len(toks) > 1 and (toks[0].is_space or toks[0].is_punct and toks[0].text not in _QUOTE_CHARS):
        toks.pop(0)
    # nor a conjunction whose conjunct the parser hung elsewhere ("… any particular candidate, and")
    while len(toks) > 1 and (
        toks[-1].is_space or toks[-1].dep_ == "cc" or toks[-1].is_punct and toks[-1].text not in _QUOTE_CHARS
    ):
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _without_trailing_relative(toks: list[Any]) -> list[Any]:
    """``toks`` without a comma-set relative clause that ends them, however deep its noun: "exchanges between Carter
    and Fanning, who was his chief of staff" reports the exchanges, not who Fanning was."""
    while len(toks) > 2:
        last = toks[-1].i if not toks[-1].is_punct else toks[-2].i
        trailing = next((t for t in toks if t.dep_ == "relcl" and t.right_edge.i >= last), None)
        if trailing is None:
            break
        comma = trailing.left_edge.i - 1
        if comma <= toks[0].i or toks[0].doc[comma].text != ",":
            break
        toks = [t for t in toks if t.i < comma]
    return toks


def _first_word(text: str, content: tuple[int, int] | None) -> str | None:
    """The content's first word when it is a function word ("that", "to", "how", "his"): its shape, in one feature."""
    if content is None:
        return None
    words = text[content[0] : content[1]].split(maxsplit=1)
    word = words[0].lower().strip("“\"'‘") if words else ""
    return word if word in _FIRST_WORDS else None


def _bucket(n: int) -> int:
    return max(b for b in _LENGTH_BUCKETS if b <= n)


def _clause(
    cue: Any,
    cue_end: int,
    offset: int,
    text: str,
    speaker: tuple[int, int] | None,
    content: tuple[int, int] | None,
    features: list[str],
    **rest: Any,
) -> Clause:
    """The clause of cue token ``cue`` (written up to ``cue_end`` in its sentence ``text``), spans moved by ``offset``.

    Parse offsets are the sentence's; a clause's are its paragraph's.
    """
    return Clause(
        form=cue.lower_,
        cue=text[cue.idx : cue_end],
        cue_start=offset + cue.idx,
        cue_end=offset + cue_end,
        speaker=_shift(speaker, offset),
        content=_shift(content, offset),
        features=features,
        **rest,
    )


def _shift(span: tuple[int, int] | None, offset: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + offset, span[1] + offset)
