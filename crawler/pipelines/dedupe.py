"""Dedupe stage: never emit an article twice, and mark reposts, against the persistent state.

Runs after validation (500) and before the writer (900), at 700: only items that will be written are
recorded. For each item, in this order:
1. **Same canonical URL** already recorded (any run, pending or final) → dropped. Stats
   ``tinhoatdong/dropped/duplicate_url`` and ``tinhoatdong/site/<site>/already_seen``.
2. **Same key-form content on the same site** under another URL (the site moved or re-listed it) →
   dropped. Stats ``tinhoatdong/dropped/duplicate_content`` and ``tinhoatdong/site/<site>/duplicates``.
3. **Reposts** → kept, with ``duplicate_of`` = the earliest recorded article's id. Stat
   ``tinhoatdong/site/<site>/near_duplicates``. First the exact content hash of any other site (this also
   covers bodies too short to sign), then MinHash LSH over summary + body (``crawler.neardup``), confirmed
   at estimated Jaccard ≥ ``DEDUPE_NEAR_THRESHOLD`` (0.8).
   *Same-site near-duplicates are marked too, not dropped*: a site that republishes its own article with
   small edits under a new URL is usually correcting it (a name, a figure), so both versions are kept and
   the later one points to the first. Only byte-for-byte-equal key-form content on one site is dropped.
4. ``state.record(...)``: pending, for this run (``crawler.pipelines.writer.resolve_run_id``, the writer's
   id) and its file ``<run_id>.jsonl``. The run's records become final when its file is (crawler.state).
   With a shared state (Redis, distributed mode) this is the atomic claim: when another worker recorded the
   same URL (or same-site content) between the look-ups above and here, the item is dropped as in 1 (2);
   a claim a dead worker left pending is taken over (stat ``tinhoatdong/distributed/claims_taken_over``).

The state is ``crawler.tinhoatdong_state`` when an extension has set it before the first item; otherwise
the pipeline opens ``open_state(STATE_URI, OUTPUT_DIR)`` itself (and closes it at the end). Drops are
logged at DEBUG: they are expected on every scheduled run and counted in the stats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler import neardup
from crawler.pipelines.writer import resolve_run_id
from crawler.state import ArticleRecord, ContentClaimedError, State, UrlClaimedError, open_state
from crawler.state.sqlite import StateConflictError
from crawler.text.hashing import content_hash_display

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

STATE_ATTR = "tinhoatdong_state"  # set on the crawler by the state extension


class DedupePipeline:
    """Drop already-emitted and same-site same-content items; mark reposts; record the rest as pending."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = resolve_run_id(crawler)
        self.file = f"{self.run_id}.jsonl"
        self.threshold = crawler.settings.getfloat("DEDUPE_NEAR_THRESHOLD", neardup.NEAR_DUPLICATE_THRESHOLD)
        self._state: State | None = None
        self._own_state = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def state(self) -> State:
        """The crawl's state, resolved at first use (an extension may only set it once the spider opened)."""
        if self._state is None:
            shared = getattr(self.crawler, STATE_ATTR, None)
            if shared is not None:
                self._state = shared
            else:
                settings = self.crawler.settings
                self._state = open_state(settings.get("STATE_URI"), settings.get("OUTPUT_DIR") or "output")
                self._own_state = True
        return self._state

    def _inc(self, *keys: str) -> None:
        stats = self.crawler.stats
        if stats is not None:
            for key in keys:
                stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        state = self.state
        site, url = str(adapter["site"]), str(adapter["canonical_url"])
        if state.known_urls([url]):
            self._inc("tinhoatdong/dropped/duplicate_url", f"tinhoatdong/site/{site}/already_seen")
            raise DropItem(f"already emitted: {url}", log_level="DEBUG")
        chash = adapter.get("content_hash") or content_hash_display(adapter.get("title"), adapter.get("text"))
        earlier = state.id_for_content(site, chash)
        if earlier is not None and earlier != adapter["id"]:  # itself: a dead worker's claim (Redis state)
            self._inc("tinhoatdong/dropped/duplicate_content", f"tinhoatdong/site/{site}/duplicates")
            raise DropItem(f"same content as {earlier} on {site}: {url}", log_level="DEBUG")
        sig = neardup.item_signature(adapter.get("summary"), adapter.get("text"))
        original = self._original(state, chash, sig, str(adapter["id"]))
        if original is not None:
            adapter["duplicate_of"] = original
            self._inc(f"tinhoatdong/site/{site}/near_duplicates")
        record = ArticleRecord(
            id=str(adapter["id"]),
            canonical_url=url,
            site=site,
            content_hash=chash,
            signature=sig,
            run_id=self.run_id,
            file=self.file,
            published_at=adapter.get("published_at"),
        )
        try:
            claimed = state.record(record)
        except (UrlClaimedError, StateConflictError):
            self._inc("tinhoatdong/dropped/duplicate_url", f"tinhoatdong/site/{site}/already_seen")
            raise DropItem(f"already emitted (claimed meanwhile): {url}", log_level="DEBUG") from None
        except ContentClaimedError as exc:
            self._inc("tinhoatdong/dropped/duplicate_content", f"tinhoatdong/site/{site}/duplicates")
            raise DropItem(f"same content as {exc.holder} on {site}: {url}", log_level="DEBUG") from None
        if claimed == "taken_over":
            self._inc("tinhoatdong/distributed/claims_taken_over")
        return item

    def _original(self, state: State, chash: str, sig: bytes | None, own_id: str) -> str | None:
        """The earliest article this one reposts: same content anywhere, else a confirmed near-duplicate.

        Never the article itself (found when it takes over a dead worker's claim on a shared state)."""
        exact = state.id_for_hash(chash)
        if exact is not None and exact != own_id:
            return exact
        if sig is None:
            return None
        found = state.near_duplicate(sig, self.threshold)
        return found[0] if found and found[0] != own_id else None

    def close_spider(self) -> None:
        """Make this run's records durable; close the state only if this pipeline opened it."""
        if self._state is None:
            return
        if self._own_state:
            self._state.close()
            self._state = None
        else:
            self._state.flush()
