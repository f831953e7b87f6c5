"""The shared crawl (crawler.distributed.SharedCrawl) against a real redis-server, without Scrapy's engine:
joining, seeding, leases, reaping a dead worker, waiting for the others, and the end of a crawl."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import scrapy
from scrapy.utils.test import get_crawler

from crawler.distributed import (
    CRAWL_PREFIX,
    DistributedError,
    LeasedPriorityQueue,
    SharedCrawl,
)
from crawler.state import ArticleRecord
from crawler.state.redis import RedisState
from tests.redis_helpers import redis_server

ARGS = {"sites": ["s1", "s2"], "args": {"since": None}, "start_urls": "x"}
QUEUE = f"{CRAWL_PREFIX}:requests"


class Probe(scrapy.Spider):
    name = "tinhoatdong"

    def parse(self, response: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def url(server: str) -> str:
    redis.Redis.from_url(server + "/4").flushdb()
    return server + "/4"


@pytest.fixture
def worker(url: str) -> Iterator[Callable[..., SharedCrawl]]:
    """Make a worker (its own connection and crawler); every one still in the crawl leaves at the end."""
    made: list[SharedCrawl] = []

    def make(name: str, timeout: float = 30, max_idle: float = 0) -> SharedCrawl:
        settings = {"WORKER_ID": name, "WORKER_TIMEOUT": timeout, "MAX_IDLE_TIME_BEFORE_CLOSE": max_idle}
        shared = SharedCrawl(get_crawler(settings_dict=settings), RedisState(url))
        made.append(shared)
        return shared

    yield make
    for shared in made:
        shared._beating.set()
        if shared._beater is not None:
            shared._beater.join()


def queue(url: str) -> LeasedPriorityQueue:
    return LeasedPriorityQueue(redis.Redis.from_url(url), Probe(), QUEUE)


def push(url: str, *paths: str) -> None:
    q = queue(url)
    for path in paths:
        q.push(scrapy.Request(f"http://127.0.0.1:1{path}", callback=Probe().parse))


def die(shared: SharedCrawl) -> None:
    """What SIGKILL does to a worker, as Redis sees it: the heartbeat stops."""
    shared._beating.set()
    if shared._beater is not None:
        shared._beater.join()


def stat(shared: SharedCrawl, name: str) -> Any:
    return shared.crawler.stats.get_value(f"tinhoatdong/distributed/{name}")


def test_a_run_without_redis_never_imports_it() -> None:
    """Every run loads the add-on and the live-worker check; redis and scrapy-redis only a worker does."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scrapy.utils.test import get_crawler\n"
        "from crawler import settings as project\n"
        "import crawler.commands.crawl, crawler.runstate\n"
        "crawler_ = get_crawler(settings_dict={'ADDONS': project.ADDONS})\n"  # Scrapy applies the add-ons
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('redis', 'scrapy_redis', 'crawler')"
        " and m in ('redis', 'scrapy_redis', 'crawler.distributed', 'crawler.workers')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['crawler.workers']"


def test_the_addon_puts_scrapy_redis_on_the_state_uri_only_for_redis() -> None:
    from crawler import settings as project

    assert project.ADDONS == {"crawler.workers.DistributedAddon": 0}
    on = get_crawler(settings_dict={"STATE_URI": "redis://h:6379/2", "ADDONS": project.ADDONS})
    assert on.settings["SCHEDULER"] == "crawler.distributed.RedisCrawlScheduler"
    assert on.settings["SCHEDULER_QUEUE_CLASS"] == "crawler.distributed.LeasedPriorityQueue"
    assert on.settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert on.settings["REDIS_URL"] == "redis://h:6379/2"
    assert on.settings.getbool("SCHEDULER_PERSIST") is True
    off = get_crawler(settings_dict={"STATE_URI": "", "ADDONS": project.ADDONS})
    assert off.settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"


def test_the_first_worker_seeds_and_the_next_joins_the_same_crawl(worker: Callable[..., SharedCrawl]) -> None:
    a, b = worker("wa"), worker("wb")
    run_a = a.join(ARGS, {"s1"})
    run_b = b.join(ARGS, {"s2"})
    assert (a.seeds, b.seeds) == (True, False)
    assert a.crawl_id == b.crawl_id
    assert (run_a, run_b) == (f"{a.crawl_id}.wa", f"{a.crawl_id}.wb")
    assert b.resume == {"s1"}  # what the seeder read before any walk started, not what b read
    assert (stat(a, "role"), stat(b, "role")) == ("seed", "join")


def test_a_worker_with_other_sites_is_refused_and_leaves_no_trace(
    worker: Callable[..., SharedCrawl], url: str
) -> None:
    a, c = worker("wa"), worker("wc")
    a.join(ARGS, set())
    with pytest.raises(DistributedError, match="differ"):
        c.join({**ARGS, "sites": ["s1"]}, set())
    members = [m.decode() for m in redis.Redis.from_url(url).zrange(f"{CRAWL_PREFIX}:workers", 0, -1)]
    assert members == [a.run_id]
    assert int(redis.Redis.from_url(url).hget(f"{CRAWL_PREFIX}:meta", "unclean")) == 0


