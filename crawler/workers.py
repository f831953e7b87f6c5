"""What any run knows of a distributed crawl without joining one: the add-on that switches it on, and the
lock files of its workers.

Kept apart from crawler.distributed, which imports redis and scrapy-redis: Scrapy loads every add-on when a
run starts, and the crawl command looks for live workers before every run, so a run without a Redis
``STATE_URI`` would otherwise pay their imports (60 ms of each start).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.state import is_redis_uri

if TYPE_CHECKING:
    from scrapy.settings import Settings

CRAWL_PREFIX = "tinhoatdong:crawl"  # the shared crawl's Redis keys (crawler.distributed)
WORKER_LOCK = ".worker-{run_id}.lock"


class DistributedAddon:
    """Scrapy add-on: with a Redis ``STATE_URI``, the scrapy-redis scheduler, queue and dupefilter on it.

    Add-ons run after the command line's ``-s`` settings are in, which is what lets one setting decide;
    settings given on the command line still win (addon priority is below cmdline)."""

    def update_settings(self, settings: Settings) -> None:
        uri = settings.get("STATE_URI")
        if not is_redis_uri(uri):
            return
        for name, value in {
            "SCHEDULER": "crawler.distributed.RedisCrawlScheduler",
            "SCHEDULER_QUEUE_CLASS": "crawler.distributed.LeasedPriorityQueue",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_KEY": f"{CRAWL_PREFIX}:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{CRAWL_PREFIX}:dupefilter",
            "SCHEDULER_PERSIST": True,  # a leaving worker must not clear the shared queue
            "SCHEDULER_FLUSH_ON_START": False,
            "REDIS_URL": uri,
        }.items():
            settings.set(name, value, priority="addon")


def worker_lock_path(out_dir: Path, run_id: str) -> Path:
    return out_dir / WORKER_LOCK.format(run_id=run_id)


class FileLock:
    """An flock on a file, exclusive or shared: released by the kernel when the process dies."""

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = path
        self.shared = shared
        self._fd: int | None = None

    def acquire(self, *, wait: bool = False) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        mode = (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, mode)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self, *, unlink: bool = False) -> None:
        if self._fd is not None:
            if unlink:
                self.path.unlink(missing_ok=True)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def lock_is_held(path: Path) -> bool:
    """Whether a live process holds this lock file (a missing file is not held)."""
    if not path.exists():
        return False
    probe = FileLock(path)
    if probe.acquire():
        probe.release()
        return False
    return True


def live_worker_locks(out_dir: Path) -> list[Path]:
    """Lock files of distributed workers alive on this output directory."""
    return [p for p in sorted(out_dir.glob(WORKER_LOCK.format(run_id="*"))) if lock_is_held(p)]
