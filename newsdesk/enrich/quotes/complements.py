"""What a reporting verb reports, read from spaCy's dependency parse: the span of its complement.

The clausal complement ("said that …", "“…,” he said") with the clauses the
parser hangs beside it (a fronted clause, a second "that" clause), else the
objects and topic phrases ("urged voters to …", "criticized the accord",
"warned of …", "cast X as Y"), else the passive subject, else what follows a
colon, else the clause the cue interrupts ("The plan, he said, is dead").
Asides set off by commas are left out, but not a reason or a condition
("…, because …", "…, if …"): the speaker's reasoning is part of the claim.
:mod:`.clauses` builds a clause's features and speaker around the span found
here.
"""

from __future__ import annotations

from typing import Any

from newsdesk.enrich.entities.lexicon import time_words
from newsdesk.enrich.quotes.cues import wordset
from newsdesk.enrich.quotes.marks import is_dash
from newsdesk.enrich.quotes.subjects import RELATIVE, is_verb

QUOTE_CHARS = frozenset('“”"‘’«»„')
QUOTE_TOKENS = QUOTE_CHARS | {"''"}  # the parser's tokens of a quotation mark (NYT types ''…'')
# Whom one speaks to, as the object of a cue after a clause it does not report ("she promised supporters"), besides
# names and pronouns (:func:`_reporters_clause`); "tell" and "ask" take any noun (:func:`.clauses._addressee`).
_AUDIENCES = wordset(
    "reporters journalists crowd crowds audience audiences rally supporters voters listeners viewers readers "
    "lawmakers parliament session meeting conference committee newspaper radio television station network"
)
# Complements that carry what was said when there is no clausal complement.
_OBJECTS = frozenset({"dobj", "xcomp", "attr", "oprd", "dative", "acomp"})
_PREP_CONTENT = frozenset({"about", "of", "on", "for", "against", "to", "with", "over", "that"})
# Words that make a prepositional phrase a time or a medium, not a topic ("said on Tuesday", "wrote on Twitter"),
# besides the calendar's (lexicon.time_words).
_CIRCUMSTANCE = wordset("day week month year weekend time tonight occasion point moment")
# Media one speaks on ("wrote on Twitter", "said on social media", "spoke over the radio"); about them, or against
# them, they are a topic ("complained about Twitter").
_MEDIA = wordset(
    "twitter facebook instagram youtube telegram whatsapp tiktok linkedin reddit snapchat weibo wechat"
    " television tv radio air camera podcast blog website"
)
_MEDIUM_PREPS = frozenset({"on", "over"})
# Subordinators of a clause of time that tells when something was said or done ("when", "before", "until" clauses
# are more often part of the claim: "will reopen when the storm passes").
_TIME_MARKS = wordset("as after while whilst")
# Subordinators whose clause, set off by a comma, is still the speaker's reasoning ("is unfit, because she …",
# "will reopen, if the storm passes"); those of time and of contrast ("…, although …") open the reporter's aside.
_ASIDE_MARKS = _TIME_MARKS | wordset("though although whereas")
# Dependents of an object that add a second thought rather than name what was said.
_OBJECT_ASIDES = frozenset({"relcl", "appos", "advcl", "parataxis"})
# Dependents of a cue that may open what was said, before its complement (see _fronted).
_FRONTED = frozenset({"advmod", "advcl", "npadvmod"})


