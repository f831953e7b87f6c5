"""The scoring part of bench/quality.py, on small hand-made truths and item lists (no crawl)."""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "quality.py"
_spec = importlib.util.spec_from_file_location("bench_quality", _PATH)
quality = importlib.util.module_from_spec(_spec)
sys.modules["bench_quality"] = quality
_spec.loader.exec_module(quality)

BASE = "http://127.0.0.1:40001"
NETLOC = "127.0.0.1:40001"


def _article(path: str, **over: object) -> dict:
    art = {
        "path": path,
        "title": f"Tiêu đề {path}",
        "published_at": "2021-03-17",
        "published_at_raw": "17/03/2021",
        "date_source": "article",
        "author": "Quốc Trạng",
        "summary": None,
        "text": "Đoạn một.\n\nĐoạn hai.",
        "images": [{"path": "/img/a.jpg", "caption": "Toàn cảnh hội nghị."}],
        "attachments": [],
    }
    art.update(over)
    return art


def _item(truth_article: dict, **over: object) -> dict:
    """The item a perfect crawler would emit for a truth article."""
    item = {
        "url": BASE + truth_article["path"],
        "canonical_url": BASE + truth_article["path"],
        "site": "s1",
        "title": truth_article["title"],
        "published_at": truth_article["published_at"],
        "author": truth_article["author"],
        "summary": truth_article["summary"],
        "text": truth_article["text"],
        "images": [{"url": BASE + i["path"], "caption": i["caption"]} for i in truth_article["images"]],
        "attachments": [{"url": BASE + a["path"], "name": a["name"]} for a in truth_article["attachments"]],
    }
    item.update(over)
    return item


# --- normalisation ----------------------------------------------------------------------------------------


def test_norm_inline_nfc_and_spaces() -> None:
    assert quality.norm_inline(unicodedata.normalize("NFD", "  Quốc\u00a0 Trạng \n")) == "Quốc Trạng"


@pytest.mark.parametrize("value", [None, "", "  \n ", 3, ["x"]])
def test_norm_inline_blank_is_none(value: object) -> None:
    assert quality.norm_inline(value) is None


def test_norm_text_paragraph_breaks_and_spaces() -> None:
    assert quality.norm_text("  Một  hai \n\n\n\nBa\nBốn ") == "Một hai\n\nBa\n\nBốn"


def test_norm_text_nfd_equals_nfc() -> None:
    text = "Hội nghị chuyển đổi số"
    assert quality.norm_text(unicodedata.normalize("NFD", text)) == text


def test_path_key_ignores_query_order_host_and_fragment() -> None:
    assert quality.path_key(BASE + "/chitiet.asp?MaCM=1&MaTin=5#top") == "/chitiet.asp?MaCM=1&MaTin=5"
    assert quality.path_key("/chitiet.asp?MaTin=5&MaCM=1") == "/chitiet.asp?MaCM=1&MaTin=5"


def test_path_key_percent_encoding_is_decoded() -> None:
    assert quality.path_key("/tin-t%E1%BB%A9c/a") == quality.path_key("/tin-tức/a")


def test_path_key_other_host_never_equals_a_local_path() -> None:
    assert quality.path_key("https://cdn.example.vn/img/a.jpg", NETLOC) == "//cdn.example.vn/img/a.jpg"
    assert quality.path_key(BASE + "/img/a.jpg", NETLOC) == "/img/a.jpg"


@pytest.mark.parametrize("value", [None, "", 7])
def test_path_key_of_nothing_is_empty(value: object) -> None:
    assert quality.path_key(value) == ""


# --- text similarity --------------------------------------------------------------------------------------


def test_similarities_of_identical_texts() -> None:
    text = "Sáng ngày 16/3/2021, Sở tổ chức hội nghị.\n\nĐồng chí Giám đốc phát biểu."
    assert quality.text_similarity(text, text) == 1.0
    assert quality.token_f1(text, text) == 1.0


