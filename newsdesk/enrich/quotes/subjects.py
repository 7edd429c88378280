"""Who speaks through a verb in spaCy's parse: the subject token, how it was found, and its noun phrase.

Part of the parse reader (:mod:`.clauses`): a clause's speaker is its verb's
nominal subject, else the agent of a passive, else the subject of the verb a
participle, coordinated verb or gerund hangs from, else the antecedent of a
relative pronoun.  What the speaker phrase takes in (names in apposition,
"the head of the group") is :func:`speaker_span`.
"""

from __future__ import annotations

from typing import Any

from newsdesk.enrich.quotes.marks import is_dash

# Dependents of a subject noun that belong to the speaker phrase ("the head of the group", "Clinton and Sanders").
_SPEAKER_RIGHT = frozenset({"compound", "flat", "prep", "cc", "conj", "nummod", "case", "poss"})
_SPEAKER_MAX_RIGHT = 8  # tokens a prepositional modifier may add ("spokesman for the ministry of …")
RELATIVE = frozenset({"who", "that", "which", "whom"})
_PRONOUN_KINDS = {
    "he": "he",
    "she": "he",
    "they": "they",
    "i": "i",
    "we": "i",
    "it": "it",
    "you": "you",
    "this": "it",
    "that": "it",
}


def subject_of(v: Any, depth: int = 0) -> tuple[Any | None, str]:
    """The token that speaks through verb ``v``, and how it was found.

    A relative pronoun ("X, who said …") is the subject as written (how
    ``relcl``); :func:`.clauses._verbal` resolves it to its antecedent.
    """
    children = list(v.children)
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if subjects:
        # Two subjects are a misparse of "… ended on Wednesday, rescue services said": the nearer one speaks.
        c = max((s for s in subjects if s.i < v.i), key=lambda s: s.i, default=subjects[0])
        return c, "relcl" if c.lower_ in RELATIVE and v.dep_ == "relcl" else "active"
    for c in children:
        if c.dep_ == "agent":
            agent = next((g for g in c.children if g.dep_ == "pobj"), None)
            return agent, "agent"
    if any(c.dep_ in ("nsubjpass", "csubjpass") for c in children):
        return None, "passive"  # "X was asked": X does not speak
    head = v.head
    if v.dep_ == "pcomp" and head.dep_ == "prep" and is_verb(head.head) and depth < 3:
        # "chastised the governor for refusing to …", "accused X of showing …": the object does it; "… after
        # determining that …", "concluded by implying that …": the subject does
        obj = next((c for c in head.head.children if c.dep_ == "dobj" and c.i < head.i), None)
        if obj is not None and head.lower_ in ("for", "of"):
            return obj, "object"
        return subject_of(head.head, depth + 1)[0], "shared"
    if depth >= 3 or head is v or not is_verb(head):
        if v.dep_ == "relcl" and head is not v:
            return head, "relcl"
        return None, "none"
    if v.dep_ == "conj":
        return subject_of(head, depth + 1)[0], "conj"  # "… and added that …"
    if v.dep_ == "xcomp":
        # "went on to say …"; "X was prompted to say …": the passive subject of the verb above speaks.
        passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        return (passive if passive is not None else subject_of(head, depth + 1)[0]), "shared"
    if v.dep_ in ("advcl", "pcomp"):
        if v.tag_ == "VBG" and head.dep_ == "ccomp" and is_verb(head.head):
            # "X said the terminal would stay open, warning that …": the parser hangs the participle on what
            # was said; it is the reporter's
            return subject_of(head.head, depth + 1)[0], "shared"
        return subject_of(head, depth + 1)[0], "shared"  # "…, saying …"
    return None, "none"


def described(noun: Any) -> Any:
    """The noun an apposition describes: "who" in "Mara Lind, a fierce critic who said …" is Lind."""
    for _ in range(2):
        if noun.dep_ != "appos" or noun.head is noun or not noun.head.tag_.startswith("NN"):
            break
        noun = noun.head
    return noun


def speaker_span(head: Any) -> tuple[int, int]:
    """The noun phrase of a subject: its left part and the modifiers that name it, without clauses.

    An apposition that is a name stays ("The opposition leader, Sara Holm,
    said"): the name is who speaks.  Other appositions ("Yuri Kovalenko, head
    of the dam operator,") and relative clauses are left out.
    """
    dated = _after_dateline(head)
    if dated is not None:
        return speaker_span(dated)
    first = head.left_edge
    last = head
    for c in head.rights:
        if c.dep_ == "punct":
            continue
        if c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS") and head.tag_ not in ("NNP", "NNPS"):
            last = max((t for t in c.subtree if t.dep_ not in ("punct",)), key=lambda t: t.i)
            break
        if c.dep_ not in _SPEAKER_RIGHT:
            break
        sub = list(c.subtree)
        if c.dep_ == "prep" and len(sub) > _SPEAKER_MAX_RIGHT:
            break
        last = sub[-1]
    while first.i < last.i and (first.is_punct or first.dep_ == "cc"):
        first = first.doc[first.i + 1]
    while last.i > first.i and last.is_punct:
        last = last.doc[last.i - 1]
    return first.idx, last.idx + len(last)


def _after_dateline(head: Any) -> Any | None:
    """The subject after the dash that ends a dateline the parser read as the subject: in "CLEVELAND, July 19
    (UPI) — Former Attorney General Michael Mukasey told …" the city is the subject and the speaker its apposition."""
    if head.left_edge.i != head.sent.start:
        return None
    doc = head.doc
    for c in head.rights:
        start = c.left_edge.i
        if c.dep_ == "appos" and start > 0 and is_dash(doc[start - 1].text):
            between = doc[c.right_edge.i + 1 : head.head.i]  # empty when the verb comes first
            return None if any(is_dash(t.text) for t in between) else c
    return None


def subject_kind(tok: Any | None) -> str:
    """The subject's kind as the cue model reads it: none, relative, pronoun (by person), name, noun, other."""
    if tok is None:
        return "none"
    low = tok.lower_
    if low in RELATIVE:
        return "wh"
    if tok.tag_ in ("PRP", "PRP$") or low in _PRONOUN_KINDS:
        return "pron:" + _PRONOUN_KINDS.get(low, "other")
    if tok.tag_ in ("NNP", "NNPS"):
        return "propn"
    if tok.tag_ in ("NN", "NNS"):
        return "noun"
    return "other"


# The tagger's Penn Treebank tags are read directly: spaCy's attribute ruler, which maps them to
# universal POS, costs as much CPU as the parser itself.
def is_verb(tok: Any) -> bool:
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def is_noun(tok: Any) -> bool:
    return tok.tag_ in ("NN", "NNS", "NNP", "NNPS")
