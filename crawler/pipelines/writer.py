"""Write items as JSON Lines under OUTPUT_DIR/tinhoatdong/, with a manifest per run.

A file named `<run-id>.jsonl` is always complete (CONTRACT.md): items go to `<run-id>.jsonl.part`, which is
fsynced and atomically renamed when the spider closes. The manifest beside it says what the run did and
carries the final file's line count and sha256, so a downstream job can check what it picked up.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.health import Written, previous_health, site_health
from crawler.items import FIELDS, SCHEMA_VERSION, item_dict

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

RUN_ID_STAT = "tinhoatdong/run_id"
SPIDER_ARGS = ("sites", "site", "since", "max_pages", "full", "source")
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_SITE_STAT = re.compile(r"tinhoatdong/site/([a-z0-9_]+)/(.+)")
# json.dumps(ensure_ascii=False) leaves these raw; str.splitlines() and some JSONL readers split on them.
_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def new_run_id(now: datetime | None = None) -> str:
    """UTC `YYYYMMDDTHHMMSSZ` plus a short random suffix: sortable, and unique across parallel workers."""
    now = now or datetime.now(UTC)
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def resolve_run_id(crawler: Crawler) -> str:
    """This run's id, the same for every component that asks: setting RUN_ID, else a new one.

    It is kept in the stats as `tinhoatdong/run_id` so that other components (WARC writer, state) use it too.
    """
    stats = crawler.stats
    known = stats.get_value(RUN_ID_STAT) if stats is not None else None
    if known:
        return str(known)
    run_id = crawler.settings.get("RUN_ID") or new_run_id()
    if not isinstance(run_id, str) or not _RUN_ID.fullmatch(run_id):
        raise ValueError(f"RUN_ID {run_id!r} is not a safe file name part ([A-Za-z0-9][A-Za-z0-9_.-]*)")
    if stats is not None:
        stats.set_value(RUN_ID_STAT, run_id)
    return run_id


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def digest_file(path: Path) -> tuple[int, str]:
    """(line count, sha256 hex) of a file, streamed."""
    sha, lines = hashlib.sha256(), 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
            lines += block.count(b"\n")
    return lines, sha.hexdigest()


def _jsonable(value: Any) -> Any:
    """Spider arguments as the manifest records them (the spider may have parsed them)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if hasattr(value, "id") and hasattr(value, "start_urls"):  # a registry Site
        return value.id
    return str(value)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write a JSON file so that a reader sees the old one or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def encode_line(data: dict[str, Any]) -> bytes:
    """One item as one JSON line: keys in schema order, UTF-8, compact, `\\n` terminated."""
    text = json.dumps(
        {k: data[k] for k in FIELDS}, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    for char, escaped in _LINE_BREAKERS.items():
        text = text.replace(char, escaped)
    return text.encode("utf-8") + b"\n"


@dataclass
class _SiteTally:
    new: int = 0
    newest_published_at: str | None = None
    categories: Counter[str] = field(default_factory=Counter)
    written: Written = field(default_factory=Written)  # field coverage, for the health report

    def add(self, data: dict[str, Any]) -> None:
        self.new += 1
        self.written.add(data)
        published = data.get("published_at")
        if isinstance(published, str) and (
            self.newest_published_at is None
            or (published[:10], published) > (self.newest_published_at[:10], self.newest_published_at)
        ):
            self.newest_published_at = published
        if isinstance(data.get("category"), str):
            self.categories[data["category"]] += 1


class JsonlWriterPipeline:
    """The last pipeline: append each item to the run's .part file; finalise file and manifest at close."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = resolve_run_id(crawler)
        self.dir = Path(crawler.settings.get("OUTPUT_DIR") or "output") / "tinhoatdong"
        self.final_path = self.dir / f"{self.run_id}.jsonl"
        self.part_path = self.dir / f"{self.run_id}.jsonl.part"
        self.manifest_path = self.dir / f"{self.run_id}.manifest.json"
        self.tallies: dict[str, _SiteTally] = {}
        self.started_at: str | None = None
        self.manifest: dict[str, Any] | None = None
        self._fh: Any = None
        # Distributed mode (crawler.distributed, set up by the state extension before the pipelines exist).
        self.shared = getattr(crawler, "tinhoatdong_crawl", None)
        self.written_ids: list[str] = []
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.final_path.exists():
            raise FileExistsError(
                f"{self.final_path} exists: run {self.run_id} is finished; use another RUN_ID"
            )
        self.started_at = _utc_now()
        if self.part_path.exists():
            self._resume_part()
        self._fh = self.part_path.open("ab")

    def _resume_part(self) -> None:
        """Same RUN_ID after a kill (e.g. a JOBDIR resume): keep the complete lines, drop a torn last one."""
        data = self.part_path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            with self.part_path.open("r+b") as fh:
                fh.truncate(keep)
        for line in data[:keep].splitlines():
            item = json.loads(line)
            self.tallies.setdefault(str(item.get("site")), _SiteTally()).add(item)
        logger.warning(
            "Resuming %s: %d complete lines kept, %d torn bytes dropped",
            self.part_path,
            data.count(b"\n", 0, keep),
            len(data) - keep,
        )

    def process_item(self, item: Any) -> Any:
        data = item_dict(item)
        extra, missing = set(data) - set(FIELDS), set(FIELDS) - set(data)
        if extra or missing:
            # ValidatePipeline runs first and catches this; reaching here means it is not enabled.
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("tinhoatdong/dropped/writer_bad_fields")
            raise DropItem(
                f"not an Article: unknown fields {sorted(extra)}, missing fields {sorted(missing)}"
            )
        self._fh.write(encode_line(data))
        self._fh.flush()
        if self.shared is not None:
            self.written_ids.append(str(data["id"]))
        site = str(data["site"])
        self.tallies.setdefault(site, _SiteTally()).add(data)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("tinhoatdong/items_written")
            self.crawler.stats.inc_value(f"tinhoatdong/site/{site}/new")
        return item

    def close_spider(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self._fh = None
        if self.shared is not None:
            self._keep_own_claims()
        os.replace(self.part_path, self.final_path)
        fsync_dir(self.dir)
        line_count, sha256 = digest_file(self.final_path)
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        self.manifest = self._build_manifest(stats, line_count, sha256)
        capture = getattr(self.crawler, "warc_capture", None)  # crawler.archive.capture, when WARC_ENABLED
        if capture is not None:
            self.manifest["archive"] = capture.finish()
        self._write_manifest()
        logger.info("Wrote %d items to %s", line_count, self.final_path)

    def _keep_own_claims(self) -> None:
        """Distributed mode: finalize this run's claims first, then keep only the lines of articles still
        claimed by it. A worker taken for dead while it was alive (a long stall) may have had claims taken
        over by another worker, which writes those articles too; finalizing first makes the set of lines and
        of final records agree whatever another worker does meanwhile (crawler.state.redis)."""
        state = self.crawler.tinhoatdong_state  # type: ignore[attr-defined]
        state.finalize_run(self.run_id, self.written_ids)
        state.discard_pending(self.run_id)  # claimed but never written (a failure between the two stages)
        mine = {rec.id for rec in state.records(self.run_id, status="final")}
        if len(mine) == len(self.written_ids) and mine.issuperset(self.written_ids):
            return
        kept: list[bytes] = []
        seen: set[str] = set()
        self.tallies = {}
        with self.part_path.open("rb") as fh:
            for raw in fh:
                item = json.loads(raw)
                if item["id"] in mine and item["id"] not in seen:
                    seen.add(item["id"])
                    kept.append(raw)
                    self.tallies.setdefault(str(item["site"]), _SiteTally()).add(item)
        dropped = len(self.written_ids) - len(kept)
        tmp = self.part_path.with_name(self.part_path.name + ".tmp")
        with tmp.open("wb") as fh:
            fh.writelines(kept)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.part_path)
        logger.warning("%d line(s) dropped: their articles were taken over by another worker", dropped)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("tinhoatdong/distributed/lines_dropped", dropped)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """The close reason only arrives after the pipelines closed: record it in the manifest then."""
        if self.manifest is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        self.manifest["finish_reason"] = stats.get("finish_reason") or reason
        self._write_manifest()

    def _write_manifest(self) -> None:
        write_json_atomic(self.manifest_path, self.manifest)

    @staticmethod
    def _spider_sites(spider: Any) -> list[Any]:
        """The spider's selected sites when it keeps them as `sites` (a list of registry Site objects)."""
        value = getattr(spider, "sites", None)
        if isinstance(value, list | tuple) and all(
            hasattr(s, "id") and hasattr(s, "start_urls") for s in value
        ):
            return list(value)
        return []

    @staticmethod
    def _spider_args(spider: Any) -> dict[str, Any]:
        """The run's spider arguments: from the parsed `spider.args` when present, else spider attributes."""
        parsed = getattr(spider, "args", None)
        holder = parsed if parsed is not None and all(hasattr(parsed, n) for n in SPIDER_ARGS) else spider
        return {name: _jsonable(getattr(holder, name, None)) for name in SPIDER_ARGS}

    @staticmethod
    def _registry(path: Any) -> dict[str, Any]:
        """Sites of the registry the run used, for start URLs of sites the spider does not list itself."""
        from crawler.registry import RegistryError, load_registry

        try:
            return {s.id: s for s in load_registry(path if isinstance(path, str) else None)}
        except RegistryError:
            return {}

    def _build_manifest(self, stats: dict[str, Any], line_count: int, sha256: str) -> dict[str, Any]:
        spider = self.crawler.spider
        args = self._spider_args(spider)
        per_site_stats: dict[str, dict[str, Any]] = {}
        for key, value in stats.items():
            if m := _SITE_STAT.fullmatch(key):
                per_site_stats.setdefault(m.group(1), {})[m.group(2)] = value
        selected = self._spider_sites(spider)
        ids = list(dict.fromkeys([*(s.id for s in selected), *self.tallies, *per_site_stats]))
        known = {s.id: s for s in selected}
        if any(i not in known for i in ids):
            known = {**self._registry(args["sites"]), **known}
        sites = {
            site_id: self._site_entry(site_id, per_site_stats.get(site_id, {}), known.get(site_id))
            for site_id in ids
        }
        # Health (crawler.health): against each site's last comparable run in this output directory.
        previous = previous_health(self.dir, self.run_id, ids) if self.shared is None else {}
        for site_id, entry in sites.items():
            own = per_site_stats.get(site_id, {})
            if self.shared is not None and not int(own.get("listing_pages", 0) or 0):
                # Distributed: a worker sees part of each site; it judges only sites whose listing it read,
                # and compares with no earlier run (other workers' manifests saw other parts).
                entry["health"] = None
                continue
            entry["health"] = site_health(
                own, self.tallies.get(site_id, _SiteTally()).written, previous.get(site_id)
            )
        # For the spider's closing table and the crawl command's exit status.
        self.crawler.tinhoatdong_health = {  # type: ignore[attr-defined]
            k: v["health"] for k, v in sites.items() if v["health"] is not None
        }
        dropped = {
            k.split("/", 2)[2]: v for k, v in sorted(stats.items()) if k.startswith("tinhoatdong/dropped/")
        }
        distributed = {}
        if self.shared is not None:
            distributed = {
                "crawl_id": self.shared.crawl_id,
                "worker_id": self.shared.worker_id,
                "distributed": {
                    k.split("/", 2)[2]: v
                    for k, v in sorted(stats.items())
                    if k.startswith("tinhoatdong/distributed/")
                },
            }
        return {
            "run_id": self.run_id,
            **distributed,
            "started_at": self.started_at,
            "finished_at": _utc_now(),
            "finish_reason": stats.get("finish_reason"),
            "spider": getattr(spider, "name", None),
            "args": args,
            "schema_version": SCHEMA_VERSION,
            "items_file": self.final_path.name,
            "line_count": line_count,
            "sha256": sha256,
            "totals": {
                "new": sum(s["new"] for s in sites.values()),
                "already_seen": sum(s["already_seen"] for s in sites.values()),
                "duplicates": sum(s["duplicates"] for s in sites.values()),
                "dropped": sum(dropped.values()),
                "errors": sum(sum(s["errors"].values()) for s in sites.values()),
            },
            "dropped": dropped,
            "sites": sites,
        }

    def _site_entry(self, site_id: str, own: dict[str, Any], registry_site: Any) -> dict[str, Any]:
        """One site's line of the manifest: what this writer wrote plus what the stats counted."""
        tally = self.tallies.get(site_id, _SiteTally())
        category = own.get("category") if isinstance(own.get("category"), str) else None
        if category is None and tally.categories:
            category = tally.categories.most_common(1)[0][0]
        if category is None and registry_site is not None:
            category = registry_site.category
        shown = {
            "new",
            "already_seen",
            "known_links",
            "duplicates",
            "listing_pages",
            "category",
            "platform",
            "discovery",
        }
        return {
            "new": tally.new,
            # archived by earlier runs: links not fetched again, plus fetched pages the dedupe stage knew
            "already_seen": int(own.get("known_links", 0)) + int(own.get("already_seen", 0)),
            "duplicates": int(own.get("duplicates", 0)),
            "dropped": {k.split("/", 1)[1]: v for k, v in sorted(own.items()) if k.startswith("dropped/")},
            "errors": {k.split("/", 1)[1]: v for k, v in sorted(own.items()) if k.startswith("errors/")},
            "newest_published_at": tally.newest_published_at,
            "listing_pages": int(own.get("listing_pages", 0)),
            "category": category,
            "platform": own.get("platform")
            or (registry_site.platform if registry_site is not None else None),
            "start_urls": list(registry_site.start_urls) if registry_site is not None else [],
            # home page -> category listing, when a start URL was a home page (crawler.pages.discovery)
            "discovery": own.get("discovery") or [],
            # everything else the spider counted for this site (pagination stops, skips, requests)
            "other": {
                k: v
                for k, v in sorted(own.items())
                if k not in shown and not k.startswith(("dropped/", "errors/"))
            },
        }
