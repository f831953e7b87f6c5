"""Scheduled runs: each run adds exactly the new articles; an unchanged site costs one listing request."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.server import Served, serve_mirrors
from tests import newsmirror
from tests.crawl_helpers import ROOT, CrawlRun, crawl, write_registry


def _listing_requests(served: Served, since: int) -> list[str]:
    return [
        path
        for _, path in served.mirror.requests[since:]
        if path.startswith("/tin-hoat-dong?") or path == "/tin-hoat-dong"
    ]


def _article_requests(served: Served, since: int) -> list[str]:
    return [path for _, path in served.mirror.requests[since:] if path.startswith("/tin-hoat-dong/")]


def _new_items(run: CrawlRun, before: set[Path]) -> list[dict]:
    new_files = [p for p in run.items_files() if p not in before]
    assert len(new_files) == 1, run.stderr[-3000:]
    return [json.loads(line) for line in new_files[0].read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def site(tmp_path: Path):
    root = newsmirror.build(tmp_path / "news", 12)
    with serve_mirrors([root]) as served:
        yield served[0]


def test_three_scheduled_runs(site: Served, tmp_path: Path) -> None:
    entry = {
        "id": "news",
        "name": "Sở TT&TT",
        "province": "Thử",
        "start_urls": [site.base_url + "/tin-hoat-dong"],
    }
    registry = write_registry([entry], tmp_path / "sites.yaml")

    first = crawl(tmp_path, f"sites={registry}")
    assert first.returncode == 0, first.stderr[-3000:]
    assert sorted(i["url"] for i in first.items()) == sorted(
        site.base_url + newsmirror.article_path(k) for k in range(1, 13)
    )

    # Nothing changed: one listing request (page 1 is always read), no article fetched, nothing emitted.
    before, mark = set(first.items_files()), len(site.mirror.requests)
    second = crawl(tmp_path, f"sites={registry}")
    assert second.returncode == 0, second.stderr[-3000:]
    assert (_new_items(second, before), _listing_requests(site, mark), _article_requests(site, mark)) == (
        [],
        ["/tin-hoat-dong"],
        [],
    )
    manifest = json.loads(sorted(second.manifests())[-1].read_text(encoding="utf-8"))
    assert (manifest["sites"]["news"]["new"], manifest["sites"]["news"]["already_seen"]) == (0, 5)

    # Three new articles: exactly those are emitted; the walk stops at the first page of archived ones.
    newsmirror.build(site.mirror.root, 15)
    site.mirror.reload()
    before, mark = set(second.items_files()), len(site.mirror.requests)
    third = crawl(tmp_path, f"sites={registry}")
    assert third.returncode == 0, third.stderr[-3000:]
    new = sorted(i["url"] for i in _new_items(third, before))
    assert new == sorted(site.base_url + newsmirror.article_path(k) for k in (13, 14, 15))
    assert _listing_requests(site, mark) == ["/tin-hoat-dong", "/tin-hoat-dong?page=2"]

    # full=1 walks every listing page and still emits nothing twice.
    before, mark = set(third.items_files()), len(site.mirror.requests)
    backfill = crawl(tmp_path, f"sites={registry}", "full=1")
    assert _new_items(backfill, before) == []
    assert len(_listing_requests(site, mark)) == 3  # every listing page, to the last one
    assert _article_requests(site, mark) == []


def test_a_second_run_on_the_same_output_is_refused_while_one_runs(site: Served, tmp_path: Path) -> None:
    entry = {
        "id": "news",
        "name": "Sở TT&TT",
        "province": "Thử",
        "start_urls": [site.base_url + "/tin-hoat-dong"],
    }
    registry = write_registry([entry], tmp_path / "sites.yaml")
    out = tmp_path / "out"
    slow = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={registry}",
         "-s", f"OUTPUT_DIR={out}", "-s", "DOWNLOAD_DELAY=0.3", "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (out / "tinhoatdong" / ".lock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        other = crawl(tmp_path, f"sites={registry}")
        assert (other.returncode, "in use by another run" in other.stderr) == (3, True)
    finally:
        slow.kill()
        slow.wait()
