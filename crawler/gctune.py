"""The garbage collector's thresholds during a crawl (``GC_GEN0_THRESHOLD``).

Every page makes tens of thousands of short-lived objects (lxml element proxies, strings, dicts, Scrapy's
requests and responses). With Python's default gen-0 threshold (700 allocations) the collector runs dozens of
times per page, and every tenth of those runs walks the older generations too, in a process that holds
Scrapy, the registry and the state's caches. Pages are freed by reference counting, not by the collector, so
running it far less often frees the same memory at a fraction of the cost: about 8 % of the crawl's CPU on the
benchmark mirror (README, "Measuring quality and speed"). The thresholds are restored when the spider closes.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class GcTuning:
    """Extension: gen-0 threshold ``GC_GEN0_THRESHOLD`` (0: Python's default) while the spider runs."""

    def __init__(self, gen0: int) -> None:
        self.gen0 = gen0
        self.saved: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        gen0 = crawler.settings.getint("GC_GEN0_THRESHOLD", 0)
        if gen0 <= 0:
            raise NotConfigured("GC_GEN0_THRESHOLD is 0: Python's default thresholds")
        ext = cls(gen0)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.saved = gc.get_threshold()
        gc.set_threshold(self.gen0, *self.saved[1:])

    def spider_closed(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
