"""Direct and indirect quotes with speakers, on short invented reports in several languages."""

from __future__ import annotations

import pytest

from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.enrich.quotes.marks import is_quoted_name, quote_spans
from newsdesk.model import Mention, Paragraph, Quote, Report


def report(*paragraphs: str, lang: str = "en", mentions: list[Mention] | None = None) -> Report:
    pars = [Paragraph(i, text, lang) for i, text in enumerate(paragraphs)]
    return Report(id="t", source="test", content_hash="", raw="", lang=lang, paragraphs=pars, mentions=mentions or [])


def direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.kind == "direct"]


def speaker_of(quotes: list[Quote], fragment: str) -> str | None:
    matches = [q for q in quotes if fragment in q.text]
    assert matches, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return matches[0].speaker


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“We will rebuild the bridge by June,” she said.", "We will rebuild the bridge by June,"),
        ('"We will rebuild the bridge by June," she said.', "We will rebuild the bridge by June,"),
        ("”Vi bygger om bron till juni”, säger hon.", "Vi bygger om bron till juni"),
        ("„Wir bauen die Brücke bis Juni“, sagte sie.", "Wir bauen die Brücke bis Juni"),
        ("»Wir bauen die Brücke bis Juni«, sagte sie.", "Wir bauen die Brücke bis Juni"),
        (
            "« Nous reconstruirons le pont en juin », a-t-elle déclaré.",
            "Nous reconstruirons le pont en juin",
        ),  # no typographic spaces
    ],
)
def test_quotation_marks_of_each_language(text: str, content: str) -> None:
    spans = quote_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == content


def test_nested_quotes_and_apostrophes_are_not_separate_quotes() -> None:
    text = "“The mayor’s plan is called ‘a retreat’ by nobody,” he said."
    spans = quote_spans(text)
    assert len(spans) == 1 and text[spans[0].start : spans[0].end].startswith("The mayor’s plan")


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        # typewriter marks: a single quotation closes with the double one ("'old-school,'''") or opens with it
        ("''We call it 'the old pier,''' said the mayor. ''It stays.''", ["We call it 'the old pier,'", "It stays."]),
        ("They told him, '''Sir, the pier is closed,' and left,'' she said.", ["'Sir, the pier is closed,' and left,"]),
    ],
)
def test_three_apostrophes_are_a_single_mark_beside_a_double_one(text: str, contents: list[str]) -> None:
    assert [text[s.start : s.end] for s in quote_spans(text)] == contents


def test_markup_attributes_in_plain_text_are_no_quotations() -> None:
    # an embedded post as some archives keep it: its attribute values are not words anyone said
    text = '<post pic="" author="harbourdesk" timestamp="1470067200" id="778">The pier reopens.</post> “It is safe,” she said.'
    assert [text[s.start : s.end] for s in quote_spans(text)] == ["It is safe,"]


def test_english_attribution_after_and_before_the_quote() -> None:
    r = report(
        "Maria Lindqvist, head of the regional water board, said on Monday: “The pipes are older than the town.”",
        "“We need ten years to replace them,” Ms Lindqvist said. “There is no quick fix.”",
        "“Nobody listened to us,” said Tomas Berg, a local farmer.",
    )
    quotes = direct(find_quotes(r))
    assert speaker_of(quotes, "older than the town") == "Maria Lindqvist"
    assert speaker_of(quotes, "ten years") == "Maria Lindqvist"
    assert speaker_of(quotes, "no quick fix") == "Maria Lindqvist"  # standalone follow-up quote
    assert speaker_of(quotes, "Nobody listened") == "Tomas Berg"
    q = next(q for q in quotes if "ten years" in q.text)
    assert r.paragraphs[q.speaker_paragraph].text[q.speaker_start : q.speaker_end] == "Ms Lindqvist"
    assert q.cue == "said"


def test_an_initial_inside_a_speakers_name_in_german() -> None:
    quotes = direct(find_quotes(report("„Die Firma hat Geld verloren“, sagte Peter M. Hahn am Montag.", lang="de")))
    assert speaker_of(quotes, "Geld verloren") == "Peter M. Hahn"  # was "Peter M"


def test_pronoun_and_description_resolve_to_earlier_person() -> None:
    r = report(
        "Anna Petrova, leader of the farmers' union, criticised the plan on Tuesday.",
        "Officials disagreed with Jonas Weber, the city treasurer.",
        "“This budget ignores the villages,” the union boss said.",
        "The treasurer says the money is already spent.",
        "“We will see,” he said.",
    )
    quotes = find_quotes(r)
    assert speaker_of(quotes, "ignores the villages") == "Anna Petrova"
    assert speaker_of(quotes, "already spent") == "Jonas Weber"
    assert speaker_of(quotes, "We will see") == "Jonas Weber"


def test_unresolvable_description_is_kept_and_pronoun_without_antecedent_is_unknown() -> None:
    quotes = find_quotes(report("“The water rose in minutes,” a firefighter said.", "“It was cold,” he said."))
    assert speaker_of(quotes, "water rose") == "a firefighter"
    assert speaker_of(quotes, "It was cold") is None


