"""The default persistent state: one embedded SQLite file (WAL), one writer, a versioned schema.

Why it is shaped like this:
- **One connection, one writer.** Every read goes through the connection that writes, so a URL recorded a
  moment ago is known at once, committed or not. A lock file beside the database (``<db>.lock``, flock)
  refuses a second writer with a clear error instead of letting two overlapping scheduled runs interleave.
- **Durable as it goes.** ``record()`` writes inside an open transaction that is committed every
  ``commit_every`` records or ``commit_seconds`` seconds (checked when recording), by ``flush()``, and by
  ``finalize_run``/``discard_pending``/``close``. WAL with ``synchronous=NORMAL``: a commit survives a
  killed process; a power cut may lose the last commits (recovery settles those against the run's file).
- **Flat per-item cost.** The near-duplicate index is persisted LSH buckets: the table ``lsh(band, key,
  doc)`` (a WITHOUT ROWID B-tree keyed by all three columns). A lookup is 25 B-tree probes plus reading
  a few candidates' signatures, whatever the archive's size; nothing of the index is held in memory, so
  the process does not grow with the stored state (an in-memory datasketch MinHashLSH costs ~8.4 KB per
  article: 8 GB at a million).
- **Migrations.** ``schema_version`` holds one row per applied migration; ``MIGRATIONS`` is the ordered
  list, and the schema version is its length. A new version is one function appended to the list. All
  pending migrations run in one transaction when the file is opened; a file from a newer version is
  refused.

Tables (v1): ``articles`` (``doc`` INTEGER PRIMARY KEY is the stable row number the LSH table points to;
``id`` and ``canonical_url`` are UNIQUE), ``lsh``, ``meta`` (key/value: the MinHash and LSH schemes the
stored signatures were made with) and ``schema_version``.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler import neardup
from crawler.state.base import ArticleRecord

try:  # POSIX; elsewhere the lock file is advisory only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SqliteState",
    "StateConflictError",
    "StateError",
    "StateLockedError",
]

CHUNK = 500  # placeholders per IN (...) query: well under every SQLite build's variable limit
BUCKET_LIMIT = 64  # docs read per LSH bucket (the earliest ones): bounds a lookup in a huge cluster
MAX_CANDIDATES = 256  # signatures compared per lookup, earliest first


class StateError(RuntimeError):
    """The state cannot be used as it is (newer schema, incomparable signatures, ...)."""


class StateLockedError(StateError):
    """Another process holds the state's write lock."""


class StateConflictError(StateError):
    """A record for a canonical URL (or id) that another run already recorded."""


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- migrations -----------------------------------------------------------------------------------------
Migration = Callable[[sqlite3.Connection], None]


