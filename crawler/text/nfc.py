"""NFC normalisation of a whole page, at the cost of the few places that need it.

``unicodedata.normalize("NFC", page)`` is cheap on a page that is already NFC (a quick check), but a page
with one decomposed paragraph (Vietnamese typed on a Mac, pasted from Word: ``e`` + U+0302 + U+0301) makes
it normalise all 150 KB, character by character: several milliseconds per page. Normalisation is local,
though: a character that is a *stable starter* (combining class 0, unchanged by NFC, never the second half
of a composition) can neither change nor combine with its neighbours, so the text can be cut before any
stable starter and each piece normalised on its own.

``nfc`` cuts a page at ``<`` and ``>`` (stable starters): only the stretches between two of them that hold
a character other than a known stable starter are normalised, each in one call. On an NFC page that costs
a scan (about half a millisecond for 150 KB) and a few short calls for the quotes and dashes; on a page
with decomposed paragraphs, a few times less than normalising it whole. The known stable starters are
Latin (U+0000-U+02FF) and Latin Extended Additional (U+1E00-U+1EFF, the Vietnamese letters), checked at
import against this Python's Unicode data; two ranges only, because the scan for what lies outside them
costs by the number of ranges. The composing characters of combining class 0 are Hangul jamo and a few
Indic and Brahmic vowel signs, outside those ranges; tests/test_fast_paths.py checks the ranges against the
whole Unicode table.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfc", "nfc_of_utf8", "stable_ranges"]

_CANDIDATE_RANGES = (
    (0x0000, 0x02FF),  # ASCII, Latin-1, Latin Extended-A/B (ă â đ ê ô ơ ư), IPA, spacing modifiers
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese ạ..ỹ)
)
# Characters of combining class 0 that are the second half of a canonical composition (Unicode 14), and
# the Hangul jamo that compose algorithmically. None lies in the candidate ranges; kept here so that a
# future range cannot take one in unnoticed.
_COMPOSING_STARTERS = frozenset(
    [0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57,
     0x0DCF, 0x0DDF, 0x0FB5, 0x0FB7, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA,
     0x114BD, 0x115AF, 0x11930, *range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]
)  # fmt: skip


def _is_stable(cp: int) -> bool:
    ch = chr(cp)
    if unicodedata.combining(ch) or cp in _COMPOSING_STARTERS:
        return False
    if unicodedata.normalize("NFC", ch) != ch:
        return False
    first = unicodedata.normalize("NFD", ch)[0]
    return not unicodedata.combining(first) and ord(first) not in _COMPOSING_STARTERS


def stable_ranges() -> list[tuple[int, int]]:
    """The ranges of stable starters used (inclusive), from the candidate ranges."""
    out: list[tuple[int, int]] = []
    for lo, hi in _CANDIDATE_RANGES:
        start = None
        for cp in range(lo, hi + 2):
            ok = cp <= hi and _is_stable(cp)
            if ok and start is None:
                start = cp
            elif not ok and start is not None:
                out.append((start, cp - 1))
                start = None
    return out


def _class(ranges: list[tuple[int, int]]) -> str:
    def esc(cp: int) -> str:
        return f"\\U{cp:08x}"

    return "".join(esc(lo) if lo == hi else f"{esc(lo)}-{esc(hi)}" for lo, hi in ranges)


_STABLE = stable_ranges()
# A character that is not a known stable starter: what may need normalising. (One character, not a run:
# a pattern that starts with a repeat loses the regex engine's fast scan for its first character.)
_UNSTABLE = re.compile(f"[^{_class(_STABLE)}]")
_MANY = 200  # more windows than this: one normalisation of the whole text is cheaper


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, normalising only the stretches that can change."""
    if text.isascii():
        return text
    match = _UNSTABLE.search(text)
    if match is None:
        return text
    pieces: list[str] = []
    last = 0  # text[:last] is done; text[last] is a stable starter (or the end)
    windows = 0
    size = len(text)
    while match is not None:
        windows += 1
        if windows > _MANY:
            return unicodedata.normalize("NFC", text)
        start = match.start()
        end = start + 1
        # widen to the tag characters around it: the window then starts with a stable starter (or at `last`,
        # one already), which takes in the base its marks may compose with, and ends before one
        begin = max(text.rfind("<", last, start), text.rfind(">", last, start))
        if begin < 0:
            begin = last
        stop = text.find("<", end)
        close = text.find(">", end)
        if stop < 0 or (0 <= close < stop):
            stop = close
        if stop < 0:
            stop = size
        pieces.append(text[last:begin])
        pieces.append(unicodedata.normalize("NFC", text[begin:stop]))
        last = stop
        match = _UNSTABLE.search(text, last) if last < size else None
    pieces.append(text[last:])
    return "".join(pieces)


def nfc_of_utf8(text: str, raw: bytes) -> str:
    """``nfc(text)`` for ``text`` decoded from the UTF-8 bytes ``raw``, cheaper on the usual page.

    Without a combining mark of U+0300-U+037F (lead bytes CC and CD, a memchr each), a page is almost
    always NFC already, which ``unicodedata.normalize``'s own quick check tells in a fifth of the scan
    ``nfc`` makes. With one, the quick check would give up at the first mark and normalise the whole page:
    the windows of ``nfc`` cost less. Both give the NFC form; only the cost differs.
    """
    if b"\xcc" in raw or b"\xcd" in raw:
        return nfc(text)
    return unicodedata.normalize("NFC", text)