def test_mentions_from_the_entity_stage_are_used() -> None:
    text = "“Prices will fall,” said Olu Adeyemi-Okafor."
    start = text.index("Olu")
    m = Mention(0, start, len(text) - 1, "Olu Adeyemi-Okafor", "person", key="person:adeyemi-okafor")
    quotes = find_quotes(report(text, "“Soon,” he added, “very soon indeed.”", mentions=[m]))
    assert speaker_of(quotes, "Prices will fall") == "Olu Adeyemi-Okafor"
    assert [q.speaker_key for q in quotes if "very soon" in q.text] == ["person:adeyemi-okafor"]


def test_scare_quotes_get_no_false_speaker() -> None:
    quotes = find_quotes(
        report(
            "The minister met farmers on Monday.",
            "The storm caused a “catastrophe” in the valley, and roads were closed for days.",
            "The opposition leader, Sara Holm, has called the reform a “disaster”.",
        )
    )
    assert not [q for q in quotes if q.text == "catastrophe"]
    assert speaker_of(quotes, "disaster") == "Sara Holm"


def test_quote_spanning_paragraphs_shares_the_speaker() -> None:
    r = report(
        "“We will not give up the harbour. The workers depend on it.",
        "“And we will fight for every job,” said Karl Nilsen, the union chairman.",
    )
    quotes = direct(find_quotes(r))
    assert len(quotes) == 2
    assert {q.speaker for q in quotes} == {"Karl Nilsen"}


def test_swedish_dash_speech_and_enligt() -> None:
    r = report(
        "Vägverket stängde bron efter stormen, skriver tidningen.",
        "– Det här är den värsta stormen på tjugo år, säger en brandman till tidningen.",
        "Enligt polisen skadades ingen i olyckan.",
        "”Vi öppnar bron igen på måndag”, skriver verket i ett pressmeddelande.",
        lang="sv",
    )
    quotes = find_quotes(r)
    assert speaker_of(quotes, "värsta stormen") == "en brandman"
    assert [q.cue for q in quotes if "värsta stormen" in q.text] == ["– säger"]
    ind = [q for q in quotes if q.kind == "indirect" and "skadades ingen" in q.text]
    assert ind and ind[0].speaker == "polisen" and ind[0].cue.lower() == "enligt"


