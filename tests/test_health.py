"""Unit tests of crawler.health: status rules, coverage, the previous run, the table."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from crawler.health import (
    Written,
    broken_sites,
    format_table,
    newest,
    previous_health,
    site_health,
    site_progress,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _written(n: int, dated: int | None = None, authored: int | None = None, newest_at: str | None = None):
    w = Written()
    dated = n if dated is None else dated
    authored = n if authored is None else authored
    for k in range(n):
        w.add(
            {
                "published_at": (newest_at or "2026-11-20") if k < dated else None,
                "author": "Quốc Trạng" if k < authored else None,
                "text": "Đoạn một.",
            }
        )
    return w


def _healthy(pages: int = 2, n: int = 20) -> dict:
    """The health of a plain full run: `pages` listing pages, n articles, all written with every field."""
    return site_health({"listing_pages": pages, "articles_requested": n}, _written(n), None, NOW)


# -- Written ----------------------------------------------------------------------------------------
def test_written_counts_fields_and_ignores_blank_text() -> None:
    w = Written()
    w.add({"published_at": "2026-01-02", "author": "A", "text": "x"})
    w.add({"published_at": None, "author": "", "text": "   "})
    w.add({"published_at": "2026-03-04T08:00:00+07:00", "author": None, "text": None})
    assert (w.items, w.with_published_at, w.with_author, w.with_text) == (3, 2, 1, 1)
    assert w.newest_published_at == "2026-03-04T08:00:00+07:00"


def test_newest_compares_dates_first() -> None:
    assert newest("2026-01-02", "2025-12-31T23:00:00+07:00") == "2026-01-02"
    assert newest(None, "2025-01-01") == "2025-01-01"
    assert newest(None, None) is None


# -- OK ---------------------------------------------------------------------------------------------
def test_first_full_run_is_ok_with_its_figures() -> None:
    own = {
        "listing_pages": 3,
        "articles_requested": 28,
        "known_links": 2,
        "already_seen": 1,
        "duplicates": 2,
        "dropped/missing_title": 1,
        "errors/http_500": 1,
    }
    h = site_health(own, _written(24, dated=24, authored=18, newest_at="2026-11-20"), None, NOW)
    assert h["status"] == "OK"
    assert h["reasons"] == []
    assert (h["listing_pages"], h["new"], h["known"], h["duplicates"]) == (3, 24, 3, 2)
    assert h["dropped"] == {"missing_title": 1}
    assert h["errors"] == {"http_500": 1}
    assert h["coverage"] == {"published_at": 1.0, "author": 0.75, "text": 1.0}
    assert (h["newest_published_at"], h["newest_age_days"]) == ("2026-11-20", 6)
    assert h["links_found"] == 30
    assert h["links_per_page"] == 10.0
    assert h["item_rate"] == round((24 + 1 + 2 + 1) / 28, 3)
    assert h["previous_run"] is None


def test_incremental_run_with_only_archived_articles_is_ok() -> None:
    prev = {**_healthy(), "run_id": "r1"}
    h = site_health({"listing_pages": 1, "known_links": 10}, Written(), prev, NOW)
    assert (h["status"], h["new"], h["known"]) == ("OK", 0, 10)
    assert h["coverage"] == {"published_at": None, "author": None, "text": None}
    assert h["previous_run"] == "r1"


def test_entries_all_before_since_are_not_broken() -> None:
    h = site_health({"listing_pages": 1, "skipped/before_since": 10}, Written(), None, NOW)
    assert h["status"] == "OK"


def test_newest_published_at_is_carried_from_the_previous_run() -> None:
    prev = site_health({"listing_pages": 1, "articles_requested": 1}, _written(1, newest_at="2026-10-27"))
    h = site_health({"listing_pages": 1, "known_links": 5}, Written(), prev, NOW)
    assert (h["newest_published_at"], h["newest_age_days"]) == ("2026-10-27", 30)


# -- BROKEN -----------------------------------------------------------------------------------------
def test_every_request_failed_is_broken() -> None:
    h = site_health({"errors/http_404": 1, "errors/DNSLookupError": 2}, Written(), None, NOW)
    assert h["status"] == "BROKEN"
    assert h["reasons"] == [
        "no listing page could be read: every request failed (DNSLookupError x2, http_404 x1)"
    ]


def test_no_listing_page_and_no_error_is_broken() -> None:
    h = site_health({}, Written(), None, NOW)
    assert (h["status"], h["reasons"]) == (
        "BROKEN",
        ["no listing page could be read: no listing page was found"],
    )


def test_listing_without_article_links_is_broken() -> None:
    h = site_health({"listing_pages": 2}, Written(), None, NOW)
    assert h["status"] == "BROKEN"
    assert h["reasons"] == ["2 listing page(s) read but no article link found on them"]


def test_every_article_failing_is_broken() -> None:
    h = site_health({"listing_pages": 1, "articles_requested": 4, "errors/http_500": 4}, Written(), None, NOW)
    assert h["status"] == "BROKEN"
    assert h["reasons"] == ["none of the 4 article(s) requested gave an item (http_500 x4)"]


def test_every_article_dropped_is_broken() -> None:
    own = {"listing_pages": 1, "articles_requested": 3, "dropped/missing_published_at": 3}
    h = site_health(own, Written(), None, NOW)
    assert h["status"] == "BROKEN"
    assert h["reasons"] == ["none of the 3 article(s) requested gave an item (missing_published_at x3)"]
    assert h["coverage"]["published_at"] == 0.0


def test_a_broken_site_is_not_also_degraded() -> None:
    h = site_health({"listing_pages": 1}, Written(), {**_healthy(), "run_id": "r1"}, NOW)
    assert (h["status"], len(h["reasons"])) == ("BROKEN", 1)


# -- DEGRADED ---------------------------------------------------------------------------------------
def test_a_first_run_is_never_degraded() -> None:
    own = {"listing_pages": 5, "articles_requested": 10}
    h = site_health(own, _written(10, dated=0, authored=0), None, NOW)
    assert h["status"] == "OK"


def test_links_per_page_falling_by_more_than_half_is_degraded() -> None:
    prev = _healthy(pages=2, n=20)  # 10 links a page
    h = site_health({"listing_pages": 3, "articles_requested": 12}, _written(12), prev, NOW)
    assert h["status"] == "DEGRADED"
    assert h["reasons"] == ["article links per listing page fell from 10 to 4"]


def test_links_per_page_falling_to_exactly_half_is_ok() -> None:
    prev = _healthy(pages=2, n=20)
    h = site_health({"listing_pages": 2, "articles_requested": 10}, _written(10), prev, NOW)
    assert h["status"] == "OK"


def test_small_previous_yield_is_not_compared() -> None:
    prev = _healthy(pages=1, n=1)  # one link a page: too few to call a fall sharp
    h = site_health({"listing_pages": 4, "articles_requested": 1}, _written(1), prev, NOW)
    assert h["status"] == "OK"


def test_date_coverage_falling_more_than_30_points_is_degraded() -> None:
    prev = _healthy()
    own = {"listing_pages": 2, "articles_requested": 20, "dropped/missing_published_at": 12}
    h = site_health(own, _written(8), prev, NOW)
    assert h["coverage"]["published_at"] == 0.4
    assert h["status"] == "DEGRADED"
    assert h["reasons"] == ["date coverage fell from 100% to 40%"]


def test_author_coverage_falling_30_points_exactly_is_ok() -> None:
    prev = _healthy()
    h = site_health({"listing_pages": 2, "articles_requested": 20}, _written(20, authored=14), prev, NOW)
    assert (h["coverage"]["author"], h["status"]) == (0.7, "OK")


def test_author_coverage_falling_more_than_30_points_is_degraded() -> None:
    prev = _healthy()
    h = site_health({"listing_pages": 2, "articles_requested": 20}, _written(20, authored=13), prev, NOW)
    assert h["reasons"] == ["author coverage fell from 100% to 65%"]


def test_too_few_items_are_not_compared_and_the_baseline_is_carried() -> None:
    prev = _healthy()
    quiet = site_health(
        {"listing_pages": 1, "articles_requested": 2, "known_links": 8}, _written(2, 2, 0), prev
    )
    assert quiet["status"] == "OK"  # 2 items without author: too few to judge
    assert quiet["baseline"] == prev["baseline"]
    # The next run is compared with the full run's figures, carried through the quiet one.
    later = site_health({"listing_pages": 2, "articles_requested": 20}, _written(20, authored=2), quiet, NOW)
    assert later["reasons"] == ["author coverage fell from 100% to 10%"]


def test_fetch_rate_falling_is_degraded() -> None:
    prev = _healthy()
    own = {"listing_pages": 2, "articles_requested": 20, "errors/TimeoutError": 12}
    h = site_health(own, _written(8), prev, NOW)
    assert h["status"] == "DEGRADED"
    assert h["reasons"] == ["articles fetched fell from 100% to 40% (TimeoutError x12)"]


# -- previous_health ----------------------------------------------------------------------------------
def _manifest(out: Path, run_id: str, sites: dict, finish_reason: str = "finished", age: int = 0) -> None:
    path = out / f"{run_id}.manifest.json"
    body = {
        "run_id": run_id,
        "finish_reason": finish_reason,
        "sites": {k: {"health": v} for k, v in sites.items()},
    }
    path.write_text(json.dumps(body), encoding="utf-8")
    stamp = 1_700_000_000 - age * 3600
    os.utime(path, (stamp, stamp))


def test_previous_health_takes_the_latest_finished_not_broken_run(tmp_path: Path) -> None:
    ok, broken = {"status": "OK", "links_per_page": 10}, {"status": "BROKEN"}
    _manifest(tmp_path, "r1", {"a": ok, "b": ok}, age=5)
    _manifest(tmp_path, "r2", {"a": {**ok, "links_per_page": 8}}, age=4)
    _manifest(tmp_path, "r3", {"a": broken, "b": broken}, age=3)
    _manifest(tmp_path, "r4", {"a": {**ok, "links_per_page": 1}}, finish_reason="recovered", age=2)
    _manifest(tmp_path, "now", {"a": ok}, age=0)  # this run's own manifest is never its previous
    (tmp_path / "r5.manifest.json").write_text("{not json", encoding="utf-8")
    found = previous_health(tmp_path, "now", ["a", "b", "c"])
    assert found["a"] == {**ok, "links_per_page": 8, "run_id": "r2"}
    assert found["b"]["run_id"] == "r1"
    assert "c" not in found


def test_previous_health_of_an_empty_directory(tmp_path: Path) -> None:
    assert previous_health(tmp_path / "missing", "now", ["a"]) == {}


# -- exit status and table ----------------------------------------------------------------------------
def test_broken_sites_counts_only_the_sites_given() -> None:
    health = {"a": {"status": "BROKEN"}, "b": {"status": "OK"}, "c": {"status": "BROKEN"}}
    assert broken_sites(health, ["b", "c", "d"]) == ["c"]


def test_table_rows_and_reasons() -> None:
    broken = site_health({"errors/http_404": 1}, Written(), None, NOW)
    own = {"listing_pages": 3, "articles_requested": 24, "dropped/missing_title": 2, "errors/http_500": 1}
    good = site_health(own, _written(20, dated=20, authored=15, newest_at="2026-11-20"), None, NOW)
    lines = format_table({"hai_phong": good, "gia_lai": broken})
    header = "site status pages new known dup drop err date auth text newest (age)"
    assert lines[0].split() == header.split()
    assert set(lines[1]) == {"-"}
    assert lines[2].split() == [
        "hai_phong", "OK", "3", "20", "0", "0", "2", "1", "100%", "75%", "100%", "2026-11-20", "(6", "d)",
    ]  # fmt: skip
    assert lines[3].split()[:9] == ["gia_lai", "BROKEN", "0", "0", "0", "0", "0", "1", "-"]
    assert lines[4].strip() == "- no listing page could be read: every request failed (http_404 x1)"
    assert len(lines) == 5


def test_site_progress_from_stats() -> None:
    stats = {
        "tinhoatdong/site/a/listing_pages": 3,
        "tinhoatdong/site/a/new": 20,
        "tinhoatdong/site/a/errors/http_500": 2,
        "tinhoatdong/site/a/errors/TimeoutError": 1,
        "tinhoatdong/site/a/articles_requested": 25,
        "tinhoatdong/site/b/errors/DNSLookupError": 1,
        "tinhoatdong/items_written": 20,
    }
    assert site_progress(stats) == {"a": (3, 20, 3), "b": (0, 0, 1)}
