"""The JSON Lines writer: complete lines, .part renamed when done, a manifest that matches the file."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import FIELDS
from crawler.pipelines.writer import RUN_ID_STAT, JsonlWriterPipeline, new_run_id, resolve_run_id
from crawler.registry import load_registry
from crawler.runargs import CrawlArgs
from crawler.urls import article_id, canonical_url

ROOT = Path(__file__).resolve().parent.parent
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def article(n: int, site: str = "ninh_thuan", **overrides: Any) -> dict[str, Any]:
    """A complete item (all schema fields, in a scrambled order to show the writer orders them)."""
    url = f"https://sotttt.ninhthuan.gov.vn/portal/Pages/2022-3-16/bai-{n}.aspx"
    data = {
        "schema_version": 1,
        "text": f"Nội dung bài {n}.\n\nĐoạn hai.",
        "title": f"Sở Thông tin và Truyền thông họp giao ban lần {n}",
        "id": article_id(canonical_url(url)),
        "url": url,
        "canonical_url": canonical_url(url),
        "site": site,
        "site_name": "Sở Thông tin và Truyền thông tỉnh Ninh Thuận",
        "province": "Ninh Thuận",
        "category": "Tin hoạt động",
        "published_at": f"2022-03-{10 + n:02d}",
        "published_at_raw": f"{10 + n}/03/2022",
        "author": "Quốc Trạng",
        "summary": None,
        "images": [],
        "attachments": [],
        "content_hash": hashlib.sha1(str(n).encode()).hexdigest(),
        "duplicate_of": None,
        "fetched_at": "2025-01-02T03:04:05Z",
        "source": "live",
        "captured_at": None,
        "capture_url": None,
        "warc": None,
    }
    data.update(overrides)
    return data


def make_pipeline(tmp_path: Path, **settings: Any) -> JsonlWriterPipeline:
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path), **settings})
    return JsonlWriterPipeline.from_crawler(crawler)


def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "tinhoatdong"


def read_manifest(pipeline: JsonlWriterPipeline) -> dict[str, Any]:
    return json.loads(pipeline.manifest_path.read_text(encoding="utf-8"))


def test_part_file_holds_complete_lines_until_close(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    part = out_dir(tmp_path) / "run1.jsonl.part"
    final = out_dir(tmp_path) / "run1.jsonl"
    assert part.exists()
    assert not final.exists()
    for n in range(1, 4):
        item = article(n)
        assert pipeline.process_item(item) is item
        raw = part.read_bytes()  # flushed after every item: readable mid-run, never a torn line
        assert raw.endswith(b"\n")
        assert raw.count(b"\n") == n
    assert not final.exists()
    pipeline.close_spider()
    assert not part.exists()
    assert final.exists()
    assert sorted(p.name for p in out_dir(tmp_path).iterdir()) == ["run1.jsonl", "run1.manifest.json"]


def test_lines_are_utf8_json_in_schema_key_order(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    items = [article(1), article(2, site="hai_phong")]
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    raw = pipeline.final_path.read_bytes()
    assert "Ninh Thuận".encode() in raw  # ensure_ascii=False: Vietnamese as UTF-8, not \\u escapes
    lines = raw.decode("utf-8").split("\n")
    assert lines[-1] == ""
    parsed = [json.loads(line) for line in lines[:-1]]
    assert parsed == items
    for row in parsed:
        assert tuple(row) == FIELDS


def test_line_separators_inside_text_are_escaped(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    text = "Dòng một\u2028dòng hai\u2029đoạn\x85hết"
    pipeline.process_item(article(1, text=text))
    pipeline.close_spider()
    content = pipeline.final_path.read_text(encoding="utf-8")
    assert len(content.splitlines()) == 1  # str.splitlines() would split on U+2028/2029/0085 if raw
    assert json.loads(content)["text"] == text


def test_manifest_matches_the_file_and_the_stats(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    stats = pipeline.crawler.stats
    pipeline.open_spider()
    pipeline.process_item(article(1))
    pipeline.process_item(article(5, published_at="2022-03-15T08:30:00+07:00"))
    pipeline.process_item(article(3))
    pipeline.process_item(article(2, site="demo_x", category="Tin tức"))
    stats.set_value("tinhoatdong/site/ninh_thuan/listing_pages", 4)
    stats.set_value("tinhoatdong/site/ninh_thuan/category", "Tin hoạt động của Sở")
    stats.set_value("tinhoatdong/site/ninh_thuan/already_seen", 7)
    stats.set_value("tinhoatdong/site/ninh_thuan/errors/http_404", 2)
    stats.set_value("tinhoatdong/site/ninh_thuan/errors/TimeoutError", 1)
    stats.set_value("tinhoatdong/site/ninh_thuan/pagination_stop/no_next_page", 1)
    stats.set_value("tinhoatdong/dropped/empty_text", 3)
    stats.set_value("tinhoatdong/site/ninh_thuan/dropped/empty_text", 2)
    stats.set_value("tinhoatdong/site/lao_cai/dropped/empty_text", 1)
    pipeline.close_spider()

    manifest = read_manifest(pipeline)
    body = pipeline.final_path.read_bytes()
    assert manifest["run_id"] == "run1"
    assert manifest["items_file"] == "run1.jsonl"
    assert manifest["line_count"] == 4
    assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
    assert manifest["schema_version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["started_at"])
    assert manifest["finished_at"] >= manifest["started_at"]
    assert manifest["dropped"] == {"empty_text": 3}
    assert manifest["totals"] == {"new": 4, "already_seen": 7, "duplicates": 0, "dropped": 3, "errors": 3}

    nt = manifest["sites"]["ninh_thuan"]
    assert nt["new"] == 3
    assert nt["already_seen"] == 7
    assert nt["duplicates"] == 0
    assert nt["dropped"] == {"empty_text": 2}
    assert nt["errors"] == {"TimeoutError": 1, "http_404": 2}
    assert nt["newest_published_at"] == "2022-03-15T08:30:00+07:00"
    assert nt["listing_pages"] == 4
    assert nt["category"] == "Tin hoạt động của Sở"  # as the spider saw it on the listing
    # no spider: start URLs come from the built-in registry
    assert nt["start_urls"] == list(next(s for s in load_registry() if s.id == "ninh_thuan").start_urls)
    assert nt["other"] == {"pagination_stop/no_next_page": 1}

    demo = manifest["sites"]["demo_x"]
    assert demo["new"] == 1
    assert demo["category"] == "Tin tức"  # from the items written
    assert demo["start_urls"] == []
    assert demo["newest_published_at"] == "2022-03-12"

    lao_cai = manifest["sites"]["lao_cai"]  # only dropped items: still reported
    assert lao_cai["new"] == 0
    assert lao_cai["dropped"] == {"empty_text": 1}
    assert lao_cai["newest_published_at"] is None

    assert stats.get_value("tinhoatdong/site/ninh_thuan/new") == 3
    assert stats.get_value("tinhoatdong/items_written") == 4


def test_finish_reason_is_recorded_when_the_spider_closes(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    pipeline.close_spider()
    assert read_manifest(pipeline)["finish_reason"] is None  # Scrapy only gives the reason afterwards
    pipeline.spider_closed(spider=None, reason="closespider_itemcount")
    assert read_manifest(pipeline)["finish_reason"] == "closespider_itemcount"
    pipeline.crawler.stats.set_value("finish_reason", "shutdown")
    pipeline.spider_closed(spider=None, reason="finished")
    assert read_manifest(pipeline)["finish_reason"] == "shutdown"
    assert not list(out_dir(tmp_path).glob("*.tmp"))


def test_empty_run_still_produces_file_and_manifest(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="empty")
    pipeline.open_spider()
    pipeline.close_spider()
    final = out_dir(tmp_path) / "empty.jsonl"
    assert final.read_bytes() == b""
    manifest = read_manifest(pipeline)
    assert manifest["line_count"] == 0
    assert manifest["sha256"] == EMPTY_SHA256
    assert manifest["sites"] == {}
    assert manifest["totals"]["new"] == 0


def test_spider_args_and_selected_sites_go_to_the_manifest(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    sites = load_registry(ROOT / "tests" / "fixtures" / "registry" / "good_full.yaml")
    pipeline.crawler.spider = SimpleNamespace(
        name="tinhoatdong",
        args=CrawlArgs(
            sites="reg.yaml", site="demo_full,demo_off", since=date(2021, 3, 1), max_pages=3, full=True
        ),
        sites=sites,
    )
    pipeline.open_spider()
    pipeline.process_item(article(1, site="demo_full"))
    pipeline.close_spider()
    manifest = read_manifest(pipeline)
    assert manifest["spider"] == "tinhoatdong"
    assert manifest["args"] == {
        "sites": "reg.yaml",
        "site": "demo_full,demo_off",
        "since": "2021-03-01",
        "max_pages": 3,
        "full": True,
        "source": "live",
    }
    assert list(manifest["sites"]) == ["demo_full", "demo_off"]  # a selected site with no activity is listed
    assert manifest["sites"]["demo_full"]["new"] == 1
    assert manifest["sites"]["demo_full"]["start_urls"] == list(sites[0].start_urls)
    assert manifest["sites"]["demo_full"]["platform"] == "sharepoint"
    assert manifest["sites"]["demo_off"]["new"] == 0
    assert manifest["sites"]["demo_off"]["start_urls"] == ["https://stttt.tat.gov.vn/"]


def test_run_id_is_generated_shared_and_in_stats(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path)})
    pipeline = JsonlWriterPipeline.from_crawler(crawler)
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{6}", pipeline.run_id)
    assert crawler.stats.get_value(RUN_ID_STAT) == pipeline.run_id
    assert resolve_run_id(crawler) == pipeline.run_id  # any other component gets the same id
    assert pipeline.final_path == out_dir(tmp_path) / f"{pipeline.run_id}.jsonl"
    other = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path), "RUN_ID": ""})  # empty: generate one
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{6}", resolve_run_id(other))
    assert resolve_run_id(other) != pipeline.run_id


def test_new_run_id_format() -> None:
    from datetime import UTC, datetime

    run_id = new_run_id(datetime(2025, 3, 1, 7, 8, 9, tzinfo=UTC))
    assert re.fullmatch(r"20250301T070809Z-[0-9a-f]{6}", run_id)


@pytest.mark.parametrize("bad", ["../x", "a/b", ".hidden", "x y", "x" * 101])
def test_unsafe_run_id_is_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="RUN_ID"):
        make_pipeline(tmp_path, RUN_ID=bad)


def test_finished_run_file_is_never_overwritten(tmp_path: Path) -> None:
    out_dir(tmp_path).mkdir(parents=True)
    (out_dir(tmp_path) / "run1.jsonl").write_bytes(b"old\n")
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    with pytest.raises(FileExistsError):
        pipeline.open_spider()
    assert (out_dir(tmp_path) / "run1.jsonl").read_bytes() == b"old\n"


def test_resumed_part_keeps_complete_lines_and_drops_a_torn_one(tmp_path: Path) -> None:
    out_dir(tmp_path).mkdir(parents=True)
    part = out_dir(tmp_path) / "run1.jsonl.part"
    first = json.dumps(article(1), ensure_ascii=False) + "\n"
    part.write_bytes(first.encode() + b'{"id": "torn')
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    assert part.read_bytes() == first.encode()
    pipeline.process_item(article(2))
    pipeline.close_spider()
    rows = [json.loads(x) for x in pipeline.final_path.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in rows] == [article(1)["title"], article(2)["title"]]
    manifest = read_manifest(pipeline)
    assert manifest["line_count"] == 2
    assert manifest["sites"]["ninh_thuan"]["new"] == 2


def test_item_with_wrong_fields_is_dropped_not_written(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, RUN_ID="run1")
    pipeline.open_spider()
    with pytest.raises(DropItem):
        pipeline.process_item({**article(1), "views": 3})
    bad = article(2)
    del bad["warc"]
    with pytest.raises(DropItem):
        pipeline.process_item(bad)
    pipeline.close_spider()
    assert pipeline.final_path.read_bytes() == b""
    assert pipeline.crawler.stats.get_value("tinhoatdong/dropped/writer_bad_fields") == 2


CRAWL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import scrapy
    from scrapy.crawler import AsyncCrawlerProcess

    ITEMS = json.loads(open(sys.argv[1], encoding="utf-8").read())

    class ItemsSpider(scrapy.Spider):
        name = "writer_e2e"

        async def start(self):
            for item in ITEMS:
                yield item

    process = AsyncCrawlerProcess(settings={
        "OUTPUT_DIR": sys.argv[2],
        "ITEM_PIPELINES": {
            "crawler.pipelines.validate.ValidatePipeline": 500,
            "crawler.pipelines.writer.JsonlWriterPipeline": 900,
        },
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
    })
    process.crawl(ItemsSpider)
    process.start()
    """
)


