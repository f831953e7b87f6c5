"""The run's persistent state, as a Scrapy extension: one lock, one state, recovery first, finalization last.

Built before the engine starts (extensions come before pipelines), it
- takes an exclusive lock on `OUTPUT_DIR/tinhoatdong/.lock`, so two runs never share one output and state;
- opens the state (`STATE_URI`, default SQLite under OUTPUT_DIR) and hands it to the spider and pipelines as
  `crawler.tinhoatdong_state`;
- recovers what a killed run left (`crawler.state.recovery`) before anything is fetched;
- when the spider closes, after the writer has renamed this run's file, makes the run's records final.

With a Redis ``STATE_URI`` it runs one worker of a shared crawl instead (crawler.distributed): workers
share the output directory, so the exclusive `.lock` is only checked (a single-machine run there refuses
them, and they refuse it); each worker holds its own `.worker-<run id>.lock`, recovers only dead workers'
files, joins the crawl (which gives its run id) and, at the end, leaves it; the last worker of a clean,
drained crawl records the sites' walks as finished.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.pipelines.writer import RUN_ID_STAT, resolve_run_id
from crawler.state import is_redis_uri, open_state
from crawler.state.recovery import recover

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
LOCK_NAME = ".lock"


class OutputLockedError(RuntimeError):
    """Another run holds the output directory."""


class OutputLock:
    """An exclusive advisory lock on a file: released by the kernel when the process dies, even by SIGKILL.

    A lock held by a run is held for the whole run; one held by another process's start-up check only for
    an instant (crawler.commands.crawl takes it and lets it go). So a failed attempt is retried for a moment
    (`settle` seconds) before the output counts as in use: workers started together must not refuse each
    other."""

    def __init__(self, path: Path, *, shared: bool = False, settle: float = 0.3) -> None:
        self.path = path
        self.shared = shared
        self.settle = settle
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        deadline = time.monotonic() + self.settle
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise OutputLockedError(
                        f"{self.path.parent} is in use by another run ({self.path})"
                    ) from None
                time.sleep(0.02)
        if not self.shared:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def output_dir(settings: Any) -> Path:
    return Path(settings.get("OUTPUT_DIR") or "output") / "tinhoatdong"


class RunStateExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.dir = output_dir(crawler.settings)
        self.shared: Any = None  # crawler.distributed.SharedCrawl in distributed mode
        uri = crawler.settings.get("STATE_URI")
        if is_redis_uri(uri):
            self._start_worker(uri)
        else:
            self.lock: Any = OutputLock(self.dir / LOCK_NAME)
            self.lock.acquire()
            try:
                self._refuse_live_workers()
                self.state = open_state(uri, crawler.settings.get("OUTPUT_DIR") or "output")
            except BaseException:
                self.lock.release()
                raise
            crawler.tinhoatdong_state = self.state  # type: ignore[attr-defined]
            recovered = recover(self.dir, self.state)
            if crawler.stats is not None and recovered:
                crawler.stats.set_value("tinhoatdong/recovered_runs", [r.run_id for r in recovered])
            self.run_id = resolve_run_id(crawler)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _refuse_live_workers(self) -> None:
        """A single-machine run must not recover (or mix its files with) live distributed workers' files."""
        live = []
        for path in sorted(self.dir.glob(".worker-*.lock")):
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                live.append(path)
            finally:
                os.close(fd)  # closing the descriptor drops the probe's lock
        if live:
            raise OutputLockedError(
                f"{self.dir} is in use by {len(live)} distributed worker(s) ({live[0].name}, ...): "
                "wait for them, or use another OUTPUT_DIR"
            )

    def _start_worker(self, uri: str) -> None:
        """Distributed mode: recover dead workers' files here, join the shared crawl, hold this run's lock."""
        from crawler.distributed import (
            FileLock,
            SharedCrawl,
            args_fingerprint,
            recover_worker_files,
            worker_lock_path,
        )

        crawler = self.crawler
        single = OutputLock(self.dir / LOCK_NAME, shared=True)
        single.acquire()  # refuses (OutputLockedError) while a single-machine run holds the directory
        single.release()
        self.state = open_state(uri, crawler.settings.get("OUTPUT_DIR") or "output")
        crawler.tinhoatdong_state = self.state  # type: ignore[attr-defined]
        self.shared = SharedCrawl(crawler, self.state)
        recovered = recover_worker_files(self.dir, self.state, self.shared)
        if crawler.stats is not None and recovered:
            crawler.stats.set_value("tinhoatdong/recovered_runs", [r.run_id for r in recovered])
        if crawler.settings.get("RUN_ID"):
            logger.warning("distributed: RUN_ID is ignored; the run id is <crawl id>.<worker id>")
        self.run_id = self.shared.join(args_fingerprint(crawler.spider), self.state.unfinished_walks())
        if crawler.stats is not None:
            crawler.stats.set_value(RUN_ID_STAT, self.run_id)
        self.lock = FileLock(worker_lock_path(self.dir, self.run_id))
        self.lock.acquire(wait=True)
        try:  # checked again now that this worker's lock is held: a single run checks them after its own
            single.acquire()
            single.release()
        except OutputLockedError:
            self.shared.leave("refused")
            self.lock.release(unlink=True)
            raise
        crawler.tinhoatdong_crawl = self.shared  # type: ignore[attr-defined]

    def spider_closed(self, spider: Any, reason: str) -> None:
        """The writer renamed this run's file in close_spider, before this signal: now make it final."""
        try:
            if (self.dir / f"{self.run_id}.jsonl").exists():
                count = self.state.finalize_run(self.run_id)
                logger.info("state: %d articles of run %s recorded as final", count, self.run_id)
            self.state.flush()
            if self.shared is not None:
                self._leave(reason)
        finally:
            self.state.close()
            if self.shared is not None:
                self.lock.release(unlink=True)
            else:
                self.lock.release()

    def _leave(self, reason: str) -> None:
        """Leave the shared crawl; the worker that ends a clean one records the sites' walks as finished."""
        departure = self.shared.leave(reason)
        if departure.outcome == "orphaned":
            logger.warning("distributed: last worker out, requests left in the queue: the next run goes on")
        if departure.outcome != "ended":
            return
        if not (departure.clean and reason == "finished"):
            logger.warning(
                "distributed: crawl %s ended after a worker failed or stopped early: the next crawl walks "
                "every site in full",
                departure.crawl_id,
            )
            return
        finished = sorted(
            site
            for site, open_chains in departure.chains.items()
            if open_chains <= 0 and site not in departure.broken
        )
        for site in finished:
            self.state.walk_finished(site, departure.seeder)
        logger.info(
            "distributed: crawl %s ended: walks finished for %d of %d site(s)",
            departure.crawl_id,
            len(finished),
            len(departure.chains),
        )
