"""bench/run.py: the crawl, plain Scrapy, the floor and the unchanged run over one mirror; their figures."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import lxml.html
from scrapy.http import HtmlResponse, Request
from zlib_ng import zlib_ng

from crawler.pages.links import html_parser
from tests.bench_helpers import run_bench

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from plainspider import PlainSpider  # noqa: E402

PAGE = next(iter(sorted(ROOT.glob("tests/fixtures/portal/*/page.html"))))


def test_floor_parses_with_the_crawls_parser_and_gzips_at_the_given_level(tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text("[]", "utf-8")
    spider = PlainSpider(plan=str(tmp_path / "plan.json"), floor="5")
    body = PAGE.read_bytes()
    member = zlib_ng.compressobj(5, zlib_ng.DEFLATED, zlib_ng.MAX_WBITS + 16)
    assert spider.floor(HtmlResponse("http://127.0.0.1/a.html", body=body)) == len(
        member.compress(body) + member.flush()
    )
    assert spider._parse.func is lxml.html.document_fromstring
    assert spider._parse.keywords == {"parser": html_parser(utf8=True)}
    assert spider.floor(HtmlResponse("http://127.0.0.1/empty.html", body=b" \n")) > 0  # gzipped, not parsed


def test_floor_work_is_done_on_every_listing_and_article_page(tmp_path: Path) -> None:
    plan = [{"pages": [{"method": "GET", "url": "http://127.0.0.1/l1", "articles": ["http://127.0.0.1/a1"]}]}]
    (tmp_path / "plan.json").write_text(json.dumps(plan), "utf-8")
    spider = PlainSpider(plan=str(tmp_path / "plan.json"), floor="5")
    parsed: list[bytes] = []
    spider._parse = parsed.append
    asked = Request("http://127.0.0.1/l1", meta={"site": 0, "page": 0})
    listing = HtmlResponse("http://127.0.0.1/l1", body=b"<html>l1</html>", request=asked)
    assert [r.url for r in spider.parse_listing(listing)] == ["http://127.0.0.1/a1"]
    spider.parse_article(HtmlResponse("http://127.0.0.1/a1", body=b"<html>a1</html>"))
    assert parsed == [b"<html>l1</html>", b"<html>a1</html>"]


def test_baseline_does_no_floor_work(tmp_path: Path) -> None:
    (tmp_path / "plan.json").write_text("[]", "utf-8")
    spider = PlainSpider(plan=str(tmp_path / "plan.json"))
    assert spider.floor(HtmlResponse("http://127.0.0.1/a.html", body=PAGE.read_bytes())) == 0


def test_it_prints_every_phase_and_figure(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    args = ("--sites", "2", "--articles", "4", "--floor", "--json", str(out))
    stdout = run_bench("run.py", *args, timeout=300)
    for phase in ("baseline", "floor", "crawl", "unchanged"):
        assert re.search(rf"^{phase}\s+\d+\.\d\s+\d+\s+\d+", stdout, re.M), phase
    assert re.search(r"ratio \d+\.\d\d", stdout)
    assert re.search(r"= \d+\.\d\d ms per article page \(plain Scrapy: \d+\.\d\d ms per page\)", stdout)
    floor = (
        r"^floor \(.*\): \d+\.\d\d ms per article page; .* beyond it: -?\d+\.\d\d ms; "
        r"the crawl costs \d+\.\d\d times its floor .*$"
    )
    assert re.search(floor, stdout, re.M)
    assert "1.00 per site by Scrapy's count" in stdout
    assert "recall 100.0 %, precision 100.0 %" in stdout
    phases = json.loads(out.read_text("utf-8"))["phases"]
    # the floor fetches the baseline's pages, which are the crawl's listing and article pages
    for key in ("listing_pages", "article_pages"):
        assert phases["floor"][key] == phases["baseline"][key] == phases["crawl"][key] > 0
    assert phases["floor"]["other"] == phases["baseline"]["other"] == 0


def test_a_settings_module_in_the_environment_does_not_reach_plain_scrapy() -> None:
    """SCRAPY_SETTINGS_MODULE names the crawl's settings in a shell that runs it from elsewhere: plain Scrapy,
    run outside the project, must not try to load them (nor the crawl take another project's)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    stdout = run_bench("run.py", "--sites", "1", "--articles", "2", timeout=300, env=env)
    assert re.search(r"^baseline\s+\d+\.\d\s+\d+\s+\d+", stdout, re.M)
    assert "recall 100.0 %, precision 100.0 %" in stdout


def test_paced_settings_override_the_unpaced_ones() -> None:
    from run import crawl_cmd, paced
    from scrapy.utils.conf import arglist_to_dict

    cmd = crawl_cmd(Path("r.yaml"), Path("out"), paced(0.5, 40))
    settings = arglist_to_dict([cmd[i + 1] for i, arg in enumerate(cmd) if arg == "-s"])
    assert settings["DOWNLOAD_DELAY"] == "0.5"
    assert settings["RANDOMIZE_DOWNLOAD_DELAY"] == "False"
    assert settings["AUTOTHROTTLE_ENABLED"] == "False"
    assert settings["CONCURRENT_REQUESTS"] == "80"
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == "1"
    assert paced(0.0, 40) == []


def test_paced_run_says_whether_the_crawl_kept_up() -> None:
    stdout = run_bench("run.py", "--sites", "2", "--articles", "4", "--pace", "0.05", timeout=300)
    assert not re.search(r"^(baseline|floor) ", stdout, re.M)
    assert re.search(r"^crawl\s+\d+\.\d\s+\d+", stdout, re.M)
    paced = (
        r"^paced at one request per 0\.05 s per site: at most 40\.0 requests/s; the crawl made \d+\.\d "
        r"responses/s \(Scrapy's elapsed time\) and its CPU was \d+ % of one core over its wall time: "
        r"it (waited for the sites|was its own bottleneck)$"
    )
    assert re.search(paced, stdout, re.M)
    gaps = re.search(
        r"^the servers saw each site's requests a median (\d+\.\d\d) s apart \(per site from (\d+\.\d\d) to "
        r"(\d+\.\d\d) s\), against the pace's 0\.05 s$",
        stdout,
        re.M,
    )
    assert gaps is not None
    median, low, high = map(float, gaps.groups())
    # Scrapy sends a site's next request no sooner than the delay after the last: the servers see that
    assert 0.04 <= low <= median <= high


def test_site_gaps_are_per_site_medians_within_the_phase() -> None:
    from run import site_gaps

    arrivals = {
        "a": [0.5, 10.0, 11.0, 12.0, 15.0, 40.0],  # 0.5 and 40.0: before and after the phase
        "b": [20.0, 20.5],
        "c": [12.0],  # one request: no gap
        "d": [],
    }
    assert site_gaps(arrivals, 5.0, 30.0) == {"a": 1.0, "b": 0.5}
