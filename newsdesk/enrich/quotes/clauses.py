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
antecedent of a relative pronoun ("X, who said …").  What was said is read
by :mod:`.complements`: the clausal complement ("said that …", "“…,” he
said"), else the objects and complements ("urged voters to …", "criticized
the accord", "warned of …"), else what follows a colon, else the clause the
cue interrupts ("The plan, he said, is dead").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsdesk.enrich.quotes.complements import QUOTE_CHARS, QUOTE_TOKENS, content_of, hull, relative_object, topical
from newsdesk.enrich.quotes.cues import ASK, TELL, wordset
from newsdesk.enrich.quotes.subjects import (
    described,
    is_noun,
    is_verb,
    speaker_span,
    subject_kind,
    subject_of,
)

PARSE_MAX_CHARS = 2_000  # a longer "sentence" is not prose (a table, a run-on list): the word lists read it

# Prepositions that open what a noun of stance is about: "criticism of …", "support for …" (see _nominal).
_NOUN_TOPICS = wordset("of on about for to against over")
# Verbs whose subject belongs to what they report ("X seems to …"): applied after the clause's features are read,
# so the cue model decides as before.
_RAISING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
_ADDRESSING = TELL | ASK  # verbs whose object is whom one addresses
# What one tells or asks, rather than whom: "told a story", "asked a question"
_NOMINAL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP"})
_TOLD = wordset("story stories truth lie lies joke jokes tale tales anecdote anecdotes question questions")
_ASKED_IF = frozenset({"if", "whether"})
_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "'ll", "’ll", "'d", "’d"})
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
    unvoiced: bool = False  # the text names no one who speaks it ("Asked about X, she said …": not she)


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
    content, comp, mark = content_of(v)
    before = content is not None and content[1] <= v.idx
    particle = next((c for c in v.children if c.dep_ == "prt"), None)
    cue_end = (particle.idx + len(particle.text)) if particle is not None and particle.i == v.i + 1 else v.idx + len(v)
    said_of = None  # what a passive with no agent reports ("The rebels are pushed back"): no one the text names
    if comp == "passive" and subject is None:
        said_of, content, comp = content, None, "none"  # the features read no complement, as the model was fitted
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
        if not QUOTE_CHARS.isdisjoint(said):
            feats.append("cquote")
    if not QUOTE_CHARS.isdisjoint(text):
        feats.append("squote")
    own = next((t for t in v.subtree if t.i <= v.i and not t.is_punct and t.dep_ != "cc"), None)
    if content is None and subject is not None and how != "relcl":
        content = relative_object(v)  # "the bridge they promised" (after the features: the cue model decides as before)
    if comp in ("dobj", "dative") and v.lower_ in _ADDRESSING:  # after the features are read, as for "tell"
        question = _question(v) if v.lower_ in ASK else None
        if question is not None:
            content = hull([question], asides=True)  # "asked workers if they …": the parser hangs it on the verb
        elif _addressee(v):
            content = None  # "“…” She told the Gazette.", "asked him.": whom she addressed, not what
    if v.lower_ in _RAISING and subject is not None and subject.i < v.i and content is not None and not before:
        # "Trump's supporters seemed unperturbed": the subject is part of the impression, not its source
        content, speaker = (subject.left_edge.idx, content[1]), None
    if said_of is not None:
        content = said_of  # "His record was widely criticized": what is criticized, when the model takes the verb
    if comp == "host" and v.dep_ == "advcl" and v.tag_ == "VBG":
        content = None  # "X said …, pointing at the harbour": a participle does not report the clause it hangs on
    closing = _closing_quotation_mark(v)
    if content is not None and closing is not None:
        # "“…,” Spencer said, as fighters worked out", "“…,” she said with a smirk": the quotation is what was said,
        # and what the parse adds after the cue is the reporter's (after the features: the model decides as before)
        end = closing.idx + len(closing)
        content = (content[0], min(content[1], end)) if content[0] < end else None
    asked = how in ("shared", "relcl") and _passive_participle(v)
    if asked:
        speaker = antecedent = None  # "Asked about the plan, she said …": she was asked; who asked is not written
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
        borrowed=how in ("conj", "shared") and not asked,
        unvoiced=asked or said_of is not None,
    )


