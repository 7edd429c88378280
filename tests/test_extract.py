"""extract() on small invented reports in several languages."""

from __future__ import annotations

from datetime import date

from newsdesk.extract import REASONS, extract, paragraph_key
from newsdesk.extract.blocks import split_paragraphs_with_blocks
from newsdesk.extract.dates import date_line, find_dates, normalize_date, yearless_day_months
from newsdesk.extract.lang import by_script, detect_lang, lang_scores
from newsdesk.model import RawReport

EN = """Skip to content
Home | World | Business | Sport

Harbour cranes halted as dockers strike in Eastport

By Jane Miller

Dockers at the port of Eastport walked out on Tuesday morning, halting all container traffic, the union said.

"We have waited three years for this contract," said union leader Tom Baker. "We will not wait another."

“We have waited three years for this contract,” said union leader Tom Baker. “We will not wait another.”

Advertisement

Cranes stand idle at the container terminal (Photo: Ann Lee/Reuters)

The port handled 1,240,000 containers in 2025, 4.5% more than in 2024, and 310 ships called at its 12 berths.

Shipping lines said delays could last until May 3.

MORE: Why port automation worries unions

Jane Miller is the Eastport Courier's transport correspondent. She has covered shipping since 2015.

Sign up for our newsletter
© 2026 Eastport Courier. All rights reserved.
"""


def _removed(report) -> dict[str, str]:
    return {r.text: r.reason for r in report.removed}


def test_english_furniture_removed_body_kept() -> None:
    report = extract(RawReport(source="t", text=EN, date="2026-03-10"))
    removed = _removed(report)
    assert removed["Skip to content"] == "navigation"
    assert removed["Home | World | Business | Sport"] == "navigation"
    assert removed["By Jane Miller"] == "byline"
    assert removed["Advertisement"] == "advertisement"
    assert removed["Cranes stand idle at the container terminal (Photo: Ann Lee/Reuters)"] == "caption"
    assert removed["MORE: Why port automation worries unions"] == "related"
    assert removed["Sign up for our newsletter"] == "call-to-action"
    assert removed["© 2026 Eastport Courier. All rights reserved."] == "credit"
    assert any(reason == "author-bio" for reason in removed.values())
    assert set(removed.values()) <= set(REASONS)
    kept = [p.text for p in report.paragraphs]
    assert kept[0] == "Harbour cranes halted as dockers strike in Eastport"
    assert any(text.startswith("The port handled 1,240,000") for text in kept)  # number-dense: kept
    assert kept[-1] == "Shipping lines said delays could last until May 3."  # short closing sentence
    assert report.title == kept[0]
    assert report.author == "Jane Miller"
    assert report.lang == "en"
    assert [p.index for p in report.paragraphs] == list(range(len(kept)))


def test_repeat_differing_only_in_quotes_collapses_to_first() -> None:
    report = extract(RawReport(source="t", text=EN))
    repeats = [r for r in report.removed if r.reason == "repeated"]
    assert len(repeats) == 1 and repeats[0].text.startswith("“We have")
    assert any(p.text.startswith('"We have') for p in report.paragraphs)
    assert paragraph_key("“A  b” ") == paragraph_key('"a b"')


def test_dates_metadata_first_then_text_resolved_against_it() -> None:
    report = extract(RawReport(source="t", text=EN, date="2026-03-10T08:00:00Z"))
    assert (report.published, report.date_source) == ("2026-03-10", "metadata")
    assert "2026-03-10" in report.text_dates  # "on Tuesday" in a report of Tuesday 10 March
    assert "2025-05-03" in report.text_dates  # "May 3" lies ahead of March: last year's


def test_unknown_date_stays_unknown() -> None:
    report = extract(RawReport(source="t", text=EN))
    assert report.published is None and report.date_source is None
    assert date.today().isoformat() not in report.text_dates
    assert report.text_dates == []  # nothing to anchor "Tuesday" or "May 3"


def test_header_dateline_gives_date() -> None:
    text = "Rail strike ends after two weeks of talks\nPublished 4 June 2024, 10:31\n\n" + (
        "The strike on the national railway ended on Monday after unions accepted a new offer from the operator."
    )
    report = extract(RawReport(source="t", text=text))
    assert (report.published, report.date_source) == ("2024-06-04", "header")
    assert report.removed[0].reason == "dateline"
    assert report.title == "Rail strike ends after two weeks of talks"


