"""crawler.stats.CrawlStats: Scrapy's in-memory stats, the same answers without the per-read hook."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from crawler import settings
from crawler.spiders.tinhoatdong import TinHoatDongSpider
from crawler.stats import CrawlStats


def _both() -> list[MemoryStatsCollector]:
    return [MemoryStatsCollector(get_crawler()), CrawlStats(get_crawler())]


def test_the_crawl_collects_its_stats_with_it() -> None:
    # the settings module read directly: get_project_settings() would set SCRAPY_SETTINGS_MODULE for the
    # subprocesses of later tests (bench/run.py's plain Scrapy, run outside the project)
    assert load_object(settings.STATS_CLASS) is CrawlStats


def test_it_answers_as_scrapys_collector() -> None:
    results = []
    for stats in _both():
        stats.open_spider()
        stats.inc_value("a")
        stats.inc_value("a", 2)
        stats.inc_value("b", start=10)
        stats.set_value("c", "x")
        stats.max_value("m", 3)
        stats.max_value("m", 1)
        stats.min_value("n", 3)
        stats.min_value("n", 1)
        results.append((dict(stats.get_stats()), stats.get_value("a"), stats.get_value("z", 7), str(stats)))
        stats.set_stats({"k": 1})
        results.append(dict(stats.get_stats()))
        stats.clear_stats()
        results.append(dict(stats.get_stats()))
    assert results[:3] == results[3:]
    assert results[0][0] == {"a": 3, "b": 11, "c": "x", "m": 3, "n": 1}


def test_a_spider_argument_is_still_accepted_and_ignored() -> None:
    stats = CrawlStats(get_crawler())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats.inc_value("a", spider=object())
        stats.set_value("b", 2, spider=object())
        assert stats.get_value("a", spider=object()) == 1
    assert stats.get_stats() == {"a": 1, "b": 2}


def test_closing_keeps_the_run_s_stats_by_spider_name() -> None:
    crawler = get_crawler(TinHoatDongSpider)
    crawler.spider = TinHoatDongSpider.__new__(TinHoatDongSpider)
    crawler.spider.name = "tinhoatdong"
    stats = CrawlStats(crawler)
    stats.inc_value("x")
    stats.close_spider(reason="finished")
    assert stats.spider_stats == {"tinhoatdong": {"x": 1}}


def test_no_python_hook_runs_on_its_reads() -> None:
    """What makes it cheaper (2.4 µs a counter under Scrapy 2.19's hook): reads are a plain object's."""
    assert CrawlStats.__getattribute__ is object.__getattribute__
    assert MemoryStatsCollector.__getattribute__ is not object.__getattribute__  # else this class can go


def test_the_bench_times_the_crawl_with_its_own_collector(tmp_path: Path) -> None:
    """bench/run.py's collectors dump the stats as JSON: the crawl's is CrawlStats, Scrapy's is Scrapy's."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import benchstats

    assert issubclass(benchstats.JsonCrawlStats, CrawlStats)
    assert not issubclass(benchstats.JsonStatsCollector, CrawlStats)
    for cls in (benchstats.JsonCrawlStats, benchstats.JsonStatsCollector):
        out = tmp_path / f"{cls.__name__}.json"
        crawler = get_crawler(TinHoatDongSpider, {"BENCH_STATS_FILE": str(out)})
        crawler.spider = TinHoatDongSpider.__new__(TinHoatDongSpider)
        crawler.spider.name = "tinhoatdong"
        stats = cls(crawler)
        stats.inc_value("downloader/response_count", 3)
        stats.close_spider(reason="finished")
        assert json.loads(out.read_text("utf-8")) == {"downloader/response_count": 3}
