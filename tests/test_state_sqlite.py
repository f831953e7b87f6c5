"""The SQLite state: schema and migrations, durability, pending/final/discard, lookups, the lock, URIs."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler import neardup
from crawler.state import ArticleRecord, open_state, state_path
from crawler.state import sqlite as sqlite_state
from crawler.state.sqlite import (
    SCHEMA_VERSION,
    SqliteState,
    StateConflictError,
    StateError,
    StateLockedError,
)
from crawler.urls import article_id

RUN_A, RUN_B = "20261126T010000Z-aaaaaa", "20261127T010000Z-bbbbbb"


def sig_from(seed: int) -> bytes:
    """A signature of a generated ~200-syllable text (seeded): unrelated for different seeds."""
    syl = [f"âm{(seed * 7919 + i * 104729) % 100003}" for i in range(200)]
    out = neardup.signature(" ".join(syl))
    assert out is not None
    return out


def rec(
    n: int, run_id: str = RUN_A, site: str = "ninh_thuan", signature: bytes | None = None
) -> ArticleRecord:
    url = f"https://sotttt.ninhthuan.gov.vn/tin-tuc/bai-{n}.html"
    return ArticleRecord(
        id=article_id(url),
        canonical_url=url,
        site=site,
        content_hash=hashlib.sha1(f"content {n}".encode()).hexdigest(),
        signature=signature,
        run_id=run_id,
        file=f"{run_id}.jsonl",
        published_at=f"2024-03-{n % 28 + 1:02d}",
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "out" / "tinhoatdong" / "state.sqlite3"


@pytest.fixture
def state(db: Path) -> Iterator[SqliteState]:
    s = SqliteState(db, commit_every=10_000, commit_seconds=3600)
    yield s
    s.close()


def peek(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    """What another process would see: only committed rows."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


