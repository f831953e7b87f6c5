"""GC_GEN0_THRESHOLD: set while the spider runs, restored when it closes, off at 0."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.gctune import GcTuning


@pytest.fixture(autouse=True)
def restore_thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_threshold_is_set_while_the_spider_runs_and_restored_after() -> None:
    gc.set_threshold(700, 10, 10)
    ext = GcTuning.from_crawler(get_crawler(settings_dict={"GC_GEN0_THRESHOLD": 50_000}))
    ext.spider_opened()
    during = gc.get_threshold()
    ext.spider_closed()
    assert (during, gc.get_threshold()) == ((50_000, 10, 10), (700, 10, 10))


def test_zero_keeps_python_default() -> None:
    with pytest.raises(NotConfigured):
        GcTuning.from_crawler(get_crawler(settings_dict={"GC_GEN0_THRESHOLD": 0}))


def test_project_setting_enables_it() -> None:
    from crawler import settings

    assert (settings.GC_GEN0_THRESHOLD, "crawler.gctune.GcTuning" in settings.EXTENSIONS) == (50_000, True)


def test_collections_and_their_time_are_counted_in_stats() -> None:
    crawler = get_crawler(settings_dict={"GC_GEN0_THRESHOLD": 50_000})
    crawler.stats.open_spider()
    ext = GcTuning.from_crawler(crawler)
    ext.spider_opened()
    gc.collect(1)
    gc.collect(2)
    ext.spider_closed()
    gc.collect()  # after closing: not counted
    stats = crawler.stats.get_stats()
    counted = [stats[f"tinhoatdong/gc/collections/gen{g}"] for g in range(3)]
    assert counted[1:] == [1, 1]  # gen 0 may also have run on its own meanwhile
    assert stats["tinhoatdong/gc/seconds"] >= 0.0
    assert ext._timed not in gc.callbacks
