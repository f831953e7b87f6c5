"""bench/bench_extract.py: extraction timed per page, each timed run paying what the crawl pays."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Callable
from types import ModuleType

import pytest

from crawler.pages import links
from tests.bench_helpers import ROOT, run_bench


def _bench_extract() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "bench" / "bench_extract.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_prints_a_row_per_saved_article_and_the_total() -> None:
    stdout = run_bench("bench_extract.py", "--min-seconds", "0.01")
    rows = re.findall(r"^\S+/\S+ .*\d+\.\d+\s*$", stdout, re.M)
    assert len(rows) >= 20


def test_each_timed_extraction_builds_the_page_index_as_the_crawl_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The crawl builds a page's element index once, in its extraction. Timed runs share one parsed
    Document, so a run must not find the index an earlier run built (it would not pay for it)."""
    bench = _bench_extract()
    built: Counter[int] = Counter()
    trees: list[object] = []  # kept alive, so that no two trees share an id
    build_index = links.build_index

    def counting(tree: object) -> links.TreeIndex:
        built[id(tree)] += 1
        trees.append(tree)
        return build_index(tree)  # type: ignore[arg-type]

    def twice(fn: Callable[[], object], min_seconds: float) -> float:
        fn()
        fn()
        return 1.0

    monkeypatch.setattr(links, "build_index", counting)
    monkeypatch.setattr(bench, "cpu_ms", twice)
    monkeypatch.setattr(sys, "argv", ["bench_extract.py"])
    bench.main()
    assert len(built) >= 20 and set(built.values()) == {2}
