"""Render a story briefing as Markdown, self-contained HTML, or JSON.

Every sentence carries its citation (report, paragraph) and language; a
sentence not in the reader's language is shown as written, marked with its
language, because a machine translation would put words in a source's mouth.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from jinja2 import Environment

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)

_HTML = _ENV.from_string(
    """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
h1{font-size:1.5rem;margin-bottom:.25rem} .meta{color:#5b6670;font-size:.9rem}
ol{padding-left:1.2rem} li{margin:.6rem 0} .cite{color:#5b6670;font-size:.85rem;white-space:nowrap}
.lang{display:inline-block;border:1px solid #9aa5b1;border-radius:3px;padding:0 .3rem;font-size:.75rem;margin-right:.3rem}
</style></head><body>
<h1>{{ title }}</h1>
<p class="meta">{{ meta }}</p>
<ol>
{% for s in sentences %}
<li>{% if s.lang and s.lang != lang %}<span class="lang" title="in {{ s.lang }}">{{ s.lang }}</span>{% endif %}{{ s.text }}
<span class="cite">[{{ s.outlet or s.report }}, {{ s.report }} ¶{{ s.paragraph }}]</span></li>
{% endfor %}
</ol>
</body></html>
"""
)


def _meta(view: dict[str, Any]) -> str:
    coverage = view["coverage"]
    span = " – ".join(d for d in dict.fromkeys([coverage["first"], coverage["last"]]) if d)
    return (
        f"{len(coverage['reports'])} reports, {coverage['independent']} independent sources, "
        f"{len(coverage['outlets'])} outlets, languages: {', '.join(coverage['languages'])}"
        + (f"; {span}" if span else "")
    )


def render(view: dict[str, Any], sentences: list[dict[str, Any]], fmt: str, lang: str = "en") -> str:
    """The briefing ``sentences`` of a story ``view`` in format md, html or json."""
    title = view["story"]["label"] or f"Story {view['story']['id']}"
    if fmt == "json":
        return json.dumps({"story": view["story"]["id"], "title": title, "sentences": sentences}, ensure_ascii=False)
    if fmt == "html":
        return _HTML.render(title=title, meta=_meta(view), sentences=sentences, lang=lang)
    if fmt != "md":
        raise ValueError(f"unknown format {fmt!r}: use md, html or json")
    # Markdown renderers pass inline HTML through: article text is escaped so that none of it becomes markup.
    lines = [f"# {_md(title)}", "", f"_{_md(_meta(view))}_", ""]
    for number, s in enumerate(sentences, start=1):
        marker = f"[{_md(s['lang'])}] " if s.get("lang") and s["lang"] != lang else ""
        cite = f"{_md(s.get('outlet') or s['report'])}, {_md(s['report'])} ¶{s['paragraph']}"
        lines.append(f"{number}. {marker}{_md(s['text'])} [{cite}]")
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    """Text for Markdown: HTML special characters as entities, so ``<script>`` shows as text."""
    return escape(str(text), quote=False)