@pytest.mark.parametrize(
    ("lang", "text", "content", "speaker"),
    [
        (
            "en",
            "The company lost money last year, according to Ruth Adler.",
            "The company lost money last year",
            "Ruth Adler",
        ),
        (
            "de",
            "Laut Peter Hahn hat die Firma im letzten Jahr Geld verloren.",
            "hat die Firma im letzten Jahr Geld verloren",
            "Peter Hahn",
        ),
        (
            "fr",
            "Selon Claire Dubois, l'entreprise a perdu de l'argent.",
            "l'entreprise a perdu de l'argent",
            "Claire Dubois",
        ),
        (
            "es",
            "Según Ana García, la empresa perdió dinero el año pasado.",
            "la empresa perdió dinero el año pasado",
            "Ana García",
        ),
        (
            "nl",
            "Volgens Pieter de Vries heeft het bedrijf geld verloren.",
            "heeft het bedrijf geld verloren",
            "Pieter de Vries",
        ),
        ("ru", "По словам Ивана Петрова, компания потеряла деньги.", "компания потеряла деньги", "Ивана Петрова"),
        ("sv", "Karin Ek säger att företaget förlorade pengar.", "företaget förlorade pengar", "Karin Ek"),
        ("de", "Peter Hahn sagte, die Firma habe Geld verloren.", "die Firma habe Geld verloren", "Peter Hahn"),
        (
            "fr",
            "Claire Dubois a déclaré que l'entreprise avait perdu de l'argent.",
            "l'entreprise avait perdu de l'argent",
            "Claire Dubois",
        ),
        ("en", "Ruth Adler said that the company lost money.", "the company lost money", "Ruth Adler"),
        ("es", "Ana García dijo que la empresa perdió dinero.", "la empresa perdió dinero", "Ana García"),
        ("nl", "Pieter de Vries zei dat het bedrijf geld verloor.", "het bedrijf geld verloor", "Pieter de Vries"),
        ("ru", "Иван Петров заявил, что компания потеряла деньги.", "компания потеряла деньги", "Иван Петров"),
        # German capitalises every noun: the speaker phrase ends at the first lower-case word after its noun,
        # and a marker inside the clause leaves the whole sentence as what was said.
        (
            "de",
            "Nach Angaben der Polizei wurden drei Menschen verletzt.",
            "wurden drei Menschen verletzt",
            "der Polizei",
        ),
        (
            "de",
            "Laut dem Sprecher des Ministeriums sind drei Soldaten getötet worden.",
            "sind drei Soldaten getötet worden",
            "dem Sprecher des Ministeriums",
        ),
        (
            "de",
            "Die Strecke bleibt nach Angaben des Betreibers Fretsud mindestens fünf Tage gesperrt.",
            "Die Strecke bleibt nach Angaben des Betreibers Fretsud mindestens fünf Tage gesperrt",
            "des Betreibers Fretsud",
        ),
        (  # a separable verb's particle ("kündigte … an") is not what was said
            "de",
            "Nordwerk kündigte an, zehn Millionen Euro in einen Fonds einzuzahlen.",
            "zehn Millionen Euro in einen Fonds einzuzahlen",
            "Nordwerk",
        ),
        # a separable verb reports with its particle at the clause's end ("gab … bekannt", "räumte … ein")
        (
            "de",
            "Der Betreiber gab am Dienstag bekannt, die Strecke bleibe bis Freitag gesperrt.",
            "die Strecke bleibe bis Freitag gesperrt",
            "Der Betreiber",
        ),
        (
            "de",
            "Die Bürgermeisterin räumte später ein, die Warnung sei zu spät gekommen.",
            "die Warnung sei zu spät gekommen",
            "Die Bürgermeisterin",
        ),
        ("de", "Der Sprecher wies darauf hin, dass der Damm alt sei.", "der Damm alt sei", "Der Sprecher"),
        (
            "nl",
            "De burgemeester gaf toe dat de waarschuwing te laat kwam.",
            "de waarschuwing te laat kwam",
            "De burgemeester",
        ),
        # "as X reported" reports what precedes it
        (
            "de",
            "Die Strecke bleibt gesperrt, wie der Betreiber mitteilte.",
            "Die Strecke bleibt gesperrt",
            "der Betreiber",
        ),
        ("nl", "Drie mensen raakten gewond, zoals de politie meldde.", "Drie mensen raakten gewond", "de politie"),
        # "among others" before the speakers; a name in the genitive before its noun; "och" joins a second source
        (
            "sv",
            "Dammen har gett vika enligt bland andra Sveriges meteorologiska institut och länsstyrelsen.",
            "Dammen har gett vika",
            "Sveriges meteorologiska institut",
        ),
        (
            "en",
            "The line will stay closed, according to Britain's transport ministry.",
            "The line will stay closed",
            "Britain's transport ministry",
        ),
        # Scandinavian "han" (he) is a subject, whatever Spanish "han" (have) is; so is a pronoun after "där" (where)
        ("sv", "Lars Berg talade på mötet. Han säger att dammen är stabil.", "dammen är stabil", "Lars Berg"),
        (
            "sv",
            "Lars Berg syns i en video där han lovar att bygga en ny vall till sommaren.",
            "bygga en ny vall till sommaren",
            "Lars Berg",
        ),
        # "that" opening a sentence stands for the sentence before: "Det uppger polisen."
        (
            "sv",
            "Tre personer skadades i olyckan. Det uppger polisen till TT.",
            "Tre personer skadades i olyckan",
            "polisen",
        ),
        (
            "de",
            "Drei Menschen wurden verletzt. Das teilte die Polizei am Montag mit.",
            "Drei Menschen wurden verletzt",
            "die Polizei",
        ),
        ("nl", "Drie mensen raakten gewond. Dat meldt de politie.", "Drie mensen raakten gewond", "de politie"),
        (
            "de",
            "Die Brücke bleibt gesperrt. Das teilten die beiden Betreiber am Mittwoch mit.",
            "Die Brücke bleibt gesperrt",
            "die beiden Betreiber",
        ),
        (
            "fr",
            "Trois personnes ont été blessées. C’est ce qu’a indiqué la préfecture.",
            "Trois personnes ont été blessées",
            "la préfecture",
        ),
        # a reporting verb between the marker and the speaker: "según informó X", "secondo quanto riferito da X"
        (
            "es",
            "Tres personas resultaron heridas, según informó la policía local.",
            "Tres personas resultaron heridas",
            "la policía local",
        ),
        (
            "it",
            "Secondo quanto riferito dalla polizia, tre persone sono rimaste ferite.",
            "tre persone sono rimaste ferite",
            "polizia",
        ),
        # German: an adverbial before the comma is not what was said; "hieß es" from a source; a compound marker
        (
            "de",
            "Die Feuerwehr erklärte am Abend, das Wasser gehe langsam zurück.",
            "das Wasser gehe langsam zurück",
            "Die Feuerwehr",
        ),
        (
            "de",
            "Das Wasser gehe langsam zurück, hieß es von der Feuerwehr.",
            "Das Wasser gehe langsam zurück",
            "der Feuerwehr",
        ),
        (
            "de",
            "Aus Polizeikreisen hieß es, drei Menschen seien verletzt worden.",
            "drei Menschen seien verletzt worden",
            "Polizeikreisen",
        ),
        ("de", "Nach Polizeiangaben wurden drei Menschen verletzt.", "wurden drei Menschen verletzt", "Polizei"),
        # a marker after a comma attributes what precedes it, whatever follows the speaker
        ("sv", "Vattnet sjunker nu, enligt räddningstjänsten i Gävle.", "Vattnet sjunker nu", "räddningstjänsten"),
        # Polish, Ukrainian and Portuguese have their own verbs, complementizers and markers; an Italian "il" is
        # an article, where a French "il" is a pronoun
        ("pl", "Policja poinformowała, że trzy osoby zostały ranne.", "trzy osoby zostały ranne", "Policja"),
        ("uk", "Троє людей постраждали, повідомили в поліції.", "Троє людей постраждали", "поліції"),
        ("uk", "За словами мера, вода повільно відступає.", "вода повільно відступає", "мера"),
        ("pt", "Segundo a polícia, três pessoas ficaram feridas.", "três pessoas ficaram feridas", "a polícia"),
        (
            "it",
            "Tre persone sono rimaste ferite, ha detto il sindaco.",
            "Tre persone sono rimaste ferite",
            "il sindaco",
        ),
        # "по его словам" (by his words) is the person named before; Spanish adjectives follow a bare noun;
        # German "…, so der Bürgermeister."
        (
            "ru",
            "Глава района Иван Петров приехал на место. По его словам, вода медленно уходит из города.",
            "вода медленно уходит из города",
            "Иван Петров",
        ),
        (
            "es",
            "Tres personas resultaron heridas, según fuentes policiales.",
            "Tres personas resultaron heridas",
            "fuentes policiales",
        ),
        (
            "de",
            "Die Lage sei unter Kontrolle, so der Bürgermeister.",
            "Die Lage sei unter Kontrolle",
            "der Bürgermeister",
        ),
        (  # two titles of one person joined by "und"; "und Experten warnten" would be a second clause
            "de",
            "Die Steuer soll sinken. Das sagte Vizekanzler und Sportminister Peter Hahn am Montag.",
            "Die Steuer soll sinken",
            "Peter Hahn",
        ),
        # Danish and Norwegian "til" (to) ends the speaker phrase
        (
            "da",
            "Tre personer blev såret. Det oplyser politiet til Ritzau søndag aften.",
            "Tre personer blev såret",
            "politiet",
        ),
        (
            "no",
            "Tre personer ble skadet. Det opplyser politiet til NTB søndag kveld.",
            "Tre personer ble skadet",
            "politiet",
        ),
        ("ru", "Три человека пострадали. Об этом сообщили в МЧС.", "Три человека пострадали", "МЧС"),
        (
            "es",
            "Tres personas resultaron heridas. Así lo informó la policía.",
            "Tres personas resultaron heridas",
            "la policía",
        ),
        # an article written into its noun ("l'exploitant") opens a phrase that goes on to the name
        (
            "fr",
            "Selon l'exploitant Fretsud, la ligne restera fermée cinq jours.",
            "la ligne restera fermée cinq jours",
            "l'exploitant Fretsud",
        ),
        # Russian impersonal plural: "сообщили в полиции" (they reported at the police) has the police speak
        ("ru", "Три человека пострадали, сообщили в полиции.", "Три человека пострадали", "полиции"),
        ("ru", "В МЧС сообщили, что три человека пострадали.", "три человека пострадали", "МЧС"),
        ("ru", "Как сообщили в полиции, три человека пострадали.", "три человека пострадали", "полиции"),
        # Dutch and Scandinavian put the verb right after a fronted "according to X", with no comma.
        ("nl", "Volgens de politie raakten drie mensen gewond.", "raakten drie mensen gewond", "de politie"),
        (
            "nl",
            "Volgens de woordvoerder van de gemeente is de dijk veilig.",
            "is de dijk veilig",
            "de woordvoerder van de gemeente",
        ),
        ("sv", "Enligt den lokala polisen har tre personer skadats.", "har tre personer skadats", "den lokala polisen"),
        (  # a relative clause inside the fronted phrase has its own verb; the V2 verb comes after it
            "sv",
            "Enligt en soldat som strider mot milisen i staden använder sig gruppen av fångar.",
            "använder sig gruppen av fångar",
            "en soldat som strider mot milisen i staden",
        ),
        # Russian has no articles: a bare noun takes its genitives up to the comma.
        ("ru", "Как заявил мэр города, дамба выдержит любой паводок.", "дамба выдержит любой паводок", "мэр города"),
        # plural and other common reporting verbs
        (
            "es",
            "Los bomberos dijeron que tres personas resultaron heridas.",
            "tres personas resultaron heridas",
            "Los bomberos",
        ),
        (
            "es",
            "Tres personas resultaron heridas, informó la policía local.",
            "Tres personas resultaron heridas",
            "la policía local",
        ),
        (
            "fr",
            "Les pompiers affirment que trois personnes ont été blessées.",
            "trois personnes ont été blessées",
            "Les pompiers",
        ),
        (
            "it",
            "Tre persone sono rimaste ferite, ha riferito la polizia.",
            "Tre persone sono rimaste ferite",
            "la polizia",
        ),
        (
            "de",
            "Laut dem Sprecher von Siemens wurden drei Werke geschlossen.",
            "wurden drei Werke geschlossen",
            "dem Sprecher von Siemens",
        ),
        # a time after or before the speaker is not part of it
        (
            "fr",
            "La route restera fermée, a indiqué la préfecture dimanche soir.",
            "La route restera fermée",
            "la préfecture",
        ),
        ("fr", "La route restera fermée, a déclaré hier le maire.", "La route restera fermée", "le maire"),
        (
            "es",
            "La carretera seguirá cortada, informó la policía el domingo.",
            "La carretera seguirá cortada",
            "la policía",
        ),
        ("es", "La carretera seguirá cortada, dijo ayer el alcalde.", "La carretera seguirá cortada", "el alcalde"),
        (
            "it",
            "La strada resterà chiusa, ha detto il sindaco domenica sera.",
            "La strada resterà chiusa",
            "il sindaco",
        ),
        (
            "pt",
            "A estrada continuará fechada, disse o prefeito no domingo.",
            "A estrada continuará fechada",
            "o prefeito",
        ),
        # by its own account: the clause's subject speaks the whole sentence
        (
            "de",
            "Die Regierung will nach eigenen Angaben bis Ende Mai entscheiden.",
            "Die Regierung will nach eigenen Angaben bis Ende Mai entscheiden",
            "Die Regierung",
        ),
        (
            "de",
            "Nach eigenen Angaben hat die Polizei drei Verdächtige festgenommen.",
            "Nach eigenen Angaben hat die Polizei drei Verdächtige festgenommen",
            "die Polizei",
        ),
        (
            "sv",
            "Bolaget har enligt egen uppgift förlorat två miljoner kronor.",
            "Bolaget har enligt egen uppgift förlorat två miljoner kronor",
            "Bolaget",
        ),
        (
            "es",
            "Según sus propios datos, la empresa perdió dos millones de euros.",
            "Según sus propios datos, la empresa perdió dos millones de euros",
            "la empresa",
        ),
        # a sentence's first "Die" is an article, not the relative pronoun (the speaker was "Polizei")
        (
            "de",
            "Die Polizei sagte, drei Menschen seien verletzt worden.",
            "drei Menschen seien verletzt worden",
            "Die Polizei",
        ),
        # Portuguese "o" is the article, not the Spanish "or" (the speaker was "prefeito")
        ("pt", "O prefeito disse que a estrada continuará fechada.", "a estrada continuará fechada", "O prefeito"),
        (
            "en",
            "The bridge will stay closed, said The Sunday Times.",
            "The bridge will stay closed",
            "The Sunday Times",
        ),
    ],
)
def test_indirect_attribution_in_each_language(lang: str, text: str, content: str, speaker: str) -> None:
    quotes = [q for q in find_quotes(report(text, lang=lang)) if q.kind == "indirect"]
    assert len(quotes) == 1, quotes
    assert quotes[0].text == content
    assert quotes[0].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Die Stadt gab im Frühjahr zehn Millionen Euro für den neuen Damm aus.",  # "ausgeben" spends
        "Der Verein gab dem Bürgermeister am Montag die Schlüssel.",
    ],
)
def test_a_separable_verb_without_its_reporting_particle_reports_nothing(text: str) -> None:
    assert find_quotes(report(text, lang="de")) == []


