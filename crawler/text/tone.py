"""Vietnamese syllables: tone-mark placement (old "hòa" vs new "hoà" style) and syllable validity.

Rules (REPORT.md §1a): a syllable is initial consonant + vowel cluster + final consonant, with at most one
tone mark. The tone goes on the vowel carrying a quality mark (ă â ê ô ơ ư; the last one in ươ), else on
the last vowel when a final consonant follows, else on the middle of three vowels, else on the first of two
vowels, except open ``oa``/``oe``/``uy`` where the two styles differ: new style (MOET 2018) puts it on the
second vowel (hoà, khoẻ, thuỷ), old style on the first (hòa, khỏe, thủy). ``qu`` and ``gi`` are initials.
Words that do not parse as Vietnamese syllables (café, José, Internet) are never touched.
The work is per word and cached, since a news corpus has only a few thousand distinct syllables.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["TONE_STYLES", "is_valid_syllable", "normalize_tone_placement", "split_tone"]

TONE_STYLES = ("keep", "new", "old")

_TONE_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng
_ACUTE, _DOT = "\u0301", "\u0323"
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")


def _set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_INITIALS = _set("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x")
_FINALS = _set("c ch m n ng nh p t")
_STOP_FINALS = _set("c ch p t")  # only the sắc or nặng tone before these

# Vowel clusters (after the initial is taken off) that may end a syllable, and those that take a final.
_OPEN = _set(
    "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi ưu "
    "iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu"
)
_CLOSED = _set("a ă â e ê i o ô ơ u ư y oa oă oe oo uâ uê uy iê yê uô ươ uyê")


def _build_tables() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    """Map every precomposed toned Vietnamese vowel to (toneless vowel, tone mark), and back."""
    split: dict[str, tuple[str, str]] = {}
    join: dict[tuple[str, str], str] = {}
    bases = "aăâeêioôơuưy"
    for base in bases + bases.upper():
        for mark in _TONE_MARKS:
            toned = unicodedata.normalize("NFC", base + mark)
            if len(toned) == 1:
                split[toned] = (base, mark)
                join[(base, mark)] = toned
    return split, join


_SPLIT, _JOIN = _build_tables()
_TONED_CHARS = "".join(sorted(_SPLIT))
_ALL_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
# A toned vowel next to another vowel, or a qu/gi initial: the only spots where placement can differ (the
# tone of a one-vowel cluster has nowhere else to go). Of these, only spots in _MISPLACED (below) cost a
# word lookup; the rest are placements that are right wherever they occur (của, người, Việt).
_I_FORMS = "iIìíỉĩịÌÍỈĨỊ"
_ANY_VOWEL = f"[{_TONED_CHARS}{_ALL_VOWELS}]"
_SUSPECT_RE = re.compile(
    rf"[qQ][uU]{_ANY_VOWEL}|[gG][{_I_FORMS}]{_ANY_VOWEL}|[qQ][{_TONED_CHARS}]"  # qu/gi initials, first
    rf"|{_ANY_VOWEL}[{_TONED_CHARS}]|[{_TONED_CHARS}][{_ALL_VOWELS}]"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def split_tone(word: str) -> tuple[str, int, str | None]:
    """(word without tone marks, number of tone marks, the last tone mark or None). Word must be NFC."""
    out: list[str] = []
    count = 0
    tone: str | None = None
    for ch in word:
        pair = _SPLIT.get(ch)
        if pair is None:
            out.append(ch)
        else:
            out.append(pair[0])
            tone = pair[1]
            count += 1
    return "".join(out), count, tone


def _parse(plain: str) -> tuple[str, str, str] | None:
    """Split a lowercase toneless word into (initial, vowel cluster, final); None if not a syllable."""
    n = len(plain)
    i = 0
    while i < n and plain[i] not in _VOWELS:
        i += 1
    j = i
    while j < n and plain[j] in _VOWELS:
        j += 1
    if i == j:
        return None
    initial, cluster, final = plain[:i], plain[i:j], plain[j:]
    if initial == "q" and cluster.startswith("u") and len(cluster) > 1:
        initial, cluster = "qu", cluster[1:]
    elif initial == "g" and cluster.startswith("i") and len(cluster) > 1:
        initial, cluster = "gi", cluster[1:]
    if initial and initial not in _INITIALS:
        return None
    if final:
        if final not in _FINALS or cluster not in _CLOSED:
            return None
    elif cluster not in _OPEN:
        return None
    return initial, cluster, final


def _tone_index(cluster: str, final: str, style: str) -> int:
    """Index inside the vowel cluster where the tone mark belongs."""
    marked = [k for k, ch in enumerate(cluster) if ch in _MARKED]
    if marked:
        return marked[-1]
    if final:
        return len(cluster) - 1
    if len(cluster) == 3:
        return 1
    if len(cluster) == 2:
        if cluster in ("oa", "oe", "uy"):
            return 1 if style == "new" else 0
        return 0
    return 0


def _first_spot(cluster: str, pos: int) -> str:
    """The two characters _SUSPECT_RE matches first in a vowel cluster whose tone is at ``pos``."""
    return cluster[pos - 1 : pos + 1] if pos else cluster[:2]


def _misplaced_spots(style: str) -> frozenset[str]:
    """Every first spot of a cluster whose tone is not where ``style`` puts it, in lower, upper and title
    case, plus every qu/gi spot (qúy, gìa): spots outside this set need no work."""
    spots: set[str] = set()
    for clusters, final in ((_OPEN, ""), (_CLOSED, "n")):
        for cluster in clusters:
            if len(cluster) < 2:
                continue
            right = _tone_index(cluster, final, style)
            for pos in range(len(cluster)):
                if pos == right:
                    continue
                for mark in _TONE_MARKS:
                    toned = cluster[:pos] + _JOIN[(cluster[pos], mark)] + cluster[pos + 1 :]
                    spot = _first_spot(toned, pos)
                    spots.update((spot, spot.upper(), spot[0].upper() + spot[1:]))
    for second in _TONED_CHARS + _ALL_VOWELS:  # qu/gi words: the initial changes the cluster, check all
        spots.update(q + u + second for q in "qQ" for u in "uU")
        spots.update(g + i + second for g in "gG" for i in _I_FORMS)
    for toned in _TONED_CHARS:
        spots.update(("q" + toned, "Q" + toned))
    return frozenset(spots)


_MISPLACED = {"new": _misplaced_spots("new"), "old": _misplaced_spots("old")}


@lru_cache(maxsize=65536)
def _retone(word: str, style: str) -> str:
    """One word with its tone mark moved to where ``style`` puts it; unchanged when not a syllable."""
    plain, count, tone = split_tone(word)
    if count != 1 or tone is None:
        return word
    lower = plain.lower()
    if len(lower) != len(plain):
        return word
    parsed = _parse(lower)
    if parsed is None:
        return word
    initial, cluster, final = parsed
    pos = len(initial) + _tone_index(cluster, final, style)
    chars = list(plain)
    toned = _JOIN.get((chars[pos], tone))
    if toned is None:
        return word
    chars[pos] = toned
    return "".join(chars)


def normalize_tone_placement(text: str, style: str = "new") -> str:
    """Move every syllable's tone mark to the ``new`` (hoà, thuỷ) or ``old`` (hòa, thủy) position.

    Also repairs mis-typed placements (qúy → quý, hòang → hoàng, baì → bài). ``keep`` returns the text
    unchanged. Input should be NFC (clean_display guarantees it).
    """
    if style == "keep" or not text:
        return text
    if style not in ("new", "old"):
        raise ValueError(f"tone style must be one of {TONE_STYLES}, not {style!r}")
    misplaced = _MISPLACED[style]
    out: list[str] = []
    done = 0  # text[:done] is settled
    for spot in _SUSPECT_RE.finditer(text):
        start = spot.start()
        if start < done or spot.group() not in misplaced:
            continue  # in a word already handled, or a placement that is right wherever it occurs
        while start > done and text[start - 1].isalpha():
            start -= 1
        word = _WORD_RE.match(text, start)
        if word is None:
            continue
        new = _retone(word.group(), style)
        if new != word.group():
            out.append(text[done:start])
            out.append(new)
        else:
            out.append(text[done : word.end()])
        done = word.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


@lru_cache(maxsize=65536)
def is_valid_syllable(word: str) -> bool:
    """True if ``word`` (NFC, any case) is a phonotactically valid Vietnamese syllable.

    Used to score legacy-encoding candidates: at most one tone, a legal initial, vowel cluster and final,
    and a stop final (c, ch, p, t) only with the sắc or nặng tone.
    """
    plain, count, tone = split_tone(word)
    if count > 1 or not plain.isalpha():
        return False
    lower = plain.lower()
    parsed = _parse(lower)
    if parsed is None:
        return False
    final = parsed[2]
    return not (final in _STOP_FINALS and tone not in (_ACUTE, _DOT))