def _v1_create(conn: sqlite3.Connection) -> None:
    """v1: articles, the persisted LSH buckets, meta."""
    for statement in (
        """CREATE TABLE articles (
            doc INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            canonical_url TEXT NOT NULL UNIQUE,
            site TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            signature BLOB,
            run_id TEXT NOT NULL,
            file TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'final')),
            published_at TEXT,
            recorded_at TEXT NOT NULL
        )""",
        # (content_hash, site) answers both "same content on this site" and "same content anywhere".
        "CREATE INDEX articles_content ON articles (content_hash, site)",
        # (status, run_id) answers a run's pending records and the list of runs with pending records.
        "CREATE INDEX articles_run ON articles (status, run_id)",
        """CREATE TABLE lsh (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            doc INTEGER NOT NULL,
            PRIMARY KEY (band, key, doc)
        ) WITHOUT ROWID""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ):
        conn.execute(statement)


def _v2_walks(conn: sqlite3.Connection) -> None:
    """v2: each site's last listing walk, so a run after a crash walks that site in full once."""
    conn.execute(
        """CREATE TABLE walks (
            site TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT
        )"""
    )


# Ordered: MIGRATIONS[n - 1] takes a version n - 1 file to version n. Append, never edit or reorder.
MIGRATIONS: list[Migration] = [_v1_create, _v2_walks]
SCHEMA_VERSION = len(MIGRATIONS)


def _migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the file to the latest schema in one transaction; returns the version."""
    migrations = list(MIGRATIONS)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
        if current > len(migrations):
            raise StateError(
                f"{path} has state schema version {current}, newer than this code's {len(migrations)}: "
                "upgrade the crawler or use another STATE_URI"
            )
        for version in range(current + 1, len(migrations) + 1):
            migrations[version - 1](conn)
            conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _utc_now()))
            logger.info("state %s: migrated to schema version %d", path, version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(migrations)


# -- the state ------------------------------------------------------------------------------------------
class SqliteState:
    """The `State` interface (crawler.state.base) on one SQLite file. Not thread-safe: one thread at a
    time (the connection allows another thread, so an extension may hand it over)."""

    def __init__(
        self,
        path: str | Path,
        *,
        commit_every: int = 200,
        commit_seconds: float = 5.0,
        cache_mb: int = 32,
        lock: bool = True,
        busy_timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self._lock_fh: Any = None
        self._uncommitted = 0
        self._tx_started = 0.0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if lock:
            self._acquire_lock()
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
            mode = self._conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                logger.warning("state %s: journal_mode is %s, not WAL (filesystem without WAL?)", path, mode)
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA journal_size_limit=67108864")  # the WAL file shrinks back to 64 MiB
            self._conn.execute(f"PRAGMA cache_size=-{max(1, int(cache_mb)) * 1024}")
            self.schema_version = _migrate(self._conn, self.path)
            self._check_schemes()
        except BaseException:
            self._release()
            raise

    # -- lifecycle -------------------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        lock_path = self.path.with_name(self.path.name + ".lock")
        fh = lock_path.open("a+")
        if fcntl is not None:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                fh.close()
                raise StateLockedError(
                    f"state {self.path} is in use by {holder}: one writer at a time "
                    "(is another crawl still running?)"
                ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        self._lock_fh = fh

    def _release(self) -> None:
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
            self._conn = None  # type: ignore[assignment]
        if self._lock_fh is not None:
            self._lock_fh.close()  # closing the descriptor releases the flock
            self._lock_fh = None

    def close(self) -> None:
        """Commit and close (idempotent)."""
        if getattr(self, "_conn", None) is not None:
            self.flush()
        self._release()

    def __enter__(self) -> SqliteState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------------
    def _begin(self) -> None:
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN IMMEDIATE")
            self._tx_started = time.monotonic()
            self._uncommitted = 0

    def flush(self) -> None:
        """Make what was recorded durable (commit); cheap when nothing is pending."""
        if self._conn.in_transaction:
            self._conn.execute("COMMIT")
        self._uncommitted = 0

    def _maybe_commit(self) -> None:
        self._uncommitted += 1
        if (
            self._uncommitted >= self.commit_every
            or time.monotonic() - self._tx_started >= self.commit_seconds
        ):
            self.flush()

    # -- listing walks -------------------------------------------------------------------------------------
    def walk_started(self, site: str, run_id: str) -> None:
        """Record the start at once (committed): a kill right after must still leave it unfinished."""
        self._begin()
        self._conn.execute(
            "INSERT INTO walks (site, run_id, started_at, finished_at) VALUES (?, ?, ?, NULL) "
            "ON CONFLICT (site) DO UPDATE SET run_id = excluded.run_id, started_at = excluded.started_at, "
            "finished_at = NULL",
            (site, run_id, _utc_now()),
        )
        self.flush()

    def walk_finished(self, site: str, run_id: str) -> None:
        self._begin()
        self._conn.execute(
            "UPDATE walks SET finished_at = ? WHERE site = ? AND run_id = ?", (_utc_now(), site, run_id)
        )

    def unfinished_walks(self) -> set[str]:
        return {row[0] for row in self._conn.execute("SELECT site FROM walks WHERE finished_at IS NULL")}

    # -- meta ----------------------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        """The meta table (MinHash/LSH schemes of the stored signatures, creation time)."""
        return dict(self._conn.execute("SELECT key, value FROM meta"))

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _check_schemes(self) -> None:
        """Signatures are only comparable under one MinHash scheme; buckets only under one band layout."""
        meta = self.meta()
        self._begin()
        try:
            meta.setdefault("created_at", _utc_now())
            self._set_meta("created_at", meta["created_at"])
            stored = meta.get("minhash_scheme")
            if stored != neardup.MINHASH_SCHEME:
                signed = self._conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM articles WHERE signature IS NOT NULL)"
                ).fetchone()[0]
                if stored is not None and signed:
                    raise StateError(
                        f"state {self.path}: its signatures were made with {stored!r}, this code makes "
                        f"{neardup.MINHASH_SCHEME!r}; they cannot be compared (use another STATE_URI)"
                    )
                self._set_meta("minhash_scheme", neardup.MINHASH_SCHEME)
            if meta.get("lsh_scheme") != neardup.LSH_SCHEME:
                if meta.get("lsh_scheme") is not None:
                    self._rebuild_lsh()
                self._set_meta("lsh_scheme", neardup.LSH_SCHEME)
            self.flush()
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def _rebuild_lsh(self) -> None:
        """The band layout changed: recompute every bucket from the stored signatures."""
        logger.warning("state %s: LSH band layout changed, rebuilding the buckets", self.path)
        self._conn.execute("DELETE FROM lsh")
        last = 0
        while True:
            rows = self._conn.execute(
                "SELECT doc, signature FROM articles WHERE doc > ? AND signature IS NOT NULL "
                "ORDER BY doc LIMIT 5000",
                (last,),
            ).fetchall()
            if not rows:
                return
            self._conn.executemany(
                "INSERT INTO lsh (band, key, doc) VALUES (?, ?, ?)",
                [(band, key, doc) for doc, sig in rows for band, key in neardup.band_keys(sig)],
            )
            last = rows[-1][0]

    # -- what is known -------------------------------------------------------------------------------------
    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of these canonical URLs already recorded (pending or final, committed or not)."""
        urls = list(dict.fromkeys(canonical_urls))
        found: set[str] = set()
        for start in range(0, len(urls), CHUNK):
            chunk = urls[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._conn.execute(
                    f"SELECT canonical_url FROM articles WHERE canonical_url IN ({marks})", chunk
                )
            )
        return found

    def id_for_content(self, site: str, content_hash: str) -> str | None:
        """The id of the earliest article of this site with the same key-form content, if any."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND site = ? ORDER BY doc LIMIT 1",
            (content_hash, site),
        ).fetchone()
        return row[0] if row else None

    def id_for_hash(self, content_hash: str) -> str | None:
        """The id of the earliest article of any site with this key-form content, if any (exact reposts,
        including bodies too short to sign)."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? ORDER BY doc LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def near_duplicate(self, signature: bytes, threshold: float) -> tuple[str, float] | None:
        """The earliest recorded article whose estimated Jaccard with `signature` is ≥ threshold, with it.

        LSH candidates (any band shared; at most BUCKET_LIMIT per bucket and MAX_CANDIDATES in all, the
        earliest first) are confirmed by comparing the signatures.
        """
        docs: set[int] = set()
        probe = "SELECT doc FROM lsh WHERE band = ? AND key = ? ORDER BY doc LIMIT ?"
        for band, key in neardup.band_keys(signature):
            docs.update(row[0] for row in self._conn.execute(probe, (band, key, BUCKET_LIMIT)))
        candidates = sorted(docs)[:MAX_CANDIDATES]
        for start in range(0, len(candidates), CHUNK):
            chunk = candidates[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT id, signature FROM articles WHERE doc IN ({marks}) ORDER BY doc", chunk
            )
            for article_id, stored in rows:
                similarity = neardup.jaccard(signature, stored)
                if similarity >= threshold:
                    return article_id, similarity
        return None

    # -- recording -------------------------------------------------------------------------------------------
    def record(self, rec: ArticleRecord) -> None:
        """Remember an emitted article as pending for rec.run_id (visible to every lookup at once).

        Recording the same article again for the same run is a no-op (recovery may replay a run's file);
        an article another run already recorded raises StateConflictError.
        """
        self._begin()
        try:
            cursor = self._conn.execute(
                "INSERT INTO articles (id, canonical_url, site, content_hash, signature, run_id, file, "
                "status, published_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (
                    rec.id,
                    rec.canonical_url,
                    rec.site,
                    rec.content_hash,
                    rec.signature,
                    rec.run_id,
                    rec.file,
                    rec.published_at,
                    _utc_now(),
                ),
            )
        except sqlite3.IntegrityError:
            row = self._conn.execute(
                "SELECT id, canonical_url, run_id FROM articles WHERE id = ? OR canonical_url = ?",
                (rec.id, rec.canonical_url),
            ).fetchone()
            if row is not None and tuple(row) == (rec.id, rec.canonical_url, rec.run_id):
                return
            raise StateConflictError(
                f"article {rec.id} ({rec.canonical_url}) is already recorded"
                + (f" by run {row[2]} as {row[0]} ({row[1]})" if row else "")
            ) from None
        if rec.signature is not None:
            doc = cursor.lastrowid
            self._conn.executemany(
                "INSERT INTO lsh (band, key, doc) VALUES (?, ?, ?)",
                [(band, key, doc) for band, key in neardup.band_keys(rec.signature)],
            )
        self._maybe_commit()

    def finalize_run(self, run_id: str, ids: Iterable[str] | None = None) -> int:
        """Mark the run's pending records final (only `ids` when given); returns how many. Commits."""
        self._begin()
        update = "UPDATE articles SET status = 'final' WHERE status = 'pending' AND run_id = ?"
        if ids is None:
            count = self._conn.execute(update, (run_id,)).rowcount
        else:  # one JSON parameter whatever the number of ids (no variable limit to mind)
            wanted = json.dumps(list(ids))
            query = f"{update} AND id IN (SELECT value FROM json_each(?))"
            count = self._conn.execute(query, (run_id, wanted)).rowcount
        self.flush()
        return count

    def discard_pending(self, run_id: str, keep: Iterable[str] = ()) -> int:
        """Forget the run's pending records except `keep`, and their LSH buckets; returns how many.
        Commits."""
        self._begin()
        rows = self._conn.execute(
            "SELECT doc, signature FROM articles WHERE status = 'pending' AND run_id = ? "
            "AND id NOT IN (SELECT value FROM json_each(?))",
            (run_id, json.dumps(list(keep))),
        ).fetchall()
        self._conn.executemany(
            "DELETE FROM lsh WHERE band = ? AND key = ? AND doc = ?",
            [
                (band, key, doc)
                for doc, sig in rows
                if sig is not None
                for band, key in neardup.band_keys(sig)
            ],
        )
        self._conn.executemany("DELETE FROM articles WHERE doc = ?", [(doc,) for doc, _ in rows])
        self.flush()
        return len(rows)

    def pending_runs(self) -> list[str]:
        """Runs that still have pending records (oldest run id first)."""
        return [
            row[0]
            for row in self._conn.execute(
                "SELECT DISTINCT run_id FROM articles WHERE status = 'pending' ORDER BY run_id"
            )
        ]

    def records(self, run_id: str | None = None, status: str | None = None) -> Iterator[ArticleRecord]:
        """Recorded articles in recording order, optionally of one run and/or one status.

        Read in pages of 1000 by row number, so recording or finalizing while iterating is safe.
        """
        where, params = ["doc > ?"], []
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        query = (
            "SELECT doc, id, canonical_url, site, content_hash, signature, run_id, file, published_at "
            f"FROM articles WHERE {' AND '.join(where)} ORDER BY doc LIMIT 1000"
        )
        last = 0
        while True:
            rows = self._conn.execute(query, (last, *params)).fetchall()
            if not rows:
                return
            for doc, *fields in rows:
                last = doc
                yield ArticleRecord(*fields)

    def count(self, status: str | None = None) -> int:
        """How many articles are recorded (of one status when given)."""
        if status is None:
            return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        return self._conn.execute("SELECT COUNT(*) FROM articles WHERE status = ?", (status,)).fetchone()[0]