def test_that_in_its_own_paragraph_attributes_the_paragraph_before() -> None:
    quotes = find_quotes(
        report("Tre personer skadades när två bilar krockade vid Gävle.", "Det uppger polisen.", lang="sv")
    )
    assert [(q.paragraph, q.text, q.speaker, q.speaker_paragraph) for q in quotes] == [
        (0, "Tre personer skadades när två bilar krockade vid Gävle", "polisen", 1)
    ]
    # a sentence with a speaker of its own keeps it
    quotes = find_quotes(report("Anna Berg säger att tre personer skadades.", "Det bekräftar polisen.", lang="sv"))
    assert [q.speaker for q in quotes] == ["Anna Berg"]


def test_german_so_reports_only_before_a_speaker_that_ends_the_sentence() -> None:
    assert find_quotes(report("Das Wasser stieg am Abend, so schnell wie nie zuvor.", lang="de")) == []


def test_a_reflexive_after_that_is_no_speaker() -> None:
    # "Det säger sig självt" (it goes without saying) has the shape of "Det säger polisen"
    assert find_quotes(report("Dammen var för gammal. Det säger sig självt.", lang="sv")) == []


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        ("en", "Tom Hale was away. The wife of Tom Hale said the water came too fast.", "The wife of Tom Hale"),
        ("en", "A spokesman for Tom Hale said the water came too fast.", "A spokesman for Tom Hale"),
        ("es", "Tres vagones descarrilaron, según la prefectura de Alta Garona.", "la prefectura de Alta Garona"),
        ("en", "Secretary of State Tom Hale said the talks would go on.", "Tom Hale"),
    ],
)
def test_a_name_that_qualifies_the_speaker_is_not_the_speaker(lang: str, text: str, speaker: str) -> None:
    quotes = [q for q in find_quotes(report(text, lang=lang)) if q.kind == "indirect"]
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Peter Hahn — der Bürgermeister von Kestrel — sagte, die Brücke bleibe bis Montag gesperrt."),
        ("de", "Peter Hahn -- der Bürgermeister von Kestrel -- sagte, die Brücke bleibe bis Montag gesperrt."),
        ("sv", "Peter Hahn – kommunens talesperson – säger att bron är stängd till måndag."),
    ],
)
def test_an_apposition_set_off_by_dashes_is_hopped_like_one_set_off_by_commas(lang: str, text: str) -> None:
    # a dash, or two hyphens typed for one, sets off the apposition; the name before it speaks
    quotes = [q for q in find_quotes(report(text, lang=lang)) if q.kind == "indirect"]
    assert [q.speaker for q in quotes] == ["Peter Hahn"]


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        ("de", "„Die Brücke bleibt geschlossen“, sagte Peter Hahn.", "Peter Hahn"),
        ("fr", "« Le pont reste fermé », a déclaré Claire Dubois.", "Claire Dubois"),
        ("es", "«El puente sigue cerrado», dijo Ana García.", "Ana García"),
        ("ru", "«Мост остаётся закрытым», — сказал Иван Петров.", "Иван Петров"),
        ("da", "»Broen forbliver lukket«, siger Jens Holm.", "Jens Holm"),
        ("fi", "”Silta pysyy suljettuna”, sanoo Mikko Virtanen.", "Mikko Virtanen"),
        # "der" after a name is an article (to whom it was said), unless "von" / "van" comes first
        ("de", "„Die Brücke bleibt geschlossen“, sagte Peter Hahn der Deutschen Presse-Agentur.", "Peter Hahn"),
        ("de", "„Die Brücke bleibt geschlossen“, sagte Ursula von der Leyen.", "Ursula von der Leyen"),
        # the quotation ends its own sentence and "that" stands for it
        ("de", "„Die Brücke bleibt geschlossen.“ Das sagte Peter Hahn am Montag.", "Peter Hahn"),
        # two words opening the sentence are a quotation, not a fragment of it
        ("es", "«Estamos preparados», dijo Ana García.", "Ana García"),
        ("it", "«Siamo pronti», ha detto Anna Rossi.", "Anna Rossi"),
        ("ru", "«Мы готовы», — сказал Иван Петров.", "Иван Петров"),
    ],
)
def test_direct_quote_with_inverted_attribution(lang: str, text: str, speaker: str) -> None:
    quotes = direct(find_quotes(report(text, lang=lang)))
    assert len(quotes) == 1 and quotes[0].speaker == speaker


