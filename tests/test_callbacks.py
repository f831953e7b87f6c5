"""Scrapy's per-response work that the project's settings turn off, and the checks that make that safe.

Scrapy's per-response check of callbacks, done once here instead (WARN_ON_GENERATOR_RETURN_VALUE=False).

Scrapy looks for a ``return <value>`` in a generator callback on every response, by reading and parsing the
callback's source; its cache is keyed by the bound method, which dies with the request, so the check ran
again for most pages (about 1.5 % of the crawl's CPU on the benchmark mirror). The project turns it off and
this test makes the same check of every callback the spider uses.
"""

from __future__ import annotations

import inspect
import re

from scrapy.utils.misc import is_generator_with_return_value, load_object

from crawler import settings
from crawler.spiders.tinhoatdong import TinHoatDongSpider

CALLBACKS = ["parse_listing", "parse_article", "parse_attachment", "parse_cdx"]


def test_every_callback_the_spider_names_is_checked_here() -> None:
    source = inspect.getsource(inspect.getmodule(TinHoatDongSpider))
    named = set(re.findall(r"callback=self\.(\w+)", source))
    assert named == set(CALLBACKS)


def test_no_generator_callback_returns_a_value() -> None:
    for name in CALLBACKS:
        assert not is_generator_with_return_value(getattr(TinHoatDongSpider, name)), name


def test_the_check_detects_a_returned_value() -> None:
    def callback(response: object) -> object:
        yield response
        return 1

    assert is_generator_with_return_value(callback)


def test_scrapy_does_not_repeat_the_check_per_response() -> None:
    assert settings.WARN_ON_GENERATOR_RETURN_VALUE is False


def test_item_pipelines_are_synchronous_so_one_item_worker_loses_nothing() -> None:
    """CONCURRENT_ITEMS=1: Scrapy's 100 item workers per response only help pipelines that wait."""
    assert settings.CONCURRENT_ITEMS == 1
    for path in settings.ITEM_PIPELINES:
        pipeline = load_object(path)
        for name in ("process_item", "open_spider", "close_spider"):
            method = getattr(pipeline, name, None)
            assert method is None or not inspect.iscoroutinefunction(method), f"{path}.{name}"