def _closing_quotation_mark(v: Any) -> Any | None:
    """The closing mark of a quotation the parser hangs on the cue before it ("“…,” she said"), else None."""
    marks = [c for c in v.lefts if c.dep_ == "punct" and c.text in QUOTE_TOKENS]
    last = marks[-1] if marks else None
    return last if last is not None and last.idx > 0 and not v.doc.text[last.idx - 1].isspace() else None


def _addressee(v: Any) -> bool:
    """The one object of "tell" or "ask" is whom one addressed ("told The New York Times", "told the delegates",
    "asked him"), unless it is a thing told or asked ("told a story", "asked a question")."""
    objects = [c for c in v.children if c.dep_ in ("dobj", "dative")]
    return len(objects) == 1 and objects[0].tag_ in _NOMINAL_TAGS and objects[0].lower_ not in _TOLD


def _question(v: Any) -> Any | None:
    """An "if" or "whether" clause hung on ``v`` as an adverbial: what was asked ("asked workers if they …")."""
    return next(
        (
            c
            for c in v.children
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _ASKED_IF for m in c.children)
        ),
        None,
    )


def _passive_participle(v: Any) -> bool:
    """A participle of the passive that hangs from another verb or a noun ("Asked about …, she said", "when asked
    …", "after being asked to …", "Moor, when asked …, said"): the subject it borrows is the one it happened to, not
    its doer ("Having said that, …" is active: its perfect auxiliary says so)."""
    return (
        v.tag_ == "VBN"
        and v.dep_ in ("advcl", "pcomp", "relcl", "acl")
        and not any(c.dep_ == "aux" for c in v.children)
    )


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
    """ "Trump's claim that …", "the suggestion that …": a noun with a "that" clause; its owner, if any, speaks.

    Or a noun with what it is about right after it ("Trump's criticism of | the plan", "support for | Sanders"):
    any noun is a candidate, and the cue model (one ``comp=noun-<preposition>`` feature per preposition, and the
    noun's form) learns which nouns state a stance.
    """
    clause = next(
        (c for c in noun.rights if c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.lefts)), None
    )
    kind, timed = "noun-that", False
    if clause is None:
        prep = next(
            (c for c in noun.rights if c.dep_ == "prep" and c.i == noun.i + 1 and c.lower_ in _NOUN_TOPICS), None
        )
        if prep is None:
            return None
        clause = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        kind, timed = f"noun-{prep.lower_}", not topical(prep)
    if clause is None:
        return None
    owner = next((c for c in noun.lefts if c.dep_ == "poss"), None)
    content = hull([clause])
    feats = [f"comp={kind}", f"subj={subject_kind(owner)}", "how=poss" if owner is not None else "how=none"]
    feats.append(f"clen={_bucket(len(text[content[0] : content[1]].split()))}")
    if owner is None:
        owner = _verbs_subject(noun)  # after the features: the cue model decides as before, only the speaker is new
    speaker = speaker_span(owner) if owner is not None else None
    if timed:
        content = None  # "a letter on Monday": when, not what about (after the features, as for a verb's time)
    flags = {"speaker_token": owner.i if owner is not None else -1, "clause_start": offset + noun.left_edge.idx}
    return _clause(noun, noun.idx + len(noun), offset, text, speaker, content, feats, **flags)


def _verbs_subject(noun: Any) -> Any | None:
    """Who owns a claim with no possessive: the subject of the verb it is the object of ("challenged the assertion
    that …", "said in a statement that …")."""
    host = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or host is noun or not is_verb(host):
        return None
    return subject_of(host)[0]


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
