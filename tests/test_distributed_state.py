"""The Redis state (crawler.state.redis) against a real redis-server: the atomic claim, dead workers' claims,
the indexes, and the dedupe stage and recovery on top of it (distributed mode, issue 9)."""

from __future__ import annotations

import fcntl
import json
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler import neardup
from crawler.distributed import recover_worker_files, worker_lock_path
from crawler.items import FIELDS
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.writer import RUN_ID_STAT, JsonlWriterPipeline, encode_line
from crawler.state import ArticleRecord, ContentClaimedError, UrlClaimedError, is_redis_uri, open_state
from crawler.state.redis import RedisState, RedisStateError
from crawler.text.hashing import content_hash
from crawler.text.normalize import key_form
from tests.redis_helpers import redis_server

RUN_A, RUN_B, RUN_C = "20261126T010000Z-aaaaaa.w1", "20261126T010000Z-aaaaaa.w2", "20261127T010000Z-cccccc.w1"
WORDS = (
    "sở thông tin truyền hội nghị tổng kết công tác năm triển khai nhiệm vụ chuyển đổi số tỉnh huyện xã "
    "cán bộ công chức đào tạo bồi dưỡng kỹ năng hệ thống quản lý văn bản điều hành dịch vụ công trực tuyến "
    "người dân"
)
SYLLABLES = tuple(WORDS.split())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def url(server: str) -> str:
    """A clean database for each test."""
    redis.Redis.from_url(server + "/3").flushdb()
    return server + "/3"


@pytest.fixture
def state(url: str) -> Iterator[RedisState]:
    with RedisState(url) as opened:
        yield opened


def text_of(seed: int, words: int = 200) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(SYLLABLES) for _ in range(words))


def rec(
    n: int, run: str = RUN_A, site: str = "ninh_thuan", chash: str | None = None, sig: bool = True
) -> ArticleRecord:
    return ArticleRecord(
        id=f"id{n:04d}",
        canonical_url=f"https://{site}.example/bai-{n}",
        site=site,
        content_hash=chash or f"hash{n:04d}",
        signature=neardup.signature(key_form(text_of(n))) if sig else None,
        run_id=run,
        file=f"{run}.jsonl",
        published_at="2024-03-15",
    )


def mark_dead(url: str, run: str) -> None:
    """What reaping a dead worker does to the state (crawler.distributed): its pending claims become free."""
    redis.Redis.from_url(url).sadd("tinhoatdong:state:dead_runs", run)


# -- the claim ------------------------------------------------------------------------------------------
def test_open_state_gives_the_redis_state_for_a_redis_uri(url: str) -> None:
    assert is_redis_uri(url) and is_redis_uri("rediss://h:6380/1") and not is_redis_uri("sqlite:///x.db")
    with open_state(url, "ignored") as opened:
        assert isinstance(opened, RedisState)


def test_a_recorded_url_is_known_and_a_second_claim_by_another_run_is_refused(state: RedisState) -> None:
    state.record(rec(1))
    assert state.known_urls([rec(1).canonical_url, rec(2).canonical_url]) == {rec(1).canonical_url}
    assert state.record(rec(1)) is None  # the same run again (a replay): nothing happens
    with pytest.raises(UrlClaimedError) as refused:
        state.record(rec(1, run=RUN_B))
    assert refused.value.holder == "id0001"
    assert [r.run_id for r in state.records()] == [RUN_A]


def test_the_same_content_on_one_site_is_refused_and_on_another_site_allowed(state: RedisState) -> None:
    state.record(rec(1, chash="same"))
    with pytest.raises(ContentClaimedError) as refused:
        state.record(rec(2, run=RUN_B, chash="same"))
    assert refused.value.holder == "id0001"
    state.record(rec(3, run=RUN_B, site="khanh_hoa", chash="same"))
    assert state.id_for_hash("same") == "id0001"
    assert state.id_for_content("khanh_hoa", "same") == "id0003"
    assert state.id_for_content("ninh_thuan", "other") is None


