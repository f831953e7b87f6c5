"""Vietnamese text cleaning: the display form (what the site published, cleaned) and the key form (dedupe).

Order (REPORT.md §0; each step protects the next):
  NFC → HTML entities (a second pass only for double-escaped input) → TCVN3/VNI repair per line (before
  anything touches U+00AD/U+00D0, which are TCVN3 letters) → mojibake repair with ftfy (only when the text
  shows UTF-8-read-as-cp1252 markers, and before C1/soft-hyphen removal, which would make it unrecoverable)
  → control and invisible characters → Ð/ð/Ɖ → Đ/đ → whitespace → NFC  = display form
  (+ optional tone-style rewrite). The key form adds new-style tone placement, folded quotes/dashes/
  ellipses, casefolding and single spaces: the same article with other tone placement, quotes or spacing
  gets the same key.
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata

from crawler.text.legacy import fix_legacy, might_be_legacy
from crawler.text.tone import TONE_STYLES, normalize_tone_placement

__all__ = [
    "clean_display",
    "clean_display_ex",
    "clean_inline",
    "fold_punct",
    "key_form",
    "text_key",
    "unescape_entities",
]

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _cp1252_continuations() -> str:
    chars = [chr(c) for c in range(0x80, 0xC0)]  # C1 controls and latin-1 0xA0-0xBF
    for b in range(0x80, 0xA0):
        with contextlib.suppress(UnicodeDecodeError):  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined
            chars.append(bytes([b]).decode("cp1252"))
    return "".join(chars)


_CONT_CHARS = _cp1252_continuations()
_CONT = re.escape(_CONT_CHARS)
# UTF-8 lead byte read as latin-1/cp1252 followed by continuation bytes read the same way: "á»‡", "Ã²".
_MOJIBAKE_RE = re.compile(f"[\xc2-\xdf][{_CONT}]|[\xe0-\xef][{_CONT}]{{2}}")
# A necessary condition of _MOJIBAKE_RE; _mojibake_hint finds the same pairs faster (tests compare them).
_MOJIBAKE_HINT_RE = re.compile(f"[\xc2-\xef][{_CONT}]")


# The same pairs in the text's UTF-8 form (a bijection, so the same answer): the leads U+00C2-U+00EF are
# C3 82..C3 AF, each continuation has its own bytes. A bytes pattern that starts with a literal byte is
# scanned for fast; a str pattern on a page of Vietnamese (two bytes a character) is not. Encoding the
# page and scanning it costs about a third of looking at its every character.
_MOJIBAKE_HINT_UTF8_RE = re.compile(
    b"\\xc3[\\x82-\\xaf](?:"
    + b"|".join(re.escape(ch.encode("utf-8")) for ch in sorted(set(_CONT_CHARS)))
    + b")"
)


# The first three bytes of those pairs, the third by a character class: Vietnamese pages hold a C3 lead
# and a byte of the range every few characters (â, à, é, ô...), and at each the class fails faster than
# the alternation's branches. A hit is then checked in full.
_MOJIBAKE_HINT_UTF8_START_RE = re.compile(
    b"\\xc3[\\x82-\\xaf]["
    + b"".join(re.escape(bytes([b])) for b in sorted({ch.encode("utf-8")[0] for ch in _CONT_CHARS}))
    + b"]"
)


def _mojibake_hint(text: str, utf8: bytes | None = None) -> bool:
    """``_MOJIBAKE_HINT_RE.search(text)`` is not None: a lead character followed by a continuation one.
    ``utf8``: the text's UTF-8 form, when the caller has it (a page's own bytes)."""
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    start = _MOJIBAKE_HINT_UTF8_START_RE.search(utf8)
    while start is not None:
        if _MOJIBAKE_HINT_UTF8_RE.match(utf8, start.start()):
            return True
        start = _MOJIBAKE_HINT_UTF8_START_RE.search(utf8, start.start() + 1)
    return False


# C0 controls except \t \n \r and VT/FF (whitespace below), DEL, C1; zero-width and other invisibles.
_DELETE_RE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+"
)
_ETH_TABLE = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})
_ETH_RE = re.compile("[ÐðƉɖ]")
_ODD_SPACE_RE = re.compile("[\t\x0b\x0c\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # → " "
_NEWLINE_RE = re.compile("\r\n?|\u2028|\u2029")
_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n"}
# Anything the four steps above would touch, in one character class: most extracted text has none, and
# one scan is much cheaper than four.
_UNUSUAL_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "ÐðƉɖ\xa0\u1680\u2000-\u200a\u202f\u205f\u3000\u2028\u2029]"
)

_PUNCT = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u2039": "'",
    "\u203a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
_PUNCT_PAIRS = tuple(_PUNCT.items())
_DOTS_RE = re.compile(r"\.{4,}")

_FTFY_CONFIG = None


def _ftfy(text: str) -> str:
    """ftfy's encoding repair only: no quote uncurling, width folding, ligatures or line-break changes."""
    global _FTFY_CONFIG
    import ftfy  # imported lazily: 50 ms, and most pages never need it

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=True,
            fix_encoding=True,
            restore_byte_a0=True,
            replace_lossy_sequences=True,
            decode_inconsistent_utf8=True,
            fix_c1_controls=True,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=True,
            remove_control_chars=False,
            normalization="NFC",
            explain=False,
        )
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def repair_mojibake(text: str, utf8: bytes | None = None) -> str:
    """Undo double-encoded UTF-8 (`Viá»‡t` → `Việt`) when the text shows its marks; else return it as is
    (the same object). ``utf8``: the text's UTF-8 form, when the caller has it, saves encoding it.

    The crawler applies this to a whole decoded page before parsing (`crawler.pages.base.Document`), because
    the bytes of a double-encoded letter include NBSP and soft hyphens that any whitespace handling would
    destroy; cleaning text fields later would be too late.
    """
    if not text.isascii() and _mojibake_hint(text, utf8) and _MOJIBAKE_RE.search(text):
        return _ftfy(text)
    return text