def test_headline_glued_to_the_body_by_spaces() -> None:
    # Scraped datasets lose the line break after a headline and leave a run of spaces.
    body = "Die Fähre nach Nordholm fällt bis Freitag aus, teilte die Reederei am Montag mit. Der Hafen bleibt offen."
    report = extract(RawReport(source="t", text=f"Sturm legt Fährverkehr nach Nordholm lahm?  {body}"))
    assert report.title == "Sturm legt Fährverkehr nach Nordholm lahm?"
    assert [p.text for p in report.paragraphs] == ["Sturm legt Fährverkehr nach Nordholm lahm?", body]


def test_headline_glued_to_the_body_in_a_script_without_spaces() -> None:
    body = "东港市政府周一表示，由于强风暴，港口将关闭至周五。渡轮公司说，修复码头需要一周时间。"
    report = extract(RawReport(source="t", text=f"港口因强风暴关闭渡轮停航至本周五  {body}"))
    assert report.title == "港口因强风暴关闭渡轮停航至本周五"


def test_two_spaces_after_a_sentence_are_no_headline() -> None:
    typed = "The ferry to Northholm is cancelled until Friday.  The harbour stays open, the operator said on Monday."
    lower = "Ferry to Northholm cancelled  until Friday, the operator said on Monday, and the harbour stays open."
    byline = "By Jane Doe  Staff writer. The ferry to Northholm is cancelled until Friday, the operator said."
    for text in (typed, lower, byline):
        report = extract(RawReport(source="t", text=text))
        assert report.title is None and len(report.paragraphs) == 1


def test_opening_line_is_never_a_caption() -> None:
    text = "Floods cut off mountain villages (VIDEO)\nPhoto: Ann Lee\n\n"
    text += "Heavy rain cut off three villages in the mountains on Sunday, the regional government said."
    report = extract(RawReport(source="t", text=text))
    assert report.title == "Floods cut off mountain villages (VIDEO)"
    assert [(r.text, r.reason) for r in report.removed] == [("Photo: Ann Lee", "credit")]


def test_table_of_figures_after_the_text_is_kept() -> None:
    text = "Oil imports fell sharply in March as buyers switched suppliers, customs data showed on Friday.\n"
    text += "Country March change year\nNorland 2,755,250 -16.22 26,548,047\nSudmark 3,813,907 47.70 26,805,264\n"
    report = extract(RawReport(source="t", text=text))
    kept = [p.text for p in report.paragraphs]
    assert "Norland 2,755,250 -16.22 26,548,047" in kept and "Sudmark 3,813,907 47.70 26,805,264" in kept


def test_date_line_inside_the_body_is_content() -> None:
    text = "Timeline of the rail strike\n\nThe strike on the national railway began in May, the union said.\n\n"
    text += "20 May 2024\n\nWorkers walked out at dawn and trains stopped running across the whole country."
    report = extract(RawReport(source="t", text=text))
    assert "20 May 2024" in [p.text for p in report.paragraphs]
    assert report.published is None


def test_swedish_report_with_byline_and_paywall() -> None:
    text = """Nyheter | Lokalt | Sport | Kultur

Hamnarbetare strejkar i Östhamn

Av Karin Olsson

Hamnarbetarna i Östhamn lade ned arbetet på tisdagsmorgonen, enligt fackförbundet.

– Vi har väntat i tre år på det här avtalet, säger ordföranden Tom Berg.

Annons

Hamnen hanterade 1,2 miljoner containrar förra året, och 310 fartyg anlöpte hamnen.

Prenumerera på vårt nyhetsbrev
"""
    report = extract(RawReport(source="t", text=text, date="2026-03"))
    removed = _removed(report)
    assert removed["Av Karin Olsson"] == "byline"
    assert removed["Annons"] == "advertisement"
    assert removed["Prenumerera på vårt nyhetsbrev"] == "call-to-action"
    assert report.author == "Karin Olsson"
    assert report.lang == "sv" and {p.lang for p in report.paragraphs} == {"sv"}
    assert report.title == "Hamnarbetare strejkar i Östhamn"