def test_two_workers_racing_on_the_same_articles_claim_each_once(url: str) -> None:
    """Eight threads, each its own connection and run, claim the same 30 articles at the same moment."""
    runs = [f"20261126T010000Z-aaaaaa.w{i}" for i in range(8)]
    won: dict[str, list[str]] = {run: [] for run in runs}
    barrier = threading.Barrier(len(runs))

    def worker(run: str) -> None:
        mine = RedisState(url)
        barrier.wait()
        for n in range(30):
            try:
                mine.record(rec(n, run=run, sig=False))
                won[run].append(f"id{n:04d}")
            except UrlClaimedError:
                pass
        mine.close()

    threads = [threading.Thread(target=worker, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed = sorted(article for ids in won.values() for article in ids)
    assert claimed == [f"id{n:04d}" for n in range(30)]
    with RedisState(url) as check:
        assert {r.id: r.run_id for r in check.records()} == {a: run for run, ids in won.items() for a in ids}


def test_a_dead_runs_pending_claim_is_free_and_taken_over(url: str, state: RedisState) -> None:
    state.record(rec(1))
    mark_dead(url, RUN_A)
    assert state.known_urls([rec(1).canonical_url]) == set()
    assert state.record(rec(1, run=RUN_B)) == "taken_over"
    assert [r.run_id for r in state.records()] == [RUN_B]
    assert list(state.records(RUN_A)) == []
    assert state.pending_runs() == [RUN_B]
    assert state.dead_runs() == set()  # nothing of it left pending
    assert state.known_urls([rec(1).canonical_url]) == {rec(1).canonical_url}
    assert state.near_duplicate(rec(1).signature, 0.8) == ("id0001", 1.0)


def test_final_records_are_never_taken_over(url: str, state: RedisState) -> None:
    state.record(rec(1))
    state.finalize_run(RUN_A)
    mark_dead(url, RUN_A)
    assert state.known_urls([rec(1).canonical_url]) == {rec(1).canonical_url}
    with pytest.raises(UrlClaimedError):
        state.record(rec(1, run=RUN_B))


# -- indexes and lifecycle ------------------------------------------------------------------------------
def test_near_duplicates_are_found_earliest_first_and_forgotten_with_their_record(state: RedisState) -> None:
    text = text_of(7, 300)
    words = text.split()
    words[10] = words[200] = "khác"
    near = neardup.signature(key_form(" ".join(words)))
    state.record(rec(1))
    state.record(
        ArticleRecord("id0002", "u2", "ninh_thuan", "h2", neardup.signature(key_form(text)), RUN_B, "f")
    )
    found = state.near_duplicate(near, 0.8)
    assert found is not None and found[0] == "id0002" and found[1] >= 0.8
    assert state.near_duplicate(neardup.signature(key_form(text_of(99))), 0.8) is None
    assert state.discard_pending(RUN_B) == 1
    assert state.near_duplicate(near, 0.8) is None
    assert state.known_urls(["u2"]) == set()


def test_finalize_and_discard_touch_only_the_runs_own_records(state: RedisState) -> None:
    for n in (1, 2, 3):
        state.record(rec(n))
    state.record(rec(4, run=RUN_B))
    assert state.finalize_run(RUN_A, ["id0001", "id0004"]) == 1
    assert state.discard_pending(RUN_A, keep=["id0002"]) == 1
    assert [(r.id, r.run_id) for r in state.records(status="final")] == [("id0001", RUN_A)]
    assert [r.id for r in state.records(RUN_A, status="pending")] == ["id0002"]
    assert state.pending_runs() == [RUN_A, RUN_B]
    assert state.count() == 3 and state.count("final") == 1 and state.count("pending") == 2
    assert state.finalize_run(RUN_A) == 1
    assert state.pending_runs() == [RUN_B]


def test_records_come_back_in_recording_order_with_their_fields(state: RedisState) -> None:
    for n in (5, 3, 9):
        state.record(rec(n))
    got = list(state.records(RUN_A))
    assert [r.id for r in got] == ["id0005", "id0003", "id0009"]
    assert got[0] == rec(5)
    assert [r.id for r in state.records()] == ["id0005", "id0003", "id0009"]


def test_walks_are_shared_by_run_id(state: RedisState) -> None:
    state.walk_started("ninh_thuan", RUN_A)
    state.walk_started("khanh_hoa", RUN_A)
    state.walk_finished("ninh_thuan", RUN_A)
    state.walk_finished("khanh_hoa", RUN_B)  # not the run that started it: ignored
    assert state.unfinished_walks() == {"khanh_hoa"}


def test_a_newer_schema_and_other_signatures_are_refused(url: str, state: RedisState) -> None:
    state.record(rec(1))
    client = redis.Redis.from_url(url)
    client.hset("tinhoatdong:state:meta", "minhash_scheme", "minhash/v0 something else")
    with pytest.raises(RedisStateError, match="cannot be compared"):
        RedisState(url)
    client.hset(
        "tinhoatdong:state:meta", mapping={"minhash_scheme": neardup.MINHASH_SCHEME, "schema_version": 99}
    )
    with pytest.raises(RedisStateError, match="newer than this code"):
        RedisState(url)


def test_a_new_band_layout_rebuilds_the_buckets(url: str, state: RedisState) -> None:
    state.record(rec(1))
    client = redis.Redis.from_url(url)
    client.hset("tinhoatdong:state:meta", "lsh_scheme", "lsh/v0 bands=1")
    client.delete("tinhoatdong:state:lsh:3")
    with RedisState(url) as reopened:
        assert reopened.meta()["lsh_scheme"] == neardup.LSH_SCHEME
        assert client.hlen("tinhoatdong:state:lsh:3") == 1
        assert reopened.near_duplicate(rec(1).signature, 0.8) == ("id0001", 1.0)


# -- the dedupe stage on it -------------------------------------------------------------------------------
def item(n: int) -> dict[str, Any]:
    text = text_of(n, 300)
    return {
        "id": f"id{n:04d}",
        "url": f"https://ninh_thuan.example/bai-{n}",
        "canonical_url": f"https://ninh_thuan.example/bai-{n}",
        "site": "ninh_thuan",
        "title": f"Bài {n}",
        "summary": None,
        "text": text,
        "published_at": "2024-03-15",
        "content_hash": content_hash(f"Bài {n}", text),
        "duplicate_of": None,
    }


class RacingState:
    """The Redis state as a worker saw it before another worker claimed: the look-ups find nothing."""

    def __init__(self, inner: RedisState) -> None:
        self.inner = inner

    def known_urls(self, urls: Any) -> set[str]:
        return set()

    def id_for_content(self, site: str, chash: str) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def pipeline(state: Any, run_id: str) -> DedupePipeline:
    crawler = get_crawler(settings_dict={"RUN_ID": run_id})
    crawler.stats.set_value(RUN_ID_STAT, run_id)
    crawler.tinhoatdong_state = state
    return DedupePipeline.from_crawler(crawler)


def test_the_worker_that_loses_the_race_drops_the_item_as_already_emitted(state: RedisState) -> None:
    first, second = pipeline(state, RUN_A), pipeline(RacingState(state), RUN_B)
    first.process_item(item(1))
    with pytest.raises(DropItem, match="claimed meanwhile"):
        second.process_item(item(1))
    assert second.crawler.stats.get_value("tinhoatdong/dropped/duplicate_url") == 1
    assert second.crawler.stats.get_value("tinhoatdong/site/ninh_thuan/already_seen") == 1
    same_text = {**item(2), "text": item(1)["text"], "content_hash": item(1)["content_hash"]}
    with pytest.raises(DropItem, match="same content as id0001"):
        second.process_item(same_text)
    assert second.crawler.stats.get_value("tinhoatdong/dropped/duplicate_content") == 1


def test_a_dead_workers_article_is_taken_over_and_not_marked_a_repost_of_itself(
    url: str, state: RedisState
) -> None:
    pipeline(state, RUN_A).process_item(item(1))
    mark_dead(url, RUN_A)
    taker = pipeline(state, RUN_B)
    kept = taker.process_item(item(1))
    assert kept["duplicate_of"] is None
    assert taker.crawler.stats.get_value("tinhoatdong/distributed/claims_taken_over") == 1
    assert [r.run_id for r in state.records()] == [RUN_B]


# -- recovery of a dead worker's file ---------------------------------------------------------------------
def full_item(n: int) -> dict[str, Any]:
    """A line as the writer writes it (every schema field; only some matter to recovery)."""
    return {
        **dict.fromkeys(FIELDS),
        **item(n),
        "images": [],
        "attachments": [],
        "schema_version": 1,
        "fetched_at": "2026-11-26T01:00:00Z",
        "source": "live",
    }


def test_recovery_keeps_the_dead_runs_own_lines_and_drops_taken_over_ones(
    tmp_path: Path, state: RedisState
) -> None:
    out = tmp_path / "tinhoatdong"
    out.mkdir()
    lines = [full_item(n) for n in (1, 2, 3)]
    for data in lines[:2]:  # 3: written, its claim lost (a Redis without persistence restarted)
        state.record(
            ArticleRecord(
                data["id"], data["canonical_url"], data["site"], data["content_hash"], None, RUN_A, "f"
            )
        )
    state.record(
        ArticleRecord("id0009", "https://ninh_thuan.example/bai-9", "ninh_thuan", "h9", None, RUN_A, "f")
    )
    mark_dead(str(state.uri), RUN_A)
    state.record(
        ArticleRecord("id0002", lines[1]["canonical_url"], "ninh_thuan", "x", None, RUN_B, "f")
    )  # taken over
    part = out / f"{RUN_A}.jsonl.part"
    part.write_bytes(b"".join(encode_line(d) for d in lines) + b'{"id": "torn')
    worker_lock_path(out, RUN_A).touch()
    # A live worker's file (its lock held) and a file that is no worker's are left alone.
    live = out / f"{RUN_C}.jsonl.part"
    live.write_bytes(encode_line(full_item(5)))
    held = os.open(worker_lock_path(out, RUN_C), os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)
    stray = out / "20250101T000000Z-ffffff.jsonl.part"
    stray.write_bytes(b"")
    try:
        recovered = recover_worker_files(out, state, None)
    finally:
        os.close(held)
    assert [(r.run_id, r.lines, r.dropped_lines) for r in recovered] == [(RUN_A, 2, 1)]
    final = out / f"{RUN_A}.jsonl"
    assert [json.loads(x)["id"] for x in final.read_text("utf-8").splitlines()] == ["id0001", "id0003"]
    manifest = json.loads((out / f"{RUN_A}.manifest.json").read_text("utf-8"))
    assert (manifest["finish_reason"], manifest["line_count"]) == ("recovered", 2)
    assert {r.id: (r.run_id, s) for r, s in [(r, "final") for r in state.records(status="final")]} == {
        "id0001": (RUN_A, "final"),
        "id0003": (RUN_A, "final"),
    }
    assert (
        state.known_urls(["https://ninh_thuan.example/bai-9"]) == set()
    )  # claimed, never written: forgotten
    assert [r.run_id for r in state.records(status="pending")] == [RUN_B]
    assert live.exists() and stray.exists() and not part.exists()
    assert not worker_lock_path(out, RUN_A).exists()


# -- the writer of a worker taken for dead while it was alive ----------------------------------------------
def test_a_worker_writes_only_the_articles_it_still_holds(
    url: str, tmp_path: Path, state: RedisState
) -> None:
    """A worker stalled past WORKER_TIMEOUT is reaped; another worker takes over one of its claims and writes
    that article. The stalled worker, finishing, must not finalize its own line of it."""
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path)})
    crawler.stats.set_value(RUN_ID_STAT, RUN_A)
    crawler.tinhoatdong_state = state
    crawler.tinhoatdong_crawl = SimpleNamespace(crawl_id=RUN_A.split(".")[0], worker_id="w1")
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    for n in (1, 2, 3):
        data = full_item(n)
        state.record(
            ArticleRecord(data["id"], data["canonical_url"], "ninh_thuan", f"h{n}", None, RUN_A, "f")
        )
        writer.process_item(data)
    mark_dead(url, RUN_A)
    taken = ArticleRecord("id0002", full_item(2)["canonical_url"], "ninh_thuan", "h2", None, RUN_B, "f")
    assert state.record(taken) == "taken_over"
    writer.close_spider()
    final = tmp_path / "tinhoatdong" / f"{RUN_A}.jsonl"
    assert [json.loads(x)["id"] for x in final.read_text("utf-8").splitlines()] == ["id0001", "id0003"]
    manifest = json.loads(final.with_name(f"{RUN_A}.manifest.json").read_text("utf-8"))
    assert (manifest["line_count"], manifest["crawl_id"], manifest["worker_id"]) == (
        2,
        RUN_A.split(".")[0],
        "w1",
    )
    assert manifest["sites"]["ninh_thuan"]["new"] == 2
    assert crawler.stats.get_value("tinhoatdong/distributed/lines_dropped") == 1
    assert {r.id: r.run_id for r in state.records(status="final")} == {"id0001": RUN_A, "id0003": RUN_A}
