"""Which of a fixed set of ASCII literals a page holds, ASCII case ignored: one pass over the page for all.

Platform detection (crawler.pages.platforms) rules a family out when its page holds none of the literals
every match of its HTML mark must contain. Looking for each of some thirty literals with ``bytes in`` went
over a 200 KB page thirty times: 2.4 ms a page of no known family, which every page of a site without a
registry ``platform`` key may be. Hyperscan (Intel's SIMD multi-literal matcher, here its portable fork
Vectorscan as the ``hyperscan`` wheel ships it) looks for all of them in one pass: 0.11 ms. Where it cannot
be imported or run, the literals are looked for one by one, each only when asked, as before.

"Holds" means: the literal is in ``fold_ascii(text)``. Hyperscan's caseless matching ignores the case of
ASCII letters only, as ``bytes.lower`` does, so the page's own UTF-8 bytes are scanned without lowering
them. The four non-ASCII letters folded to ASCII ones (İ ı K ſ) are in the same pass: the rare page that
holds one has them written as those and is scanned again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

__all__ = ["Found", "MarkScan", "fold_ascii"]

logger = logging.getLogger(__name__)

# Under IGNORECASE Python's re also matches i, k and s with four non-ASCII letters: İ and ı, K (the Kelvin
# sign), ſ (long s). The folding writes those as the ASCII letter, so a mark may hold i, k and s too.
_CASE_FOLDS = (("\u0130", b"i"), ("\u0131", b"i"), ("\u212a", b"k"), ("\u017f", b"s"))


def _utf8_with_folds(text: str, utf8: bytes | None) -> bytes:
    """The text's UTF-8 (``utf8`` when the caller has it) with İ ı K ſ written i i k s.

    The four letters are looked for in the text, a fast scan of one character each (0.01-0.05 ms on a
    page), rather than in the bytes, where the lead byte of İ and ı starts ă, đ and ĩ too (0.2 ms each).
    Hyperscan finds them in its one pass, so it folds only the rare page that holds one."""
    data = text.encode("utf-8", "surrogatepass") if utf8 is None else utf8
    for letter, ascii_letter in _CASE_FOLDS:
        if letter in text:
            data = data.replace(letter.encode("utf-8"), ascii_letter)
    return data


def fold_ascii(text: str, utf8: bytes | None = None) -> bytes:
    """The text as UTF-8 with A-Z lowered, and İ ı K ſ written i i k s: an ASCII literal that a pattern of
    ``re`` finds in the text (case-insensitive or not) is in these bytes in lowercase (every other character
    encodes as bytes ≥ 0x80, which no ASCII letter matches). ``utf8``: the text's UTF-8 form, when the
    caller has it (no encoding then)."""
    return _utf8_with_folds(text, utf8).lower()


class Found:
    """The literals a page holds, asked about a few at a time (``any_of``)."""

    __slots__ = ("_folded", "_found")

    def __init__(self, found: set[bytes] | None = None, folded: bytes | None = None) -> None:
        self._found = found  # every literal of the scan the page holds (one pass)
        self._folded = folded  # or the page's fold_ascii bytes, looked in when asked

    def any_of(self, literals: Iterable[bytes]) -> bool:
        """Whether the page holds one of ``literals``, which are some of the scan's own."""
        if self._found is not None:
            return not self._found.isdisjoint(literals)
        folded = self._folded
        assert folded is not None
        return any(literal in folded for literal in literals)


class MarkScan:
    """Looks for a fixed set of lowercase ASCII literals in pages, all in one pass (see the module).

    The Hyperscan database is compiled on the first page (1 ms; the import, 10-20 ms, is left to runs that
    detect a platform). Its scratch space is per thread, as Hyperscan asks."""

    def __init__(self, literals: Iterable[bytes], *, use_hyperscan: bool = True) -> None:
        self.literals: tuple[bytes, ...] = tuple(sorted(set(literals)))
        for literal in self.literals:
            if not literal or not literal.isascii() or literal != literal.lower():
                raise ValueError(f"a mark must be non-empty lowercase ASCII: {literal!r}")
        self._use_hyperscan = use_hyperscan and bool(self.literals)  # Hyperscan compiles no empty set
        self._database: Any = None
        self._fold_ids = frozenset(range(len(self.literals), len(self.literals) + len(_CASE_FOLDS)))
        self._local = threading.local()

    @property
    def uses_hyperscan(self) -> bool:
        """Whether pages are scanned by Hyperscan (known after the first page)."""
        return self._use_hyperscan

    def scan(self, text: str, utf8: bytes | None = None) -> Found:
        """The literals ``text`` holds (``utf8``: its UTF-8 form, when the caller has it)."""
        database = self._hyperscan() if self._use_hyperscan else None
        if database is None:
            return Found(folded=fold_ascii(text, utf8))
        data = text.encode("utf-8", "surrogatepass") if utf8 is None else utf8
        hits = self._scan(database, data)
        if hits & self._fold_ids:  # İ ı K ſ on the page (rare): written as i i k s, scanned again
            hits = self._scan(database, _utf8_with_folds(text, data))
        n = len(self.literals)
        return Found(found={self.literals[i] for i in hits if i < n})

    def _scan(self, database: Any, data: bytes) -> set[int]:
        hits: set[int] = set()
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = database.scratch.clone()
        database.scan(data, match_event_handler=_collect, context=hits, scratch=scratch)
        return hits

    def _hyperscan(self) -> Any:
        if self._database is None:
            try:
                import hyperscan

                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                # The marks, then the four letters folded to ASCII ones (their UTF-8 bytes, which no case
                # folding of ASCII letters touches): finding one of those is the sign to fold and scan again.
                expressions = [*self.literals, *(letter.encode("utf-8") for letter, _ in _CASE_FOLDS)]
                database.compile(
                    expressions=expressions,
                    ids=list(range(len(expressions))),
                    elements=len(expressions),
                    flags=hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH,
                    literal=True,
                )
                database.scratch = hyperscan.Scratch(database)
                self._database = database
            except Exception as exc:  # no wheel for this machine, or a CPU it does not run on
                logger.info(
                    "Hyperscan unavailable (%s: %s): marks are looked for one by one", type(exc).__name__, exc
                )
                self._use_hyperscan = False
                return None
        return self._database


def _collect(literal_id: int, start: int, end: int, flags: int, hits: set[int]) -> None:
    hits.add(literal_id)