def test_german_and_french_bylines_and_related_links() -> None:
    de = "Von Max Muster\n\nDer Hafen von Osthafen stand am Dienstag still, weil die Arbeiter streikten.\n\n"
    de += "Lesen Sie auch: Warum Häfen automatisieren\n\nDie Gewerkschaft fordert mehr Lohn für alle Beschäftigten."
    report = extract(RawReport(source="t", text=de))
    assert report.author == "Max Muster" and report.lang == "de"
    assert _removed(report)["Lesen Sie auch: Warum Häfen automatisieren"] == "related"
    fr = "Par Julie Martin\n\nLe port d'Esthafen est resté paralysé mardi par une grève des dockers.\n\n"
    fr += (
        "À lire aussi : Les ports face à l'automatisation\n\nPublicité\n\nLe syndicat réclame une hausse des salaires."
    )
    report = extract(RawReport(source="t", text=fr))
    assert report.author == "Julie Martin" and report.lang == "fr"
    assert _removed(report) == {
        "Par Julie Martin": "byline",
        "À lire aussi : Les ports face à l'automatisation": "related",
        "Publicité": "advertisement",
    }


def test_outlet_counts_remove_recurring_lines_only() -> None:
    text = "Port reopens as strike ends overnight\n\nThe port reopened on Wednesday after the strike ended.\n\n"
    text += "Our journalism is funded by readers like you.\n\nThe union said members voted to accept the offer."
    counts = {
        "Our journalism is funded by readers like you.": 7,
        "The union said members voted to accept the offer.": 1,
    }
    report = extract(RawReport(source="t", text=text, outlet="Eastport Courier"), outlet_counts=counts)
    assert _removed(report) == {"Our journalism is funded by readers like you.": "outlet-boilerplate"}
    assert report.outlet == "Eastport Courier"
    assert extract(RawReport(source="t", text=text)).removed == []


def test_mixed_language_paragraphs_get_their_own_language() -> None:
    text = (
        "The minister spoke to reporters in Stockholm on Friday about the new budget proposal.\n\n"
        "Regeringen föreslår att skatten på arbete sänks med tio miljarder kronor nästa år.\n\n"
        "The opposition called the plan irresponsible and said it would vote against it."
    )
    report = extract(RawReport(source="t", text=text))
    assert [p.lang for p in report.paragraphs] == ["en", "sv", "en"]
    assert report.lang == "en"


def test_a_paragraph_keeps_the_report_language_when_that_is_a_close_second() -> None:
    short = "Enligt den lokala polisen har tre personer skadats."
    scored = lang_scores(short)
    assert next(iter(scored)) != "sv" and scored["sv"] >= 0.5 * max(scored.values())  # alone: a near miss
    text = (
        "Polisen i Gävle uppger att bron stängdes efter olyckan på måndagskvällen och att trafiken leds om.\n\n"
        f"{short}\n\n"
        "The Ministry of Defence said in a statement that the bridge had been closed to all traffic."
    )
    report = extract(RawReport(source="t", text=text, lang="sv"))
    assert [p.lang for p in report.paragraphs] == ["sv", "sv", "en"]  # an English paragraph is still English


def test_hard_wrapped_text_is_rejoined_one_per_line_is_not() -> None:
    wrapped = (
        "The port of Eastport reopened on Wednesday after a strike that had\n"
        "halted all container traffic for two days, the operator said in a\n"
        "statement.\n\n"
        "Union members voted by a large majority to accept the new offer from\n"
        "the operator, which includes a pay rise of four percent this year.\n"
    )
    texts, _ = split_paragraphs_with_blocks(wrapped)
    assert len(texts) == 2 and texts[0].endswith("in a statement.")
    per_line = "Port reopens\nThe port reopened on Wednesday.\nUnions accepted the offer.\n"
    texts, blocks = split_paragraphs_with_blocks(per_line)
    assert texts == ["Port reopens", "The port reopened on Wednesday.", "Unions accepted the offer."]
    assert blocks == [0, 0, 0]