def test_reordered_paragraphs_lower_difflib_but_not_f1() -> None:
    a = "một hai ba bốn năm\n\nsáu bảy tám chín mười"
    b = "sáu bảy tám chín mười\n\nmột hai ba bốn năm"
    assert quality.text_similarity(a, b) == pytest.approx(0.5)
    assert quality.token_f1(a, b) == 1.0


def test_extra_words_lower_both_similarities() -> None:
    a = "một hai ba bốn"
    b = "một hai ba bốn Lượt xem: 120 Chia sẻ"  # 9 words, 4 of them shared
    assert quality.text_similarity(a, b) == pytest.approx(2 * 4 / (4 + 9))
    assert quality.token_f1(a, b) == pytest.approx(2 * (4 / 9) * 1.0 / (4 / 9 + 1.0))


def test_disjoint_and_empty_texts() -> None:
    assert quality.text_similarity("a b c", "x y z") == 0.0
    assert quality.token_f1("a b c", "") == 0.0
    assert quality.token_f1("", "") == 1.0


# --- one article ------------------------------------------------------------------------------------------


def test_perfect_item_scores_every_field() -> None:
    art = _article("/a", attachments=[{"path": "/f/kh.pdf", "name": "Kế hoạch"}])
    cmp = quality.compare_article(art, _item(art), NETLOC)
    assert all(cmp[f] is True for f in (*quality.FIELDS, "captions"))
    assert cmp["text_similarity"] == 1.0


def test_whitespace_newlines_and_nfd_do_not_break_exact_text() -> None:
    art = _article("/a")
    got = unicodedata.normalize("NFD", " Đoạn  một.\nĐoạn\u00a0hai. \n")
    assert quality.compare_article(art, _item(art, text=got), NETLOC)["text"] is True


def test_a_byline_left_in_the_text_breaks_exact_text() -> None:
    art = _article("/a")
    cmp = quality.compare_article(art, _item(art, text=art["text"] + "\n\nQuốc Trạng"), NETLOC)
    assert cmp["text"] is False
    assert cmp["text_similarity"] == pytest.approx(2 * 4 / (4 + 6))  # 4 words expected, 6 got


def test_published_at_is_compared_as_the_exact_string() -> None:
    art = _article("/a")
    assert (
        quality.compare_article(art, _item(art, published_at="2021-03-17T00:00:00+07:00"))["published_at"]
        is False
    )


def test_empty_summary_equals_null_summary() -> None:
    art = _article("/a", summary=None)
    assert quality.compare_article(art, _item(art, summary=""))["summary"] is True


def test_wrong_author_is_wrong() -> None:
    art = _article("/a")
    assert quality.compare_article(art, _item(art, author="Tin, ảnh: Quốc Trạng"))["author"] is False


def test_images_compare_as_path_sets() -> None:
    art = _article(
        "/a", images=[{"path": "/i/1.jpg", "caption": None}, {"path": "/i/2.jpg", "caption": "Ảnh"}]
    )
    swapped = [{"url": BASE + "/i/2.jpg", "caption": "Ảnh"}, {"url": "/i/1.jpg", "caption": None}]
    assert quality.compare_article(art, _item(art, images=swapped), NETLOC)["images"] is True
    logo = [*swapped, {"url": BASE + "/logo.png", "caption": None}]
    assert quality.compare_article(art, _item(art, images=logo), NETLOC)["images"] is False


def test_images_on_another_host_do_not_match() -> None:
    art = _article("/a")
    cdn = [{"url": "https://cdn.example.vn/img/a.jpg", "caption": "Toàn cảnh hội nghị."}]
    assert quality.compare_article(art, _item(art, images=cdn), NETLOC)["images"] is False


def test_captions_are_scored_apart_from_image_paths() -> None:
    art = _article("/a")
    item = _item(art, images=[{"url": BASE + "/img/a.jpg", "caption": None}])
    cmp = quality.compare_article(art, item, NETLOC)
    assert cmp["images"] is True
    assert cmp["captions"] is False


def test_missing_attachments_are_wrong() -> None:
    art = _article("/a", attachments=[{"path": "/f/kh.pdf", "name": "Kế hoạch"}])
    assert quality.compare_article(art, _item(art, attachments=[]), NETLOC)["attachments"] is False


