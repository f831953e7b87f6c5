"""The persistent state's interface: what every backend (SQLite by default, Redis later) must offer.

The state remembers every article emitted, so that scheduled runs never emit one twice and skip what they
already have. Records are written `pending` by the run that emits them and become `final` once that run's
JSON Lines file is finalized; a crashed run's pending records are settled by recovery, with the run's
`.part` file as the truth (see README "Crash safety").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


class ClaimConflictError(RuntimeError):
    """`record()` refused: another run holds the article. A shared backend (Redis) raises it when two workers
    race on one article; the dedupe stage turns it into a drop, so the article is emitted once."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder  # id of the recorded article that won


class UrlClaimedError(ClaimConflictError):
    """The canonical URL is already recorded by another run (pending or final)."""


class ContentClaimedError(ClaimConflictError):
    """Another article of the same site with the same key-form content is already recorded."""


@dataclass(frozen=True)
class ArticleRecord:
    id: str  # item id (derived from canonical_url)
    canonical_url: str
    site: str
    content_hash: str  # sha1 of the key form of title + text
    signature: bytes | None  # MinHash signature (crawler.neardup), None for bodies too short to sign
    run_id: str
    file: str  # the items file name the article went to, e.g. "20261126T010000Z-ab12cd.jsonl"
    published_at: str | None = None


class State(Protocol):
    schema_version: int

    # -- what is known -------------------------------------------------------------------------------
    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of these canonical URLs already recorded (pending or final)."""
        ...

    def id_for_content(self, site: str, content_hash: str) -> str | None:
        """The id of an article of this site with the same key-form content, if any."""
        ...

    def id_for_hash(self, content_hash: str) -> str | None:
        """The id of the earliest article of any site with the same key-form content, if any."""
        ...

    def near_duplicate(self, signature: bytes, threshold: float) -> tuple[str, float] | None:
        """The earliest recorded article whose estimated Jaccard with `signature` is ≥ threshold, with it."""
        ...

    # -- recording -----------------------------------------------------------------------------------
    def record(self, rec: ArticleRecord) -> str | None:
        """Remember an emitted article as pending for rec.run_id (visible to known_urls at once).

        A shared backend makes this the atomic claim: it raises ClaimConflictError when another run holds the
        article, and may return "taken_over" when it took the pending claim of a dead worker's run."""
        ...

    def finalize_run(self, run_id: str, ids: Iterable[str] | None = None) -> int:
        """Mark the run's pending records final (only `ids` when given); returns how many."""
        ...

    def discard_pending(self, run_id: str, keep: Iterable[str] = ()) -> int:
        """Forget the run's pending records except `keep` (articles whose lines never reached a file)."""
        ...

    def pending_runs(self) -> list[str]: ...

    def records(self, run_id: str | None = None, status: str | None = None) -> Iterator[ArticleRecord]: ...

    # -- listing walks (incremental runs after a crash) ------------------------------------------------
    def walk_started(self, site: str, run_id: str) -> None:
        """A run starts walking the site's listing pages."""
        ...

    def walk_finished(self, site: str, run_id: str) -> None:
        """The run walked the site to its end and its items file is final."""
        ...

    def unfinished_walks(self) -> set[str]:
        """Sites whose last walk was started and never finished (a kill, a failed listing page)."""
        ...

    def flush(self) -> None:
        """Make what was recorded durable (commit)."""
        ...

    def close(self) -> None: ...