def test_html_page_uses_trafilatura_and_audits_dropped_blocks() -> None:
    html = """<html lang="en"><head><title>Dockers strike in Eastport - Eastport Courier</title>
<meta property="og:title" content="Dockers strike in Eastport">
<meta property="og:site_name" content="Eastport Courier">
<meta name="author" content="Jane Miller">
<meta property="article:published_time" content="2026-03-10T09:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Dockers strike in Eastport</h1>
<p>Dockers at the port of Eastport walked out on Tuesday morning, halting all container traffic at the terminal.</p>
<p>The union said the strike would last until the operator improved its offer on pay and working hours.</p>
<p>The operator said it regretted the decision and called on the union to return to the negotiating table.</p>
</article><aside><p>Sign up for our newsletter</p></aside><footer><p>© 2026 Eastport Courier</p></footer>
</body></html>"""
    report = extract(RawReport(source="page.html", html=html, url="https://www.courier.example/strike"))
    assert report.title == "Dockers strike in Eastport"
    assert (report.outlet, report.author) == ("Eastport Courier", "Jane Miller")
    assert (report.published, report.date_source) == ("2026-03-10", "metadata")
    assert report.lang == "en"
    assert any(p.text.startswith("Dockers at the port") for p in report.paragraphs)
    removed = _removed(report)
    assert removed["Sign up for our newsletter"] == "call-to-action"
    assert removed["© 2026 Eastport Courier"] == "credit"
    assert removed["Home"] == "navigation"
    positions = [r.position for r in report.removed]
    assert len(set(positions)) == len(positions)


def test_outlet_from_url_host_when_nothing_else() -> None:
    text = "The port reopened on Wednesday after the strike ended overnight, the operator said."
    report = extract(RawReport(source="t", text=text, url="https://www.courier.example/a/1"))
    assert report.outlet == "courier.example"
    assert report.id == "" and report.content_hash


def test_empty_and_tiny_inputs() -> None:
    report = extract(RawReport(source="t", text=""))
    assert report.paragraphs == [] and report.lang is None and report.title is None
    report = extract(RawReport(source="t", text="Short."))
    assert [p.text for p in report.paragraphs] == ["Short."]


def test_date_helpers() -> None:
    assert normalize_date("Tue, 10 Mar 2026 08:00:00 GMT") == "2026-03-10"
    assert normalize_date("2023-05") == "2023-05"
    assert normalize_date("2023-5-7") == "2023-05-07"
    assert normalize_date("2023-13-01") is None
    assert normalize_date("not a date") is None
    # Unix time in seconds or milliseconds (JSON exports), read as the UTC day; other digit runs are no dates
    assert normalize_date("1614585600") == normalize_date("1614585600.5") == "2021-03-01"
    assert normalize_date("1614643199999") == "2021-03-01"
    assert normalize_date("12345678") is None and normalize_date("12345678901") is None
    # compact and slashed forms; a slashed date whose day and month could be swapped is left unknown
    assert normalize_date("20230520") == normalize_date("2023/05/20") == "2023-05-20"
    assert normalize_date("20/05/2023") == normalize_date("05/20/2023 14:03") == "2023-05-20"
    assert normalize_date("05/06/2023") is None and normalize_date("20231320") is None
    assert find_dates("Su-35 jets and 2 tanks", "en", "2023-05-13") == []
    assert date_line("Updated: Monday 12 May 2023, 10:31 BST", "en") == "2023-05-12"
    assert date_line("The vote is held on 4 June 2024.", "en") is None
    assert [d for _, _, d in find_dates("am 3. Mai und am Freitag", "de", "2023-05-13")] == ["2023-05-03", "2023-05-12"]
    assert [d for _, _, d in find_dates("den 12 maj", "sv", "2023-05")] == ["2023-05-12"]


def test_detect_lang_short_text_is_unknown() -> None:
    assert detect_lang("Ok") is None
    assert detect_lang("Die Regierung hat am Montag einen neuen Haushalt vorgelegt.") == "de"


def test_page_without_main_text_falls_back_to_page_text() -> None:
    html = "<div><div><div>The council met on Monday and approved the budget for next year.</div></div></div>"
    report = extract(RawReport(source="p.html", html=html))
    assert [p.text for p in report.paragraphs] == ["The council met on Monday and approved the budget for next year."]
    assert report.lang == "en"


def test_document_title_without_site_name() -> None:
    html = "<html><head><title>Council approves the new budget | Town News</title></head><body><h1>Town</h1>"
    html += "<p>The council met on Monday and approved the budget for next year.</p></body></html>"
    assert extract(RawReport(source="p.html", html=html)).title == "Council approves the new budget"