def test_malformed_item_fields_count_as_wrong_not_as_crash() -> None:
    art = _article("/a")
    item = {"url": BASE + "/a", "title": None, "text": None, "images": "x", "attachments": None}
    cmp = quality.compare_article(art, item, NETLOC)
    assert cmp["title"] is False and cmp["text"] is False and cmp["images"] is False
    assert cmp["attachments"] is True  # the truth has none, and none were found
    assert cmp["text_similarity"] == 0.0


def test_listing_dates_are_scored_only_for_pages_without_a_date() -> None:
    on_page = _article("/a")
    from_listing = _article("/b", date_source="listing")
    assert "published_at_listing" not in quality.compare_article(on_page, _item(on_page))
    assert quality.compare_article(from_listing, _item(from_listing))["published_at_listing"] is True


# --- one site ---------------------------------------------------------------------------------------------


@pytest.fixture
def truth() -> dict:
    return {
        "site": {"id": "s1", "name": "Sở", "province": "Tỉnh", "start_paths": ["/list"]},
        "articles": [
            _article("/chitiet.asp?MaTin=1&MaCM=7"),
            _article("/b"),
            _article("/c", date_source="listing"),
            _article("/d"),
        ],
        "other_articles": ["/decoy"],
    }


def test_recall_precision_duplicates_and_decoys(truth: dict) -> None:
    a1, b, c, _d = truth["articles"]
    items = [
        _item(a1, url=BASE + "/chitiet.asp?MaCM=7&MaTin=1"),  # query in another order
        _item(b),
        _item(b),  # emitted twice
        _item(c, author="BBT"),
        {"url": BASE + "/decoy", "site": "s1", "title": "Tin khác"},  # another category's article
        {"url": BASE + "/list?page=2", "site": "s1", "title": "Tin hoạt động"},  # a listing page
    ]
    score = quality.score_site(truth, items, NETLOC)
    assert score["expected"] == 4
    assert score["found"] == 3
    assert score["items"] == 6
    assert score["recall"] == pytest.approx(3 / 4)
    assert score["precision"] == pytest.approx(3 / 6)
    assert score["duplicates"] == 1
    assert score["unexpected"] == 2
    assert score["other_category"] == 1
    assert score["missing_paths"] == ["/d"]
    assert score["unexpected_paths"] == ["/decoy", "/list?page=2"]


