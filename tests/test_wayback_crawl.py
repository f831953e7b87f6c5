"""End to end: `scrapy crawl tinhoatdong -a source=wayback|auto` against a loopback CDX + replay archive.

The sites are generated mirrors (crawler.demo.sitegen); their "live" base URL is a port where nothing listens
(a site that is gone), or a served mirror (a site that still answers).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import serve_mirrors
from crawler.demo.sitegen import generate
from crawler.items import SCHEMA_PATH
from tests.crawl_helpers import CrawlRun, crawl, write_registry
from tests.waybackmock import MockArchive, dead_base_url, serve_archive

STAMP = "20230415083000"
OLD_STAMP = "20210101000000"


def _mirror(tmp: Path, platform: str, n: int = 10) -> Path:
    root = tmp / platform
    generate(platform, root, n_articles=n, seed=3)
    return root


def _truth(root: Path) -> dict:
    return json.loads((root / "truth.json").read_text(encoding="utf-8"))


def _entry(root: Path, base: str, **extra: object) -> dict:
    site = _truth(root)["site"]
    entry = {k: site[k] for k in ("id", "name", "province", "category")}
    entry["start_urls"] = [base + p for p in site["start_paths"]]
    return {**entry, **extra}


def _settings(archive: MockArchive, *more: str) -> tuple[str, ...]:
    return (
        f"WAYBACK_CDX={archive.cdx}",
        f"WAYBACK_REPLAY={archive.replay}",
        "WAYBACK_DOWNLOAD_DELAY=0",
        "WAYBACK_CONCURRENCY=4",
        "RETRY_BACKOFF_BASE=0.2",
        "WACZ_ENABLED=False",
        *more,
    )


def _site_stats(run: CrawlRun, site_id: str) -> dict:
    return run.manifest()["sites"][site_id]


# -- a site that is gone, collected from its captures ----------------------------------------------------
@pytest.fixture(scope="module")
def gone(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("gone")
    root = _mirror(tmp, "drupal", n=12)
    base = dead_base_url()
    archive = MockArchive()
    archive.add_mirror(root, base, STAMP)
    articles = [a["path"] for a in _truth(root)["articles"]]
    # An older capture of the first article with other bytes: the newest capture is the one fetched.
    archive.add(base + articles[0], OLD_STAMP, "<html><body><h1>old</h1></body></html>")
    # Two captures the replay will not give: one redirects, one is an error page.
    redirect, error = articles[1], articles[2]
    archive.find(STAMP, base + redirect).replay_status = 302  # type: ignore[union-attr]
    archive.find(STAMP, base + redirect).replay_headers = {"Location": "/web/2023/x"}  # type: ignore[union-attr]
    archive.find(STAMP, base + error).replay_status = 404  # type: ignore[union-attr]
    archive.throttle = 1  # the archive's first answer is a 429 with Retry-After
    registry = write_registry([_entry(root, base)], tmp / "sites.yaml")
    with serve_archive(archive):
        run = crawl(
            tmp,
            f"sites={registry}",
            f"site={_truth(root)['site']['id']}",
            "source=wayback",
            settings=_settings(archive, "WAYBACK_CDX_PAGE_SIZE=7", "WACZ_ENABLED=True"),
        )
    return {
        "run": run,
        "root": root,
        "base": base,
        "archive": archive,
        "articles": articles,
        "skipped": {base + redirect, base + error},
        "site": _truth(root)["site"]["id"],
    }


def test_gone_site_crawl_exits_zero(gone: dict) -> None:
    assert gone["run"].returncode == 0, gone["run"].stderr[-3000:]


def test_gone_site_articles_come_from_captures(gone: dict) -> None:
    urls = {i["url"] for i in gone["run"].items()}
    expected = {gone["base"] + p for p in gone["articles"]} - gone["skipped"]
    assert urls == expected


def test_items_carry_source_capture_time_and_capture_url(gone: dict) -> None:
    for item in gone["run"].items():
        assert item["source"] == "wayback"
        assert item["captured_at"] == "2023-04-15T08:30:00Z"
        assert item["capture_url"] == f"{gone['archive'].replay}/{STAMP}id_/{item['url']}"
        assert item["canonical_url"].startswith(gone["base"] + "/")


def test_newest_capture_is_used(gone: dict) -> None:
    first = gone["base"] + gone["articles"][0]
    (item,) = [i for i in gone["run"].items() if i["url"] == first]
    assert item["title"] != "old"
    assert f"/web/{OLD_STAMP}id_/" not in "".join(gone["archive"].requests)


def test_items_validate_against_the_schema(gone: dict) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert [e.message for i in gone["run"].items() for e in validator.iter_errors(i)] == []


def test_cdx_paging_is_followed(gone: dict) -> None:
    cdx = sorted({r for r in gone["archive"].requests if r.startswith("/cdx?")})  # the 429 asked twice
    rows = sum(1 for c in gone["archive"].captures if c.status == 200 and c.mimetype == "text/html")
    other = _site_stats(gone["run"], gone["site"])["other"]
    assert len(cdx) == -(-rows // 7)  # every page of 7 rows, each asked for once
    assert sum("resumeKey=" in r for r in cdx) == len(cdx) - 1
    assert other["wayback/cdx_pages"] == len(cdx)
    assert other["wayback/cdx_rows"] == rows


def test_redirect_capture_is_skipped_and_counted(gone: dict) -> None:
    assert _site_stats(gone["run"], gone["site"])["other"]["wayback/redirect"] == 1


def test_error_capture_is_skipped_and_counted(gone: dict) -> None:
    assert _site_stats(gone["run"], gone["site"])["other"]["wayback/http_404"] == 1


def test_skipped_captures_are_not_errors(gone: dict) -> None:
    assert _site_stats(gone["run"], gone["site"])["errors"] == {}


def test_archive_429_is_retried_after_its_retry_after(gone: dict) -> None:
    assert _site_stats(gone["run"], gone["site"])["other"]["retried/http_429"] == 1


def test_archive_requests_are_counted_against_the_budget(gone: dict) -> None:
    stats = gone["run"].stderr
    sent = len([r for r in gone["archive"].requests if r != "/robots.txt"]) - 1  # the 429 was a retry
    assert re.search(rf"'tinhoatdong/wayback/requests': {sent}[,}}]", stats)


def test_warc_records_the_capture_url(gone: dict) -> None:
    item = gone["run"].items()[0]
    warc = gone["run"].output_dir / "tinhoatdong" / "warc" / item["warc"]["file"]
    with warc.open("rb") as fh:
        fh.seek(item["warc"]["offset"])
        record = next(iter(ArchiveIterator(fh)))
    assert record.rec_headers.get_header("WARC-Target-URI") == item["capture_url"]


def test_wacz_pages_are_the_capture_records(gone: dict) -> None:
    """A replay tool opens an archive item at its capture's record, the one the WARC holds."""
    wacz = gone["run"].output_dir / "tinhoatdong" / "warc" / gone["run"].manifest()["archive"]["wacz"]
    with zipfile.ZipFile(wacz) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    pages = {(p["url"], p["ts"]) for p in map(json.loads, lines[1:])}
    assert pages == {(i["capture_url"], i["fetched_at"]) for i in gone["run"].items()}