def test_find_quotes_is_pure_and_handles_empty_reports() -> None:
    assert find_quotes(report()) == []
    r = report("“Yes,” said Ruth Adler, “we will.”")
    assert find_quotes(r) == find_quotes(r)
    assert r.quotes == []


@pytest.mark.parametrize(
    ("lang", "paragraphs", "fragment", "speaker"),
    [
        (
            "ru",
            ["Мэр города Иван Петров выступил на собрании.", "– Мост откроют в понедельник, – сказал он журналистам."],
            "Мост откроют",
            "Иван Петров",
        ),
        ("cs", ["„Most otevřeme v pondělí“, řekl starosta Jan Novák."], "Most otevřeme", "Jan Novák"),
        ("no", ["«Vi åpner broen på mandag», sier ordfører Kari Nordmann."], "åpner broen", "Kari Nordmann"),
        (
            "sv",
            ["Bron öppnar på måndag, säger kommunalrådet Eva Lind.", "– Vi har jobbat dygnet runt."],
            "dygnet runt",
            "Eva Lind",
        ),
    ],
)
def test_dash_speech_and_more_languages(lang: str, paragraphs: list[str], fragment: str, speaker: str) -> None:
    quotes = direct(find_quotes(report(*paragraphs, lang=lang)))
    assert speaker_of(quotes, fragment) == speaker


