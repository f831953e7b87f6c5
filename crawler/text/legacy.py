"""Pre-Unicode Vietnamese font encodings: TCVN3 (ABC, ``.VnTime``) and VNI (``VNI-Times``), to Unicode.

Such pages are declared windows-1252/latin-1, so after decoding their text is made of latin-1 letters that
only the font turned into Vietnamese (``Céng hoµ`` is "Cộng hoà" in .VnTime, ``Coäng hoøa`` in VNI-Times).
A font name settles it (``font_hint``); without one, both conversions are tried and kept only when they make
clearly more of the words valid Vietnamese syllables (REPORT.md rule 13). Work per text block: pages mix
encodings per ``<span>``.

Tables: TCVN3 is the 74-entry VN3 subset of TCVN 5712:1993 (checked against glibc ``iconv -f TCVN5712-1``;
VN1's extra capitals in 0x01-0x17/0x80-0x9F are cp1252 punctuation on ABC pages, so they are not mapped).
VNI-Windows is base letter + mark byte (longest match wins), generated below from its layout.
"""

from __future__ import annotations

import re
import unicodedata

from crawler.text.tone import is_valid_syllable

__all__ = [
    "fix_legacy",
    "font_hint",
    "legacy_candidates",
    "might_be_legacy",
    "tcvn3_to_unicode",
    "vni_to_unicode",
]

# TCVN3 (VN3) byte -> Unicode, bytes read as latin-1 characters.
_TCVN3_PAIRS = (
    "\xa1Ă \xa2Â \xa3Ê \xa4Ô \xa5Ơ \xa6Ư \xa7Đ \xa8ă \xa9â \xaaê \xabô \xacơ \xadư \xaeđ "
    "\xb5à \xb6ả \xb7ã \xb8á \xb9ạ \xbbằ \xbcẳ \xbdẵ \xbeắ \xc6ặ \xc7ầ \xc8ẩ \xc9ẫ \xcaấ \xcbậ "
    "\xccè \xceẻ \xcfẽ \xd0é \xd1ẹ \xd2ề \xd3ể \xd4ễ \xd5ế \xd6ệ \xd7ì \xd8ỉ \xdcĩ \xddí \xdeị "
    "\xdfò \xe1ỏ \xe2õ \xe3ó \xe4ọ \xe5ồ \xe6ổ \xe7ỗ \xe8ố \xe9ộ \xeaờ \xebở \xecỡ \xedớ \xeeợ "
    "\xefù \xf1ủ \xf2ũ \xf3ú \xf4ụ \xf5ừ \xf6ử \xf7ữ \xf8ứ \xf9ự \xfaỳ \xfbỷ \xfcỹ \xfdý \xfeỵ"
)
_TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}
_TCVN3_TABLE = str.maketrans(_TCVN3)
_TCVN3_RE = re.compile("[" + "".join(_TCVN3) + "]")


def _build_vni() -> dict[str, str]:
    """VNI-Windows sequences -> Unicode: a base letter followed by a mark character, plus single letters."""
    grave, acute, hook, tilde, dot = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
    tone_keys = {acute: "ù", grave: "ø", hook: "û", tilde: "õ", dot: "ï"}
    circ_keys = {None: "â", acute: "á", grave: "à", hook: "å", tilde: "ã", dot: "ä"}  # â ê ô + tone
    breve_keys = {None: "ê", acute: "é", grave: "è", hook: "ú", tilde: "ü", dot: "ë"}  # ă + tone
    table: dict[str, str] = {}

    def add(seq: str, base: str, *marks: str) -> None:
        lower = unicodedata.normalize("NFC", base + "".join(m for m in marks if m))
        upper = unicodedata.normalize("NFC", base.upper() + "".join(m for m in marks if m))
        table[seq] = lower
        table[seq.upper()] = upper
        if len(seq) == 2:  # capital base with a lowercase mark byte: seen where fonts were mixed
            table.setdefault(seq[0].upper() + seq[1], upper)

    for base in "aeouy":
        for mark, key in tone_keys.items():
            add(base + key, base, mark)
    for base in "aeo":
        for mark, key in circ_keys.items():
            add(base + key, base, "\u0302", mark or "")
    for mark, key in breve_keys.items():
        add("a" + key, "a", "\u0306", mark or "")
    for mark, key in tone_keys.items():
        add("ô" + key, "ơ", mark)  # ô is VNI's ơ
        add("ö" + key, "ư", mark)  # ö is VNI's ư
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ó": "ĩ", "ò": "ị", "æ": "ỉ", "î": "ỵ"}
    for seq, char in singles.items():
        table[seq] = char
        table[seq.upper()] = char.upper()
    return table