def content_of(v: Any) -> tuple[tuple[int, int] | None, str, str | None]:
    """The span of what ``v`` reports, the kind of complement it is, and its complementizer ("that")."""
    children = list(v.children)
    clausal = [
        c
        for c in children
        if c.dep_ == "ccomp" and not _reporters_clause(v, c, children) and not _semicolon_apart(v, c)
    ]
    clausal = clausal or _for_clause(children) or _that_clause(v, children)
    if clausal:
        mark = next((g.lower_ for c in clausal for g in c.children if g.dep_ == "mark"), None)
        return hull(clausal + _fronted(v, clausal) + _second_that(v, children), asides=True), "ccomp", mark
    host = _misparsed_host(v, children)
    if host is not None:
        return host, "host", None
    # "a flood that local leaders blame on …": the relative pronoun stands for the antecedent, before the speaker
    objects = [c for c in children if c.dep_ in _OBJECTS and not (c.lower_ in RELATIVE and c.i < v.i)]
    # a topic follows its cue: a phrase before it sets the scene ("On the island, she praised the crew")
    preps = [c for c in children if c.dep_ == "prep" and c.i > v.i and c.lower_ in _PREP_CONTENT and topical(c)]
    if objects or preps:
        kinds = sorted({c.dep_ for c in objects} | {f"prep:{c.lower_}" for c in preps})
        return hull(objects + preps + _predicative(children, objects + preps), asides=True), "+".join(kinds[:2]), None
    passive = [c for c in children if c.dep_ in ("nsubjpass", "csubjpass")]
    if passive:
        # "The causes are hotly debated": what is debated; with no agent, what it is taken for is part of it
        # ("The states are seen as opportunities for her")
        taken = [c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > v.i]
        agent = any(c.dep_ == "agent" for c in children)
        return hull(passive + ([] if agent else taken), asides=True), "passive", None
    colon = next((c for c in children if c.text == ":" and c.i > v.i), None)
    if colon is not None and colon.i + 1 < len(v.doc):
        end = v.doc[-1]
        return (v.doc[colon.i + 1].idx, end.idx + len(end)), "colon", None
    head = v.head
    as_clause = v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
    if (
        v.dep_ in ("parataxis", "ccomp", "advcl")
        and head is not v
        and (head.i < v.i or v.dep_ == "parataxis" or as_clause)
    ):
        # "The plan is dead, he said": the clause the cue follows; "The plan, he said, is dead": the clause it
        # interrupts, whose verb comes after the cue; "As the Post reported, …": an "as" clause before it (another
        # adverbial clause before its head is no such case: "After he spoke, the crowd cheered").
        inside = {t.i for t in v.subtree}
        rest = [t for t in head.subtree if t.i not in inside and not t.is_punct]
        start, end = hull([head], asides=True)  # without the reporter's asides ("…, wiping sweat off his face")
        kept = [t for t in rest if start <= t.idx < end]
        if kept:
            return (kept[0].idx, kept[-1].idx + len(kept[-1])), "host", "as" if as_clause else None
    return None, "none", None


def _reporters_clause(v: Any, clause: Any, children: list[Any]) -> bool:
    """A clause the parser hangs before the cue as its complement, while the cue has an object of its own after it:
    "The legislature passed a ban, [and the governor] vetoed the bill" -- the clause is the reporter's.  Not when it
    holds a quotation ("“We will win,” she promised supporters") or the object is whom one speaks to (a name, a
    pronoun, an audience)."""
    if clause.i > v.i:
        return False
    after = [c for c in children if c.dep_ in ("dobj", "xcomp") and c.i > v.i]
    if not after or any(t.text in QUOTE_CHARS for t in clause.subtree):
        return False
    return all(c.tag_ not in ("NNP", "NNPS", "PRP") and c.lower_ not in _AUDIENCES for c in after)


def _semicolon_apart(v: Any, clause: Any) -> bool:
    """A clause before the cue that a semicolon sets apart is a sentence of its own, not what the cue reports: "Six
    in 10 said they were worried; 46 percent said they were unenthusiastic" (the parser hangs the first on the
    second "said")."""
    return clause.i < v.i and any(t.text == ";" for t in v.doc[clause.right_edge.i + 1 : v.i])


def relative_object(v: Any) -> tuple[int, int] | None:
    """What a relative clause or participle with no complement of its own reports: the object it shares with the
    noun it describes, its pronoun ("policies which she defended") or, with none, that noun ("the bridge they
    promised", "a measure opposed by the union")."""
    if v.dep_ not in ("relcl", "acl") or v.head is v:
        return None
    pronoun = next((c for c in v.children if c.dep_ in _OBJECTS and c.lower_ in RELATIVE and c.i < v.i), None)
    if pronoun is not None and pronoun.lower_ != "that":
        return pronoun.idx, pronoun.idx + len(pronoun)
    words = [t for t in v.head.subtree if t.i < v.left_edge.i and not t.is_punct]
    return (words[0].idx, words[-1].idx + len(words[-1])) if words else None


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


def topical(prep: Any) -> bool:
    """A prepositional phrase that names a topic ("warned of a crisis"), not a time ("said on Tuesday") or a medium
    ("wrote on Telegram")."""
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return bool(objects) and not any(
        o.lower_ in _CIRCUMSTANCE or o.lower_ in time_words() or o.like_num or _medium(prep, o) for o in objects
    )


def _medium(prep: Any, obj: Any) -> bool:
    """Whether ``prep obj`` names where something was said ("on Telegram", "on social media")."""
    if prep.lower_ not in _MEDIUM_PREPS:
        return False
    return obj.lower_ in _MEDIA or obj.lower_ == "media" and any(c.lower_ == "social" for c in obj.children)


