"""Builders of hostile and broken inputs, so every case found once stays covered.

Each function returns the bytes or text of one case, written here (no
article text from elsewhere).  The tests in this folder feed them to the
sources, the analysis, the web API and the terminal output; a new case found
in the wild gets a builder here and a test beside it.
"""

from __future__ import annotations

import json
import random

# Short texts of our own in three languages with letters outside ASCII: what an old CMS exports as cp1252/Latin-1.
ACCENTED = {
    "sv": "Räddningstjänsten säger att älven har svämmat över vid bron. Många hus är översvämmade och vägarna "
    "söderut är stängda.",
    "fr": "Les pompiers ont évacué trois écoles près de la rivière. « Nous avons été très surpris », a déclaré le "
    "maire à l'aube.",
    "de": "Die Feuerwehr hat am Dienstag drei Schulen geräumt. Größere Schäden wurden nicht gemeldet, sagte der "
    "Bürgermeister.",
}

# Terminal control sequences an article may smuggle in: clear screen, set the window title (OSC), a C1 CSI,
# a bell, a carriage return that overwrites the line, and a backspace.
CONTROL_SEQUENCES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r\x08"

SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)">'

LINE_SEPARATORS = "\u2028\u2029\u0085"


def capitalised_word(length: int = 16_000) -> str:
    """One capitalised word of ``length`` letters inside a sentence with a speech verb."""
    return f"Officials said on Monday. A{'b' * (length - 1)} said the mayor."


def many_figures(count: int = 1_000) -> str:
    """One sentence with ``count`` figures in it."""
    return "Officials said that " + ", ".join(f"{7 * i + 3} soldiers" for i in range(count)) + " were hurt."


def quoted_names(count: int = 1_000) -> str:
    """One paragraph of ``count`` quoted names inside sentences ("the group “Save the River 7” met ...")."""
    return " ".join(f"The group “Save the River {i}” met the council, the mayor said." for i in range(count))


def bare_numbers(count: int = 1_000) -> str:
    """``count`` numbers and nothing else: one endless sentence."""
    return " ".join(str(7 * i + 3) for i in range(count))


def news_text(size: int, seed: int = 0) -> str:
    """About ``size`` characters of varied news-like paragraphs: names, quotes, figures, dates.

    Every paragraph differs (numbers, names, places and order vary), so the
    cleaner keeps them all instead of dropping repeats as boilerplate.
    """
    rng = random.Random(seed)
    first = ["Anna", "Lars", "Maria", "Tomas", "Rosa", "Erik", "Lena", "Jonas", "Sara", "Piotr", "Ines", "Omar"]
    last = ["Holm", "Berg", "Dahl", "Lindqvist", "Novak", "Ferreira", "Okafor", "Sandberg", "Kowalski", "Haddad"]
    towns = ["Arden", "Belmoor", "Cresthill", "Dunmore", "Eastwick", "Fallow", "Glenrock", "Harwick", "Ivybridge"]
    roles = ["mayor", "fire chief", "police spokesperson", "minister", "river warden", "hospital director"]
    things = ["homes", "roads", "bridges", "schools", "farms", "shops", "cars", "boats"]
    templates = [
        "In {town}, {n} {thing} were damaged on {day}, officials said, and {m} people were moved to shelters.",
        '"We are doing everything we can," said {name}, the {role} of {town}, adding that {n} teams were at work.',
        "{name}, the {role}, told reporters that more than {n} {thing} had been checked since {day}.",
        "According to {name}, about {n} residents of {town} were still without power on {day}.",
        "The {role} of {town}, {name}, said up to {n} {thing} could be closed for {m} days.",
        "Rain fell for {m} hours and the river rose {n} centimetres above its normal level near {town}.",
    ]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "12 March", "3 April", "28 May"]
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentences.append(
                rng.choice(templates).format(
                    town=rng.choice(towns),
                    name=f"{rng.choice(first)} {rng.choice(last)}",
                    role=rng.choice(roles),
                    thing=rng.choice(things),
                    day=rng.choice(days),
                    n=rng.randint(2, 5000),
                    m=rng.randint(2, 90),
                )
            )
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def deep_html(depth: int = 300) -> str:
    """A page whose article text sits ``depth`` elements deep."""
    body = "".join(
        f"<p>The river rose {n} metres overnight and the mayor ordered the old town cleared, officials said.</p>"
        for n in (2, 3, 4)
    )
    return f"<html><head><title>Flood</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"


def empty_page() -> str:
    """A page with navigation and no main text."""
    return "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"


def jsonl_record(i: int) -> str:
    """One good JSONL line."""
    return json.dumps({"id": f"good-{i}", "text": f"Report number {i}: the river rose {i + 2} metres in Arden."})


def nested_brackets(depth: int = 100_000) -> str:
    """A JSON line of ``depth`` nested arrays: deep enough to overflow a recursive parser."""
    return "[" * depth + "]" * depth


def jsonl_with_separators() -> bytes:
    """JSONL whose strings hold U+2028, U+2029 and U+0085 raw: they are not line ends in JSON lines."""
    text = f"First line{LINE_SEPARATORS[0]}second{LINE_SEPARATORS[1]}third{LINE_SEPARATORS[2]}fourth of the report."
    rows = [{"id": "separators", "text": text}, {"id": "after", "text": "The record after it."}]
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode("utf-8")


def wrong_types() -> list[dict[str, object]]:
    """Records whose fields have the wrong JSON type."""
    return [
        {"id": "list-title", "text": "A report with a list as title.", "title": ["a", "b"]},
        {"id": "object-date", "text": "A report with an object as date.", "date": {"y": 2020}},
        {"id": "number-text", "text": 12345},
        {"id": ["not", "an", "id"], "text": "A report with a list as id."},
    ]


def encoded_files() -> list[tuple[str, bytes, str]]:
    """(name, bytes, the text they hold) for texts without a declared encoding."""
    cases = []
    for encoding in ("cp1252", "latin-1"):
        for lang, text in ACCENTED.items():
            cases.append((f"{lang}-{encoding}.txt", text.encode(encoding), text))
    return cases


def utf32_with_bom(text: str = ACCENTED["de"]) -> bytes:
    return b"\xff\xfe\x00\x00" + text.encode("utf-32-le")


def truncated_utf8(text: str = ACCENTED["sv"]) -> bytes:
    """UTF-8 cut in the middle of its last character (a download broken off)."""
    data = (text + " Älv").encode("utf-8")
    return data[: data.rindex("Ä".encode()) + 1]


def nan_json() -> bytes:
    """A JSON body with NaN where a string belongs (Python's json reads it; JSON has no NaN)."""
    return b'{"text": NaN}'


HOSTILE_IDS = (".", "..")