def test_real_crawl_writes_file_and_manifest(tmp_path: Path) -> None:
    """Through Scrapy itself: the 2.14+ pipeline signatures, the close reason, validation before writing."""
    items = [article(1), article(2, text=""), article(3, site="hai_phong")]
    (tmp_path / "items.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "run.py").write_text(CRAWL_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(tmp_path / "run.py"), str(tmp_path / "items.json"), str(out)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ScrapyDeprecationWarning" not in done.stderr
    files = sorted(p.name for p in (out / "tinhoatdong").iterdir())
    assert len(files) == 2
    assert files[0].endswith(".jsonl")
    assert files[1].endswith(".manifest.json")
    manifest = json.loads((out / "tinhoatdong" / files[1]).read_text(encoding="utf-8"))
    body = (out / "tinhoatdong" / files[0]).read_bytes()
    assert [json.loads(x)["title"] for x in body.splitlines()] == [items[0]["title"], items[2]["title"]]
    assert manifest["items_file"] == files[0]
    assert manifest["line_count"] == 2
    assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
    assert manifest["finish_reason"] == "finished"
    assert manifest["spider"] == "writer_e2e"
    assert manifest["dropped"] == {"empty_text": 1}
    assert manifest["sites"]["ninh_thuan"]["new"] == 1
    assert manifest["sites"]["ninh_thuan"]["dropped"] == {"empty_text": 1}
    assert manifest["sites"]["hai_phong"]["new"] == 1
    assert f"'tinhoatdong/run_id': '{manifest['run_id']}'" in done.stderr  # the run id is in the dumped stats