def test_a_dead_workers_leases_go_back_to_the_queue(worker: Callable[..., SharedCrawl], url: str) -> None:
    a, b = worker("wa", timeout=1), worker("wb", timeout=1)
    a.join(ARGS, set())
    b.join(ARGS, set())
    push(url, "/1", "/2", "/3")
    q = queue(url)
    leased = [a.pop(q), a.pop(q)]
    assert len(q) == 1 and len(a.leases) == 2
    a.state.record(ArticleRecord("id1", "u1", "s1", "h1", None, a.run_id, "f"))  # a pending claim of a
    die(a)
    time.sleep(1.3)
    assert b.has_work()
    assert len(q) == 3
    assert (stat(b, "workers_reaped"), stat(b, "requests_requeued")) == (1, 2)
    assert a.state.dead_runs() == {a.run_id}
    got = {b.pop(q).url for _ in range(3)}
    assert got == {"http://127.0.0.1:1/1", "http://127.0.0.1:1/2", "http://127.0.0.1:1/3"}
    assert {r.url for r in leased} < got


def test_a_worker_waits_while_another_holds_requests_and_stops_when_the_crawl_is_drained(
    worker: Callable[..., SharedCrawl], url: str
) -> None:
    a, b = worker("wa"), worker("wb")
    a.join(ARGS, set())
    b.join(ARGS, set())
    assert b.has_work()  # a is seeding
    a.seeded()
    assert not b.has_work()
    push(url, "/1")
    assert b.has_work()  # queued
    a.pop(queue(url))
    assert b.has_work()  # a holds it: its callback may queue more
    assert a.leave("finished").outcome == "left"
    assert not b.has_work()


def test_an_idle_worker_gives_up_waiting_after_max_idle(worker: Callable[..., SharedCrawl], url: str) -> None:
    a, b = worker("wa"), worker("wb", max_idle=0.2)
    a.join(ARGS, set())
    b.join(ARGS, set())
    a.seeded()
    push(url, "/1")
    a.pop(queue(url))
    assert b.has_work()
    time.sleep(0.3)
    assert not b.has_work()
    assert stat(b, "idle_timeout") == 1


def test_the_last_worker_ends_a_clean_crawl_with_its_walks(
    worker: Callable[..., SharedCrawl], url: str
) -> None:
    a, b = worker("wa"), worker("wb")
    a.join(ARGS, set())
    b.join(ARGS, set())
    a.open_chains({"s1": 1, "s2": 2})
    b.end_chain("s1")
    a.end_chain("s2")
    b.walk_broken("s2")
    seen = a.seen_sets(["s1"])["s1"]
    seen.add("https://s1/bai-1")
    assert "https://s1/bai-1" in b.seen_sets(["s1"])["s1"] and "https://s1/bai-2" not in seen
    a.seeded()
    assert a.leave("finished").outcome == "left"
    end = b.leave("finished")
    assert (end.outcome, end.clean, end.crawl_id, end.seeder) == ("ended", True, a.crawl_id, a.run_id)
    assert end.chains == {"s1": 0, "s2": 1} and end.broken == {"s2"}
    client = redis.Redis.from_url(url)
    assert not client.exists(f"{CRAWL_PREFIX}:meta", f"{CRAWL_PREFIX}:seen", f"{CRAWL_PREFIX}:chains")


def test_a_worker_stopped_early_gives_its_requests_back_for_the_next_run(
    worker: Callable[..., SharedCrawl], url: str
) -> None:
    a = worker("wa")
    a.join(ARGS, set())
    client = redis.Redis.from_url(url)
    client.sadd(f"{CRAWL_PREFIX}:dupefilter", "fingerprint-of-a-start-page")
    push(url, "/1")
    a.pop(queue(url))
    end = a.leave("shutdown")
    assert (end.outcome, end.requeued) == ("orphaned", 1)
    assert int(client.hget(f"{CRAWL_PREFIX}:meta", "unclean")) == 1
    nxt = worker("wn")
    nxt.join(ARGS, set())
    assert nxt.seeds and nxt.crawl_id != a.crawl_id  # a new crawl: it seeds the sites again...
    assert len(queue(url)) == 1  # ...and picks up what the stopped worker held
    assert not client.exists(f"{CRAWL_PREFIX}:dupefilter")
    assert int(client.hget(f"{CRAWL_PREFIX}:meta", "unclean")) == 0


def test_settings_that_name_the_addon_at_its_old_place_still_work() -> None:
    on = get_crawler(
        settings_dict={"STATE_URI": "redis://h:6379/2", "ADDONS": {"crawler.distributed.DistributedAddon": 0}}
    )
    assert on.settings["SCHEDULER"] == "crawler.distributed.RedisCrawlScheduler"
