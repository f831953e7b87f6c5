"""End to end: the health report and exit status of the real `scrapy crawl tinhoatdong` on loopback sites."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

from crawler.demo.server import serve_mirrors
from tests import newsmirror
from tests.crawl_helpers import CrawlRun, crawl, write_registry


def _entry(site_id: str, start_url: str) -> dict:
    return {"id": site_id, "name": "Sở TT&TT thử", "province": "Thử", "start_urls": [start_url]}


def _manifest(run: CrawlRun, index: int = 0) -> dict:
    """The index-th manifest of the output directory, oldest first (run ids start with the UTC time)."""
    return json.loads(run.manifests()[index].read_text(encoding="utf-8"))


def _health(run: CrawlRun, site_id: str, index: int = 0) -> dict:
    return _manifest(run, index)["sites"][site_id]["health"]


def _table_rows(run: CrawlRun) -> list[str]:
    """The health table's rows as logged at the end of the run (after the 'Health per site' line)."""
    log = run.stderr.split("Health per site:", 1)[1]
    return [re.sub(r"^.*? INFO: +", "", line) for line in log.splitlines()]


def _empty_listing_mirror(root: Path) -> Path:
    """A site whose listing page exists but shows no article (a changed layout, an emptied category)."""
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "list.html").write_text(
        "<html><body><div class='menu'><a href='/'>Trang chủ</a></div><h1>Tin hoạt động</h1>"
        "<p>Chưa có dữ liệu.</p></body></html>",
        encoding="utf-8",
    )
    routes = [{"path": "/tin-hoat-dong", "file": "pages/list.html"}]
    (root / "routes.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    return root


def _closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dated_mirror(root: Path, n: int, undated: range) -> Path:
    """newsmirror's site with articles 1..n, where the `undated` ones print no date anywhere."""
    newsmirror.build(root, n)
    for k in undated:
        page = root / "pages" / f"a{k}.html"
        date = f"<div class='date'>{1 + k % 28:02d}/{1 + k % 12:02d}/2024</div>"
        page.write_text(page.read_text(encoding="utf-8").replace(date, ""), encoding="utf-8")
    for listing in (root / "pages").glob("list*.html"):
        html = listing.read_text(encoding="utf-8")
        for k in undated:
            html = html.replace(f"<span class='date'>{1 + k % 28:02d}/{1 + k % 12:02d}/2024</span>", "")
        listing.write_text(html, encoding="utf-8")
    return root


def test_healthy_run_exits_zero_and_says_ok(tmp_path: Path) -> None:
    mirror = newsmirror.build(tmp_path / "good", 12)
    with serve_mirrors([mirror]) as served:
        registry = write_registry(
            [_entry("good", served[0].base_url + "/tin-hoat-dong")], tmp_path / "s.yaml"
        )
        first = crawl(tmp_path, f"sites={registry}")
        second = crawl(tmp_path, f"sites={registry}")  # nothing new: incremental, still OK
    assert first.returncode == 0, first.stderr[-3000:]
    health = _health(first, "good")
    assert health["status"] == "OK"
    assert health["reasons"] == []
    assert (health["new"], health["listing_pages"], health["known"]) == (12, 3, 0)
    assert health["coverage"]["published_at"] == 1.0
    assert health["coverage"]["text"] == 1.0
    assert health["newest_published_at"] is not None
    assert health["previous_run"] is None
    assert any(row.startswith("good") and " OK " in row for row in _table_rows(first))

    assert second.returncode == 0, second.stderr[-3000:]
    again = _health(second, "good", 1)
    assert (again["status"], again["new"], again["known"]) == ("OK", 0, 5)
    assert again["previous_run"] == _manifest(first, 0)["run_id"]
    assert again["newest_published_at"] == health["newest_published_at"]


def test_listing_without_article_links_is_broken_and_exits_4(tmp_path: Path) -> None:
    good = newsmirror.build(tmp_path / "good", 6)
    empty = _empty_listing_mirror(tmp_path / "empty")
    with serve_mirrors([good, empty]) as served:
        entries = [
            _entry("good", served[0].base_url + "/tin-hoat-dong"),
            _entry("empty", served[1].base_url + "/tin-hoat-dong"),
        ]
        run = crawl(tmp_path, f"sites={write_registry(entries, tmp_path / 's.yaml')}")
    assert run.returncode == 4, run.stderr[-3000:]
    assert "BROKEN: empty" in run.stderr
    health = _health(run, "empty")
    assert health["status"] == "BROKEN"
    assert health["listing_pages"] == 1
    assert health["reasons"] == ["1 listing page(s) read but no article link found on them"]
    assert _health(run, "good")["status"] == "OK"
    rows = _table_rows(run)
    assert any(row.startswith("empty") and " BROKEN " in row for row in rows)
    assert any("no article link found" in row for row in rows)


def test_site_whose_requests_all_fail_is_broken(tmp_path: Path) -> None:
    good = newsmirror.build(tmp_path / "good", 6)
    with serve_mirrors([good]) as served:
        entries = [
            _entry("good", served[0].base_url + "/tin-hoat-dong"),
            _entry("missing", served[0].base_url + "/khong-co-trang-nay"),  # 404
            _entry("refused", f"http://127.0.0.1:{_closed_port()}/tin-hoat-dong"),
        ]
        run = crawl(
            tmp_path, f"sites={write_registry(entries, tmp_path / 's.yaml')}", settings=("RETRY_TIMES=0",)
        )
    assert run.returncode == 4, run.stderr[-3000:]
    missing, refused = _health(run, "missing"), _health(run, "refused")
    assert (missing["status"], missing["errors"]) == ("BROKEN", {"http_404": 1})
    assert refused["status"] == "BROKEN"
    assert [k for k in refused["errors"] if "ConnectionRefused" in k] == list(refused["errors"])
    assert sum(refused["errors"].values()) == 1  # RETRY_TIMES=0: the one start request
    assert refused["reasons"][0].startswith("no listing page could be read: every request failed")
    assert _health(run, "good")["status"] == "OK"


def test_date_coverage_falling_sharply_is_degraded(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _dated_mirror(root, 10, undated=range(0))
    with serve_mirrors([root]) as served:
        registry = write_registry(
            [_entry("site", served[0].base_url + "/tin-hoat-dong")], tmp_path / "s.yaml"
        )
        first = crawl(tmp_path, f"sites={registry}")
        # Ten new articles, seven without a date: the validator drops those (published_at is required).
        _dated_mirror(root, 20, undated=range(11, 18))
        served[0].mirror.reload()
        second = crawl(tmp_path, f"sites={registry}")
    assert (first.returncode, second.returncode) == (0, 0), second.stderr[-3000:]
    assert _health(first, "site")["status"] == "OK"  # a first run has nothing to fall from
    health = _health(second, "site", 1)
    assert (health["new"], health["dropped"]) == (3, {"missing_published_at": 7})
    assert health["coverage"]["published_at"] == 0.3
    assert health["status"] == "DEGRADED"
    assert health["reasons"] == ["date coverage fell from 100% to 30%"]
    assert any(row.startswith("site") and " DEGRADED " in row for row in _table_rows(second))


def test_progress_lines_while_the_run_goes(tmp_path: Path) -> None:
    mirror = newsmirror.build(tmp_path / "good", 12)
    extensions = json.dumps({"crawler.runstate.RunStateExtension": 0, "crawler.health.ProgressLog": 10})
    with serve_mirrors([mirror]) as served:
        registry = write_registry(
            [_entry("good", served[0].base_url + "/tin-hoat-dong")], tmp_path / "s.yaml"
        )
        run = crawl(
            tmp_path, f"sites={registry}", settings=(f"EXTENSIONS={extensions}", "PROGRESS_INTERVAL=0.05")
        )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = re.findall(r"progress good: (\d+) listing pages, (\d+) items, (\d+) errors", run.stderr)
    assert lines, run.stderr[-3000:]
    counts = [tuple(int(n) for n in line) for line in lines]
    assert counts == sorted(counts)  # they only grow
    assert len(set(counts)) == len(counts)  # a line only when something moved
