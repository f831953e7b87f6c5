"""Distributed mode: N workers share one crawl through Redis, on scrapy-redis (``STATE_URI=redis://...``).

One setting switches it on. ``crawler.workers.DistributedAddon`` puts the scrapy-redis scheduler and
dupefilter on the same Redis as the state (crawler.state.redis); ``crawler.runstate`` then joins the shared
crawl (``SharedCrawl``) instead of taking the output directory for itself. What scrapy-redis alone does not
give, and this adds:

- **A crawl has members.** Each worker registers in ``<k>:workers`` (a sorted set of run ids by heartbeat
  expiry, Redis server time); a thread renews it twice a second. The first worker of a crawl (none live)
  starts a new crawl generation: a new crawl id, a fresh dupefilter, and it seeds the sites (``start()``);
  the others join and take requests from the shared queue. The leftover queue of an interrupted crawl is
  kept: its requests are picked up by the next run.
- **Leases: a killed worker loses nothing.** A request popped from the queue is moved, in the same Lua
  script, to the worker's in-flight hash. It leaves that hash when Scrapy is done with it (the engine no
  longer holds it: its callback's requests are queued and its items written). A worker whose heartbeat
  expires is reaped by any other: its in-flight requests go back to the queue, its run id to the state's
  ``dead_runs`` (its pending claims may then be taken over, see crawler.state.redis), and the crawl is
  marked unclean, so no site's walk is recorded as finished and the next crawl walks every site in full.
- **The crawl ends when it is drained.** A worker stays while the queue has requests, another live worker
  holds in-flight requests (they may queue more) or the seeder is still seeding, for at most
  ``MAX_IDLE_TIME_BEFORE_CLOSE`` seconds of waiting with nothing to do (0: no limit). The last worker to
  leave a clean, drained crawl records the sites' walks as finished and deletes the crawl's keys.
- **Each worker writes its own files.** Its run id is ``<crawl id>.<worker id>``; its ``.part`` file is held
  by ``.worker-<run id>.lock`` while it lives, so workers sharing an ``OUTPUT_DIR`` never recover each
  other's live files; a dead worker's file is recovered against the shared state by the next worker that
  starts on that directory (``recover_worker_files``).

Keys (``<k>`` = ``tinhoatdong:crawl``): ``<k>:meta`` (crawl id, seeder, seeding, resume, args, unclean),
``<k>:requests`` (scrapy-redis priority queue), ``<k>:dupefilter``, ``<k>:workers``, ``<k>:inflight:<run>``,
``<k>:runs``, ``<k>:chains`` (listing chains still walking per site), ``<k>:broken``, ``<k>:seen``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import redis
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.pipelines.writer import digest_file, fsync_dir, new_run_id, write_json_atomic
from crawler.state import ClaimConflictError
from crawler.state.recovery import record_of
from crawler.workers import (  # DistributedAddon: its old place, for settings that name it there
    CRAWL_PREFIX,
    WORKER_LOCK,
    DistributedAddon,  # noqa: F401
    FileLock,
    lock_is_held,
    worker_lock_path,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

    from crawler.state.redis import RedisState

logger = logging.getLogger(__name__)

PART_SUFFIX = ".jsonl.part"
RECOVERY_LOCK = ".recovery.lock"
STAT = "tinhoatdong/distributed/"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


# -- settings -------------------------------------------------------------------------------------------
def worker_id(settings: Any) -> str:
    """``WORKER_ID`` or ``<host>-<pid>``, made safe for a file name."""
    raw = settings.get("WORKER_ID") or f"{socket.gethostname().split('.')[0]}-{os.getpid()}"
    return _UNSAFE.sub("-", str(raw)).strip("-.")[:40] or f"w{os.getpid()}"


# -- Lua ------------------------------------------------------------------------------------------------
# ARGV[1] crawl prefix, ARGV[2] state prefix. Times are Redis server time, so machines' clocks do not matter.
_LIB = r"""
local K, S = ARGV[1], ARGV[2]
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function requeue(run)
  local key = K .. ':inflight:' .. run
  local kv = redis.call('HGETALL', key)
  for i = 1, #kv, 2 do
    redis.call('ZADD', K .. ':requests', string.match(kv[i], '|(.*)$'), kv[i + 1])
  end
  redis.call('DEL', key)
  return #kv / 2