_VNI = _build_vni()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))
_VNI_MARK_RE = re.compile("[ÂÁÀÅÃÄÊÉÈÚÜËÙØÛÕÏâáàåãäêéèúüëùøûõïôöñóòæîÔÖÑÓÒÆÎ]")

# Letters that only Unicode Vietnamese has (never latin-1 legacy text), and NFD tone marks.
# Legacy source characters that Unicode Vietnamese text does not use (its latin-1 letters and «» removed):
# a text without any is not worth scoring.
_VN_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý«»")
_FOREIGN_RE = re.compile(
    "["
    + re.escape("".join(sorted((set(_TCVN3) | set("".join(_VNI))) - _VN_LATIN1 - set("aeouyAEOUY"))))
    + "]"
)
_REAL_VN_RE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_LEGACY_SOURCE_RE = re.compile("[\xa1-\xff]")
_EDGE_PUNCT = "\"'()[]{}<>,.;:!?-–—…“”‘’«»/\\|*"
_MIN_GAIN = 0.15


def font_hint(style_or_face: str | None) -> str | None:
    """``"tcvn3"`` for .VnTime/.VnArial/.Vn* fonts, ``"vni"`` for VNI-* fonts, else None.

    Accepts a ``<font face>`` value or a whole ``style``/``font-family`` value (first legacy font wins).
    """
    if not style_or_face:
        return None
    for raw in re.split(r"[,;:]", style_or_face):
        name = raw.strip().strip("\"'").strip().lower()
        if name.startswith(".vn") or name.startswith("vn3") or name.startswith("abc"):
            return "tcvn3"
        if name.startswith("vni-") or name.startswith("vni "):
            return "vni"
    return None


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text (as latin-1 characters) to Unicode. ``.VnTimeH`` headings come out lowercase."""
    return text.translate(_TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text (as latin-1 characters) to Unicode."""
    return _VNI_RE.sub(lambda m: _VNI[m.group()], text)


def _vietnamese_share(text: str) -> float:
    return len(_REAL_VN_RE.findall(text)) / max(1, len(text))


def _syllable_score(text: str) -> float:
    """Share of the words (tokens with a letter) that are valid Vietnamese syllables."""
    words = 0
    valid = 0
    for token in text.split():
        token = token.strip(_EDGE_PUNCT)
        if not token or token.isdigit():
            continue
        words += 1
        if is_valid_syllable(token):
            valid += 1
    return valid / words if words else 0.0


def legacy_candidates(text: str) -> dict[str, str]:
    """The text read as each legacy encoding that changes it (for diagnostics and tests)."""
    out: dict[str, str] = {}
    if _TCVN3_RE.search(text):
        out["tcvn3"] = tcvn3_to_unicode(text)
    if _VNI_MARK_RE.search(text):
        converted = vni_to_unicode(text)
        if converted != text:
            out["vni"] = converted
    return out


def might_be_legacy(text: str) -> bool:
    """Cheap pre-check for autodetection: does the text hold a character only legacy text uses?"""
    return _FOREIGN_RE.search(text) is not None


def fix_legacy(text: str, hint: str | None = None) -> str:
    """Convert one text block from TCVN3 or VNI to Unicode when it is one; otherwise return it unchanged.

    ``hint`` ("tcvn3"/"vni", from ``font_hint``) decides the encoding, unless converting would lower the
    share of valid Vietnamese syllables; without a hint the conversion that raises that share by at least
    0.15 wins. Text that already has more than 2% letters
    only Unicode Vietnamese has is left alone either way (a stale ``.VnTime`` style on Unicode text).
    """
    if not text or text.isascii() or not _LEGACY_SOURCE_RE.search(text):
        return text
    if _vietnamese_share(text) > 0.02:
        return text
    if hint in ("tcvn3", "vni"):
        converted = tcvn3_to_unicode(text) if hint == "tcvn3" else vni_to_unicode(text)
        # Trust the font unless the text reads as Vietnamese only before conversion (a stale font name).
        if converted == text or _syllable_score(converted) >= _syllable_score(text):
            return converted
        return text
    candidates = legacy_candidates(text)
    if not candidates:
        return text
    base = _syllable_score(text)
    best_text, best_score = text, base
    for converted in candidates.values():
        score = _syllable_score(converted)
        if score > best_score:
            best_text, best_score = converted, score
    return best_text if best_score - base >= _MIN_GAIN else text
