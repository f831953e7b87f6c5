"""The garbage collector during a crawl: its thresholds (``GC_GEN0_THRESHOLD``), what it costs (stats).

Every page makes tens of thousands of short-lived objects (lxml element proxies, strings, dicts, Scrapy's
requests and responses). With Python's default gen-0 threshold (700 allocations) the collector runs dozens of
times per page, and every tenth of those runs walks the older generations too, in a process that holds
Scrapy, the registry and the state's caches. Pages are freed by reference counting, not by the collector, so
running it far less often frees the same memory at a fraction of the cost: about 8 % of the crawl's CPU on the
benchmark mirror (README, "Measuring quality and speed"). The thresholds are restored when the spider closes.

The collections and the time they took are counted in stats (``tinhoatdong/gc/collections/gen<N>``,
``tinhoatdong/gc/seconds``), so a change here is measured, not guessed: on the 7 x 200 benchmark mirror the
collector ran twice in the whole crawl, for 0.03 s.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class GcTuning:
    """Extension: gen-0 threshold ``GC_GEN0_THRESHOLD`` (0: Python's default) while the spider runs; the
    collections it made, and their time, in stats."""

    def __init__(self, gen0: int, stats: StatsCollector | None = None) -> None:
        self.gen0 = gen0
        self.stats = stats
        self.saved: tuple[int, int, int] | None = None
        self.collections = [0, 0, 0]
        self.seconds = 0.0
        self._started = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        gen0 = crawler.settings.getint("GC_GEN0_THRESHOLD", 0)
        if gen0 <= 0:
            raise NotConfigured("GC_GEN0_THRESHOLD is 0: Python's default thresholds")
        ext = cls(gen0, crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.saved = gc.get_threshold()
        gc.set_threshold(self.gen0, *self.saved[1:])
        gc.callbacks.append(self._timed)

    def spider_closed(self) -> None:
        if self._timed in gc.callbacks:
            gc.callbacks.remove(self._timed)
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
        if self.stats is not None:
            for generation, count in enumerate(self.collections):
                self.stats.set_value(f"tinhoatdong/gc/collections/gen{generation}", count)
            self.stats.set_value("tinhoatdong/gc/seconds", round(self.seconds, 3))

    def _timed(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1