def hull(tokens: list[Any], asides: bool = False) -> tuple[int, int]:
    """The character span from the first to the last token of the subtrees of ``tokens``, edge punctuation trimmed.

    ``asides``: leave out what an object's comma-set apposition or relative
    clause adds ("ideological labels, a sentiment endorsed by …").
    """
    skip: set[int] = set()
    if asides:
        for c in tokens:
            for d in c.rights:
                if d.dep_ in _OBJECT_ASIDES and _comma_set(d) and not _reasoning(d):
                    skip.update(t.i for t in d.subtree)
    toks = sorted({t.i: t for c in tokens for t in c.subtree if t.i not in skip}.values(), key=lambda t: t.i)
    if asides:
        toks = _without_trailing_time(_without_trailing_aside(toks))
    # a blanked quotation mark is a space token to the parser ("NBC’s “Meet the Press”" reads as a name)
    while len(toks) > 1 and (toks[0].is_space or toks[0].is_punct and toks[0].text not in QUOTE_CHARS):
        toks.pop(0)
    # nor a conjunction whose conjunct the parser hung elsewhere ("… any particular candidate, and")
    while len(toks) > 1 and (
        toks[-1].is_space or toks[-1].dep_ == "cc" or toks[-1].is_punct and toks[-1].text not in QUOTE_CHARS
    ):
        toks.pop()
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _without_trailing_time(toks: list[Any]) -> list[Any]:
    """``toks`` without an adverbial clause of time that ends them: "says he is “excited” as he faces a test", "will
    not be charged after prosecutors found too little evidence" (when it was said or done, the reporter's words)."""
    if len(toks) < 3:
        return toks
    last = _last_word(toks)
    inside = {t.i for t in toks}
    trailing = next((t for t in toks if t.right_edge.i >= last and t.left_edge.i > toks[0].i and _time_clause(t)), None)
    if trailing is None or trailing.left_edge.i not in inside:
        return toks
    kept = [t for t in toks if t.i < trailing.left_edge.i]
    return kept if any(not t.is_punct for t in kept) else toks


def _reasoning(t: Any) -> bool:
    """An adverbial clause opened by a subordinator of reason or condition ("because she …", "if the storm …")."""
    word = _opening(t, ("mark",))
    return word is not None and word not in _ASIDE_MARKS


def _time_clause(t: Any) -> bool:
    """An adverbial clause opened by a subordinator of time ("as he faces …", "after prosecutors found …")."""
    return _opening(t, ("mark", "advmod")) in _TIME_MARKS


def _opening(t: Any, deps: tuple[str, ...]) -> str | None:
    """The word that opens the adverbial clause ``t`` when it is one of its ``deps`` ("because", "as"), else None."""
    if t.dep_ != "advcl":
        return None
    return next((g.lower_ for g in t.children if g.dep_ in deps and g.i == t.left_edge.i), None)


def _without_trailing_aside(toks: list[Any]) -> list[Any]:
    """``toks`` without the reporter's aside that ends them, however deep its noun: a relative clause or apposition
    set off by a comma or a dash ("exchanges between Carter and Fanning, who was his chief of staff", "endorsed a
    single-payer system — a dream for many Democrats"), or a source of its own ("…, according to a count by …")."""
    while len(toks) > 2:
        last = _last_word(toks)
        trailing = next((t for t in toks if t.right_edge.i >= last and _aside(t)), None)
        if trailing is None:
            break
        cut = trailing.left_edge.i
        if cut > 0 and (toks[0].doc[cut - 1].text == "," or is_dash(toks[0].doc[cut - 1].text)):
            cut -= 1
        if cut <= toks[0].i:
            break
        toks = [t for t in toks if t.i < cut]
    return toks


def _aside(t: Any) -> bool:
    """Whether the phrase ``t`` heads is the reporter's when it ends a statement (see _without_trailing_aside)."""
    before = t.doc[t.left_edge.i - 1].text if t.left_edge.i > 0 else ""
    if t.dep_ == "prep" and t.lower_ == "according":
        return True
    if _comma_set(t):
        return t.dep_ in ("relcl", "appos")
    return is_dash(before) and (t.dep_ in ("relcl", "appos") or t.tag_.startswith("NN"))


def _comma_set(t: Any) -> bool:
    """Whether a comma sets off the phrase ``t`` heads, also where American style puts it inside the quotation
    that closes before the phrase ("are “about right,” though …", "was “a disaster,” which drew jeers")."""
    i = t.left_edge.i - 1
    while i > 0 and (t.doc[i].text in QUOTE_TOKENS or t.doc[i].is_space):
        i -= 1
    return i >= 0 and t.doc[i].text == ","


def _last_word(toks: list[Any]) -> int:
    """The index of the last token of ``toks`` that is not its closing punctuation (``toks`` has two or more)."""
    return toks[-1].i if not toks[-1].is_punct else toks[-2].i