end
local function bury(run)
  local n = requeue(run)
  redis.call('ZREM', K .. ':workers', run)
  if redis.call('EXISTS', S .. ':pending:' .. run) == 1 then redis.call('SADD', S .. ':dead_runs', run) end
  redis.call('HINCRBY', K .. ':meta', 'unclean', 1)
  return n
end
local function forget_crawl()
  for _, name in ipairs({'meta', 'dupefilter', 'chains', 'broken', 'seen', 'runs'}) do
    redis.call('DEL', K .. ':' .. name)
  end
end
local function reap()
  local requeued = 0
  local dead = redis.call('ZRANGEBYSCORE', K .. ':workers', '-inf', now())
  for _, run in ipairs(dead) do requeued = requeued + bury(run) end
  return {#dead, requeued}
end
"""

# ARGV: K, S, worker id, ttl, new crawl id, resume json, args json, suffix.
# -> {role, crawl id, run, resume, args, reaped, requeued}
_JOIN = (
    _LIB
    + r"""
local reaped = reap()
local role = 'join'
if redis.call('ZCARD', K .. ':workers') == 0 or redis.call('HEXISTS', K .. ':meta', 'id') == 0 then
  forget_crawl()
  redis.call('HSET', K .. ':meta', 'id', ARGV[5], 'seeding', '1', 'resume', ARGV[6], 'args', ARGV[7],
    'unclean', '0', 'started_at', tostring(now()))
  role = 'seed'
end
local id = redis.call('HGET', K .. ':meta', 'id')
local run = id .. '.' .. ARGV[3]
if redis.call('SISMEMBER', K .. ':runs', run) == 1 or redis.call('EXISTS', S .. ':run:' .. run) == 1 then
  run = run .. '-' .. ARGV[8]
end
if role == 'seed' then redis.call('HSET', K .. ':meta', 'seeder', run) end
redis.call('SADD', K .. ':runs', run)
redis.call('ZADD', K .. ':workers', now() + tonumber(ARGV[4]), run)
local m = redis.call('HMGET', K .. ':meta', 'resume', 'args')
return {role, id, run, m[1], m[2], reaped[1], reaped[2]}
"""
)

# ARGV: K, S, run, ttl. The heartbeat (from a thread: a busy reactor must not look dead). -> 1 when this
# run had been reaped meanwhile (taken for dead: "fenced"), else 0.
_RENEW = (
    _LIB
    + r"""
local fenced = 0
if not redis.call('ZSCORE', K .. ':workers', ARGV[3]) then fenced = 1 end
redis.call('ZADD', K .. ':workers', now() + tonumber(ARGV[4]), ARGV[3])
return fenced
"""
)

# ARGV: K, S, run. Reap, and what is left to do. -> {queued, others' in-flight, seeding, 0, reaped, requeued}
_TICK = (
    _LIB
    + r"""
local reaped = reap()
local me = ARGV[3]
local fenced = 0
local others = 0
for _, run in ipairs(redis.call('ZRANGE', K .. ':workers', 0, -1)) do
  if run ~= me then others = others + redis.call('HLEN', K .. ':inflight:' .. run) end
end
local seeding = 0
local m = redis.call('HMGET', K .. ':meta', 'seeding', 'seeder')
if m[1] == '1' and m[2] and redis.call('ZSCORE', K .. ':workers', m[2]) then seeding = 1 end
return {redis.call('ZCARD', K .. ':requests'), others, seeding, fenced, reaped[1], reaped[2]}
"""
)

# KEYS: queue, in-flight hash; ARGV: K, S, lease number. Pop the best request into the in-flight hash.
_POP = (
    _LIB
    + r"""
local got = redis.call('ZPOPMIN', KEYS[1])
if #got == 0 then return false end
redis.call('HSET', KEYS[2], ARGV[3] .. '|' .. got[2], got[1])
return got
"""
)

# ARGV: K, S, run. A run known dead (its lock file is free): requeue and mark it now, not after its TTL.
_BURY = (
    _LIB
    + r"""
local run = ARGV[3]
if redis.call('ZSCORE', K .. ':workers', run) or redis.call('EXISTS', K .. ':inflight:' .. run) == 1 then
  return bury(run)
end
if redis.call('EXISTS', S .. ':pending:' .. run) == 1 then redis.call('SADD', S .. ':dead_runs', run) end
return 0
"""
)

# ARGV: K, S, run, requeue (1: the worker stops early: its in-flight requests go back), unclean (1/0).
# -> {'left'|'orphaned'|'ended', requeued, crawl id, unclean, seeder, chains (flat), broken}
_LEAVE = (
    _LIB
    + r"""
reap()
local me = ARGV[3]
local n = 0
if ARGV[4] == '1' then n = requeue(me) else redis.call('DEL', K .. ':inflight:' .. me) end
if ARGV[5] == '1' then redis.call('HINCRBY', K .. ':meta', 'unclean', 1) end
redis.call('ZREM', K .. ':workers', me)
if redis.call('ZCARD', K .. ':workers') > 0 then return {'left', n} end
if redis.call('ZCARD', K .. ':requests') > 0 then return {'orphaned', n} end
local m = redis.call('HMGET', K .. ':meta', 'id', 'unclean', 'seeder')
local chains = redis.call('HGETALL', K .. ':chains')
local broken = redis.call('SMEMBERS', K .. ':broken')
forget_crawl()
return {'ended', n, m[1] or '', m[2] or '0', m[3] or '', chains, broken}
"""
)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


@dataclass
class Departure:
    """What leaving the crawl found: whether this worker ended it, and how the crawl went."""

    outcome: str  # left (others remain) | orphaned (queue not empty, nobody left) | ended
    requeued: int = 0
    crawl_id: str = ""
    clean: bool = False
    seeder: str = ""
    chains: dict[str, int] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


class SharedSeen:
    """The article links a crawl has met on its listing pages, per site, shared by its workers (a Redis set).

    Stands in for the spider's per-run ``seen_articles`` sets (``in`` and ``add``), so "a page that brings
    no new link ends the walk" holds across workers: each next page may be read by another worker."""

    def __init__(self, client: redis.Redis, key: str, site: str) -> None:
        self.client, self.key, self.site = client, key, site

    def __contains__(self, link: object) -> bool:
        return bool(self.client.sismember(self.key, f"{self.site}\t{link}"))

    def add(self, link: str) -> None:
        self.client.sadd(self.key, f"{self.site}\t{link}")


# -- the shared crawl ---------------------------------------------------------------------------------
class SharedCrawl:
    """This worker's membership of the shared crawl: join, heartbeat, leases, the end (module docstring)."""

    def __init__(self, crawler: Crawler, state: RedisState, *, prefix: str = CRAWL_PREFIX) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.state = state
        self.client: redis.Redis = state.client
        self.prefix = prefix
        self.worker_id = worker_id(settings)
        self.ttl = max(1.0, settings.getfloat("WORKER_TIMEOUT", 60.0))
        self.tick_seconds = min(0.5, self.ttl / 6)
        self.max_idle = max(0.0, settings.getfloat("MAX_IDLE_TIME_BEFORE_CLOSE", 300.0))
        self.crawl_id = ""
        self.run_id = ""
        self.seeds = False  # this worker seeds the sites (the first of a crawl generation)
        self.resume: set[str] = set()
        self.leases: dict[str, Request] = {}
        self._lease_no = 0
        self._idle_since: float | None = None
        self._loop: Any = None
        self._beating = threading.Event()
        self._beater: threading.Thread | None = None
        self._fenced = False
        scripts = {"join": _JOIN, "renew": _RENEW, "tick": _TICK, "pop": _POP, "bury": _BURY, "leave": _LEAVE}
        self._scripts = {name: self.client.register_script(lua) for name, lua in scripts.items()}

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def _run(self, name: str, *args: Any, keys: Iterable[str] = ()) -> Any:
        return self._scripts[name](keys=list(keys), args=[self.prefix, self.state.prefix, *args])

    def _inc(self, name: str, n: int = 1) -> None:
        if self.crawler.stats is not None and n:
            self.crawler.stats.inc_value(STAT + name, n)

    # -- joining -----------------------------------------------------------------------------------
    def join(self, args: dict[str, Any], unfinished: set[str]) -> str:
        """Join the crawl, or start a new generation when no worker is live; returns this run's id.

        `args` (the selected sites and spider arguments) must equal the crawl's: a worker that would crawl
        other sites could not handle the queue's requests. `unfinished` (the state's unfinished walks, read
        before anyone marks this crawl's walks started) is stored by the seeder for every worker."""
        wanted = json.dumps(args, sort_keys=True)
        role, crawl_id, run_id, resume, crawl_args, reaped, requeued = (
            _text(v)
            for v in self._run(
                "join",
                self.worker_id,
                self.ttl,
                new_run_id(),
                json.dumps(sorted(unfinished)),
                wanted,
                secrets.token_hex(2),
            )
        )
        self.crawl_id, self.run_id, self.seeds = crawl_id, run_id, role == "seed"
        self.resume = set(json.loads(resume or "[]"))
        self._note_reaped(int(reaped), int(requeued))
        self._beater = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)
        self._beater.start()
        if crawl_args != wanted:
            self.leave("refused")
            raise DistributedError(
                f"this worker's sites and arguments differ from those of crawl {crawl_id} it would join:\n"
                f"  crawl:  {crawl_args}\n  worker: {wanted}\n"
                "start every worker with the same registry and -a arguments, or wait for the crawl to end"
            )
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value(STAT + "role", "seed" if self.seeds else "join")
            stats.set_value(STAT + "crawl_id", crawl_id)
            stats.set_value(STAT + "worker_id", self.worker_id)
        logger.info(
            "distributed: %s crawl %s as run %s (Redis %s)",
            "started" if self.seeds else "joined",
            crawl_id,
            run_id,
            self.state.uri,
        )
        return run_id

    def _note_reaped(self, reaped: int, requeued: int) -> None:
        if reaped:
            logger.warning(
                "distributed: %d worker(s) stopped answering: %d in-flight request(s) back in the queue",
                reaped,
                requeued,
            )
            self._inc("workers_reaped", reaped)
            self._inc("requests_requeued", requeued)

    def bury(self, run_id: str) -> int:
        """A run known dead (recovery found its lock free): requeue its in-flight requests now."""
        requeued = int(self._run("bury", run_id))
        self._inc("requests_requeued", requeued)
        return requeued

    # -- what the spider shares ------------------------------------------------------------------------
    def seen_sets(self, site_ids: Iterable[str]) -> dict[str, SharedSeen]:
        return {site: SharedSeen(self.client, self.key("seen"), site) for site in site_ids}

    def open_chains(self, chains: dict[str, int]) -> None:
        """The seeder: each site starts with one listing chain per start URL."""
        if chains:
            self.client.hset(self.key("chains"), mapping=chains)

    def end_chain(self, site_id: str) -> None:
        self.client.hincrby(self.key("chains"), site_id, -1)

    def walk_broken(self, site_id: str) -> None:
        self.client.sadd(self.key("broken"), site_id)

    def seeded(self) -> None:
        """The seeder's start requests are all in the queue: waiting workers may now judge it drained."""
        self.client.hset(self.key("meta"), "seeding", "0")

    # -- leases ----------------------------------------------------------------------------------------
    def pop(self, queue: PriorityQueue) -> Request | None:
        """The next request of the shared queue, leased to this worker until Scrapy is done with it."""
        self._lease_no += 1
        got = self._run("pop", self._lease_no, keys=[queue.key, self.key("inflight", self.run_id)])
        if not got:
            return None
        data, score = got
        token = f"{self._lease_no}|{_text(score)}"
        try:
            request = queue._decode_request(data)
        except Exception:  # a request this code cannot rebuild (another version's callback): drop it
            logger.exception("distributed: dropping a queued request that cannot be decoded")
            self.client.hdel(self.key("inflight", self.run_id), token)
            self._inc("requests_undecodable")
            return None
        self.leases[token] = request
        self._idle_since = None
        return request

    def _engine_requests(self) -> set[Any] | None:
        """The requests the engine still works on (downloading, or their callback's output not yet handled).

        Scrapy keeps them in its engine slot; None when there is no engine slot (not running)."""
        slot = getattr(self._engine(), "_slot", None)
        return getattr(slot, "inprogress", None)

    def _engine(self) -> Any:
        try:
            return self.crawler.engine
        except (AttributeError, RuntimeError):  # not created yet (Scrapy raises until the crawl starts)
            return None

    def ack_finished(self) -> int:
        """Release the leases of requests the engine is done with; returns how many."""
        inprogress = self._engine_requests()
        if inprogress is None or not self.leases:
            return 0
        done = [token for token, request in self.leases.items() if request not in inprogress]
        if done:
            self.client.hdel(self.key("inflight", self.run_id), *done)
            for token in done:
                del self.leases[token]
        return len(done)

    # -- heartbeat and the end -------------------------------------------------------------------------
    def _beat(self) -> None:
        """The heartbeat thread: renew this worker's membership every tick until it leaves."""
        while not self._beating.wait(self.tick_seconds):
            try:
                if int(self._run("renew", self.run_id, self.ttl)):
                    self._fenced = True
            except redis.RedisError as exc:
                logger.warning("distributed: heartbeat failed: %s", exc)

    def _status(self) -> tuple[int, int, bool]:
        answer = self._run("tick", self.run_id)
        queued, others, seeding, _, reaped, requeued = (int(v) for v in answer)
        fenced, self._fenced = self._fenced, False
        if fenced:
            logger.warning(
                "distributed: run %s had been taken for dead (no heartbeat for %gs): its in-flight requests "
                "were handed to others; it goes on, and only articles it still holds are written",
                self.run_id,
                self.ttl,
            )
            self._inc("fenced")
        self._note_reaped(reaped, requeued)
        return queued, others, bool(seeding)

    def has_work(self) -> bool:
        """Whether this worker should stay: the scheduler's answer to "are there pending requests?"."""
        self.ack_finished()
        queued, others, seeding = self._status()
        if queued:
            self._idle_since = None
            return True
        if not (others or seeding):
            return False
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if self.max_idle and now - self._idle_since > self.max_idle:
            logger.info(
                "distributed: idle for %gs while other workers finish: leaving (MAX_IDLE_TIME_BEFORE_CLOSE)",
                self.max_idle,
            )
            self._inc("idle_timeout")
            return False
        return True

    def _tick(self) -> None:
        """Every tick: renew the heartbeat, reap the dead, release leases, and wake an idle engine."""
        try:
            self.ack_finished()
            self._status()
        except redis.RedisError as exc:  # a blip must not stop the heartbeat loop
            logger.warning("distributed: heartbeat failed: %s", exc)
            return
        slot = getattr(self._engine(), "_slot", None)
        if slot is not None:
            # Scrapy polls an idle scheduler every 5 s: others refill the shared queue (or drain the crawl)
            # meanwhile, so look sooner. CallLaterOnce: a no-op when a poll is already due.
            slot.nextcall.schedule()

    def start(self) -> None:
        if self._loop is None:
            self._loop = create_looping_call(self._tick)
            self._loop.start(self.tick_seconds, now=False)

    def stop(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self._loop = None

    def leave(self, reason: str) -> Departure:
        """Leave the crawl. A worker that stops early (not "finished") gives its in-flight requests back
        and marks the crawl unclean; the last worker of a drained crawl ends it."""
        self.stop()
        self._beating.set()
        if self._beater is not None:
            self._beater.join()
            self._beater = None
        finished = reason == "finished"
        if finished:
            self.ack_finished()
        early = "0" if reason in ("finished", "refused") else "1"  # refused: it never took a request
        raw = self._run("leave", self.run_id, "0" if finished else "1", early)
        outcome = _text(raw[0])
        departure = Departure(outcome, requeued=int(raw[1]))
        self.leases.clear()
        if departure.requeued:
            logger.warning("distributed: %d in-flight request(s) given back to the queue", departure.requeued)
            self._inc("requests_requeued", departure.requeued)
        if outcome == "ended":
            departure.crawl_id, departure.seeder = _text(raw[2]), _text(raw[4])
            departure.clean = _text(raw[3]) == "0"
            flat = [_text(v) for v in raw[5]]
            departure.chains = {flat[i]: int(flat[i + 1]) for i in range(0, len(flat), 2)}
            departure.broken = {_text(v) for v in raw[6]}
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(STAT + "departure", outcome)
        return departure


class DistributedError(RuntimeError):
    """A worker cannot join the shared crawl as it is."""


# -- scrapy-redis, with leases --------------------------------------------------------------------------
class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue (a sorted set); pops go through `SharedCrawl.pop` (leases).

    Within one priority the newest request goes first, as in Scrapy's own scheduler (depth-first): a
    listing callback yields its articles, then the next listing page, so the walk goes on at once instead
    of waiting behind every queued article (scrapy-redis orders equal scores by their pickled bytes)."""

    shared: SharedCrawl | None = None
    SPAN = 1e9  # pushes per priority level: scores stay exact doubles far beyond any crawl

    def push(self, request: Request) -> None:
        seq = int(self.server.incr(self.key + ":seq")) % int(self.SPAN)
        score = -request.priority * self.SPAN - seq
        self.server.execute_command("ZADD", self.key, score, self._encode_request(request))

    def pop(self, timeout: int = 0) -> Request | None:
        if self.shared is None:
            return super().pop(timeout)
        return self.shared.pop(self)


class RedisCrawlScheduler(Scheduler):
    """The scrapy-redis scheduler (shared queue and dupefilter, persisted) for a shared crawl: requests are
    leased, and "pending requests" means work left anywhere in the crawl, not only in this process."""

    shared: SharedCrawl

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        shared = getattr(crawler, "tinhoatdong_crawl", None)
        if shared is None:
            raise NotConfigured(
                "RedisCrawlScheduler needs crawler.runstate.RunStateExtension (a Redis STATE_URI)"
            )
        instance = super().from_crawler(crawler)
        instance.shared = shared
        return instance

    def open(self, spider: Any) -> None:
        """scrapy-redis's, with the queue leasing through the shared crawl (and no deprecated spider.log)."""
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if isinstance(self.queue, LeasedPriorityQueue):
            self.queue.shared = self.shared
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        if len(self.queue):
            logger.info("distributed: %d request(s) waiting in the shared queue", len(self.queue))
        self.shared.start()

    def enqueue_request(self, request: Request) -> bool:
        """scrapy-redis's, without the `spider` argument Scrapy's stats no longer take."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop()
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return self.shared.has_work()


# -- files: worker locks, recovery ----------------------------------------------------------------------
@dataclass(frozen=True)
class RecoveredPart:
    run_id: str
    lines: int  # lines kept: articles still recorded for the dead run
    dropped_lines: int  # taken over by another worker, repeated, or unreadable
    dropped_bytes: int  # a torn last line


def recover_worker_files(out_dir: Path, state: RedisState, shared: SharedCrawl | None) -> list[RecoveredPart]:
    """Finalize the ``.part`` files that dead workers left in this output directory, against the shared state.

    Only files whose worker lock is free (the process is gone) and that have one (a distributed worker's);
    one starting worker at a time (``.recovery.lock``). Pending records of runs whose files are elsewhere
    are never touched here: they may be live workers on other machines."""
    out_dir.mkdir(parents=True, exist_ok=True)
    guard = FileLock(out_dir / RECOVERY_LOCK)
    guard.acquire(wait=True)
    try:
        done = []
        for part in sorted(out_dir.glob("*" + PART_SUFFIX)):
            run_id = part.name[: -len(PART_SUFFIX)]
            lock = worker_lock_path(out_dir, run_id)
            if not lock.exists():
                logger.warning("recovery: %s is not a distributed worker's file: left alone", part.name)
                continue
            if lock_is_held(lock):
                continue
            if shared is not None:
                shared.bury(run_id)
            done.append(_recover_part(part, run_id, state))
            lock.unlink(missing_ok=True)
        for lock in out_dir.glob(WORKER_LOCK.format(run_id="*")):  # workers that died before writing
            run_id = lock.name[len(".worker-") : -len(".lock")]
            if not (out_dir / f"{run_id}{PART_SUFFIX}").exists() and not lock_is_held(lock):
                lock.unlink(missing_ok=True)
        return done
    finally:
        guard.release()


def _recover_part(part: Path, run_id: str, state: RedisState) -> RecoveredPart:
    """Finalize first, then keep the lines whose records are the run's and final: a claim another worker
    takes over at any moment is then either final here (and its line kept) or not ours (and dropped)."""
    data = part.read_bytes()
    keep = data.rfind(b"\n") + 1
    mine_before = {rec.id for rec in state.records(run_id)}
    lines: list[tuple[bytes, dict[str, Any]]] = []
    seen: set[str] = set()
    unreadable = 0
    for raw in data[:keep].splitlines(keepends=True):
        try:
            item = json.loads(raw)
            article_id = str(item["id"])
        except (ValueError, KeyError, TypeError):
            unreadable += 1
            continue
        if article_id not in seen:
            seen.add(article_id)
            lines.append((raw, item))
    for _, item in lines:
        if item["id"] not in mine_before:  # the line was written, the claim is gone (forgotten, or lost)
            with contextlib.suppress(ClaimConflictError):  # another run holds it: its line is dropped below
                state.record(record_of(item, run_id))
    state.finalize_run(run_id, [item["id"] for _, item in lines])
    state.discard_pending(run_id)
    mine = {rec.id for rec in state.records(run_id, status="final")}
    kept = [(raw, item) for raw, item in lines if item["id"] in mine]
    tmp = part.with_name(part.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.writelines(raw for raw, _ in kept)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, part)
    final = part.with_name(f"{run_id}.jsonl")
    os.replace(part, final)
    fsync_dir(final.parent)
    line_count, sha256 = digest_file(final)
    write_json_atomic(
        final.with_name(f"{run_id}.manifest.json"),
        _recovered_manifest(run_id, final, [item for _, item in kept], line_count, sha256),
    )
    dropped = len(data[:keep].splitlines()) - len(kept)
    logger.warning(
        "recovery: worker run %s was killed: %d articles kept in %s, %d lines dropped (taken over by another "
        "worker, repeated or unreadable), %d torn bytes",
        run_id,
        line_count,
        final.name,
        dropped,
        len(data) - keep,
    )
    return RecoveredPart(run_id, line_count, dropped, len(data) - keep)


def _recovered_manifest(
    run_id: str, final: Path, items: list[dict[str, Any]], lines: int, sha256: str
) -> dict[str, Any]:
    sites: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = sites.setdefault(item["site"], {"new": 0, "newest_published_at": None})
        entry["new"] += 1
        published = item.get("published_at")
        if published and (entry["newest_published_at"] is None or published > entry["newest_published_at"]):
            entry["newest_published_at"] = published
    crawl_id, _, worker = run_id.partition(".")
    return {
        "run_id": run_id,
        "crawl_id": crawl_id,
        "worker_id": worker,
        "finish_reason": "recovered",
        "recovered_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "note": "the worker was killed; recovery kept the lines of the articles still recorded for it",
        "items_file": final.name,
        "line_count": lines,
        "sha256": sha256,
        "totals": {"new": lines},
        "sites": sites,
    }


def args_fingerprint(spider: Any) -> dict[str, Any]:
    """What every worker of one crawl must agree on: the sites it crawls and the spider arguments."""
    sites = sorted(getattr(s, "id", str(s)) for s in getattr(spider, "sites", []) or [])
    parsed = getattr(spider, "args", None)
    args = {}
    for name in ("since", "max_pages", "full", "source"):
        value = getattr(parsed, name, None) if parsed is not None else getattr(spider, name, None)
        args[name] = value if value is None or isinstance(value, bool | int | float) else str(value)
    # A registry file's path may differ between machines; its entries for the selected sites may not.
    registry = hashlib.sha1(
        json.dumps(
            [[s.id, list(getattr(s, "start_urls", []))] for s in getattr(spider, "sites", []) or []],
            sort_keys=True,
        ).encode()
    ).hexdigest()[:12]
    return {"sites": sites, "args": args, "start_urls": registry}
