"""End to end: the real `scrapy crawl tinhoatdong` (a subprocess) against the demo sites on loopback."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from crawler.demo.server import Served, serve_mirrors
from crawler.items import SCHEMA_PATH
from tests.crawl_helpers import ROOT, CrawlRun, crawl, write_registry

DEMO_SITES = ROOT / "crawler" / "demo" / "sites"
MIRRORS = sorted(p for p in DEMO_SITES.iterdir() if (p / "routes.json").is_file())


@pytest.fixture(scope="module")
def served():
    with serve_mirrors(MIRRORS) as served:
        yield served


@pytest.fixture(scope="module")
def full_run(served: list[Served], tmp_path_factory: pytest.TempPathFactory) -> CrawlRun:
    tmp = tmp_path_factory.mktemp("full")
    # Only what CONTRACT.md requires: platform and category must be found from the pages themselves.
    required = ("id", "name", "province", "start_urls")
    entries = [{k: v for k, v in s.registry_entry().items() if k in required} for s in served]
    jobs = f"REMOTE_CONTROL_JOBS_DIR={tmp / 'jobs'}"  # where Scrapy's remote control would leave its token
    return crawl(tmp, f"sites={write_registry(entries, tmp / 'sites.yaml')}", settings=(jobs,))


def test_no_console_runs_python_sent_to_the_crawl(full_run: CrawlRun) -> None:
    """Scrapy's telnet console and remote-control HTTP endpoint (which leaves a token file behind) are off."""
    jobs = full_run.output_dir.parent / "jobs"
    said = [
        line for line in full_run.stderr.splitlines() if "Telnet console" in line or "Remote control" in line
    ]
    assert (said, sorted(jobs.glob("*")) if jobs.exists() else []) == ([], [])


def _paths(items: list[dict], served: Served) -> set[str]:
    base = served.base_url
    return {i["url"].removeprefix(base) for i in items if i["url"].startswith(base + "/")}


def test_crawl_exits_zero(full_run: CrawlRun) -> None:
    assert full_run.returncode == 0, full_run.stderr[-3000:]


def test_every_article_of_every_site_and_nothing_else(full_run: CrawlRun, served: list[Served]) -> None:
    items = full_run.items()
    for s in served:
        expected = {a["path"] for a in s.truth()["articles"]}
        assert _paths(items, s) == expected, s.mirror.name
    assert len(items) == sum(len(s.truth()["articles"]) for s in served)


def test_items_validate_against_the_schema(full_run: CrawlRun) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    errors = [(i["url"], e.message) for i in full_run.items() for e in validator.iter_errors(i)]
    assert errors == []


def test_one_complete_file_and_no_part_file_left(full_run: CrawlRun) -> None:
    out = full_run.output_dir / "tinhoatdong"
    assert len(full_run.items_files()) == 1
    assert list(out.glob("*.part")) == []


def test_manifest_counts_and_checksum(full_run: CrawlRun, served: list[Served]) -> None:
    manifest = full_run.manifest()
    data = full_run.items_files()[0].read_bytes()
    assert manifest["line_count"] == data.count(b"\n")
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    for s in served:
        site = s.truth()["site"]["id"]
        assert manifest["sites"][site]["new"] == len(s.truth()["articles"]), site


def test_manifest_records_platform_and_category(full_run: CrawlRun, served: list[Served]) -> None:
    sites = full_run.manifest()["sites"]
    for s in served:
        spec = s.truth()["site"]
        found = sites[spec["id"]]
        assert (found["platform"], found["category"]) == (spec["platform"], "Tin hoạt động")


def test_max_pages_limits_listing_pages(served: list[Served], tmp_path: Path) -> None:
    sp = next(s for s in served if s.mirror.name == "sharepoint")
    registry = write_registry([sp.registry_entry()], tmp_path / "sites.yaml")
    run = crawl(tmp_path, f"sites={registry}", "max_pages=1")
    assert run.returncode == 0, run.stderr[-3000:]
    first_page = sp.truth()["listings"][0]["article_paths"]
    assert _paths(run.items(), sp) == set(first_page)
    assert run.manifest()["sites"][sp.truth()["site"]["id"]]["listing_pages"] == 1