# -- schema --------------------------------------------------------------------------------------------
def test_an_empty_file_is_migrated_to_the_latest_schema(db: Path) -> None:
    with SqliteState(db) as s:
        assert s.schema_version == SCHEMA_VERSION == len(sqlite_state.MIGRATIONS)
    versions = peek(db, "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    tables = {row[0] for row in peek(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "lsh", "meta", "schema_version"} <= tables
    indexes = {row[0] for row in peek(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"articles_content", "articles_run"} <= indexes
    columns = [row[1] for row in peek(db, "PRAGMA table_info(articles)")]
    for name in ("id", "canonical_url", "site", "content_hash", "signature", "run_id", "file", "status"):
        assert name in columns
    assert [row[1] for row in peek(db, "PRAGMA table_info(lsh)")] == ["band", "key", "doc"]


def test_an_appended_migration_runs_once_on_an_existing_file(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SqliteState(db) as s:
        s.record(rec(1))
    calls: list[int] = []

    def v2(conn: sqlite3.Connection) -> None:
        calls.append(1)
        conn.execute("ALTER TABLE articles ADD COLUMN title_key TEXT")

    monkeypatch.setattr(sqlite_state, "MIGRATIONS", [*sqlite_state.MIGRATIONS, v2])
    with SqliteState(db) as s:
        assert s.schema_version == SCHEMA_VERSION + 1
        assert s.known_urls([rec(1).canonical_url]) == {rec(1).canonical_url}
    with SqliteState(db) as s:
        assert s.schema_version == SCHEMA_VERSION + 1
    assert calls == [1]
    assert "title_key" in [row[1] for row in peek(db, "PRAGMA table_info(articles)")]


def test_a_failing_migration_leaves_the_file_as_it_was(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    SqliteState(db).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN half_done TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(sqlite_state, "MIGRATIONS", [*sqlite_state.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="migration bug"):
        SqliteState(db)
    assert peek(db, "SELECT MAX(version) FROM schema_version") == [(SCHEMA_VERSION,)]
    assert "half_done" not in [row[1] for row in peek(db, "PRAGMA table_info(articles)")]
    monkeypatch.setattr(sqlite_state, "MIGRATIONS", sqlite_state.MIGRATIONS[:SCHEMA_VERSION])
    SqliteState(db).close()  # the failed open released its lock


def test_a_file_from_a_newer_version_is_refused(db: Path) -> None:
    SqliteState(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with pytest.raises(StateError, match="99"):
        SqliteState(db)


def test_wal_mode_and_synchronous_normal(state: SqliteState, db: Path) -> None:
    assert peek(db, "PRAGMA journal_mode") == [("wal",)]
    assert state._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    state.record(rec(1))
    state.flush()
    assert db.with_name(db.name + "-wal").exists()


def test_meta_records_the_signature_schemes(state: SqliteState) -> None:
    meta = state.meta()
    assert meta["minhash_scheme"] == neardup.MINHASH_SCHEME
    assert meta["lsh_scheme"] == neardup.LSH_SCHEME


def test_signatures_of_another_minhash_scheme_are_refused(db: Path) -> None:
    with SqliteState(db) as s:
        s.record(rec(1, signature=sig_from(1)))
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = 'minhash/v0 sha1 seed=1' WHERE key = 'minhash_scheme'")
    conn.commit()
    conn.close()
    with pytest.raises(StateError, match="cannot be compared"):
        SqliteState(db)


def test_a_changed_band_layout_rebuilds_the_buckets(db: Path) -> None:
    sig = sig_from(1)
    with SqliteState(db) as s:
        s.record(rec(1, signature=sig))
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM lsh")
    conn.execute("UPDATE meta SET value = 'lsh/v0 bands=16 rows=8' WHERE key = 'lsh_scheme'")
    conn.commit()
    conn.close()
    with SqliteState(db) as s:
        assert s.meta()["lsh_scheme"] == neardup.LSH_SCHEME
        assert s.near_duplicate(sig, 0.8) == (rec(1).id, 1.0)
    assert peek(db, "SELECT COUNT(*) FROM lsh") == [(neardup.BANDS,)]


# -- durability and visibility ---------------------------------------------------------------------------
def test_reopening_keeps_the_records(db: Path) -> None:
    sig = sig_from(5)
    with SqliteState(db) as s:
        s.record(rec(1, signature=sig))
        s.record(rec(2))
    with SqliteState(db) as s:
        assert s.known_urls([rec(1).canonical_url, rec(2).canonical_url, rec(3).canonical_url]) == {
            rec(1).canonical_url,
            rec(2).canonical_url,
        }
        assert list(s.records()) == [rec(1, signature=sig), rec(2)]
        assert s.near_duplicate(sig, 0.8) == (rec(1).id, 1.0)


def test_uncommitted_records_are_seen_by_the_state_itself_only(state: SqliteState, db: Path) -> None:
    sig = sig_from(3)
    state.record(rec(1, signature=sig))
    assert peek(db, "SELECT COUNT(*) FROM articles") == [(0,)]
    assert state.known_urls([rec(1).canonical_url]) == {rec(1).canonical_url}
    assert state.id_for_content("ninh_thuan", rec(1).content_hash) == rec(1).id
    assert state.near_duplicate(sig, 0.8) == (rec(1).id, 1.0)
    assert state.pending_runs() == [RUN_A]
    state.flush()
    assert peek(db, "SELECT id, status FROM articles") == [(rec(1).id, "pending")]


def test_records_are_committed_every_n(db: Path) -> None:
    with SqliteState(db, commit_every=3, commit_seconds=3600) as s:
        for n in range(1, 5):
            s.record(rec(n))
        assert peek(db, "SELECT COUNT(*) FROM articles") == [(3,)]
    assert peek(db, "SELECT COUNT(*) FROM articles") == [(4,)]  # close commits


def test_records_are_committed_after_commit_seconds(db: Path) -> None:
    with SqliteState(db, commit_every=10_000, commit_seconds=0.0) as s:
        s.record(rec(1))
        assert peek(db, "SELECT COUNT(*) FROM articles") == [(1,)]


def test_a_second_writer_is_refused_until_the_first_closes(db: Path) -> None:
    first = SqliteState(db)
    with pytest.raises(StateLockedError, match=f"pid {__import__('os').getpid()}"):
        SqliteState(db)
    first.close()
    SqliteState(db).close()


# -- pending / final / discard -----------------------------------------------------------------------------
def test_finalize_and_discard(state: SqliteState, db: Path) -> None:
    sigs = {n: sig_from(n) for n in range(1, 6)}
    for n in (1, 2, 3):
        state.record(rec(n, RUN_A, signature=sigs[n]))
    for n in (4, 5):
        state.record(rec(n, RUN_B, signature=sigs[n]))
    assert state.pending_runs() == [RUN_A, RUN_B]

    assert state.finalize_run(RUN_A, ids=[rec(1).id]) == 1
    assert [r.id for r in state.records(RUN_A, status="final")] == [rec(1).id]
    assert state.finalize_run(RUN_A) == 2
    assert state.finalize_run(RUN_A) == 0
    assert state.pending_runs() == [RUN_B]
    assert peek(db, "SELECT COUNT(*) FROM articles WHERE status = 'final'") == [(3,)]  # committed

    assert state.discard_pending(RUN_B, keep=[rec(4).id]) == 1
    assert state.known_urls([rec(4).canonical_url, rec(5).canonical_url]) == {rec(4).canonical_url}
    assert state.near_duplicate(sigs[5], 0.8) is None
    assert state.near_duplicate(sigs[4], 0.8) == (rec(4).id, 1.0)
    assert peek(db, "SELECT COUNT(*) FROM lsh") == [(4 * neardup.BANDS,)]
    assert state.discard_pending(RUN_A) == 0  # final records are never discarded
    assert state.count() == 4
    assert state.count("pending") == 1


def test_records_filters_and_order(state: SqliteState) -> None:
    for n in range(1, 2501):  # more than one page of 1000
        state.record(rec(n, RUN_A if n % 2 else RUN_B))
    assert [r.id for r in state.records(RUN_B)] == [rec(n).id for n in range(2, 2501, 2)]
    assert sum(1 for _ in state.records()) == 2500
    assert next(state.records(RUN_A)).file == f"{RUN_A}.jsonl"


def test_recording_again_is_a_no_op_for_the_same_run_and_a_conflict_for_another(state: SqliteState) -> None:
    state.record(rec(1, RUN_A))
    state.record(rec(1, RUN_A))
    assert state.count() == 1
    with pytest.raises(StateConflictError, match=RUN_A):
        state.record(rec(1, RUN_B))
    state.record(rec(2, RUN_B))  # the transaction is still usable
    assert state.count() == 2


# -- lookups -----------------------------------------------------------------------------------------------
def test_known_urls_queries_in_chunks(state: SqliteState) -> None:
    for n in range(1200):
        state.record(rec(n))
    # the connection now refuses any statement with more than 500 variables
    state._conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)
    wanted = [rec(n).canonical_url for n in range(1300)]
    assert state.known_urls(wanted) == set(wanted[:1200])
    assert state.known_urls([]) == set()
    assert state.finalize_run(RUN_A, ids=[rec(n).id for n in range(1100)]) == 1100


def test_same_content_lookups(state: SqliteState) -> None:
    first = rec(1)
    state.record(first)
    other_site = ArticleRecord(**{**rec(2).__dict__, "site": "khanh_hoa", "content_hash": first.content_hash})
    state.record(other_site)
    assert state.id_for_content("ninh_thuan", first.content_hash) == first.id
    assert state.id_for_content("khanh_hoa", first.content_hash) == other_site.id
    assert state.id_for_content("gia_lai", first.content_hash) is None
    assert state.id_for_hash(first.content_hash) == first.id  # the earliest of any site
    assert state.id_for_hash("0" * 40) is None


def test_near_duplicate_returns_the_earliest_confirmed_match(state: SqliteState) -> None:
    base = sig_from(1)
    close = bytearray(base)
    for position in range(0, 4 * 12, 4):  # 12 of 128 values differ: estimated Jaccard 116/128
        close[position] ^= 0x5A
    state.record(rec(1, signature=sig_from(2)))  # unrelated
    state.record(rec(2, signature=bytes(close)))
    state.record(rec(3, signature=base))
    found = state.near_duplicate(base, 0.8)
    assert found == (rec(2).id, pytest.approx(116 / 128))
    assert state.near_duplicate(base, 0.95) == (rec(3).id, 1.0)
    assert state.near_duplicate(sig_from(9), 0.5) is None


# -- STATE_URI -----------------------------------------------------------------------------------------------
def test_state_uri_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert state_path(None, tmp_path) == tmp_path / "tinhoatdong" / "state.sqlite3"
    assert state_path("", "output") == Path("output/tinhoatdong/state.sqlite3")
    assert state_path("sqlite:////var/lib/x.db", tmp_path) == Path("//var/lib/x.db")
    assert state_path(f"sqlite://{tmp_path}/abs.db", "output") == tmp_path / "abs.db"
    assert state_path("sqlite:rel/state.db", "output") == Path("rel/state.db")
    monkeypatch.chdir(tmp_path)
    with open_state("sqlite:rel/state.db", "ignored") as s:
        s.record(rec(1))
    assert (tmp_path / "rel" / "state.db").exists()
    with open_state(None, tmp_path / "out") as s:
        assert isinstance(s, SqliteState)
    assert (tmp_path / "out" / "tinhoatdong" / "state.sqlite3").exists()


@pytest.mark.parametrize(
    "uri", ["postgres://db/state", "sqlite://host/state.db", "sqlite:", "sqlite:dir/", "state.db"]
)
def test_bad_state_uris_name_the_uri_and_the_accepted_forms(uri: str) -> None:
    with pytest.raises(ValueError) as err:
        open_state(uri, "output")
    assert repr(uri) in str(err.value)
    assert "sqlite:///" in str(err.value)