def test_dash_speech_attribution_after_several_sentences() -> None:
    quotes = find_quotes(
        report(
            "Bolagets chef Eva Holm säger att allt gick enligt planen.",
            "– Det var ingen olycka. Det var ett beslut, säger Nils Ek från föreningen.",
            lang="sv",
        )
    )
    [dash] = [q for q in quotes if q.paragraph == 1]
    assert dash.text == "Det var ingen olycka. Det var ett beslut"
    assert dash.speaker == "Nils Ek"


@pytest.mark.parametrize(
    ("quoted", "name"),
    [
        ("the local group “Save the River” said", True),
        ("die Gruppe „Rettet den Fluss“ sagte", True),
        ("the offensive “Operation Iron Shield” began", True),
        ("called it “a rout” on Monday", False),  # a fragment of speech: lower case
        ("He called him “Little Marco” again", False),  # after a naming verb: words put in a mouth
        ("bezeichnete sie als „Fleischwolf“.", False),  # one word: a fragment too
        ("“The Pier Is Closed” was all it said", False),  # opens the sentence: said, not named
        ("said: “We Will Stay, Whatever Happens”", False),  # punctuation inside: a sentence
        ("she told the radio show “Harbour Morning.”", True),  # the sentence's own stop inside the mark
        ("she replied: “Absolutely Not.”", False),  # after a colon: said
    ],
)
def test_a_name_in_quotation_marks_is_told_from_a_quotation(quoted: str, name: bool) -> None:
    (span,) = quote_spans(quoted)
    assert is_quoted_name(quoted, span) is name


def test_a_quoted_name_inside_the_subject_leaves_the_speaker_readable() -> None:
    en = find_quotes(report('Lars Öhman of the local group "Save the River" said the flood was avoidable.'))
    assert [(q.kind, q.speaker, q.text) for q in en] == [("indirect", "Lars Öhman", "the flood was avoidable")]
    de = find_quotes(
        report(
            "Lars Öhman von der örtlichen Gruppe „Rettet den Fluss“ nannte das Hochwasser »eine Katastrophe, "
            "die der Betreiber flussabwärts geschickt hat«.",
            lang="de",
        )
    )
    assert [q.speaker for q in de] == ["Lars Öhman"] and "Katastrophe" in de[0].text


