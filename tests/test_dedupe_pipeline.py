"""The dedupe stage: URL and same-site content duplicates dropped, reposts marked, records persisted."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.writer import RUN_ID_STAT
from crawler.state import open_state
from crawler.state.sqlite import SqliteState
from crawler.text.hashing import content_hash
from crawler.urls import article_id, canonical_url

WORDS = (
    "sở thông tin truyền thông tỉnh hội nghị triển khai nhiệm vụ năm công tác chuyển đổi số cán bộ công "
    "chức viên chức tham dự đồng chí giám đốc phát biểu chỉ đạo kết quả đạt được kế hoạch tuyên truyền "
    "báo chí xuất bản bưu chính viễn thông hạ tầng dữ liệu an toàn an ninh mạng dịch vụ trực tuyến người "
    "dân doanh nghiệp huyện xã phường thị trấn ủy ban nhân dân chủ tịch phó trưởng phòng ban ngành kiểm "
    "tra giám sát đánh giá tổng kết sơ kết quý tháng tuần lớp tập huấn bồi dưỡng nghiệp vụ"
)
SYLLABLES = WORDS.split()
HOSTS = {"ninh_thuan": "sotttt.ninhthuan.gov.vn", "khanh_hoa": "stttt.khanhhoa.gov.vn"}
RUN_1, RUN_2 = "20261126T010000Z-aaaaaa", "20261226T010000Z-bbbbbb"


def body(seed: int, words: int = 300) -> str:
    """A made-up article body: sentences of Vietnamese syllables, different for each seed."""
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(
            " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(8, 20))).capitalize() + "."
        )
    return " ".join(sentences)


def edited(text: str, edits: int, seed: int = 99) -> str:
    """`edits` syllables replaced, as a portal editor would touch a press release."""
    rng = random.Random(seed)
    words = text.split()
    for position in rng.sample(range(len(words)), edits):
        words[position] = rng.choice(SYLLABLES)
    return " ".join(words)


def item(slug: str, text: str, site: str = "ninh_thuan", title: str | None = None) -> dict[str, Any]:
    """An item as the text and validation stages pass it on (content_hash set, duplicate_of None)."""
    url = canonical_url(f"https://{HOSTS[site]}/tin-tuc/{slug}.html")
    title = title or f"Tin {slug}"
    return {
        "id": article_id(url),
        "url": url,
        "canonical_url": url,
        "site": site,
        "title": title,
        "summary": None,
        "text": text,
        "published_at": "2024-03-15",
        "content_hash": content_hash(title, text),
        "duplicate_of": None,
    }


def make(tmp_path: Path, run_id: str = RUN_1, **settings: Any) -> DedupePipeline:
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path / "out"), "RUN_ID": run_id, **settings})
    return DedupePipeline.from_crawler(crawler)


def stats(pipeline: DedupePipeline) -> dict[str, Any]:
    return pipeline.crawler.stats.get_stats()


def test_a_canonical_url_is_never_emitted_twice(tmp_path: Path) -> None:
    pipe = make(tmp_path)
    first = item("bai-1", body(1))
    assert pipe.process_item(dict(first))["duplicate_of"] is None
    with pytest.raises(DropItem, match="already emitted"):
        pipe.process_item(item("bai-1", body(2), title="Tiêu đề đã sửa"))
    assert stats(pipe)["tinhoatdong/dropped/duplicate_url"] == 1
    assert stats(pipe)["tinhoatdong/site/ninh_thuan/already_seen"] == 1
    pipe.close_spider()


def test_same_content_on_the_same_site_under_another_url_is_dropped(tmp_path: Path) -> None:
    pipe = make(tmp_path)
    text = body(1)
    pipe.process_item(item("bai-1", text))
    with pytest.raises(DropItem, match="same content"):
        pipe.process_item(item("chuyen-muc/bai-1-moi", text, title="Tin bai-1"))
    assert stats(pipe)["tinhoatdong/dropped/duplicate_content"] == 1
    assert stats(pipe)["tinhoatdong/site/ninh_thuan/duplicates"] == 1
    assert "tinhoatdong/dropped/duplicate_url" not in stats(pipe)
    pipe.close_spider()


def test_a_cross_site_near_duplicate_points_to_the_earlier_article(tmp_path: Path) -> None:
    pipe = make(tmp_path)
    original = item("bai-1", body(1))
    pipe.process_item(original)
    pipe.process_item(item("bai-2", body(2)))
    repost = item("so-tt-tt-hoi-nghi", edited(body(1), 4), site="khanh_hoa", title="Tiêu đề khác hẳn")
    out = pipe.process_item(repost)
    assert out["duplicate_of"] == original["id"]
    assert stats(pipe)["tinhoatdong/site/khanh_hoa/near_duplicates"] == 1
    unrelated = pipe.process_item(item("bai-3", body(3), site="khanh_hoa"))
    assert unrelated["duplicate_of"] is None
    pipe.close_spider()


def test_the_same_content_on_another_site_is_kept_and_marked(tmp_path: Path) -> None:
    """Exact reposts are marked through the content hash, also when the body is too short to sign."""
    pipe = make(tmp_path)
    short = "Sở Thông tin và Truyền thông thông báo lịch tiếp công dân tháng 3."
    first = item("thong-bao", short)
    pipe.process_item(first)
    out = pipe.process_item(item("thong-bao-lich", short, site="khanh_hoa", title=first["title"]))
    assert out["duplicate_of"] == first["id"]
    assert stats(pipe)["tinhoatdong/site/khanh_hoa/near_duplicates"] == 1
    pipe.close_spider()


def test_a_same_site_near_duplicate_is_kept_and_marked(tmp_path: Path) -> None:
    pipe = make(tmp_path)
    first = item("bai-1", body(1))
    pipe.process_item(first)
    corrected = pipe.process_item(item("bai-1-dinh-chinh", edited(body(1), 2)))
    assert corrected["duplicate_of"] == first["id"]
    assert stats(pipe)["tinhoatdong/site/ninh_thuan/near_duplicates"] == 1
    pipe.close_spider()


def test_records_are_pending_for_this_run_and_its_file(tmp_path: Path) -> None:
    pipe = make(tmp_path)
    a = item("bai-1", body(1))
    pipe.process_item(a)
    assert pipe.crawler.stats.get_value(RUN_ID_STAT) == RUN_1
    pipe.close_spider()
    with open_state(None, tmp_path / "out") as state:
        (record,) = list(state.records())
        assert record.id == a["id"]
        assert record.canonical_url == a["canonical_url"]
        assert record.site == "ninh_thuan"
        assert record.content_hash == a["content_hash"]
        assert record.signature is not None and len(record.signature) == 512
        assert record.run_id == RUN_1
        assert record.file == f"{RUN_1}.jsonl"
        assert record.published_at == "2024-03-15"
        assert state.pending_runs() == [RUN_1]


def test_the_index_persists_across_runs(tmp_path: Path) -> None:
    first_run = make(tmp_path, RUN_1)
    original = item("bai-1", body(1))
    first_run.process_item(original)
    first_run.close_spider()

    next_month = make(tmp_path, RUN_2)
    repost = item("hoi-nghi-chuyen-doi-so", edited(body(1), 5), site="khanh_hoa")
    assert next_month.process_item(repost)["duplicate_of"] == original["id"]
    with pytest.raises(DropItem):
        next_month.process_item(item("bai-1", body(1)))
    assert stats(next_month)["tinhoatdong/site/ninh_thuan/already_seen"] == 1
    next_month.close_spider()
    with open_state(None, tmp_path / "out") as state:
        assert [r.run_id for r in state.records()] == [RUN_1, RUN_2]


def test_a_state_set_on_the_crawler_is_used_and_left_open(tmp_path: Path) -> None:
    shared = SqliteState(tmp_path / "elsewhere.sqlite3")
    pipe = make(tmp_path)
    pipe.crawler.tinhoatdong_state = shared  # as the run-state extension does
    a = item("bai-1", body(1))
    pipe.process_item(a)
    pipe.close_spider()
    assert shared.known_urls([a["canonical_url"]]) == {a["canonical_url"]}  # still open
    assert not (tmp_path / "out" / "tinhoatdong" / "state.sqlite3").exists()
    shared.close()


def test_state_uri_setting_is_honoured(tmp_path: Path) -> None:
    db = tmp_path / "custom" / "state.db"
    pipe = make(tmp_path, STATE_URI=f"sqlite://{db}")
    pipe.process_item(item("bai-1", body(1)))
    pipe.close_spider()
    assert db.exists()
    with SqliteState(db) as state:
        assert state.count() == 1


def test_near_threshold_setting(tmp_path: Path) -> None:
    """A stricter DEDUPE_NEAR_THRESHOLD leaves a lightly edited repost unmarked (the default marks it)."""
    for threshold, expected in ((0.99, None), (None, article_id(item("bai-1", "")["canonical_url"]))):
        extra = {} if threshold is None else {"DEDUPE_NEAR_THRESHOLD": threshold}
        pipe = make(tmp_path / str(threshold), **extra)
        pipe.process_item(item("bai-1", body(1)))
        out = pipe.process_item(item("bai-1", edited(body(1), 3), site="khanh_hoa"))
        assert out["duplicate_of"] == expected
        pipe.close_spider()