def unescape_entities(text: str) -> str:
    """HTML entities to characters; a second pass only when the input had ``&amp;`` and entities remain
    (``&amp;nbsp;``, ``&amp;#7879;``: double-escaped portals). Never loops further."""
    if "&" not in text:
        return text
    out = html.unescape(text)
    if "&amp;" in text.lower() and "&" in out and _ENTITY_RE.search(out):
        out = html.unescape(out)
    return out


def _fix_legacy_lines(text: str) -> tuple[str, bool]:
    """Run legacy detection per line (pages mix encodings per block); report whether anything changed."""
    if text.isascii() or not might_be_legacy(text):
        return text, False
    lines = text.split("\n")
    changed = False
    for k, line in enumerate(lines):
        fixed = fix_legacy(line)
        if fixed is not line and fixed != line:
            lines[k] = fixed
            changed = True
    return ("\n".join(lines) if changed else text), changed


def _unusual(text: str) -> str:
    """Rules 6, 4, 3 and the odd half of 5: controls and invisibles out, Ð → Đ, odd spaces and line
    separators to " " and "\n"."""
    text = _DELETE_RE.sub("", text)
    if _ETH_RE.search(text):
        text = text.translate(_ETH_TABLE)
    if _NEWLINE_RE.search(text):
        text = _NEWLINE_RE.sub(lambda m: _NEWLINES[m.group()], text)
    return _ODD_SPACE_RE.sub(" ", text)


def _collapse(text: str) -> str:
    """Rule 5 on text with only " " and "\n" left: single spaces, none around newlines, at most one blank
    line, stripped (str methods: several times faster than regexes here)."""
    while "  " in text:
        text = text.replace("  ", " ")
    if " \n" in text:
        text = text.replace(" \n", "\n")
    if "\n " in text:
        text = text.replace("\n ", "\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def clean_display_ex(text: str, tone_style: str = "keep") -> tuple[str, bool]:
    """``clean_display`` plus whether a legacy (TCVN3/VNI) conversion changed the text (for stats)."""
    if tone_style not in TONE_STYLES:
        raise ValueError(f"tone style must be one of {', '.join(TONE_STYLES)}, not {tone_style!r}")
    if not text:
        return text, False
    text = unicodedata.normalize("NFC", text)
    text = unescape_entities(text)
    text, legacy = _fix_legacy_lines(text)
    text = repair_mojibake(text)
    if _UNUSUAL_RE.search(text):
        text = _unusual(text)
    text = _collapse(text)
    text = unicodedata.normalize("NFC", text)
    if tone_style != "keep":
        text = normalize_tone_placement(text, tone_style)
    return text, legacy


def clean_display(text: str, tone_style: str = "keep") -> str:
    """The display form: what the site published, cleaned (rules in report order; paragraphs kept).

    ``tone_style``: ``keep`` (default: the author's placement), ``new`` (hoà, thuỷ) or ``old`` (hòa, thủy).
    """
    return clean_display_ex(text, tone_style)[0]


def clean_inline(text: str, tone_style: str = "keep") -> str:
    """Like ``clean_display`` but every whitespace run, newlines included, becomes one space
    (titles, captions, author, date text)."""
    cleaned = clean_display(text, tone_style)
    return " ".join(cleaned.split()) if cleaned else cleaned


def fold_punct(text: str) -> str:
    """Key-only punctuation folding: curly quotes and «» → ASCII quotes, dashes and minus → ``-``,
    ``…`` and runs of 4+ dots → ``...``. (Not NFKC: that folds ² ½ and full-width digits but not “.)"""
    for char, ascii_form in _PUNCT_PAIRS:  # "in" + replace per character: C speed, no callback
        if char in text:
            text = text.replace(char, ascii_form)
    return _DOTS_RE.sub("...", text) if "...." in text else text


_KEY_TOKENS: dict[str, str] = {}  # casefolded token -> new-style token; bounded below
_KEY_TOKENS_MAX = 200_000


def _key_token(token: str) -> str:
    out = normalize_tone_placement(token, "new")
    if len(_KEY_TOKENS) >= _KEY_TOKENS_MAX:
        _KEY_TOKENS.clear()
    _KEY_TOKENS[token] = out
    return out


def key_form(display: str) -> str:
    """The key form of text that is already in display form (skips the cleaning work).

    Works token by token with a memo: the key collapses whitespace anyway, and a news corpus repeats the
    same few thousand tokens, so this is several times faster than retoning the running text.
    """
    if not display:
        return ""
    tokens = fold_punct(display).casefold().split()
    get = _KEY_TOKENS.get
    return " ".join([get(t) or _key_token(t) for t in tokens])


def text_key(text: str) -> str:
    """The key form (dedupe / hashing): display form + new-style tones + folded punctuation + casefold +
    single spaces. Never shown to users."""
    return key_form(clean_display(text))
