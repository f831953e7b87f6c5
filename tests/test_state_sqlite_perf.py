"""The SQLite state's batching and checkpoint thread (issue 10): buffered records answer every lookup
exactly as committed ones do, commits are single transactions, the WAL is checkpointed off the writer and
restarts, and a kill loses only what was buffered."""

from __future__ import annotations

import logging
import random
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from crawler import neardup
from crawler.state import sqlite as sqlite_state
from crawler.state.sqlite import SqliteState, StateConflictError
from tests.test_state_sqlite import RUN_A, RUN_B, peek, rec, sig_from


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "out" / "tinhoatdong" / "state.sqlite3"


def _variant(base: bytes, changed: int, salt: int) -> bytes:
    """`base` with `changed` of its 128 values replaced (seeded): estimated Jaccard (128 - changed) / 128."""
    out = bytearray(base)
    for position in random.Random(salt).sample(range(neardup.NUM_PERM), changed):
        out[4 * position] ^= 0x5A
    return bytes(out)


def _answers(state: SqliteState, probes: list[bytes], hashes: list[str]) -> list[object]:
    return (
        [state.near_duplicate(sig, 0.8) for sig in probes]
        + [state.near_duplicate(sig, 0.5) for sig in probes]
        + [state.id_for_hash(h) for h in hashes]
        + [state.id_for_content("ninh_thuan", h) for h in hashes]
        + [state.id_for_content("khanh_hoa", h) for h in hashes]
    )