@pytest.mark.parametrize(
    ("lang", "paragraphs", "speaker"),
    [
        ("en", ["“The ferry is our lifeline and the council forgot it.” ― Ines Moor"], "Ines Moor"),
        ("en", ["“We were never asked about the fees.”― Julie A. Diaz Martinez."], "Julie A. Diaz Martinez"),
        (
            "en",
            ["Tom Grale spoke first.", "“Nobody listened to the fishermen.”", "— Ines Moor, harbour master"],
            "Ines Moor",
        ),
        ("sv", ["”Färjan är vår livlina och kommunen glömde den.” ― Ines Moor"], "Ines Moor"),
        ("en", ["“The ferry is our lifeline and the council forgot it.” -- Ines Moor"], "Ines Moor"),  # typed dash
        ("en", ["Tom Grale spoke first.", "“Nobody listened to the fishermen.”", "-- Ines Moor"], "Ines Moor"),
    ],
)
def test_a_quotation_signed_with_a_dash_speaks_through_the_name(lang: str, paragraphs: list[str], speaker: str) -> None:
    # pull quotes and readers' voices: the name after a dash that follows the quotation (in its paragraph or below)
    quotes = direct(find_quotes(report(*paragraphs, lang=lang)))
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker_paragraph == len(paragraphs) - 1
    assert paragraphs[-1][q.speaker_start : q.speaker_end] == speaker


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["“The plan was dead,” Tom Grale said. — Sen. Ines Moor weighed in on the ferry plan."],
        ["The council met on Tuesday. — Ines Moor"],
        ["“Nobody listened,” Tom Grale said.", "— Ines Moor"],
        ["“Nobody listened,” Tom Grale said. -- Ines Moor weighed in on the ferry plan."],
    ],
)
def test_a_dash_before_a_sentence_or_after_an_attributed_quote_is_no_signature(paragraphs: list[str]) -> None:
    assert all(q.cue not in ("—", "―", "--") for q in find_quotes(report(*paragraphs)))


def test_a_signature_after_its_own_quotation_does_not_sign_the_paragraph_above() -> None:
    # "“B” ― Y" signs B; the unsigned quotation above it is not Y's
    quotes = direct(find_quotes(report("“The fees are far too high.”", "“Nobody asked the fishermen” ― Ines Moor")))
    assert [(q.paragraph, q.speaker) for q in quotes] == [(0, None), (1, "Ines Moor")]


@pytest.mark.parametrize(
    ("lang", "headline", "speaker"),
    [
        ("de", "Polizei: Zwei Vermisste nach der Flutwelle in Lindholm", "Polizei"),
        ("de", "Hahn: Die Flutwelle kam ohne Warnung", "Hahn"),
        # a rubric is no speaker, though German capitalises every noun
        ("de", "Dammbruch: Zwei Vermisste nach der Flutwelle in Lindholm", None),
        ("de", "Dammbruch in Schweden: Zwei Vermisste nach der Flutwelle", None),
        ("sv", "Polisen: Två saknade efter flodvågen i Lindholm", "Polisen"),
    ],
)
def test_a_headline_speaker_before_a_colon_is_a_name_or_a_source_in_every_language(
    lang: str, headline: str, speaker: str | None
) -> None:
    mentions = [Mention(0, 0, 4, "Hahn", "person")] if headline.startswith("Hahn") else []
    found = find_quotes(report(headline, "Die Feuerwehr war vor Ort.", lang=lang, mentions=mentions))
    assert [q.speaker for q in found if q.paragraph == 0] == ([speaker] if speaker else [])


@pytest.mark.parametrize(
    ("lang", "first", "second", "expected"),
    [
        ("en", "Anna Berger met Lars Holm on Monday.", "She said the dam had failed.", "Anna Berger"),
        ("en", "Anna Berger met Lars Holm on Monday.", "He said the dam had failed.", "Lars Holm"),
        ("en", "Kim Lund met Lars Holm on Monday.", "She said the dam had failed.", "Kim Lund"),  # either gender
        ("sv", "Anna Berg träffade Lars Holm på måndagen.", "Hon sa att dammen hade brustit.", "Anna Berg"),
        ("fr", "Anna Berg a rencontré Lars Holm lundi.", "Elle a déclaré que le barrage avait cédé.", "Anna Berg"),
        # a pronoun right after an attribution continues its speaker only when it may stand for that person
        ("en", "Lars Holm said the company was not to blame.", "She added that the dam had failed.", None),
    ],
)
def test_a_pronoun_stands_for_a_person_of_its_gender(lang: str, first: str, second: str, expected: str) -> None:
    # the latest person before it was taken, whatever the given name: "she" was Lars Holm
    quotes = find_quotes(report(first, second, lang=lang))
    assert [q.speaker for q in quotes if q.paragraph == 1] == [expected]


