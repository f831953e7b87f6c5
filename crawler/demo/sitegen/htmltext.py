"""Text → HTML with the encoding quirks real Vietnamese CMS pages carry, and the truth normal form.

The generator keeps every text twice: the clean NFC string (what truth.json records after
:func:`norm`) and the HTML that a site would have served for it. The quirks must never change what a
reader sees: ``&nbsp;`` is a space, ``&#7879;`` is ``ệ``, an NFD word renders like its NFC form.
"""

from __future__ import annotations

import html
import random
import unicodedata
from dataclasses import dataclass


def norm(text: str) -> str:
    """Truth normal form: NFC, every whitespace run (incl. NBSP) one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def esc(text: str) -> str:
    """Escape for element content and double-quoted attributes."""
    return html.escape(text, quote=True)


def net20_encode(text: str) -> str:
    """HtmlEncode as .NET 2.0 did it: &, <, >, " escaped and U+00A0..U+00FF as decimal entities."""
    out = []
    for ch in html.escape(text, quote=True).replace("&#x27;", "'"):
        out.append(f"&#{ord(ch)};" if 0xA0 <= ord(ch) <= 0xFF else ch)
    return "".join(out)


def numeric_entities(text: str) -> str:
    """Every non-ASCII character as a decimal entity (old editors stored Vietnamese this way)."""
    return "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in html.escape(text, quote=False))


@dataclass(frozen=True)
class Quirks:
    """How often each quirk is applied, per word (nbsp/nfd/entity) or per paragraph (indent, wrap)."""

    nbsp: float = 0.0  # a space written as &nbsp; (or &#160;)
    nbsp_entity: str = "&nbsp;"
    nfd: float = 0.0  # a word in decomposed form
    entity: float = 0.0  # a word written with numeric entities
    indent: float = 0.0  # a paragraph starts with 5-10 non-breaking spaces
    wrap: float = 0.0  # a source line break instead of a space


NO_QUIRKS = Quirks()


def inline(text: str, rng: random.Random, q: Quirks = NO_QUIRKS) -> str:
    """Render one run of plain text as HTML, applying quirks word by word."""
    words = text.split(" ")
    parts: list[str] = []
    for i, word in enumerate(words):
        if q.nfd and rng.random() < q.nfd and any(ord(c) > 127 for c in word):
            piece = esc(unicodedata.normalize("NFD", word))
        elif q.entity and rng.random() < q.entity and any(ord(c) > 127 for c in word):
            piece = numeric_entities(word)
        else:
            piece = esc(word)
        if i:
            r = rng.random()
            if r < q.nbsp:
                parts.append(q.nbsp_entity if rng.random() < 0.7 else q.nbsp_entity + " ")
            elif r < q.nbsp + q.wrap:
                parts.append("\n")
            else:
                parts.append(" ")
        parts.append(piece)
    return "".join(parts)


def emphasise(text: str, rng: random.Random, q: Quirks, tag: str = "strong") -> str:
    """Like :func:`inline`, with the first clause wrapped in ``tag`` (how editors bold the dateline)."""
    head, sep, tail = text.partition(", ")
    if not sep or len(head) > 60:
        return inline(text, rng, q)
    return f"<{tag}>{inline(head, rng, q)}</{tag}>, {inline(tail, rng, q)}"