def test_buffered_and_committed_records_give_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same records, committed after every one / never / part way: every lookup answers the same, also where
    the per-bucket and total candidate limits cut (the earliest first, committed before buffered)."""
    bases = [sig_from(seed) for seed in range(3)]
    records = []
    for n in range(42):  # per text: four far variants first (J 0.45-0.65), then near ones and a copy
        sig = _variant(bases[n % 3], [45, 50, 60, 70, 6, 20, 0][(n // 3) % 7], salt=n)
        records.append((n, sig, "ninh_thuan" if n % 4 else "khanh_hoa"))
    probes = [bases[0], bases[1], _variant(bases[2], 10, salt=99), sig_from(50)]
    hashes = [f"{k:040d}" for k in range(8)]
    by_limits = {}
    for limits in ((64, 256), (1, 3)):
        monkeypatch.setattr(sqlite_state, "BUCKET_LIMIT", limits[0])
        monkeypatch.setattr(sqlite_state, "MAX_CANDIDATES", limits[1])
        answers = []
        for every in (1, 10_000, 15):  # all committed, all buffered, 30 committed and 12 buffered
            path = tmp_path / f"{limits[0]}-{every}.sqlite3"
            state = SqliteState(path, commit_every=every, commit_seconds=3600)
            try:
                for n, sig, site in records:
                    base = rec(n, signature=sig, site=site)
                    state.record(base.__class__(**{**base.__dict__, "content_hash": f"{n % 7:040d}"}))
                answers.append(_answers(state, probes, hashes))
            finally:
                state.close()
        assert answers[1] == answers[0], limits
        assert answers[2] == answers[0], limits
        by_limits[limits] = answers[0]
    found = by_limits[(64, 256)][: len(probes)]
    assert [a is not None for a in found] == [True, True, True, False]
    assert by_limits[(1, 3)] != by_limits[(64, 256)]  # the limits cut: far variants crowd the near ones out


@pytest.mark.parametrize("bucket_limit, expected", [(1, None), (2, 1.0)])
def test_a_full_bucket_leaves_no_room_for_buffered_records(
    db: Path, monkeypatch: pytest.MonkeyPatch, bucket_limit: int, expected: float | None
) -> None:
    """A committed article fills every bucket the probe shares (BUCKET_LIMIT 1), so a later buffered one that
    would match is not a candidate, exactly as when both are committed."""
    monkeypatch.setattr(sqlite_state, "BUCKET_LIMIT", bucket_limit)
    base = sig_from(7)
    first = bytearray(base)
    for position in (125, 126, 127):  # outside every band: the same 25 buckets, Jaccard 125/128
        first[4 * position] ^= 0x5A
    with SqliteState(db, commit_every=10_000, commit_seconds=3600) as state:
        state.record(rec(1, signature=bytes(first)))
        state.flush()
        state.record(rec(2, signature=base))  # buffered
        buffered = state.near_duplicate(base, 0.99)
        state.flush()
        committed = state.near_duplicate(base, 0.99)
    assert buffered == committed == (None if expected is None else (rec(2).id, expected))


def test_a_commit_writes_the_buffer_in_recording_order_in_one_transaction(db: Path) -> None:
    sigs = {n: sig_from(n) for n in range(1, 5)}
    with SqliteState(db, commit_every=10_000, commit_seconds=3600) as state:
        for n in range(1, 5):
            state.record(rec(n, signature=sigs[n] if n != 3 else None))
        assert peek(db, "SELECT COUNT(*) FROM articles") == [(0,)]
        assert state.count() == 4
        assert state.count("pending") == 4
        assert state.count("final") == 0
        state.flush()
        rows = peek(db, "SELECT doc, id, status FROM articles ORDER BY doc")
        assert rows == [(n, rec(n).id, "pending") for n in range(1, 5)]
        assert peek(db, "SELECT COUNT(*) FROM lsh") == [(3 * neardup.BANDS,)]
        assert peek(db, "SELECT COUNT(DISTINCT doc) FROM lsh WHERE doc = 3") == [(0,)]  # no signature
        assert state.near_duplicate(sigs[4], 0.8) == (rec(4).id, 1.0)


def test_a_conflict_is_refused_at_record_time_whether_the_first_is_buffered_or_committed(db: Path) -> None:
    with SqliteState(db, commit_every=10_000, commit_seconds=3600) as state:
        state.record(rec(1, RUN_A))
        with pytest.raises(StateConflictError, match=RUN_A):
            state.record(rec(1, RUN_B))  # buffered holder
        state.record(rec(1, RUN_A))  # the same again: a no-op
        state.flush()
        with pytest.raises(StateConflictError, match=RUN_A):
            state.record(rec(1, RUN_B))  # committed holder
        assert state.count() == 1


def test_records_iteration_reaches_records_buffered_meanwhile(db: Path) -> None:
    with SqliteState(db, commit_every=10_000, commit_seconds=3600) as state:
        for n in range(3):
            state.record(rec(n))
        seen = []
        for got in state.records(RUN_A):
            seen.append(got.id)
            if len(seen) == 1:
                state.record(rec(10))  # recorded while iterating: comes last
        assert seen == [rec(n).id for n in (0, 1, 2, 10)]
        assert state.pending_runs() == [RUN_A]


def test_walk_finished_is_seen_at_once_and_committed_with_the_next_commit(db: Path) -> None:
    with SqliteState(db, commit_every=10_000, commit_seconds=3600) as state:
        state.walk_started("ninh_thuan", RUN_A)
        state.walk_started("khanh_hoa", RUN_A)
        assert peek(db, "SELECT COUNT(*) FROM walks WHERE finished_at IS NULL") == [(2,)]  # committed at once
        state.walk_finished("ninh_thuan", RUN_A)
        state.walk_finished("khanh_hoa", RUN_B)  # not the run that started it: ignored
        assert state.unfinished_walks() == {"khanh_hoa"}
        assert peek(db, "SELECT site FROM walks WHERE finished_at IS NULL ORDER BY site") == [
            ("khanh_hoa",),
            ("ninh_thuan",),
        ]
        state.flush()
        assert peek(db, "SELECT site FROM walks WHERE finished_at IS NULL") == [("khanh_hoa",)]
        state.walk_finished("khanh_hoa", RUN_A)
        state.walk_started("khanh_hoa", RUN_B)  # a new walk after the pending end: it stays open
        assert state.unfinished_walks() == {"khanh_hoa"}
    assert peek(db, "SELECT site, run_id FROM walks WHERE finished_at IS NULL") == [("khanh_hoa", RUN_B)]


# -- the checkpoint thread ---------------------------------------------------------------------------------
def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("state-checkpoint")]


def test_checkpoints_run_on_their_own_thread_and_the_wal_restarts(db: Path) -> None:
    before = len(_checkpoint_threads())
    state = SqliteState(db, commit_every=40, commit_seconds=3600)
    assert state._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    assert len(_checkpoint_threads()) == before  # started by the first commit, not by opening
    frames = []
    for batch in range(8):
        for n in range(40):
            state.record(rec(batch * 40 + n, signature=sig_from(batch * 40 + n)))
        assert state._checkpointer is not None
        state._checkpointer.wait_idle()
        frames.append(state.wal_stats()["wal_frames"])
    stats = state.wal_stats()
    assert stats["checkpoints"] >= 8
    assert stats["writer_waits"] == 0
    assert len(_checkpoint_threads()) == before + 1
    # Each commit started with the WAL copied: it restarted, so the WAL holds about one batch, not eight.
    assert max(frames) < sum(frames) / 3
    assert peek(db, "PRAGMA integrity_check") == [("ok",)]
    state.close()
    assert len(_checkpoint_threads()) == before
    assert not db.with_name(db.name + "-wal").exists()  # the last connection closed: checkpointed, removed
    assert peek(db, "SELECT COUNT(*) FROM articles") == [(320,)]


def test_the_writer_waits_for_the_thread_once_the_wal_is_past_its_limit(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_state, "WAL_LIMIT_FRAMES", 1)
    with SqliteState(db, commit_every=5, commit_seconds=3600) as state:
        for n in range(5):
            state.record(rec(n, signature=sig_from(n)))
        assert state._checkpointer is not None
        state._checkpointer.wait_idle()  # the thread has reported the WAL's size (past 1 frame)
        assert state.wal_stats()["writer_waits"] == 0
        for n in range(5, 20):
            state.record(rec(n, signature=sig_from(n)))
        assert state.wal_stats()["writer_waits"] == 3  # before each of the next three commits
        assert state.count() == 20


def test_a_failed_checkpoint_thread_hands_checkpoints_back_to_the_writer(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SqliteState(db, commit_every=2, commit_seconds=3600) as state:
        state.record(rec(1))
        state.record(rec(2))  # the first commit starts the thread
        assert state._checkpointer is not None
        state._checkpointer.failed = OSError("disk gone")
        with caplog.at_level(logging.WARNING, logger="crawler.state.sqlite"):
            state.record(rec(3))
            state.record(rec(4))
        assert "checkpoint thread failed (disk gone)" in caplog.text
        assert state._checkpointer is None
        assert state._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        state.record(rec(5))
        state.record(rec(6))
        assert peek(db, "SELECT COUNT(*) FROM articles") == [(6,)]


def test_without_the_thread_sqlite_checkpoints_in_the_writer(db: Path) -> None:
    with SqliteState(db, commit_every=2, commit_seconds=3600, background_checkpoint=False) as state:
        for n in range(6):
            state.record(rec(n))
        assert state._checkpointer is None
        assert state._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert state.wal_stats()["checkpoints"] == 0
    assert peek(db, "SELECT COUNT(*) FROM articles") == [(6,)]


KILLED = """
import os, signal, sys
sys.path.insert(0, {root!r})
from tests.test_state_sqlite import rec, sig_from
from crawler.state.sqlite import SqliteState
state = SqliteState({db!r}, commit_every=100, commit_seconds=3600)
for n in range(250):
    state.record(rec(n, signature=sig_from(n)))
state.walk_finished("ninh_thuan", "run")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_kill_loses_only_the_buffer(db: Path) -> None:
    """Two commits of 100 made (checkpointed by the thread or not), 50 records buffered: the file opens
    intact with exactly the committed 200, their buckets, and the walk still unfinished."""
    with SqliteState(db) as state:
        state.walk_started("ninh_thuan", "run")
    root = str(Path(__file__).resolve().parents[1])
    code = textwrap.dedent(KILLED.format(root=root, db=str(db)))
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    with SqliteState(db) as state:
        assert state.count() == 200
        assert state.known_urls([rec(199).canonical_url, rec(200).canonical_url]) == {rec(199).canonical_url}
        assert state.near_duplicate(sig_from(150), 0.8) == (rec(150).id, 1.0)
        assert state.near_duplicate(sig_from(220), 0.8) is None
        assert state.unfinished_walks() == {"ninh_thuan"}
    assert peek(db, "PRAGMA integrity_check") == [("ok",)]
    assert peek(db, "SELECT COUNT(*) FROM lsh") == [(200 * neardup.BANDS,)]
