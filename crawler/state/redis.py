"""The persistent state on Redis (``STATE_URI=redis://HOST:PORT/DB``): shared by every worker of a crawl.

Same interface and meaning as the SQLite state (crawler.state.base), with what sharing needs:

- **The claim is atomic.** ``record()`` is one Lua script: it checks the canonical URL, then the same
  key-form content on the same site, and only then writes the record and its indexes. Two workers racing
  on one article both pass the dedupe stage's look-ups, but only one claim wins; the other gets
  ``UrlClaimedError`` (or ``ContentClaimedError``) and drops the item. So an article is emitted once across
  all workers and runs.
- **Dead workers' claims can be taken over.** A worker that dies leaves pending claims whose lines may or
  may not have reached its ``.part`` file (on its own disk). Its run id is put in ``dead_runs`` when it is
  reaped (crawler.distributed). Such a claim counts as unknown to ``known_urls`` and ``record()`` takes it
  over for the claiming run (returns ``"taken_over"``); recovery of the dead ``.part`` file, whenever it
  happens, keeps only the lines whose records are still the dead run's (crawler.distributed), so the article
  is in exactly one finalized file either way. Final records are never taken over.
- **Near-duplicate index in Redis.** LSH buckets are hash fields ``<prefix>:lsh:<band>`` → ``<key>`` holding
  the bucket's article numbers (``doc``, claim order), so a lookup is 25 field reads plus the candidates'
  signatures, as in SQLite; the band keys come from crawler.neardup.
- **Durability is Redis's.** Every write is applied at once (``flush()`` has nothing to do). Run Redis with
  ``appendonly yes`` (README): a Redis restart without persistence forgets the archive.

Keys (``<p>`` = ``tinhoatdong:state``): ``<p>:meta`` (schema and MinHash/LSH schemes), ``<p>:seq`` (doc
counter), ``<p>:art:<id>`` (one hash per article), ``<p>:urls`` (canonical URL → id), ``<p>:hash`` and
``<p>:sitehash`` (content hash → ids, earliest first), ``<p>:lsh:<band>``, ``<p>:sig`` and ``<p>:doc``
(doc → signature / id), ``<p>:order`` (ids by doc), ``<p>:run:<run>``, ``<p>:pending:<run>``,
``<p>:pending_runs``, ``<p>:dead_runs``, ``<p>:walks``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import redis

from crawler import neardup
from crawler.state.base import ArticleRecord, ContentClaimedError, UrlClaimedError

logger = logging.getLogger(__name__)

__all__ = ["PREFIX", "SCHEMA_VERSION", "RedisState", "RedisStateError"]

PREFIX = "tinhoatdong:state"
SCHEMA_VERSION = 1
CHUNK = 500  # URLs or ids per script call or pipeline
BUCKET_LIMIT = 64  # docs read per LSH bucket (the earliest ones), as in SQLite
BUCKET_CAP = 256  # docs kept per LSH bucket: only the earliest are ever read
MAX_CANDIDATES = 256  # signatures compared per lookup, earliest first
SEP = "\x1f"  # between site and content hash in <p>:sitehash fields


class RedisStateError(RuntimeError):
    """The Redis state cannot be used as it is (unreachable, newer schema, incomparable signatures)."""


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# Lua helpers shared by the scripts. Lists of ids/docs are space-separated words in a hash field: compact (one
# field per bucket, not one key) and ordered by claim.
_LIB = r"""
local P = ARGV[1]
local function words(v)
  local out = {}
  if v then for w in string.gmatch(v, '%S+') do out[#out + 1] = w end end
  return out
end
local function append(key, field, word)
  local v = redis.call('HGET', key, field)
  if not v then redis.call('HSET', key, field, word) return end
  local _, n = string.gsub(v, ' ', ' ')
  if n + 1 < tonumber(ARGV[2]) then redis.call('HSET', key, field, v .. ' ' .. word) end
end
local function remove(key, field, word)
  local out = {}
  for _, w in ipairs(words(redis.call('HGET', key, field))) do
    if w ~= word then out[#out + 1] = w end
  end
  if #out == 0 then redis.call('HDEL', key, field)
  else redis.call('HSET', key, field, table.concat(out, ' ')) end
end
local function settle_run(run)
  if redis.call('SCARD', P .. ':pending:' .. run) == 0 then
    redis.call('SREM', P .. ':pending_runs', run)
    redis.call('SREM', P .. ':dead_runs', run)
  end
end
local function unindex(id)
  local a = P .. ':art:' .. id
  local f = redis.call('HMGET', a, 'canonical_url', 'site', 'content_hash', 'doc', 'run_id', 'bands')
  if not f[4] then return end
  if redis.call('HGET', P .. ':urls', f[1]) == id then redis.call('HDEL', P .. ':urls', f[1]) end
  remove(P .. ':hash', f[3], id)
  remove(P .. ':sitehash', f[2] .. '\31' .. f[3], id)
  for _, bk in ipairs(words(f[6])) do
    local band, key = string.match(bk, '^(%d+):(.+)$')
    remove(P .. ':lsh:' .. band, key, f[4])
  end
  redis.call('HDEL', P .. ':sig', f[4])
  redis.call('HDEL', P .. ':doc', f[4])
  redis.call('ZREM', P .. ':order', id)
  redis.call('SREM', P .. ':run:' .. f[5], id)
  redis.call('SREM', P .. ':pending:' .. f[5], id)
  redis.call('DEL', a)
  settle_run(f[5])
end
local function dead_pending(id)
  local f = redis.call('HMGET', P .. ':art:' .. id, 'status', 'run_id')
  return f[1] == 'pending' and redis.call('SISMEMBER', P .. ':dead_runs', f[2]) == 1
end
"""

# ARGV: prefix, bucket cap, id, url, site, content_hash, signature ('' = none), run, file, published ('' =
# none), recorded_at, then "band:key" words. Returns {outcome, holder id, holder run}.
_RECORD = (
    _LIB
    + r"""
local id, url, site, chash, sig, run = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local file, published, now = ARGV[9], ARGV[10], ARGV[11]
local bands = {}
for i = 12, #ARGV do bands[#bands + 1] = ARGV[i] end
local outcome = 'new'
local holder = redis.call('HGET', P .. ':urls', url)
if not holder and redis.call('EXISTS', P .. ':art:' .. id) == 1 then holder = id end
if holder then
  local hrun = redis.call('HGET', P .. ':art:' .. holder, 'run_id')
  if holder == id and hrun == run then return {'same', holder, hrun} end
  if holder ~= id or not dead_pending(holder) then return {'url', holder, hrun or ''} end
  outcome = 'taken_over'
end
for _, other in ipairs(words(redis.call('HGET', P .. ':sitehash', site .. '\31' .. chash))) do
  if other ~= id then return {'content', other, redis.call('HGET', P .. ':art:' .. other, 'run_id') or ''} end
end
if outcome == 'taken_over' then unindex(id) end
local doc = tostring(redis.call('INCR', P .. ':seq'))
local a = P .. ':art:' .. id
redis.call('HSET', a, 'id', id, 'canonical_url', url, 'site', site, 'content_hash', chash, 'run_id', run,
  'file', file, 'status', 'pending', 'recorded_at', now, 'doc', doc, 'bands', table.concat(bands, ' '))
if published ~= '' then redis.call('HSET', a, 'published_at', published) end
redis.call('HSET', P .. ':urls', url, id)
append(P .. ':hash', chash, id)
append(P .. ':sitehash', site .. '\31' .. chash, id)
if sig ~= '' then
  redis.call('HSET', P .. ':sig', doc, sig)
  for _, bk in ipairs(bands) do
    local band, key = string.match(bk, '^(%d+):(.+)$')
    append(P .. ':lsh:' .. band, key, doc)
  end
end
redis.call('HSET', P .. ':doc', doc, id)
redis.call('ZADD', P .. ':order', doc, id)
redis.call('SADD', P .. ':run:' .. run, id)
redis.call('SADD', P .. ':pending:' .. run, id)
redis.call('SADD', P .. ':pending_runs', run)
return {outcome, id, run}
"""
)

# ARGV: prefix, cap, run, then ids (none = all the run's pending). Returns how many became final.
_FINALIZE = (
    _LIB
    + r"""
local run = ARGV[3]
local pend = P .. ':pending:' .. run
local ids = {}
if #ARGV > 3 then for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
else ids = redis.call('SMEMBERS', pend) end
local n = 0
for _, id in ipairs(ids) do
  if redis.call('SREM', pend, id) == 1 then
    redis.call('HSET', P .. ':art:' .. id, 'status', 'final')
    n = n + 1
  end
end
settle_run(run)
return n
"""
)

# ARGV: prefix, cap, run, then ids to keep. Forgets the run's other pending records; returns how many.
_DISCARD = (
    _LIB
    + r"""
local run = ARGV[3]
local keep = {}
for i = 4, #ARGV do keep[ARGV[i]] = true end
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', P .. ':pending:' .. run)) do
  if not keep[id] then unindex(id) n = n + 1 end
end
settle_run(run)
return n
"""
)

# ARGV: prefix, cap, then canonical URLs. Returns those recorded, except pending claims of dead runs.
_KNOWN = (
    _LIB
    + r"""
local found = {}
for i = 3, #ARGV do
  local holder = redis.call('HGET', P .. ':urls', ARGV[i])
  if holder and not dead_pending(holder) then found[#found + 1] = ARGV[i] end
end
return found
"""
)


class RedisState:
    """The `State` interface (crawler.state.base) on a Redis database, shared by concurrent workers."""

    schema_version = SCHEMA_VERSION

    def __init__(self, uri: str, *, prefix: str = PREFIX, client: redis.Redis | None = None) -> None:
        self.uri = uri
        self.prefix = prefix
        self.client = client if client is not None else redis.Redis.from_url(uri, socket_timeout=60)
        try:
            self.client.ping()
        except redis.RedisError as exc:
            raise RedisStateError(f"STATE_URI {uri}: cannot reach Redis: {exc}") from exc
        self._record = self.client.register_script(_RECORD)
        self._finalize = self.client.register_script(_FINALIZE)
        self._discard = self.client.register_script(_DISCARD)
        self._known = self.client.register_script(_KNOWN)
        self._check_schemes()

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def _argv(self, *rest: Any) -> list[Any]:
        return [self.prefix, BUCKET_CAP, *rest]

    # -- meta ---------------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.client.hgetall(self.key("meta")).items()}

    def _check_schemes(self) -> None:
        """As SQLite: a newer schema or another MinHash scheme is refused, a new band layout rebuilt."""
        meta_key = self.key("meta")
        self.client.hsetnx(meta_key, "created_at", _utc_now())
        self.client.hsetnx(meta_key, "schema_version", str(SCHEMA_VERSION))
        meta = self.meta()
        if int(meta["schema_version"]) > SCHEMA_VERSION:
            raise RedisStateError(
                f"{self.uri} has state schema version {meta['schema_version']}, newer than this code's "
                f"{SCHEMA_VERSION}: upgrade the crawler or use another STATE_URI"
            )
        stored = meta.get("minhash_scheme")
        if stored != neardup.MINHASH_SCHEME:
            if stored is not None and self.client.hlen(self.key("sig")):
                raise RedisStateError(
                    f"state {self.uri}: its signatures were made with {stored!r}, this code makes "
                    f"{neardup.MINHASH_SCHEME!r}; they cannot be compared (use another STATE_URI)"
                )
            self.client.hset(meta_key, "minhash_scheme", neardup.MINHASH_SCHEME)
        if meta.get("lsh_scheme") != neardup.LSH_SCHEME:
            if meta.get("lsh_scheme") is not None:
                self._rebuild_lsh()
            self.client.hset(meta_key, "lsh_scheme", neardup.LSH_SCHEME)

    def _rebuild_lsh(self) -> None:
        """The band layout changed: rebuild the buckets and band lists from the signatures."""
        logger.warning("state %s: LSH band layout changed, rebuilding the buckets", self.uri)
        stale = list(self.client.scan_iter(match=self.key("lsh", "*")))
        if stale:
            self.client.delete(*stale)
        buckets: dict[tuple[int, int], list[int]] = {}
        bands_of: dict[int, str] = {}
        for raw_doc, sig in self.client.hscan_iter(self.key("sig")):
            doc = int(raw_doc)
            pairs = neardup.band_keys(sig)
            bands_of[doc] = " ".join(f"{b}:{k}" for b, k in pairs)
            for pair in pairs:
                buckets.setdefault(pair, []).append(doc)
        ids = (
            dict(zip(bands_of, self.client.hmget(self.key("doc"), list(bands_of)), strict=True))
            if bands_of
            else {}
        )
        pipe = self.client.pipeline(transaction=False)
        for (band, key), docs in buckets.items():
            pipe.hset(self.key("lsh", str(band)), str(key), " ".join(map(str, sorted(docs)[:BUCKET_CAP])))
        for doc, words in bands_of.items():
            if ids.get(doc):
                pipe.hset(self.key("art", ids[doc].decode()), "bands", words)
        pipe.execute()

    # -- what is known -------------------------------------------------------------------------------
    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of these canonical URLs recorded (pending or final), except claims a dead worker left
        pending: those are free to be fetched and taken over."""
        urls = list(dict.fromkeys(canonical_urls))
        found: set[str] = set()
        for start in range(0, len(urls), CHUNK):
            found.update(u.decode() for u in self._known(args=self._argv(*urls[start : start + CHUNK])))
        return found

    def _first(self, key: str, field: str) -> str | None:
        value = self.client.hget(key, field)
        return value.split(b" ", 1)[0].decode() if value else None

    def id_for_content(self, site: str, content_hash: str) -> str | None:
        """The id of the earliest article of this site with the same key-form content, if any."""
        return self._first(self.key("sitehash"), f"{site}{SEP}{content_hash}")

    def id_for_hash(self, content_hash: str) -> str | None:
        """The id of the earliest article of any site with this key-form content, if any."""
        return self._first(self.key("hash"), content_hash)

    def near_duplicate(self, signature: bytes, threshold: float) -> tuple[str, float] | None:
        """The earliest recorded article whose estimated Jaccard with `signature` is ≥ threshold, with it."""
        pipe = self.client.pipeline(transaction=False)
        for band, key in neardup.band_keys(signature):
            pipe.hget(self.key("lsh", str(band)), str(key))
        docs: set[int] = set()
        for value in pipe.execute():
            if value:
                docs.update(int(d) for d in value.split()[:BUCKET_LIMIT])
        candidates = sorted(docs)[:MAX_CANDIDATES]
        if not candidates:
            return None
        pipe = self.client.pipeline(transaction=False)
        pipe.hmget(self.key("sig"), candidates)
        pipe.hmget(self.key("doc"), candidates)
        sigs, ids = pipe.execute()
        for stored, article_id in zip(sigs, ids, strict=True):
            if stored is None or article_id is None:
                continue
            similarity = neardup.jaccard(signature, stored)
            if similarity >= threshold:
                return article_id.decode(), similarity
        return None

    # -- recording -----------------------------------------------------------------------------------
    def record(self, rec: ArticleRecord) -> str | None:
        """Claim an article for rec.run_id, atomically (module docstring). Returns "taken_over" when a dead
        run's pending claim was taken; None otherwise (new, or this run recorded it already: a replay).
        Raises UrlClaimedError / ContentClaimedError when another run holds the URL / the same content on
        the site."""
        bands = [f"{b}:{k}" for b, k in neardup.band_keys(rec.signature)] if rec.signature else []
        outcome, holder, holder_run = (
            part.decode()
            for part in self._record(
                args=self._argv(
                    rec.id,
                    rec.canonical_url,
                    rec.site,
                    rec.content_hash,
                    rec.signature or b"",
                    rec.run_id,
                    rec.file,
                    rec.published_at or "",
                    _utc_now(),
                    *bands,
                )
            )
        )
        if outcome == "url":
            raise UrlClaimedError(
                f"article {rec.id} ({rec.canonical_url}) is already recorded by run {holder_run} as {holder}",
                holder,
            )
        if outcome == "content":
            raise ContentClaimedError(
                f"article {rec.id} ({rec.canonical_url}) has the content of {holder} (run {holder_run})",
                holder,
            )
        return "taken_over" if outcome == "taken_over" else None

    def finalize_run(self, run_id: str, ids: Iterable[str] | None = None) -> int:
        """Mark the run's pending records final (only `ids` when given, and only those still the run's)."""
        if ids is None:
            return int(self._finalize(args=self._argv(run_id)))
        wanted = list(dict.fromkeys(ids))
        return sum(
            int(self._finalize(args=self._argv(run_id, *wanted[start : start + CHUNK])))
            for start in range(0, len(wanted), CHUNK)
        )

    def discard_pending(self, run_id: str, keep: Iterable[str] = ()) -> int:
        """Forget the run's pending records except `keep`, with their index entries; returns how many."""
        return int(self._discard(args=self._argv(run_id, *dict.fromkeys(keep))))

    def pending_runs(self) -> list[str]:
        """Runs that still have pending records (oldest run id first)."""
        return sorted(r.decode() for r in self.client.smembers(self.key("pending_runs")))

    def dead_runs(self) -> set[str]:
        """Runs of reaped workers whose pending claims may be taken over."""
        return {r.decode() for r in self.client.smembers(self.key("dead_runs"))}

    def _fetch(self, ids: list[str]) -> list[tuple[int, ArticleRecord, str]]:
        """(doc, record, status) of these ids, skipping ids forgotten meanwhile."""
        pipe = self.client.pipeline(transaction=False)
        for article_id in ids:
            pipe.hgetall(self.key("art", article_id))
        found = [{k.decode(): v.decode() for k, v in raw.items()} for raw in pipe.execute() if raw]
        signed = [f["doc"] for f in found if f.get("bands")]
        sigs = dict(zip(signed, self.client.hmget(self.key("sig"), signed), strict=True)) if signed else {}
        out = []
        for text in found:
            doc = int(text["doc"])
            sig = sigs.get(text["doc"])
            rec = ArticleRecord(
                id=text["id"],
                canonical_url=text["canonical_url"],
                site=text["site"],
                content_hash=text["content_hash"],
                signature=sig,
                run_id=text["run_id"],
                file=text["file"],
                published_at=text.get("published_at"),
            )
            out.append((doc, rec, text["status"]))
        return out

    def records(self, run_id: str | None = None, status: str | None = None) -> Iterator[ArticleRecord]:
        """Recorded articles in recording order, optionally of one run and/or one status."""
        if run_id is not None:
            ids = sorted(i.decode() for i in self.client.smembers(self.key("run", run_id)))
            rows = []
            for start in range(0, len(ids), CHUNK):
                rows.extend(self._fetch(ids[start : start + CHUNK]))
            for _, rec, st in sorted(rows, key=lambda row: row[0]):
                if (status is None or st == status) and rec.run_id == run_id:
                    yield rec
            return
        last = 0
        while True:
            page = self.client.zrangebyscore(
                self.key("order"), f"({last}", "+inf", start=0, num=1000, withscores=True
            )
            if not page:
                return
            last = int(page[-1][1])
            for _, rec, st in sorted(self._fetch([i.decode() for i, _ in page]), key=lambda row: row[0]):
                if status is None or st == status:
                    yield rec

    def count(self, status: str | None = None) -> int:
        """How many articles are recorded (of one status when given)."""
        total = int(self.client.zcard(self.key("order")))
        if status is None:
            return total
        pending = sum(int(self.client.scard(self.key("pending", r))) for r in self.pending_runs())
        return pending if status == "pending" else total - pending

    # -- listing walks -------------------------------------------------------------------------------
    def walk_started(self, site: str, run_id: str) -> None:
        self.client.hset(
            self.key("walks"),
            site,
            json.dumps({"run_id": run_id, "started_at": _utc_now(), "finished_at": None}),
        )

    def walk_finished(self, site: str, run_id: str) -> None:
        raw = self.client.hget(self.key("walks"), site)
        walk = json.loads(raw) if raw else None
        if walk is not None and walk.get("run_id") == run_id:
            walk["finished_at"] = _utc_now()
            self.client.hset(self.key("walks"), site, json.dumps(walk))

    def unfinished_walks(self) -> set[str]:
        return {
            site.decode()
            for site, raw in self.client.hgetall(self.key("walks")).items()
            if json.loads(raw).get("finished_at") is None
        }

    # -- lifecycle -----------------------------------------------------------------------------------
    def flush(self) -> None:
        """Nothing to do: every write is applied when made (durability is Redis's own: appendonly)."""

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RedisState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