def test_since_keeps_only_newer_articles(served: list[Served], tmp_path: Path) -> None:
    sp = next(s for s in served if s.mirror.name == "joomla")
    articles = sp.truth()["articles"]
    dates = sorted(a["published_at"][:10] for a in articles)
    since = dates[len(dates) // 2]
    registry = write_registry([sp.registry_entry()], tmp_path / "sites.yaml")
    run = crawl(tmp_path, f"sites={registry}", f"since={since}")
    assert run.returncode == 0, run.stderr[-3000:]
    assert _paths(run.items(), sp) == {a["path"] for a in articles if a["published_at"][:10] >= since}


def test_site_filter(served: list[Served], tmp_path: Path) -> None:
    registry = write_registry([s.registry_entry() for s in served[:2]], tmp_path / "sites.yaml")
    only = served[1].truth()["site"]["id"]
    run = crawl(tmp_path, f"sites={registry}", f"site={only}")
    assert {i["site"] for i in run.items()} == {only}


def test_bad_registry_is_refused_before_any_request(served: list[Served], tmp_path: Path) -> None:
    entry = served[0].registry_entry()
    registry = write_registry([entry, {**entry, "start_urls": ["htp://nowhere"]}], tmp_path / "sites.yaml")
    before = len(served[0].mirror.requests)
    run = crawl(tmp_path, f"sites={registry}")
    assert run.returncode == 2
    assert f"{registry}: entry 2 (id '{entry['id']}')" in run.stderr
    assert "start_urls" in run.stderr
    assert len(served[0].mirror.requests) == before
    assert not (tmp_path / "out").exists()


def test_bad_argument_is_refused(tmp_path: Path) -> None:
    run = crawl(tmp_path, "since=yesterday")
    assert (run.returncode, "since=" in run.stderr) == (2, True)


def test_bad_tone_style_is_refused(tmp_path: Path) -> None:
    run = crawl(tmp_path, settings=("TONE_STYLE=newest",))
    refused = (run.returncode, "TONE_STYLE='newest'" in run.stderr, "Traceback" in run.stderr)
    assert refused == (2, True, False)


def test_demo_command(tmp_path: Path) -> None:
    """The README's first command, minus the set-up: serve the bundled sites, crawl, print the output."""
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.demo", "--output-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    jsonl = next((tmp_path / "tinhoatdong").glob("*.jsonl"))
    assert f"articles -> {jsonl}" in proc.stdout
    wacz = next((tmp_path / "tinhoatdong" / "warc").glob("*.wacz"))
    assert f"web archive-> {wacz}" in proc.stdout
    assert sum(1 for _ in jsonl.open(encoding="utf-8")) == sum(
        len(json.loads((m / "truth.json").read_text(encoding="utf-8"))["articles"]) for m in MIRRORS
    )


@pytest.fixture(scope="module")
def home_run(served: list[Served], tmp_path_factory: pytest.TempPathFactory) -> CrawlRun:
    """Every demo site started from its home page, with nothing but the required registry keys."""
    tmp = tmp_path_factory.mktemp("home")
    entries = []
    for s in served:
        spec = s.truth()["site"]
        entries.append(
            {
                **{k: spec[k] for k in ("id", "name", "province")},
                "start_urls": [s.base_url + spec["home_path"]],
            }
        )
    return crawl(tmp, f"sites={write_registry(entries, tmp / 'sites.yaml')}")


def test_from_home_pages_every_article_is_found(home_run: CrawlRun, served: list[Served]) -> None:
    assert home_run.returncode == 0, home_run.stderr[-3000:]
    items = home_run.items()
    for s in served:
        assert _paths(items, s) == {a["path"] for a in s.truth()["articles"]}, s.mirror.name


def test_from_home_pages_the_choice_is_in_the_manifest(home_run: CrawlRun, served: list[Served]) -> None:
    sites = home_run.manifest()["sites"]
    for s in served:
        spec = s.truth()["site"]
        (found,) = sites[spec["id"]]["discovery"]
        fallback = spec["home_category"] == "Tin tức - Sự kiện"
        want = (s.base_url + spec["start_paths"][0], spec["home_category"], fallback)
        assert (found["listing"], found["label"], found["fallback"]) == want, s.mirror.name


def test_scrapy_consoles_are_not_even_imported() -> None:
    """Off by their settings and out of Scrapy's base list, so Scrapy never imports them (nor aiohttp)."""
    code = (
        "import sys\n"
        "from scrapy.settings import Settings\n"
        "from crawler import settings as project\n"
        "settings = Settings()\n"
        "settings.setmodule(project, priority='project')\n"
        "from scrapy.extension import ExtensionManager\n"
        "from scrapy.utils.misc import load_object\n"  # as Scrapy builds the extensions: each one listed
        "loaded = [load_object(path) for path in ExtensionManager._get_mwlist_from_settings(settings)]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'aiohttp' or 'telnet' in m), "
        "settings.getbool('TELNETCONSOLE_ENABLED'), settings.getbool('REMOTE_CONTROL_ENABLED'), "
        "len(loaded) > 5)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] False False True"