def test_field_accuracy_is_over_found_articles(truth: dict) -> None:
    a1, b, c, _d = truth["articles"]
    items = [_item(a1), _item(b, author=None), _item(c, author="BBT", published_at="2021-03-18")]
    score = quality.score_site(truth, items, NETLOC)
    assert score["fields"]["author"] == {"correct": 1, "total": 3, "accuracy": pytest.approx(1 / 3)}
    assert score["fields"]["title"]["accuracy"] == 1.0
    assert score["fields"]["published_at"]["accuracy"] == pytest.approx(2 / 3)
    assert score["fields"]["published_at_listing"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    assert score["text_similarity"] == 1.0
    assert [m["path"] for m in score["mismatches"]["author"]] == ["/b", "/c"]


def test_canonical_url_is_the_fallback_match(truth: dict) -> None:
    b = truth["articles"][1]
    item = _item(b, url=BASE + "/b?utm_source=zalo", canonical_url=BASE + "/b")
    assert quality.score_site(truth, [item], NETLOC)["found"] == 1


def test_no_items_gives_zero_recall_and_no_precision(truth: dict) -> None:
    score = quality.score_site(truth, [], NETLOC)
    assert score["recall"] == 0.0
    assert score["precision"] is None
    assert score["fields"]["title"]["accuracy"] is None


# --- several sites ----------------------------------------------------------------------------------------


def test_overall_is_micro_averaged_and_counts_unassigned_items() -> None:
    t1 = {"articles": [_article("/a"), _article("/b")]}
    t2 = {"articles": [_article("/x")]}
    s1 = quality.score_site(t1, [_item(t1["articles"][0]), _item(t1["articles"][1], title="Sai")], NETLOC)
    s2 = quality.score_site(t2, [], NETLOC)
    total = quality.overall({"s1": s1, "s2": s2}, unassigned=2)
    assert total["expected"] == 3
    assert total["found"] == 2
    assert total["items"] == 4
    assert total["recall"] == pytest.approx(2 / 3)
    assert total["precision"] == pytest.approx(2 / 4)
    assert total["fields"]["title"]["accuracy"] == pytest.approx(1 / 2)


def test_items_go_to_sites_by_site_field_then_host(tmp_path: Path) -> None:
    sites = [
        quality.SiteFolder(tmp_path, {"site": {"id": "s1"}}),
        quality.SiteFolder(tmp_path, {"site": {"id": "s2"}}),
    ]
    items = [
        {"site": "s1", "url": "http://127.0.0.1:1/a"},
        {"url": "http://127.0.0.1:2/b"},
        {"url": "http://127.0.0.1:3/c"},
    ]
    groups, unassigned = quality.split_by_site(items, sites, {"s1": "127.0.0.1:1", "s2": "127.0.0.1:2"})
    assert [i["url"] for i in groups["s1"]] == ["http://127.0.0.1:1/a"]
    assert [i["url"] for i in groups["s2"]] == ["http://127.0.0.1:2/b"]
    assert unassigned == 1


def test_registry_entry_has_the_contract_keys() -> None:
    site = {"id": "heldout_x", "name": "Sở X", "province": "X", "start_paths": ["/a.asp", "/b"]}
    assert quality.registry_entry(site, "http://127.0.0.1:5") == {
        "id": "heldout_x",
        "name": "Sở X",
        "province": "X",
        "start_urls": ["http://127.0.0.1:5/a.asp", "http://127.0.0.1:5/b"],
    }


def test_registry_entry_passes_platform_and_category_of_demo_sites() -> None:
    site = {
        "id": "d",
        "name": "n",
        "province": "p",
        "start_paths": ["/"],
        "platform": "joomla",
        "category": "Tin",
    }
    entry = quality.registry_entry(site, "http://h")
    assert entry["platform"] == "joomla"
    assert entry["category"] == "Tin"


def test_read_items_skips_blank_and_counts_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "run.jsonl"
    f.write_text(
        json.dumps({"url": "/a"}) + "\n\n" + "not json\n" + "[1]\n" + json.dumps({"url": "/b"}) + "\n"
    )
    items, bad = quality.read_items([f])
    assert [i["url"] for i in items] == ["/a", "/b"]
    assert bad == 2


def test_find_sites_needs_routes_and_truth(tmp_path: Path) -> None:
    for name, files in (("ok", ("routes.json", "truth.json")), ("no_truth", ("routes.json",))):
        (tmp_path / name).mkdir()
        for f in files:
            (tmp_path / name / f).write_text(json.dumps({"site": {"id": f"id_{name}"}, "routes": []}))
    assert [s.id for s in quality.find_sites(tmp_path)] == ["id_ok"]
    assert quality.find_sites(tmp_path, ["nothing"]) == []


def test_crawl_command_is_the_real_crawl() -> None:
    cmd = quality.crawl_command(Path("/tmp/r.yaml"), Path("/tmp/o"))
    assert cmd[:5] == [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong"]
    assert "sites=/tmp/r.yaml" in cmd and "OUTPUT_DIR=/tmp/o" in cmd and "LOG_LEVEL=INFO" in cmd
    assert "DOWNLOAD_DELAY=0" in cmd
    assert "DOWNLOAD_DELAY=0" not in quality.crawl_command(Path("r"), Path("o"), polite=True)


def test_table_lists_every_site_and_the_total(truth: dict) -> None:
    score = quality.score_site(truth, [_item(a) for a in truth["articles"]], NETLOC)
    report = {"sites": {"s1": score}, "overall": quality.overall({"s1": score}), "bad_lines": 0}
    table = quality.format_table(report, details=True)
    header, _, row, *_ = table.splitlines()
    assert header.split()[:6] == ["site", "exp", "found", "items", "recall", "prec"]
    assert row.split()[:6] == ["s1", "4", "4", "4", "100.0", "100.0"]
    assert "OVERALL" in table
