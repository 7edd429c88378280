"""Site-furniture patterns in several languages, grouped by removal reason.

These are generic phrases of web pages and aggregators (paywalls, menus,
credits, related-link teasers), never phrases of particular reports.  Each
pattern is tried on a whole, short paragraph; long paragraphs are prose and
only the anchored credit/caption forms apply to them.

``STRONG`` patterns mark furniture wherever they occur; ``WEAK`` ones
("Share", "premium", "app") only count at the head or tail of a report or
inside a block of short lines that already looks like a menu.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

ADVERTISEMENT = re.compile(
    r"^(advertisement|advertising|sponsored( content)?|anzeige|werbung|annons|reklam|reklame|publicité|publicidad|"
    r"publicidade|pubblicità|advertentie|mainos|reklama)\b[\s\W]*(scroll[\w\s]*)?$",
    _I,
)

RELATED = re.compile(
    r"^((read )?more|read also|also read|see also|related|watch|listen|läs (också|mer)|se även|lesen sie auch|"
    r"mehr zum thema|auch interessant|(à )?lire aussi|voir aussi|lee también|ver también|lees ook|zie ook|"
    r"leggi anche|leia também|les også|læs også)\s*[:|»›>–-]\s*\S"
    r"|^(related|more) (stories|articles|news|coverage|content|videos?|from [\w .]+)$"
    r"|^(top|latest|trending|popular|recommended) (stories|news|articles)\b"
    r"|^(most (read|popular|viewed)|our picks|editor'?s picks|recommended( for you)?|you (may|might) also like|"
    r"mest lästa|meistgelesen|les plus lus|lo más leído|meest gelezen)\b",
    _I,
)

CALL_TO_ACTION = re.compile(
    r"\b(sign (up|in)|log ?in|subscribe|subscription|already a member|become a member|start reading|"
    r"continue reading|keep reading|download (the|our) app|get the app|free trial|\w+ days? free|"
    r"unlimited access|support (our|independent) journalism|newsletter|create (an|your) account|"
    r"prenumerera|logga in|bli medlem|redan medlem|ladda ner appen|"
    r"jetzt (lesen|abonnieren|anmelden)|abonnieren|anmelden|einloggen|app herunterladen|"
    r"abonnez-vous|s'abonner|se connecter|inscrivez-vous|télécharge[rz] l'application|"
    r"suscr[íi]bete|suscribirse|iniciar sesión|regístrate|descarga la app|"
    r"abonneer|inloggen|download de app|abbonati|iscriviti|scarica l'app|assine|inscreva-se|baixe o app)\b",
    _I,
)

NAVIGATION = re.compile(
    r"^(connect with us|follow us( on [\w ]+)?|share( this( article| story)?)?|tweet|print|e-?mail|comments?|"
    r"skip to (main )?content|back to top|home|menu|search|close|"
    r"hi,? what are you looking for\??|what are you looking for\??|"
    r"följ oss|dela|sök|folgen sie uns|teilen|suche|suivez-nous|partager|rechercher|síguenos|compartir|buscar|"
    r"volg ons|delen|zoeken|seguici|condividi|cerca|jetzt teilen|share (on|via) [\w ]+)[\s!.?:]*$",
    _I,
)

WEAK = re.compile(
    r"\b(premium|app|apps|membership|member|titles|sources|curated|subscribers?|account|register|"
    r"cookies?|privacy( policy)?|terms of (use|service)|contact us|about us|all your news)\b",
    _I,
)

# Credits: a copyright line, a photo credit, a wire credit for the report.
# Credits: a copyright line, a photo credit, a source line — anchored at the start of a paragraph.
CREDIT = re.compile(
    r"^\W{0,2}(©|\(c\)\s|copyright\b)"
    r"|^(image|photo|picture|video|graphic|illustration|bild|foto|fotó|crédit|crédito|photograph)s?"
    r"(\s+(credit|by|source))?\s*:"
    r"|^\W{0,2}((additional |with )?reporting by|writing by|editing by)\b"
    r"|^(source|quelle|original-content von|source originale|fuente|fonte|källa|kilde|bron|kaynak|źródło)\s*:",
    _I,
)
# Credits anywhere in a short line: "Reuters and AP contributed to this report", "All rights reserved".
CREDIT_PHRASE = re.compile(
    r"\b(contributed to this (report|article|story)|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|alla rättigheter förbehållna)\b",
    _I,
)
# "… text. © AP" — a credit at the end of an otherwise ordinary line (a caption).
TRAILING_CREDIT = re.compile(r"(?:^|\s)©\s*[\w .&/'’-]{1,40}$")
# "A tank on the road (Reuters)" — a caption ending in a parenthesised source, no full stop before it.
PAREN_CREDIT = re.compile(r"[^.!?…\"”’]\s*\((?:[A-Z][\w.&'’-]*)(?:\s*(?:/|via|for|and|&)?\s*[A-Z][\w.&'’-]*){0,5}\)$")

# "… in the flooded street. (Photo: Jane Doe/AFP)" — a caption ending in a labelled picture credit.
PHOTO_CREDIT = re.compile(
    r"\((photo|foto|bild|image|picture|credit|crédit|crédito|photographie)s?\s*:[^()]{1,80}\)(\s*©.*)?$", _I
)
# "Home | World | Sport | Business" — a menu flattened to one line.
MENU_LINE = re.compile(r"^[^|•·]{1,30}(\s*[|•·]\s*[^|•·]{1,30}){2,}$")

# Bylines: "By Jane Doe", "Written By", "Von Max Muster", "Av Anna Andersson".
BYLINE_PREFIX = re.compile(
    r"^(by|written by|words by|reporting by|von|par|por|av|af|door|di|autor(in)?:?|author:?|text:?|texte:?)\s+"
    r"(?P<name>\S.*)$",
    _I,
)
BYLINE_ALONE = re.compile(r"^(written by|words by|by|author|autor|auteur|text|skribent)\s*:?$", _I)

# Roles that make a paragraph an author bio ("X is the outlet's correspondent").
ROLE = (
    r"(journalist|reporter|correspondent|editor|columnist|writer|author|contributor|analyst|researcher|"
    r"fellow|freelancer|commentator|korrespondent|redaktör|krönikör|skribent|journalistin|"
    r"korrespondentin|redakteur(in)?|autor(in)?|kolumnist(in)?|journaliste|correspondante?|rédact(eur|rice)|"
    r"chroniqueu(r|se)|periodista|corresponsal|redactora?|columnista|redacteur|giornalista|corrispondente|"
    r"redattore|jornalista)"
)
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:(?:van|von|de|da|del|der|den|di|du|le|la|bin|al)\s+)?[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}"
BIO = re.compile(
    rf"^(?:(?i:an?)\s+(?P<outlet_before>[\w.-]+)[^,]{{0,60}}?\b(?i:{ROLE})\b[^,]{{0,30}},\s+)?"
    rf"(?P<name>{_NAME})\s*,?\s+(?i:is|was|serves as|är|var|ist|war|est|était|es|era|è|is een)\s+"
    rf"(?:(?P<outlet_after>[\w.-]+(?:\s+[A-Z][\w.-]+){{0,3}})['’]s\s+)?"
)
ROLE_WORD = re.compile(rf"\b{ROLE}\b", _I)
