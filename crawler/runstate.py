"""The run's persistent state, as a Scrapy extension: one lock, one state, recovery first, finalization last.

Built before the engine starts (extensions come before pipelines), it
- takes an exclusive lock on `OUTPUT_DIR/tinhoatdong/.lock`, so two runs never share one output and state;
- opens the state (`STATE_URI`, default SQLite under OUTPUT_DIR) and hands it to the spider and pipelines as
  `crawler.tinhoatdong_state`;
- recovers what a killed run left (`crawler.state.recovery`) before anything is fetched;
- when the spider closes, after the writer has renamed this run's file, makes the run's records final.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals

from crawler.pipelines.writer import resolve_run_id
from crawler.state import open_state
from crawler.state.recovery import recover

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
LOCK_NAME = ".lock"


class OutputLockedError(RuntimeError):
    """Another run holds the output directory."""


class OutputLock:
    """An exclusive advisory lock on a file: released by the kernel when the process dies, even by SIGKILL."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLockedError(f"{self.path.parent} is in use by another run ({self.path})") from None
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
        self.lock = OutputLock(self.dir / LOCK_NAME)
        self.lock.acquire()
        self.state = open_state(
            crawler.settings.get("STATE_URI"), crawler.settings.get("OUTPUT_DIR") or "output"
        )
        crawler.tinhoatdong_state = self.state  # type: ignore[attr-defined]
        recovered = recover(self.dir, self.state)
        if crawler.stats is not None and recovered:
            crawler.stats.set_value("tinhoatdong/recovered_runs", [r.run_id for r in recovered])
        self.run_id = resolve_run_id(crawler)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """The writer renamed this run's file in close_spider, before this signal: now make it final."""
        try:
            if (self.dir / f"{self.run_id}.jsonl").exists():
                count = self.state.finalize_run(self.run_id)
                logger.info("state: %d articles of run %s recorded as final", count, self.run_id)
            self.state.flush()
        finally:
            self.state.close()
            self.lock.release()