def test_site_is_not_broken(gone: dict) -> None:
    assert _site_stats(gone["run"], gone["site"])["health"]["status"] == "OK"


# -- an article present live and archived is emitted once -----------------------------------------------
@pytest.fixture(scope="module")
def live_then_archive(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("both")
    root = _mirror(tmp, "portal", n=8)
    with serve_mirrors([root]) as served:
        base = served[0].base_url
        registry = write_registry([_entry(root, base)], tmp / "sites.yaml")
        live = crawl(tmp, f"sites={registry}", settings=("WACZ_ENABLED=False",))
        archive = MockArchive()
        archive.add_mirror(root, base, STAMP)
        with serve_archive(archive):
            again = crawl(tmp, f"sites={registry}", "source=wayback", "full=1", settings=_settings(archive))
    return {
        "live": live,
        "again": again,
        "site": _truth(root)["site"]["id"],
        "n": len(_truth(root)["articles"]),
    }


def test_live_run_collects_the_articles(live_then_archive: dict) -> None:
    live = live_then_archive["live"]
    assert live.returncode == 0, live.stderr[-2000:]
    assert len(live.items()) == live_then_archive["n"]
    assert {i["source"] for i in live.items()} == {"live"}


def test_archive_run_emits_no_article_again(live_then_archive: dict) -> None:
    again = live_then_archive["again"]
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(again.items()) == live_then_archive["n"]  # the live run's file only: nothing new
    newest = again.manifests()[-1]
    assert json.loads(newest.read_text(encoding="utf-8"))["line_count"] == 0


def test_archive_run_saw_the_articles_as_known(live_then_archive: dict) -> None:
    manifest = json.loads(live_then_archive["again"].manifests()[-1].read_text(encoding="utf-8"))
    site = manifest["sites"][live_then_archive["site"]]
    assert site["health"]["known"] == live_then_archive["n"]
    assert site["other"]["source"] == "wayback"


# -- auto: live first, the archive for a site whose live listing fails --------------------------------------
@pytest.fixture(scope="module")
def auto(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("auto")
    up, down = _mirror(tmp, "joomla", n=6), _mirror(tmp, "liferay", n=6)
    dead = dead_base_url()
    archive = MockArchive()
    archive.add_mirror(down, dead, STAMP)
    with serve_mirrors([up]) as served, serve_archive(archive):
        entries = [_entry(up, served[0].base_url), _entry(down, dead)]
        registry = write_registry(entries, tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}", "source=auto", settings=_settings(archive, "RETRY_TIMES=0"))
    return {
        "run": run,
        "up": _truth(up)["site"]["id"],
        "down": _truth(down)["site"]["id"],
        "n": len(_truth(down)["articles"]),
        "archive": archive,
        "dead": dead,
    }


def test_auto_falls_back_to_the_archive_for_the_dead_site(auto: dict) -> None:
    assert auto["run"].returncode == 0, auto["run"].stderr[-3000:]
    items = [i for i in auto["run"].items() if i["site"] == auto["down"]]
    assert len(items) == auto["n"]
    assert {i["source"] for i in items} == {"wayback"}
    assert auto["run"].manifest()["sites"][auto["down"]]["other"]["wayback/fallback"] == 1


def test_auto_keeps_the_live_site_live(auto: dict) -> None:
    items = [i for i in auto["run"].items() if i["site"] == auto["up"]]
    assert items and {i["source"] for i in items} == {"live"}
    cdx = [r for r in auto["archive"].requests if r.startswith("/cdx?")]
    assert cdx and all(auto["dead"].split("//")[1].replace(":", "%3A") in r for r in cdx)


# -- a postback pager: page 1 from its capture, the rest from the CDX listing; the request budget ------------
@pytest.fixture(scope="module")
def postback(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("postback")
    root = _mirror(tmp, "uiarticle", n=12)
    dead = dead_base_url()
    archive = MockArchive()
    archive.add_mirror(root, dead, STAMP)
    registry = write_registry([_entry(root, dead, source="wayback")], tmp / "sites.yaml")
    with serve_archive(archive):
        run = crawl(tmp, f"sites={registry}", settings=_settings(archive))
        budget = crawl(tmp / "b", f"sites={registry}", settings=_settings(archive, "WAYBACK_MAX_REQUESTS=4"))
    return {"run": run, "budget": budget, "root": root, "dead": dead, "site": _truth(root)["site"]["id"]}


def test_registry_pin_and_listing_only_articles_found_through_cdx(postback: dict) -> None:
    run = postback["run"]
    assert run.returncode == 0, run.stderr[-3000:]
    urls = {i["url"] for i in run.items()}
    assert urls == {postback["dead"] + a["path"] for a in _truth(postback["root"])["articles"]}


def test_postback_pager_is_counted_not_replayable(postback: dict) -> None:
    other = postback["run"].manifest()["sites"][postback["site"]]["other"]
    assert other["wayback/not_replayable"] == 1
    assert other["wayback/orphan_articles"] > 0


def test_request_budget_stops_archive_requests(postback: dict) -> None:
    budget = postback["budget"]
    assert re.search(r"'tinhoatdong/wayback/requests': 4[,}]", budget.stderr)
    other = budget.manifest()["sites"][postback["site"]]["other"]
    assert other["wayback/budget_exhausted"] >= 1
