"""The default persistent state: one embedded SQLite file (WAL), one writer, a versioned schema.

Why it is shaped like this:
- **One connection, one writer.** Every read goes through the connection that writes, so a URL recorded a
  moment ago is known at once, committed or not. A lock file beside the database (``<db>.lock``, flock)
  refuses a second writer with a clear error instead of letting two overlapping scheduled runs interleave.
- **Durable as it goes, in batches.** ``record()`` buffers the record in memory (at most ``commit_every``
  records, so memory does not grow with the state); every lookup consults the buffer too, so a record is
  visible to the state itself at once. The buffer is written in ONE short transaction every ``commit_every``
  records or ``commit_seconds`` seconds (checked when recording), by ``flush()``, and by every method that
  writes (``finalize_run``, ``discard_pending``, ``walk_started``, ``close``). WAL with
  ``synchronous=NORMAL``: a commit survives a killed process; a kill loses what was buffered, exactly as an
  uncommitted transaction would (recovery settles those against the run's file). Between batches no write
  transaction is open, which is what lets the WAL restart from its beginning (below).
- **Checkpoints off the writer's path.** Copying committed WAL pages back into the database file means
  random writes and an fsync of each of them (~50 us a page here, against ~10 us for the WAL's sequential
  ones); at a million articles a batch of 200 dirties ~5,000 index pages, so checkpointing in the writer
  (SQLite's default ``wal_autocheckpoint``) cost more than everything else a record does. A thread of the
  state's own runs PASSIVE checkpoints on a second connection after each commit; the writer only waits for it
  when the WAL has grown past ``WAL_LIMIT_FRAMES`` (the thread fell behind). Should the thread fail, the
  writer goes back to SQLite's automatic checkpoints. Checkpointing is SQLite's own crash-safe mechanism from
  whichever connection runs it, so what survives a kill is unchanged.
- **Flat per-item cost.** The near-duplicate index is persisted LSH buckets: the table ``lsh(band, key,
  doc)`` (a WITHOUT ROWID B-tree keyed by all three columns). A lookup is 25 B-tree probes (one
  statement) plus reading a few candidates' signatures, whatever the archive's size; nothing of the index
  is held in memory, so the process does not grow with the stored state (an in-memory datasketch
  MinHashLSH costs ~8.4 KB per article: 8 GB at a million).
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
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
# The writer waits for the checkpoint thread once the WAL holds this many frames (64 MiB of 4 KiB pages, the
# journal_size_limit): the WAL stays bounded even when the disk is slower than the crawl.
WAL_LIMIT_FRAMES = 16384


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


# -- the checkpoint thread -------------------------------------------------------------------------------
class _Checkpointer:
    """PASSIVE checkpoints on a connection and thread of their own, one after each commit of the writer.

    PASSIVE never takes the write lock, so the writer keeps recording meanwhile; the random writes and the
    fsyncs of the checkpoint happen here (sqlite3 releases the GIL while SQLite works)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal_frames = 0  # frames in the WAL at the last checkpoint
        self.checkpoints = 0
        self.seconds = 0.0  # spent checkpointing (on this thread)
        self.failed: BaseException | None = None
        self._cond = threading.Condition()
        self._requested = False
        self._running = False
        self._stop = False
        self._thread = threading.Thread(target=self._run, name=f"state-checkpoint {path.name}", daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._cond:
            self._requested = True
            self._cond.notify_all()

    def wait_idle(self) -> None:
        """Until no checkpoint is asked for or running: the WAL is then copied up to the last commit."""
        with self._cond:
            self._cond.wait_for(lambda: not (self._requested or self._running) or self.failed is not None)

    def stop(self) -> None:
        """Let a running checkpoint finish, then end the thread and close its connection."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        conn = None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA synchronous=NORMAL")  # fsync the WAL, then the database (per connection)
            conn.execute("PRAGMA cache_size=-1024")  # a checkpoint does not go through the page cache
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._requested or self._stop)
                    if self._stop:
                        return
                    self._requested = False
                    self._running = True
                started = time.perf_counter()
                try:
                    _busy, log, _done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                finally:
                    with self._cond:
                        self._running = False
                        self._cond.notify_all()
                self.wal_frames = max(0, log)
                self.checkpoints += 1
                self.seconds += time.perf_counter() - started
        except BaseException as exc:  # the writer sees it and checkpoints itself from then on
            with self._cond:
                self.failed = exc
                self._cond.notify_all()
        finally:
            if conn is not None:
                conn.close()


# -- the buffer of records not yet written --------------------------------------------------------------
class _Buffer:
    """Records since the last commit, indexed like the tables, so lookups see them at once."""

    def __init__(self) -> None:
        self.recs: list[tuple[ArticleRecord, str, list[tuple[int, int]] | None]] = []
        self.by_id: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_content: dict[tuple[str, str], int] = {}  # (content_hash, site) -> first position
        self.by_hash: dict[str, int] = {}  # content_hash -> first position
        self.buckets: dict[tuple[int, int], int] = {}  # (band, key) -> first position
        self.more: dict[tuple[int, int], list[int]] = {}  # (band, key) -> later positions (rare)
        self.started = 0.0  # monotonic time of the first record

    def __len__(self) -> int:
        return len(self.recs)

    def add(self, rec: ArticleRecord, keys: list[tuple[int, int]] | None) -> None:
        if not self.recs:
            self.started = time.monotonic()
        pos = len(self.recs)
        self.recs.append((rec, _utc_now(), keys))
        self.by_id[rec.id] = pos
        self.by_url[rec.canonical_url] = pos
        self.by_content.setdefault((rec.content_hash, rec.site), pos)
        self.by_hash.setdefault(rec.content_hash, pos)
        for bucket in keys or ():
            if self.buckets.setdefault(bucket, pos) != pos:
                self.more.setdefault(bucket, []).append(pos)

    def bucket(self, band: int, key: int) -> list[int]:
        """Positions of the buffered records in a bucket, in recording order."""
        first = self.buckets.get((band, key))
        return [] if first is None else [first, *self.more.get((band, key), ())]

    def find(self, article_id: str, canonical_url: str) -> ArticleRecord | None:
        pos = self.by_id.get(article_id, self.by_url.get(canonical_url))
        return None if pos is None else self.recs[pos][0]

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]


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
        background_checkpoint: bool = True,
    ) -> None:
        self.path = Path(path)
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self._lock_fh: Any = None
        self._buf = _Buffer()
        self._walks_done: list[tuple[str, str, str]] = []  # (site, run_id, finished_at) not yet written
        self._keys: tuple[bytes, list[tuple[int, int]]] | None = None  # band keys of the last signature
        self._probe_sql: dict[int, str] = {}
        self._background = background_checkpoint
        self._checkpointer: _Checkpointer | None = None
        self._waits = [0, 0.0]  # times the writer waited for the checkpoint thread, seconds
        self._opened = False  # the opening's own commit (meta) starts no thread: a state only read needs none
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
                self._background = False
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA journal_size_limit=67108864")  # the WAL file shrinks back to 64 MiB
            self._conn.execute(f"PRAGMA cache_size=-{max(1, int(cache_mb)) * 1024}")
            if self._background:
                self._conn.execute("PRAGMA wal_autocheckpoint=0")  # the checkpoint thread does it
            self.schema_version = _migrate(self._conn, self.path)
            self._check_schemes()
        except BaseException:
            self._release()
            raise
        self._opened = True

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
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        conn = getattr(self, "_conn", None)
        if conn is not None:
            if conn.in_transaction:  # a read transaction (a failed write was rolled back already)
                conn.execute("ROLLBACK")
            conn.close()  # the last connection: SQLite checkpoints what is left and removes the WAL
            self._conn = None  # type: ignore[assignment]
        if self._lock_fh is not None:
            self._lock_fh.close()  # closing the descriptor releases the flock
            self._lock_fh = None

    def close(self) -> None:
        """Commit and close (idempotent)."""
        try:
            if getattr(self, "_conn", None) is not None:
                self.flush()
        finally:
            self._release()

    def __enter__(self) -> SqliteState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction that first writes the buffered records (so row numbers keep recording
        order) and pending walk ends; the buffer is emptied only once the commit succeeded."""
        self._before_write()
        if self._conn.in_transaction:  # the read transaction of the lookups since the last commit
            self._conn.execute("COMMIT")
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._write_buffer()
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._buf.clear()
        self._walks_done.clear()
        self._after_commit()

    def _write_buffer(self) -> None:
        if self._walks_done:
            self._conn.executemany(
                "UPDATE walks SET finished_at = ? WHERE site = ? AND run_id = ?",
                [(at, site, run_id) for site, run_id, at in self._walks_done],
            )
        if not self._buf:
            return
        # Row numbers as SQLite would give them (max + 1), known here so the LSH rows can point to them.
        base = self._conn.execute("SELECT COALESCE(MAX(doc), 0) FROM articles").fetchone()[0] + 1
        try:
            self._insert_articles(base)
        except sqlite3.IntegrityError as exc:  # only with lock=False: another writer recorded one meanwhile
            raise StateConflictError(
                f"state {self.path}: buffered records clash with another writer's: {exc}"
            ) from None
        # In key order: consecutive inserts land on the same or neighbouring B-tree pages.
        self._conn.executemany(
            "INSERT INTO lsh (band, key, doc) VALUES (?, ?, ?)",
            sorted(
                (band, key, base + i)
                for i, (_, _, keys) in enumerate(self._buf.recs)
                for band, key in keys or ()
            ),
        )

    def _insert_articles(self, base: int) -> None:
        self._conn.executemany(
            "INSERT INTO articles (doc, id, canonical_url, site, content_hash, signature, run_id, file, "
            "status, published_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            [
                (base + i, r.id, r.canonical_url, r.site, r.content_hash, r.signature, r.run_id, r.file,
                 r.published_at, at)
                for i, (r, at, _) in enumerate(self._buf.recs)
            ],
        )  # fmt: skip

    def _reading(self) -> None:
        """Hold one read transaction from a lookup to the next commit, so a statement takes no WAL read lock
        of its own (two fcntl calls each). It reads the latest snapshot (this connection is the only
        writer), so it holds back no checkpoint; the next write ends it."""
        if not self._conn.in_transaction:
            self._conn.execute("BEGIN")

    def _before_write(self) -> None:
        """Wait for the checkpoint thread only when the WAL has grown past WAL_LIMIT_FRAMES: a write
        transaction that starts with the WAL fully copied restarts it from its beginning."""
        ckpt = self._checkpointer
        if ckpt is None:
            return
        if ckpt.failed is None and ckpt.wal_frames >= WAL_LIMIT_FRAMES:
            started = time.perf_counter()
            ckpt.wait_idle()
            self._waits[0] += 1
            self._waits[1] += time.perf_counter() - started
        if ckpt.failed is not None:
            logger.warning(
                "state %s: the checkpoint thread failed (%s); checkpointing in the writer from now on",
                self.path,
                ckpt.failed,
            )
            ckpt.stop()
            self._checkpointer = None
            self._background = False
            self._conn.execute("PRAGMA wal_autocheckpoint=1000")  # SQLite's default

    def _after_commit(self) -> None:
        if not (self._background and self._opened):
            return
        if self._checkpointer is None:  # started by the first commit after opening
            self._checkpointer = _Checkpointer(self.path)
        self._checkpointer.request()

    def flush(self) -> None:
        """Make what was recorded durable (one commit of the buffer); cheap when nothing is pending."""
        if self._buf or self._walks_done:
            with self._transaction():
                pass

    def _maybe_commit(self) -> None:
        if len(self._buf) >= self.commit_every or time.monotonic() - self._buf.started >= self.commit_seconds:
            self.flush()

    def wal_stats(self) -> dict[str, float]:
        """Checkpoint thread figures (for benchmarks): checkpoints run, seconds spent in them, WAL frames at
        the last one, and the writer's waits for it (count, seconds)."""
        ckpt = self._checkpointer
        return {
            "checkpoints": ckpt.checkpoints if ckpt else 0,
            "checkpoint_s": round(ckpt.seconds, 3) if ckpt else 0.0,
            "wal_frames": ckpt.wal_frames if ckpt else 0,
            "writer_waits": self._waits[0],
            "writer_wait_s": round(self._waits[1], 3),
        }

    # -- listing walks -------------------------------------------------------------------------------------
    def walk_started(self, site: str, run_id: str) -> None:
        """Record the start at once (committed): a kill right after must still leave it unfinished."""
        with self._transaction():
            self._conn.execute(
                "INSERT INTO walks (site, run_id, started_at, finished_at) VALUES (?, ?, ?, NULL) "
                "ON CONFLICT (site) DO UPDATE SET run_id = excluded.run_id, "
                "started_at = excluded.started_at, finished_at = NULL",
                (site, run_id, _utc_now()),
            )

    def walk_finished(self, site: str, run_id: str) -> None:
        """Written with the next commit (only if `run_id` started the site's last walk)."""
        self._walks_done.append((site, run_id, _utc_now()))

    def unfinished_walks(self) -> set[str]:
        done = {(site, run_id) for site, run_id, _ in self._walks_done}
        return {
            site
            for site, run_id in self._conn.execute("SELECT site, run_id FROM walks WHERE finished_at IS NULL")
            if (site, run_id) not in done
        }

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
        with self._transaction():
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
        self._reading()
        urls = list(dict.fromkeys(canonical_urls))
        found = {url for url in urls if url in self._buf.by_url}
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
        self._reading()
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND site = ? ORDER BY doc LIMIT 1",
            (content_hash, site),
        ).fetchone()
        if row is not None:
            return row[0]
        pos = self._buf.by_content.get((content_hash, site))
        return None if pos is None else self._buf.recs[pos][0].id

    def id_for_hash(self, content_hash: str) -> str | None:
        """The id of the earliest article of any site with this key-form content, if any (exact reposts,
        including bodies too short to sign)."""
        self._reading()
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? ORDER BY doc LIMIT 1", (content_hash,)
        ).fetchone()
        if row is not None:
            return row[0]
        pos = self._buf.by_hash.get(content_hash)
        return None if pos is None else self._buf.recs[pos][0].id

    def _band_keys(self, signature: bytes) -> list[tuple[int, int]]:
        """neardup.band_keys, remembered for the last signature (looked up, then recorded)."""
        if self._keys is None or self._keys[0] != signature:
            self._keys = (signature, neardup.band_keys(signature))
        return self._keys[1]

    def _probe(self, bands: int) -> str:
        """One statement for every bucket of a lookup: (band, doc), the earliest BUCKET_LIMIT of each."""
        sql = self._probe_sql.get(bands)
        if sql is None:
            sql = " UNION ALL ".join(
                ["SELECT band, doc FROM (SELECT band, doc FROM lsh WHERE band = ? AND key = ? "
                 f"ORDER BY doc LIMIT {BUCKET_LIMIT})"] * bands
            )  # fmt: skip
            self._probe_sql[bands] = sql
        return sql

    def near_duplicate(self, signature: bytes, threshold: float) -> tuple[str, float] | None:
        """The earliest recorded article whose estimated Jaccard with `signature` is ≥ threshold, with it.

        LSH candidates (any band shared; at most BUCKET_LIMIT per bucket and MAX_CANDIDATES in all, the
        earliest first) are confirmed by comparing the signatures.
        """
        self._reading()
        keys = self._band_keys(signature)
        rows = self._conn.execute(self._probe(len(keys)), [v for bucket in keys for v in bucket]).fetchall()
        stored = sorted({doc for _, doc in rows})[:MAX_CANDIDATES]
        buffered: set[int] = set()
        hits = [(band, key) for band, key in keys if (band, key) in self._buf.buckets]
        if hits and len(stored) < MAX_CANDIDATES:
            per_band = Counter(band for band, _ in rows)  # one bucket per band in a lookup
            for band, key in hits:
                room = BUCKET_LIMIT - per_band[band]
                if room > 0:
                    buffered.update(self._buf.bucket(band, key)[:room])
        for start in range(0, len(stored), CHUNK):
            chunk = stored[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found = self._conn.execute(
                f"SELECT id, signature FROM articles WHERE doc IN ({marks}) ORDER BY doc", chunk
            )
            for article_id, other in found:
                similarity = neardup.jaccard(signature, other)
                if similarity >= threshold:
                    return article_id, similarity
        for pos in sorted(buffered)[: MAX_CANDIDATES - len(stored)]:  # recorded after every stored one
            rec = self._buf.recs[pos][0]
            similarity = neardup.jaccard(signature, rec.signature)  # type: ignore[arg-type]
            if similarity >= threshold:
                return rec.id, similarity
        return None

    # -- recording -------------------------------------------------------------------------------------------
    def record(self, rec: ArticleRecord) -> None:
        """Remember an emitted article as pending for rec.run_id (visible to every lookup at once).

        Recording the same article again for the same run is a no-op (recovery may replay a run's file);
        an article another run already recorded raises StateConflictError.
        """
        self._reading()
        row = self._conn.execute(
            "SELECT id, canonical_url, run_id FROM articles WHERE id = ? OR canonical_url = ?",
            (rec.id, rec.canonical_url),
        ).fetchone()
        if row is None and (held := self._buf.find(rec.id, rec.canonical_url)) is not None:
            row = (held.id, held.canonical_url, held.run_id)
        if row is not None:
            if tuple(row) == (rec.id, rec.canonical_url, rec.run_id):
                return
            raise StateConflictError(
                f"article {rec.id} ({rec.canonical_url}) is already recorded"
                + f" by run {row[2]} as {row[0]} ({row[1]})"
            )
        keys = self._band_keys(rec.signature) if rec.signature is not None else None
        self._buf.add(rec, keys)
        self._maybe_commit()

    def finalize_run(self, run_id: str, ids: Iterable[str] | None = None) -> int:
        """Mark the run's pending records final (only `ids` when given); returns how many. Commits."""
        with self._transaction():
            update = "UPDATE articles SET status = 'final' WHERE status = 'pending' AND run_id = ?"
            if ids is None:
                count = self._conn.execute(update, (run_id,)).rowcount
            else:  # one JSON parameter whatever the number of ids (no variable limit to mind)
                wanted = json.dumps(list(ids))
                query = f"{update} AND id IN (SELECT value FROM json_each(?))"
                count = self._conn.execute(query, (run_id, wanted)).rowcount
        return count

    def discard_pending(self, run_id: str, keep: Iterable[str] = ()) -> int:
        """Forget the run's pending records except `keep`, and their LSH buckets; returns how many.
        Commits."""
        with self._transaction():
            rows = self._conn.execute(
                "SELECT doc, signature FROM articles WHERE status = 'pending' AND run_id = ? "
                "AND id NOT IN (SELECT value FROM json_each(?))",
                (run_id, json.dumps(list(keep))),
            ).fetchall()
            self._conn.executemany(
                "DELETE FROM lsh WHERE band = ? AND key = ? AND doc = ?",
                sorted(
                    (band, key, doc)
                    for doc, sig in rows
                    if sig is not None
                    for band, key in neardup.band_keys(sig)
                ),
            )
            self._conn.executemany("DELETE FROM articles WHERE doc = ?", [(doc,) for doc, _ in rows])
        return len(rows)

    def pending_runs(self) -> list[str]:
        """Runs that still have pending records (oldest run id first)."""
        runs = {
            row[0]
            for row in self._conn.execute("SELECT DISTINCT run_id FROM articles WHERE status = 'pending'")
        }
        runs.update(rec.run_id for rec, _, _ in self._buf.recs)
        return sorted(runs)

    def records(self, run_id: str | None = None, status: str | None = None) -> Iterator[ArticleRecord]:
        """Recorded articles in recording order, optionally of one run and/or one status.

        Read in pages of 1000 by row number, so recording or finalizing while iterating is safe; buffered
        records are committed when the iteration reaches them.
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
                if not self._buf:
                    return
                self.flush()
                continue
            for doc, *fields in rows:
                last = doc
                yield ArticleRecord(*fields)

    def count(self, status: str | None = None) -> int:
        """How many articles are recorded (of one status when given)."""
        buffered = len(self._buf) if status in (None, "pending") else 0
        if status is None:
            return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] + buffered
        query = "SELECT COUNT(*) FROM articles WHERE status = ?"
        return self._conn.execute(query, (status,)).fetchone()[0] + buffered