def test_an_honorific_tells_two_people_of_one_surname_apart() -> None:
    quotes = find_quotes(
        report(
            "Hillary Clinton and her husband, Bill Clinton, arrived in the city on Monday.",
            "Mr. Clinton said the plan would work.",
            "He added that it was cheap.",
            "She said it was late.",
        )
    )
    assert [q.speaker for q in quotes] == ["Bill Clinton", "Bill Clinton", "Hillary Clinton"]
    # "Mrs. Clinton" after "Bill Clinton" is another Clinton, and so is the "she" after her
    quotes = find_quotes(report("Bill Clinton campaigned in Ohio.", "Mrs. Clinton said the plan would work."))
    assert [q.speaker for q in quotes] == ["Clinton"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The mayor, Pierre Dufour, was less reassuring: “This was a disaster avoided by a whisker.”", "en"),
        ("Der Bürgermeister, Pierre Dufour, war weniger beruhigt: „Das war knapp.“", "de"),
    ],
)
def test_a_name_set_off_after_the_opening_phrase_is_the_speaker_of_a_colon(text: str, lang: str) -> None:
    # the opening phrase up to its first comma was the speaker, "The mayor", whom nothing named
    assert [q.speaker for q in find_quotes(report(text, lang=lang))] == ["Pierre Dufour"]


@pytest.mark.parametrize("opening", ["But", "And", "It's"])
def test_a_word_that_opens_a_sentence_is_no_part_of_a_name(opening: str) -> None:
    # "But Democrats" was a person of two capitalised words, and the latest one before "she"
    quotes = find_quotes(
        report("Anna Lind arrived.", f"{opening} Democrats stayed home.", "She said the dam had failed.")
    )
    assert [q.speaker for q in quotes] == ["Anna Lind"]


@pytest.mark.parametrize(
    "second",
    ["Officials said the dam was safe.", "Local residents said the dam was unsafe."],
)
def test_a_pronoun_does_not_stand_for_people_in_the_plural(second: str) -> None:
    # "Officials", a capitalised word opening a sentence, was taken for a person, and "he" for the officials
    quotes = find_quotes(report("Lars Holm arrived on Monday.", second, "He said the road was closed."))
    assert [q.speaker for q in quotes if q.paragraph == 2] == ["Lars Holm"]


def test_a_lone_name_after_a_quotation_is_still_a_person() -> None:
    quotes = find_quotes(report("“We will stay,” Nwanguma told reporters.", "She said the road was closed."))
    assert [q.speaker for q in quotes] == ["Nwanguma", "Nwanguma"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Turkish puts the verb last: the speaker opens the sentence, a comma, the quotation, the verb
        (
            "tr",
            "Liman Başkanı Selin Kaya, “İskele haziranda yeniden açılacak” dedi.",
            ("direct", "Liman Başkanı Selin Kaya", "İskele haziranda yeniden açılacak"),
        ),
        # indirect: what was said stands between the comma and the verb
        (
            "tr",
            "Kaya, onarımın iki ay süreceğini söyledi.",
            ("indirect", "Kaya", "onarımın iki ay süreceğini"),
        ),
        # the verb before its speaker reads as in other languages
        (
            "tr",
            "“Çalışmalar sürüyor ve iskele yazın açılacak” dedi Kaya.",
            ("direct", "Kaya", "Çalışmalar sürüyor ve iskele yazın açılacak"),
        ),
        # "according to" follows its speaker; a name's case ending is set off by an apostrophe
        (
            "tr",
            "Kaya'nın açıklamasına göre, iskele haziranda açılacak.",
            ("indirect", "Kaya", "iskele haziranda açılacak"),
        ),
        ("tr", "Valiliğe göre, selde üç ev yıkıldı.", ("indirect", "Valiliğe", "selde üç ev yıkıldı")),
        # Arabic opens with the verb (joined to "and"); the speaker follows it, up to where the speech was made
        (
            "ar",
            "وقالت مديرة الميناء سلمى ناصر في مؤتمر صحفي: «سيعاد فتح الرصيف في يونيو».",
            ("direct", "مديرة الميناء سلمى ناصر", "سيعاد فتح الرصيف في يونيو"),
        ),
        # indirect: what was said follows "إن" / "أن" (that)
        (
            "ar",
            "وأكدت الشرطة أن ثلاثة أشخاص أصيبوا في الحادث.",
            ("indirect", "الشرطة", "ثلاثة أشخاص أصيبوا في الحادث"),
        ),
        # the verb after the quotation, its speaker after it
        (
            "ar",
            "«العمل مستمر وسيفتح الرصيف في الصيف»، قال المدير.",
            ("direct", "المدير", "العمل مستمر وسيفتح الرصيف في الصيف"),
        ),
        # "according to": the speaker runs to the Arabic comma
        (
            "ar",
            "وبحسب وزارة الصحة، أصيب ثلاثة أشخاص في الحادث.",
            ("indirect", "وزارة الصحة", "أصيب ثلاثة أشخاص في الحادث"),
        ),
    ],
)
def test_verb_last_and_verb_first(lang: str, text: str, expected: tuple[str, str, str]) -> None:
    """Turkish ends a clause with its verb, Arabic opens it with one: the speaker is found on the other side."""
    quotes = find_quotes(report(text, lang=lang))
    assert [(q.kind, q.speaker, q.text) for q in quotes] == [expected]


def test_turkish_object_before_verb_without_comma_is_no_speaker() -> None:
    """With no comma after it, a sentence's first phrase may be the object: no speaker is guessed."""
    quotes = find_quotes(report("Bakanlık raporu dün açıkladı.", lang="tr"))
    assert all(q.speaker != "Bakanlık raporu" for q in quotes)