def test_hostile_inputs_give_sound_reports() -> None:
    hostile = [
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "<ul>" + "<li><ul>" * 1500 + "x" + "</ul></li>" * 1500 + "</ul>",
        "\x00\x01<p>\u202eabc\u200d</p>",
        "",
    ]
    for html in hostile:
        report = extract(RawReport(source="h.html", html=html))
        assert all(p.text and p.text == p.text.strip() for p in report.paragraphs)
    text = "\n\n".join(f"Paragraph {i} says the mayor met Mr. Smith on 3 May." for i in range(3000))
    report = extract(RawReport(source="t", text=text, date="2026-05-10"))
    assert len(report.paragraphs) == 3000 and report.text_dates == ["2026-05-03"]


def test_an_author_bio_repeated_under_the_byline_goes_everywhere():
    from newsdesk.extract import extract
    from newsdesk.model import RawReport

    bio = "Mia Stone is the Valley Post's river correspondent. She covers floods and farming."
    text = "\n\n".join(
        [
            "Valley town cleans up after the flood",
            "Written By Mia Stone",
            bio,
            "Residents of the valley spent Thursday clearing mud from their homes after the river burst its banks.",
            "The council said 120 homes were damaged and that repairs would take several months to finish.",
            bio,
        ]
    )
    report = extract(RawReport(source="t.txt", text=text, lang="en"))
    assert all(bio not in p.text for p in report.paragraphs)
    assert [r.reason for r in report.removed if r.text == bio] == ["author-bio", "author-bio"]


def test_yearless_day_months_are_the_dates_that_need_an_anchor() -> None:
    text = "On 3 March 2021 and on March 20 talks resumed; again 29 February, not 30 February or 2021-04-05."
    assert yearless_day_months(text, "en") == {(3, 20), (2, 29)}
    assert yearless_day_months("den 12 maj, den 1 juni 2022", "sv") == {(5, 12)}
    assert yearless_day_months("no dates here", "en") == frozenset()


def test_a_page_nested_past_the_parsers_limit_is_read_as_a_stream() -> None:
    # nested deeper than libxml2's default limit (256): trafilatura's table handling grows faster than the square
    # of the depth there, so the streaming reader takes the page's text blocks
    from newsdesk.extract.html import read_html

    page = read_html(
        "<html><head><title>Floods</title></head><body>"
        + "<table><tr><td>" * 200
        + "<p>The mayor said 30 homes flooded.</p>"
    )
    assert page.from_dom and page.paragraphs == ["The mayor said 30 homes flooded."] and page.title == "Floods"


def test_mojibake_is_repaired_and_flagged() -> None:
    meant = "Der Stadtrat in München hat zwölf neue Radwege beschlossen, teilte die Stadt am Mittwoch mit."
    raw = RawReport(
        source="feed.jsonl",
        title="Zwölf neue Radwege für München".encode().decode("cp1252"),
        text=meant.encode().decode("cp1252"),
    )
    report = extract(raw)
    assert report.title == "Zwölf neue Radwege für München"
    assert report.text == meant
    assert any(flag.startswith("repaired mojibake") for flag in report.flags)
    assert not extract(RawReport(source="feed.jsonl", text=meant)).flags


def test_chinese_and_japanese_told_apart_by_script() -> None:
    """Only Japanese writes kana: Han without kana is Chinese, whatever the model's first guess."""
    assert list(by_script("据新华社报道，工程将覆盖三千多个小区。", {"ja": 0.53, "zh": 0.43, "ar": 0.02})) == [
        "zh",
        "ar",
    ]
    assert by_script("据新华社报道，工程将覆盖三千多个小区。", {"ja": 0.53})["zh"] == 0.53
    assert list(by_script("局長は「来月再開する」と述べた。", {"zh": 0.6, "ja": 0.4})) == ["ja"]
    assert by_script("The port reopens in June.", {"en": 0.9, "ja": 0.05}) == {"en": 0.9, "ja": 0.05}


def test_a_chinese_report_is_chinese_in_every_paragraph() -> None:
    """A Chinese paragraph the model took for Japanese made a two-paragraph Chinese report Japanese."""
    text = (
        "北京市政府周二宣布，将在明年投入120亿元改造老旧小区。市长李明在新闻发布会上说：“这项工作关系到数百万居民的生活。”"
        "\n\n据新华社报道，改造工程将覆盖朝阳区和海淀区的3000多个小区。“资金必须按时到位，”清华大学教授王芳说。"
        "她还表示，地方财政压力较大。"
    )
    report = extract(RawReport(source="t", text=text))
    assert report.lang == "zh"
    assert {p.lang for p in report.paragraphs} == {"zh"}
