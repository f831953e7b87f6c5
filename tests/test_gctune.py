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
