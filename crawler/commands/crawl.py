"""`scrapy crawl`, with the tinhoatdong spider's arguments and registry checked before anything starts.

A bad registry or argument must cost one clear message and a non-zero exit, not a traceback from inside
the engine: the person reading it is often a cron mail.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.archive.capture import compressed_gzip_level, gzip_level
from crawler.health import broken_sites
from crawler.registry import RegistryError, load_registry, select_sites
from crawler.runargs import ArgumentError, CrawlArgs
from crawler.runstate import LOCK_NAME, OutputLock, OutputLockedError, output_dir
from crawler.state import is_redis_uri
from crawler.text.tone import TONE_STYLES
from crawler.tls import legacy_min_version
from crawler.workers import live_worker_locks

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler

# Exit statuses (README "Exit status"): 0 the crawl ran and no site is BROKEN; 1 Scrapy failed to start.
EXIT_START_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_LOCKED = 3
EXIT_BROKEN_SITE = 4


class Command(ScrapyCrawl):
    _crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Keep the crawler: after the run its health (set by the writer) decides the exit status."""
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def _can_start(self) -> bool:
        """Refuse, with one line and the documented exit status, what would otherwise fail inside the run
        (the extensions check again, for a run started meanwhile)."""
        out = output_dir(self.settings)
        uri = self.settings.get("STATE_URI")
        try:
            if is_redis_uri(uri):
                import redis

                try:
                    redis.Redis.from_url(uri, socket_connect_timeout=5).ping()
                except redis.RedisError as exc:
                    print(
                        f"tinhoatdong: cannot start: STATE_URI {uri}: cannot reach Redis: {exc}",
                        file=sys.stderr,
                    )
                    self.exitcode = EXIT_START_FAILED
                    return False
            # A single run takes the lock for the whole run (its extension takes it again); workers only check
            # that no single run holds it.
            lock = OutputLock(out / LOCK_NAME, shared=is_redis_uri(uri))
            lock.acquire()
            lock.release()
            if not is_redis_uri(uri) and out.is_dir() and (live := live_worker_locks(out)):
                raise OutputLockedError(
                    f"{out} is in use by {len(live)} distributed worker(s): wait for them, or use "
                    "another OUTPUT_DIR"
                )
        except OutputLockedError as exc:
            print(f"tinhoatdong: refusing to start: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return False
        return True

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        counted: list[str] = []
        if args and args[0] == "tinhoatdong":
            try:
                parsed = CrawlArgs.parse(opts.spargs)
                # Every site the run crawls counts for the exit status: the enabled ones, or those named
                # with -a site= (a named site runs even when disabled: it was asked for).
                counted = [s.id for s in select_sites(load_registry(parsed.sites), parsed.site)]
                tone = self.settings.get("TONE_STYLE", "keep")
                if tone not in TONE_STYLES:
                    raise ArgumentError(f"TONE_STYLE={tone!r}: expected one of {', '.join(TONE_STYLES)}")
                try:
                    legacy_min_version(self.settings)
                    gzip_level(self.settings)
                    compressed_gzip_level(self.settings)
                except ValueError as exc:
                    raise ArgumentError(str(exc)) from exc
            except (ArgumentError, RegistryError) as exc:
                print(f"tinhoatdong: refusing to start:\n{exc}", file=sys.stderr)
                self.exitcode = EXIT_BAD_INPUT
                return
            if not self._can_start():
                return
        super().run(args, opts)
        health = getattr(self._crawler, "tinhoatdong_health", None)
        if self.exitcode == 0 and health and (broken := broken_sites(health, counted)):
            print(
                f"tinhoatdong: BROKEN: {', '.join(broken)} (exit status {EXIT_BROKEN_SITE})", file=sys.stderr
            )
            self.exitcode = EXIT_BROKEN_SITE
