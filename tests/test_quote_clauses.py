"""English attribution from the dependency parse and the fitted cue model, on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsdesk.enrich.quotes.clauses import clauses, parse
from newsdesk.enrich.quotes.cuemodel import cue_model
from newsdesk.enrich.quotes.finder import find_quotes, is_fragment
from newsdesk.model import Mention, Paragraph, Quote, RawReport, Report
from newsdesk.pipeline import analyse

pytestmark = pytest.mark.skipif(parse(["x"]) is None or cue_model() is None, reason="spaCy model or cue model missing")


def quotes_of(*paragraphs: str) -> list[Quote]:
    pars = [Paragraph(i, text, "en") for i, text in enumerate(paragraphs)]
    return find_quotes(Report(id="t", source="t", content_hash="", raw="", lang="en", paragraphs=pars))


def said_by(sentence: str) -> list[tuple[str, str | None]]:
    """What each statement of ``sentence`` says, and who says it."""
    return [(q.text, q.speaker) for q in quotes_of(sentence)]


def only(quotes: list[Quote], fragment: str, kind: str | None = None) -> Quote:
    found = [q for q in quotes if fragment in q.text and (kind is None or q.kind == kind)]
    assert len(found) == 1, [(q.kind, q.text) for q in quotes]
    return found[0]


def test_a_clause_is_verb_subject_and_complement() -> None:
    text = "The harbour master, who inspected the pier, said on Tuesday that repairs would take a year."
    found = {c.form: c for c in clauses(parse([text])[0], 0)}
    said = found["said"]
    assert text[said.speaker[0] : said.speaker[1]] == "The harbour master"
    assert text[said.content[0] : said.content[1]] == "that repairs would take a year"
    assert "comp=ccomp" in said.features and "mark=that" in said.features
    inspected = found["inspected"]
    assert text[inspected.speaker[0] : inspected.speaker[1]] == "who"  # a relative pronoun, as written ...
    assert text[inspected.antecedent[0] : inspected.antecedent[1]] == "The harbour master"  # ... standing for this


@pytest.mark.parametrize(
    ("text", "antecedent"),
    [
        # the noun an apposition describes, not the appositive noun
        (
            "Council leader Mara Lind, a fierce critic who said the plan was rushed, voted no.",
            "Council leader Mara Lind",
        ),
        ("Mara Lind, a fierce critic who said the plan was rushed, voted no.", "Mara Lind"),
    ],
)
def test_a_relative_pronoun_stands_for_the_person_it_describes(text: str, antecedent: str) -> None:
    clause = next(c for c in clauses(parse([text])[0], 0) if c.form == "said")
    assert text[clause.speaker[0] : clause.speaker[1]] == "who"
    assert text[clause.antecedent[0] : clause.antecedent[1]] == antecedent


def test_a_gerund_after_a_preposition_takes_its_subject_from_the_verb_above() -> None:
    quotes = quotes_of(
        "Police charged the driver after determining that a video showed him speeding through the red light.",
        "The mayor chastised the governor for refusing to ask for federal help for the flooded towns.",
    )
    assert only(quotes, "a video showed him").speaker == "Police"  # the subject of "charged" determined it
    assert only(quotes, "federal help").speaker == "the governor"  # "X for refusing": X refused


def test_a_phrase_cut_at_a_preposition_is_no_speaker_and_an_author_speaks_for_the_work() -> None:
    quotes = quotes_of(
        "Mayor Jane Doe made a point of saying the club was a place of solidarity and friendship.",
        "Along with the photo, Mayor Jane Doe had posted: “We are not mourning, we are celebrating!”",
        "A living wage is about $12 an hour, according to calculations by Amy Glas of the state university.",
    )
    assert next(q for q in quotes if q.text.startswith("the club")).speaker != "a point of"
    assert only(quotes, "We are not mourning").speaker == "Jane Doe"  # not "Along with the photo"
    assert only(quotes, "A living wage").speaker == "Amy Glas of the state university"


def test_what_a_speaker_says_never_holds_the_speaker() -> None:
    text = "Residents cleared mud after a flood that local leaders blame on the operator of the dam upstream."
    blame = next(c for c in clauses(parse([text])[0], 0) if c.form == "blame")
    assert text[blame.speaker[0] : blame.speaker[1]] == "local leaders"
    assert blame.content is None or blame.content[0] >= blame.speaker[1]  # the relative "that" is not its object


def test_verbs_beyond_any_word_list_are_read_from_the_parse() -> None:
    quotes = quotes_of("Mayor Ines Kowalski criticized the plan to close the northern ferry terminal.")
    q = only(quotes, "the plan to close")
    assert q.speaker == "Ines Kowalski" and q.cue == "criticized" and q.kind == "indirect"


def test_a_sentence_the_parser_gives_two_subjects_is_still_read() -> None:
    # The small English model hangs "search" on "said" as a second subject and gives "said" no complement.
    text = (
        "The search for the two hikers missing since the bridge collapse on Sunday ended on Wednesday, "
        "when both were found alive, rescue services said."
    )
    q = only(quotes_of(text), "ended on Wednesday")
    assert q.speaker == "rescue services" and q.kind == "indirect"
    assert q.text.startswith("The search for") and q.text.endswith("found alive")


def test_a_comma_set_aside_after_what_was_said_is_not_part_of_it() -> None:
    quotes = quotes_of("The mayor said the bridge would reopen in May, although the council has doubts.")
    assert only(quotes, "would reopen").text == "the bridge would reopen in May"


def test_a_call_for_someone_to_act_is_what_was_called_for() -> None:
    quotes = quotes_of(
        "Mayor Ines Kowalski called for the ferry terminal to stay open all winter.",
        "The mayor waited for the water to recede before the meeting.",  # no cue: nothing is reported
    )
    q = only(quotes, "to stay open all winter")
    assert q.speaker == "Ines Kowalski" and q.text == "for the ferry terminal to stay open all winter"
    assert not [q for q in quotes if q.paragraph == 1]


def test_a_cue_inside_its_clause_reports_the_whole_clause() -> None:
    quotes = quotes_of(
        "The harbour plan, the mayor said on Tuesday, is dead and buried.",
        "After the mayor spoke, the crowd cheered for a long time.",  # an adverbial clause reports nothing
    )
    q = only(quotes, "is dead and buried")
    assert q.speaker == "the mayor" and q.text.startswith("The harbour plan")
    assert not [q for q in quotes if q.paragraph == 1]


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [("Kowalski: Harbour Plan Will Cost Twice What the City Was Told", "Kowalski"), ("Update: Harbour Closed", None)],
)
def test_a_headline_speaker_before_a_colon_is_a_name(headline: str, speaker: str | None) -> None:
    # the parse finds no verb in "Speaker: statement"; a person the entity stage found there speaks, a label not
    assert headline_statements(headline) == ({(speaker, headline.split(": ", 1)[1])} if speaker else set())


def headline_statements(headline: str) -> set[tuple[str | None, str]]:
    """Who says what in ``headline`` above one sentence, "Kowalski" a person the entity stage found there."""
    at = headline.find("Kowalski")
    mentions = [Mention(0, at, at + len("Kowalski"), "Kowalski", "person")] if at >= 0 else []
    pars = [Paragraph(0, headline, "en"), Paragraph(1, "The harbour plan was approved in May.", "en")]
    found = find_quotes(
        Report(id="t", source="t", content_hash="", raw="", lang="en", paragraphs=pars, mentions=mentions)
    )
    return {(q.speaker, q.text) for q in found if q.paragraph == 0}


@pytest.mark.parametrize(
    ("headline", "speaker", "statement"),
    [
        # a rubric set off by a dash opens the headline before its speaker
        ("EXCLUSIVE – Kowalski: Harbour Plan Will Cost Twice", "Kowalski", "Harbour Plan Will Cost Twice"),
        # whom the speaker addresses is not the speaker
        ("Kowalski to Dockworkers: Harbour Fees Will Double", "Kowalski", "Harbour Fees Will Double"),
        ("Kowalski on the Harbour Plan: ‘We Were Misled’", "Kowalski", "We Were Misled"),
        # a quotation that opens the statement is not all of it
        ("Kowalski: ‘Not a Cent More’ for the Harbour Plan", "Kowalski", "‘Not a Cent More’ for the Harbour Plan"),
        # a source with no name
        ("Poll: Most Residents Oppose the Harbour Plan", "Poll", "Most Residents Oppose the Harbour Plan"),
        ("Back to School: Harbour Fees Will Double", None, None),
        # English headlines in sentence case, too, when a name or a source speaks
        ("Kowalski camp: ferry fees will double", "Kowalski camp", "ferry fees will double"),
        ("The reason is simple: ferry fees will double", None, None),
    ],
)
def test_a_headline_speaker_is_found_around_rubrics_addressees_and_quotations(
    headline: str, speaker: str | None, statement: str | None
) -> None:
    statements = headline_statements(headline)
    assert ((speaker, statement) in statements) if speaker else not statements


def test_a_title_case_headline_is_read_as_a_sentence() -> None:
    # "Warns" capitalised reads as part of a name to the parser and the word lists; the report writes "warns"
    # in lower case and "Kowalski" capitalised inside its sentences, so the headline is read in that case
    quotes = quotes_of(
        "Harbour Chief Kowalski Warns Ferry Plan Will Be Late",
        "Kowalski said the plan had stalled. The union warns of strikes at the pier.",
    )
    q = only(quotes, "Ferry Plan Will Be Late")
    assert q.speaker == "Harbour Chief Kowalski" and q.paragraph == 0


def test_participles_and_coordinated_verbs_share_the_subject_but_not_the_content() -> None:
    quotes = quotes_of(
        "Ines Kowalski said the terminal would stay open this winter, warning that the budget was already spent."
    )
    said = only(quotes, "the terminal would stay open")
    assert "budget" not in said.text  # the second statement is cut off the first one's content
    warning = only(quotes, "the budget was already spent")
    assert said.speaker == warning.speaker == "Ines Kowalski"


def test_passive_with_agent_and_according_to() -> None:
    quotes = quotes_of(
        "It was confirmed by the port authority that two cranes had failed.",
        "According to the engineers, the cranes were older than the pier itself.",
    )
    assert only(quotes, "two cranes had failed").speaker == "the port authority"
    according = only(quotes, "the cranes were older")
    assert according.speaker == "the engineers" and according.cue == "According to"


def test_a_pronoun_resolves_to_the_person_named_before() -> None:
    quotes = quotes_of(
        "Ines Kowalski runs the ferry company.",
        "She told reporters that fares would rise by ten percent in March.",
    )
    q = only(quotes, "fares would rise")
    assert q.speaker == "Ines Kowalski" and q.cue == "told"


def test_a_pronoun_skips_a_place_and_a_time_named_after_the_person() -> None:
    first = "Senator Tom Reed campaigned across South Carolina on Tuesday."
    pars = [Paragraph(0, first, "en"), Paragraph(1, "He said the state would decide the race.", "en")]
    start = first.index("South Carolina")
    place = Mention(0, start, start + len("South Carolina"), "South Carolina", "place")
    report = Report(id="t", source="t", content_hash="", raw="", lang="en", paragraphs=pars, mentions=[place])
    assert only(find_quotes(report), "decide the race").speaker == "Tom Reed"  # the entity stage found a place
    quotes = quotes_of(
        "Mayor Jane Doe issued a statement Tuesday saying the judge was biased.",
        "She added that she was simply questioning the ruling.",
    )
    assert only(quotes, "questioning the ruling").speaker == "Jane Doe"  # no one is called Tuesday


def test_quoted_fragments_belong_to_their_sentence() -> None:
    quotes = quotes_of("Ines Kowalski said the new timetable was “a small miracle” for the islanders.")
    assert not [q for q in quotes if q.kind == "direct"]
    mixed = only(quotes, "a small miracle")
    assert mixed.kind == "mixed" and mixed.speaker == "Ines Kowalski"
    assert mixed.text.startswith("the new timetable")


def test_a_quoted_sentence_is_a_quote_of_its_own() -> None:
    quotes = quotes_of("“The ferry will run every hour,” Ines Kowalski said.")
    q = only(quotes, "The ferry will run", kind="direct")
    assert q.speaker == "Ines Kowalski"
    assert not [x for x in quotes if x.kind != "direct"]  # no second, indirect copy of the same words


@pytest.mark.parametrize(
    ("quoted", "fragment"),
    [
        ("a small miracle", True),
        ("driven back,", True),
        ("Fleischwolf", True),
        ("The ferry will run every hour,", False),
        ("We are ready.", False),
        ("the new timetable will save every islander two hours a week", False),
    ],
)
def test_fragments(quoted: str, fragment: bool) -> None:
    assert is_fragment(quoted) is fragment


def test_words_inside_a_quotation_are_not_cues_of_the_report() -> None:
    quotes = quotes_of("“Everyone said the ferry was finished,” Ines Kowalski recalled.")
    assert {q.speaker for q in quotes} == {"Ines Kowalski"}


def test_a_parsed_complement_of_one_word_is_a_statement() -> None:
    # whom the union backs is what it says, though it is one word
    assert said_by("The ferry union endorsed Lind on Monday.") == [("Lind", "The ferry union")]
    assert said_by("Mayor Grale praised Moor.") == [("Moor", "Mayor Grale")]


def test_a_nouns_time_is_not_what_it_is_about() -> None:
    # "a letter on Monday" tells when; the letter says that the crossing would close
    said = said_by("The ferry union said in a letter on Monday that the crossing would close.")
    assert said == [("the crossing would close", "The ferry union")]


def test_content_that_points_elsewhere_is_a_statement_too() -> None:
    # what was admitted is written elsewhere, but that the ministry admitted it is the attribution
    assert said_by("The ministry admitted this for the first time on Friday.") == [("this", "The ministry")]


def test_a_country_speaks_only_where_the_text_makes_it_speak() -> None:
    quotes = quotes_of(
        "Norway claims the recapture of two villages. “They are ready to give up.”",
        "“They are ready to give up,” General Anton Weiss said after the meeting.",
    )
    claim = only(quotes, "the recapture of two villages")
    assert claim.speaker == "Norway"  # "Norway claims": the text makes it speak
    teaser = [q for q in quotes if q.paragraph == 0 and q.kind == "direct"]
    assert teaser and teaser[0].speaker == "Anton Weiss"  # the teaser is the general's, quoted below


def test_a_quotation_after_an_attributed_one_goes_on_in_the_same_voice() -> None:
    # "Carson" is also a place's name; a speaker who said the first quotation says the next one too
    quotes = quotes_of("“The tide will lift all boats,” Carson said on Monday. “And the boats will float for years.”")
    later = only(quotes, "the boats will float")
    assert later.kind == "direct" and later.speaker == "Carson"


@pytest.mark.parametrize("phrase", ["I", "a New Hampshire Democrat", "an adviser"])
def test_english_articles_and_pronouns_are_no_foreign_prepositions(phrase: str) -> None:
    from newsdesk.enrich.quotes.guards import speaker_quality

    assert speaker_quality(phrase) > 0
    assert speaker_quality("in the morning") == 0


def test_a_clause_fronted_before_a_quotation_is_part_of_what_was_said() -> None:
    # the parser hangs "no matter what …" on "says", not on the quoted clause it opens
    quotes = quotes_of(
        "The harbour master says no matter what the council decides next week, “the pier will reopen in May.”"
    )
    said = only(quotes, "no matter what", "indirect")
    assert said.text.startswith("no matter what the council decides") and "the pier will reopen" in said.text
    assert only(quotes, "the pier will reopen", "direct").speaker == "The harbour master"
    # a comma-set adverb with no verb is an aside of the report, not part of the statement
    aside = only(quotes_of("The harbour master said, however, that the pier would reopen in May."), "reopen")
    assert aside.text == "the pier would reopen in May"


def test_a_pronoun_is_never_the_person_a_later_pronoun_stands_for() -> None:
    quotes = quotes_of("She met the minister. We asked about the pier. She said repairs would take a year.")
    assert only(quotes, "repairs would take a year").speaker is None  # not "We"


def test_a_relative_clause_ending_the_statement_is_the_reporters_aside() -> None:
    said = only(
        quotes_of("The harbour master said the repairs were paid by Lena Ekberg, who chairs the council."), "repairs"
    )
    assert said.text == "the repairs were paid by Lena Ekberg"
    # inside the statement, a relative clause stays: it is not where the statement ends
    kept = only(quotes_of("The harbour master said the pier, which opened in 1910, would reopen."), "pier")
    assert kept.text == "the pier, which opened in 1910, would reopen"


def test_a_that_clause_the_parser_hangs_on_a_noun_after_the_cue_is_what_was_said() -> None:
    # "that" opens a relative clause of "conference" to the parser; with a subject of its own it is the statement
    said = only(
        quotes_of("The harbour master told reporters during a news conference that the pier would reopen."), "pier"
    )
    assert said.text.endswith("the pier would reopen") and said.speaker == "The harbour master"


def test_a_quoted_name_ending_a_sentence_is_no_quotation_and_no_part_of_a_span() -> None:
    quotes = quotes_of("The harbour master discussed the repairs on the radio show “Harbour Morning.”")
    assert [q.kind for q in quotes] == ["indirect"]  # the show's name is no quotation
    assert not quotes[0].text.endswith("“")  # the blanked mark is no part of what was said


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We must act now,” said Mr. Holm.", "Mr. Holm"),
        ("“It is over,” said Gov. Lind.", "Gov. Lind"),
        ("“It is over,” said Tomas K. Lind, the harbour master.", "Tomas K. Lind"),
        ("“It is over,” said J. K. Lind.", "J. K. Lind"),
    ],
)
def test_an_abbreviated_title_or_an_initial_does_not_end_the_speakers_name(text: str, speaker: str) -> None:
    assert only(quotes_of(text), "", "direct").speaker == speaker  # was "Mr", "Gov", "Tomas K", "J"


def test_a_claim_with_no_possessive_is_owned_by_the_subject_of_its_verb() -> None:
    quotes = quotes_of("The spokeswoman rejected the assertion that the harbour master had misled the council.")
    [claim] = [q for q in quotes if q.text == "the harbour master had misled the council"]
    assert claim.speaker == "The spokeswoman"


def test_the_subject_of_seem_is_part_of_the_impression_not_its_source() -> None:
    quotes = quotes_of("The harbour master’s plan seemed unlikely to win the council’s support.")
    seemed = only(quotes, "unlikely")
    assert seemed.text.startswith("The harbour master’s plan seemed") and seemed.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "The donor claimed that he is not backing any particular candidate, and in addition to a meeting he had "
        "with the mayor last year, he also hosted the governor on his boat.",
        "The mayor will come on the program to talk about the southern border and how many people can slip through.",
    ],
)
def test_no_statement_ends_in_a_conjunction(text: str) -> None:
    # the parser hangs the conjunct elsewhere and leaves "and" at the end of the complement
    for q in quotes_of(text):
        assert q.text.split()[-1] not in ("and", "or", "but"), q.text


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "The harbour master described the new breakwater as a waste of public money.",
            "the new breakwater as a waste of public money",
        ),
        (
            "The union’s leader cast the ferry strike as a fight for every worker on the islands.",
            "the ferry strike as a fight for every worker on the islands",
        ),
    ],
)
def test_an_as_phrase_after_the_object_is_part_of_what_was_said(sentence: str, said: str) -> None:
    # the parser hangs "as …" on the verb, beside the object: what the object is called belongs with it
    q = only(quotes_of(sentence), said.split(" as ")[0])
    assert q.text.startswith(said)


def test_a_second_that_clause_is_part_of_what_was_said() -> None:
    # the parser coordinates the second clause with "think", not with the first clause
    q = only(quotes_of("The two captains think the harbour deal was fair, but that there is still more to do."), "fair")
    assert q.text == "the harbour deal was fair, but that there is still more to do"


def test_a_second_complement_with_its_own_speaker_ends_the_first_statement() -> None:
    # "said" is a second complement of the first "said" to the parser, beside "were worried"
    quotes = quotes_of(
        "About half of the islanders said they were worried about the ferry timetable, and more than 4 in 10 said "
        "the harbour master would handle the strike best."
    )
    assert only(quotes, "worried").text == "they were worried about the ferry timetable"
    assert only(quotes, "handle the strike").text == "the harbour master would handle the strike best"


@pytest.mark.parametrize(
    "addressee",
    [
        "told the Harbour Gazette",
        "told reporters",
        "told him",
        "asked them",
        "told the delegates",
        "told ferry workers",
    ],
)
def test_whom_one_tells_is_not_what_one_said(addressee: str) -> None:
    quotes = quotes_of("“The pier will not close this winter.”", f"Ines Moor {addressee}.")
    assert not [q for q in quotes if q.paragraph == 1]
    assert only(quotes, "The pier will not close").kind == "direct"


@pytest.mark.parametrize(
    ("sentence", "asked"),
    [
        ("Ines Moor asked the ferry workers if they planned to strike.", "if they planned to strike"),
        (
            "Tom Grale asked the students whether the harbour was always so quiet.",
            "whether the harbour was always so quiet",
        ),
    ],
)
def test_what_was_asked_is_the_question_not_whom_one_asked(sentence: str, asked: str) -> None:
    # the parser hangs the "if" clause on the verb as an adverbial and makes the addressee the object
    assert asked in [q.text for q in quotes_of(sentence)]


def test_a_thing_told_is_what_was_told() -> None:
    assert "a story about the old pier" in [q.text for q in quotes_of("Ines Moor told a story about the old pier.")]


def test_a_quote_takes_the_parsed_speaker_where_the_word_lists_found_no_speaker() -> None:
    # the word lists read "her list of complaints by" before "saying"; the parse reads the subject, a surname that
    # is also a place (so no better a speaker by its words than the phrase)
    quotes = quotes_of("Marlow ended her list of complaints by saying “Too many ferries, too few sailors.”")
    assert only(quotes, "Too many ferries", kind="direct").speaker == "Marlow"


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "Mayor Ines Moor says she is “excited where we stand” as she faces a hard vote in the harbour council.",
            "she is “excited where we stand”",
        ),
        (
            "The ferry company said the pier would stay open all winter after inspectors found no damage to it.",
            "the pier would stay open all winter",
        ),
    ],
)
def test_a_trailing_clause_of_time_is_not_part_of_what_was_said(sentence: str, said: str) -> None:
    # when it was said or done ("as she faces …", "after inspectors found …") is the reporter's circumstance
    q = only(quotes_of(sentence), said.split()[1])
    assert q.text == said


@pytest.mark.parametrize(
    ("city", "speaker"), [("KIRKWALL", "Sara Holm"), ("LERWICK", "Michael Dorsey"), ("DUNDEE", "Ivo Marek")]
)
def test_a_dateline_is_not_the_speaker(city: str, speaker: str) -> None:
    # the parser reads the city as the subject and the speaker as its apposition after the dash
    quotes = quotes_of(f"{city} (NDA) – Harbour Commissioner {speaker} said on Tuesday that the pier must close.")
    said_by = only(quotes, "the pier must close").speaker or ""
    assert said_by.endswith(speaker) and city not in said_by


def test_i_in_a_transcript_turn_is_the_labelled_speaker() -> None:
    quotes = quotes_of(
        "Tom Grale interviewed the harbour master on Sunday.",
        "GRALE: Is the pier safe?",
        "MOOR: I think the pier is safe for now. And I believe that the council will pay for repairs.",
    )
    assert only(quotes, "the pier is safe for now").speaker == "MOOR"
    assert only(quotes, "the council will pay").speaker == "MOOR"


@pytest.mark.parametrize(
    "sentence",
    [
        "“The pier has never been safe,” Ines Moor, the former harbour master and a candidate for provost, told the "
        "Island Gazette.",
        "''The tender was rigged from the start,'' Ines Moor, the former provost and a council candidate, told NDA.",
    ],
)
def test_whom_one_tells_is_never_the_speaker_of_a_quote(sentence: str) -> None:
    # the word lists found no subject before "told" (a long apposition) and read what follows as an inverted speaker
    assert only(quotes_of(sentence), "", kind="direct").speaker == "Ines Moor"


def test_a_medium_is_not_what_was_written() -> None:
    quotes = quotes_of("Ines Moor, the harbour master, wrote on Twitter.", "Tom Grale spoke on the radio on Monday.")
    assert not [q for q in quotes if q.kind == "indirect"], [(q.kind, q.text) for q in quotes]
    quotes = quotes_of(
        "The mayor complained on social media.", "In a post on Telegram, the mayor said the pier was safe."
    )
    assert [q.text for q in quotes] == ["the pier was safe"]


def test_a_medium_one_speaks_about_is_a_topic() -> None:
    assert [q.text for q in quotes_of("The mayor complained about Twitter.")] == ["about Twitter"]


def test_a_title_is_a_person_not_an_organisation() -> None:
    text = "In a statement on Telegram, the minister confirmed that the troops had advanced."
    start = text.index("Telegram")
    org = Mention(0, start, start + len("Telegram"), "Telegram", "org")
    report = Report(
        id="t", source="t", content_hash="", raw="", lang="en", paragraphs=[Paragraph(0, text, "en")], mentions=[org]
    )
    assert only(find_quotes(report), "troops had advanced").speaker == "the minister"  # not "Telegram"


@pytest.mark.parametrize(
    "first",
    [
        "Defence Minister Anna Berg said the troops had advanced.",
        "The minister of defence, Anna Berg, said the troops had advanced.",
    ],
)
def test_a_title_later_is_the_person_it_named(first: str) -> None:
    # "minister" differs by a few letters from the Dutch "ministerie": it was taken for an organisation's word
    quotes = quotes_of(first, "The minister added that the bridge was safe.")
    assert only(quotes, "bridge was safe").speaker == "Anna Berg"


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "The harbour master said the tender went to Tom Grale, the former provost of the island.",
            "the tender went to Tom Grale",
        ),
        (
            "Ines Moor endorsed a year-round ferry service — a dream for many islanders.",
            "a year-round ferry service",
        ),
        (  # a dash typed as two hyphens, as wire copy sets it
            "Ines Moor endorsed a year-round ferry service -- a dream for many islanders.",
            "a year-round ferry service",
        ),
        (
            "The harbour master said the tender went to Tom Grale -- the former provost of the island.",
            "the tender went to Tom Grale",
        ),
        (
            "Tom Grale says islanders lead the mainland by 271 votes, according to a count by the Gazette.",
            "islanders lead the mainland by 271 votes",
        ),
    ],
)
def test_the_reporters_aside_that_ends_a_statement_is_not_part_of_it(sentence: str, said: str) -> None:
    # an apposition set off by a comma or a dash, however deep its noun, and a source of its own ("according to")
    statements = [q.text for q in quotes_of(sentence) if q.kind == "indirect"]
    assert said in statements and not [s for s in statements if s.startswith(said + " ")]


def test_a_lone_surname_that_is_also_a_place_speaks_when_the_report_names_the_person() -> None:
    # "Marlow" is a town; the entity stage found the person "Tom Marlow", so "He added" goes on with him
    report = analyse(
        RawReport(
            source="t",
            id="t",
            lang="en",
            text="Ed Grale and harbour master Tom Marlow met on Monday.\n\n"
            "“The pier is not safe,” Marlow told the Gazette. He added that the ferry would stop in May.",
        )
    )
    assert only(report.quotes, "the ferry would stop", kind="indirect").speaker == "Tom Marlow"


@pytest.mark.parametrize("verb", ["barked", "snapped", "grumbled"])
def test_a_quote_closed_by_a_verb_of_speaking_has_its_speaker(verb: str) -> None:
    quotes = quotes_of(
        "Harbour master Ines Moor toured the quay.", f"“The pier is a disgrace, a total disgrace,” Moor {verb}."
    )
    assert only(quotes, "The pier is a disgrace", kind="direct").speaker == "Ines Moor"


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "Harbour master Ines Moor says the pier is unsafe for ferries, because the storm has cracked two pillars.",
            "the pier is unsafe for ferries, because the storm has cracked two pillars",
        ),
        (
            "The ferry company said the crossing would resume on Monday, if the wind drops below gale force.",
            "the crossing would resume on Monday, if the wind drops below gale force",
        ),
        (
            "Ines Moor said the ferry would run on Sundays, since most islanders work on the mainland.",
            "the ferry would run on Sundays, since most islanders work on the mainland",
        ),
    ],
)
def test_a_reason_or_condition_after_a_comma_is_part_of_what_was_said(sentence: str, said: str) -> None:
    # the speaker's "because …", "if …", "since …"; a contrast ("…, although he did not say …") stays the reporter's
    assert said in [q.text for q in quotes_of(sentence) if q.kind == "indirect"]


def test_a_contrast_after_a_comma_is_the_reporters() -> None:
    quotes = quotes_of(
        "Tom Grale said the island needs a second doctor, although he did not say who would pay for one."
    )
    assert only(quotes, "doctor").text == "the island needs a second doctor"


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "Most islanders say the ferry timetable is “about right,” though they are more likely to say fares are high.",
            "the ferry timetable is “about right,”",
        ),
        (
            "Ines Moor said the harbour plan was “a disaster for the island,” which drew jeers from the council.",
            "the harbour plan was “a disaster for the island,”",
        ),
        (
            "Ines Moor said the harbour plan was ''a disaster for the island,'' which drew jeers from the council.",
            "the harbour plan was ''a disaster for the island,''",
        ),
    ],
)
def test_a_comma_inside_the_closing_quotation_still_sets_off_the_reporters_aside(sentence: str, said: str) -> None:
    # American style puts the comma inside the quotation marks; the aside after them is the reporter's all the same
    assert said in [q.text for q in quotes_of(sentence)]


@pytest.mark.parametrize(
    ("sentence", "said", "speaker"),
    [
        ("It was not the bridge the council had promised.", "the bridge", "the council"),
        ("It was the tax the islanders had complained about.", "the tax", "the islanders"),
        (
            "It was the kind of ferry the islanders had warned about in their petition.",
            "the kind of ferry",
            "the islanders",
        ),
    ],
)
def test_a_relative_clause_with_no_complement_reports_the_noun_it_describes(
    sentence: str, said: str, speaker: str
) -> None:
    # what was intended or warned about is the noun the clause hangs on
    q = only(quotes_of(sentence), said.split()[-1])
    assert (q.text, q.speaker) == (said, speaker)


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("On the island, Ines Moor praised the ferry crew.", "the ferry crew"),
        ("For years, islanders have warned about the pier.", "about the pier"),
        ("On the campaign trail, Ines Moor defended the subsidy.", "the subsidy"),
    ],
)
def test_a_phrase_before_the_cue_is_never_its_topic(sentence: str, said: str) -> None:
    # a fronted "on …" / "for …" sets the scene; what was praised or warned about follows the verb
    assert [q.text for q in quotes_of(sentence) if q.kind == "indirect"] == [said]


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        ("Ticket sales were great, she said, wiping rain off her face.", "Ticket sales were great"),
        (
            "Many of the closures, he said, have involved public piers, the latter a reference to piers that charge.",
            "Many of the closures, he said, have involved public piers",
        ),
    ],
)
def test_the_clause_a_cue_interrupts_loses_the_reporters_asides(sentence: str, said: str) -> None:
    # "…, wiping rain off her face" and "…, the latter a reference to …" are the reporter's, as after a complement
    assert [q.text for q in quotes_of(sentence) if q.kind == "indirect"] == [said]


def test_a_noun_of_stance_reports_what_it_is_about() -> None:
    # "questions about | the new bridge": the noun is a cue of its own, read from the parse like a verb
    assert ("the new bridge and its cost", "Islanders") in said_by(
        "Islanders raised questions about the new bridge and its cost."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Asked whether the ferry would run in winter, Ines Moor said the council had not decided.",
        "Ines Moor looked uneasy when asked about the harbour fees.",
        "Ines Moor, when asked about the harbour fees, said the council had not decided.",
    ],
)
def test_whoever_is_asked_is_not_who_asks(sentence: str) -> None:
    # a passive participle's subject is the one asked; who asked is not written, so the question has no speaker
    quotes = quotes_of(sentence)
    asked = only(quotes, "harbour fees" if "fees" in sentence else "winter")
    assert asked.cue.lower() == "asked" and asked.speaker is None
    assert all(q.speaker == "Ines Moor" for q in quotes if q.cue == "said")


@pytest.mark.parametrize(
    ("sentence", "said", "speaker"),
    [
        (
            "As the Harbour Gazette reported last week, the council cut the ferry subsidy.",
            "the council cut the ferry subsidy",
            "the Harbour Gazette",
        ),
        (
            "As Ines Moor noted on Tuesday, the pier has been closed for a decade.",
            "the pier has been closed for a decade",
            "Ines Moor",
        ),
    ],
)
def test_an_as_clause_before_its_host_reports_the_host(sentence: str, said: str, speaker: str) -> None:
    # "As X reported, …": what X reported is the clause the "as" clause opens
    assert (said, speaker) in said_by(sentence)


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "The two harbours are widely seen as the council's best hope.",
            "The two harbours are widely seen as the council's best hope",
        ),
        ("The ferry plan was widely criticized in the islands.", "The ferry plan"),
    ],
)
def test_a_passive_with_no_agent_reports_its_subject_and_no_speaker(sentence: str, said: str) -> None:
    # what is seen or criticized is the passive subject (with what it is seen as); the text names no one who sees it
    assert [(q.text, q.speaker) for q in quotes_of(sentence) if q.kind == "indirect"] == [(said, None)]


@pytest.mark.parametrize(
    ("sentence", "said", "speaker"),
    [
        ("It is a measure strongly opposed by the fishermen's union.", "a measure", "the fishermen's union"),
        (
            "The mayor's remarks, first reported by the Harbour Gazette on Tuesday, suggested a change of heart.",
            "The mayor's remarks",
            "Harbour Gazette",
        ),
    ],
)
def test_a_participle_with_an_agent_reports_the_noun_it_describes(sentence: str, said: str, speaker: str) -> None:
    # "a measure opposed by the union": what the union opposed is the measure, as in a relative clause
    assert (said, speaker) in said_by(sentence)


def test_a_clause_before_a_cue_with_an_object_of_its_own_is_the_reporters() -> None:
    # the parser hangs the first clause on "vetoed" as its complement; what was vetoed is the bill
    assert ("the bill", "the governor") in said_by(
        "The council passed a measure that would ban night fishing, the governor vetoed the bill."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "“We will rebuild the pier,” Ines Moor promised supporters.",
        "The pier will be rebuilt, Ines Moor told reporters.",
    ],
)
def test_a_statement_before_a_cue_stays_what_was_said_to_an_audience(sentence: str) -> None:
    said = [q.text for q in quotes_of(sentence)]
    assert any("rebuil" in t for t in said) and "supporters" not in said and "reporters" not in said


def test_a_line_introducing_a_transcript_is_not_its_speaker() -> None:
    quotes = quotes_of(
        "On Sunday the mayor said the harbour plan was fair.",
        "Partial transcript as follows:",
        "“BERG: We will open the terminal in May, and not a day later than that.",
    )
    assert [q.speaker for q in quotes if "terminal" in q.text] != ["Partial transcript as follows"]


@pytest.mark.parametrize(
    ("text", "said", "speaker"),
    [
        (
            "“Look at all these fishermen here,” Lindgren said with a smirk, looking over at Berg.",
            "Look at all these fishermen here",
            "Lindgren",
        ),
        (
            "“Look at all these boats here,” Berg said with a grin, pointing at the harbour.",
            "Look at all these boats here",
            "Berg",
        ),
    ],
)
def test_what_the_parse_adds_after_a_quotation_and_its_cue_is_no_statement(text: str, said: str, speaker: str) -> None:
    # the parse read "with a smirk" as what was said, and a span from the quotation over the cue to it
    assert [(q.kind, q.text, q.speaker) for q in quotes_of(text)] == [("direct", said, speaker)]


@pytest.mark.parametrize("verb", ["criticised", "criticized", "apologised for", "apologized for"])
def test_british_spellings_are_cues_as_american_ones_are(verb: str) -> None:
    said = only(quotes_of(f"The harbour master {verb} the delay in warning the residents."), "the delay")
    assert said.kind == "indirect" and said.speaker == "The harbour master"


def test_a_sentence_set_apart_by_a_semicolon_is_not_what_the_next_cue_reports() -> None:
    text = (
        "More than six in 10 said they were not looking forward to the vote; "
        "46 percent said they were unenthusiastic about the election."
    )
    assert said_by(text) == [
        ("they were not looking forward to the vote", "More than six in 10"),
        ("they were unenthusiastic about the election", "46 percent"),
    ]


def test_a_description_is_known_by_its_head() -> None:
    # "the union" was taken for the speaker "White male union members" written before it, whose head is "members"
    quotes = quotes_of(
        "White male union members favored the senator by nearly 20 points, according to polling by the union."
    )
    assert only(quotes, "favored the senator").speaker == "the union"
