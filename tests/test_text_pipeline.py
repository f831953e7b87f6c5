"""TextPipeline on dict items: every text field cleaned, byline off the body, content_hash set."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from crawler.pipelines.text import TextPipeline
from crawler.text import content_hash


def _item(**fields: object) -> dict[str, object]:
    item: dict[str, object] = {
        "title": "  Khánh Hòa tổng kết\n công tác&nbsp;năm 2021 ",
        "author": None,
        "summary": "Sáng&nbsp;ngày 16/3,  Sở tổ chức hội nghị.",
        "text": (
            "Sáng ngày 16/3, Sở tổ chức hội nghị.\r\n\r\nÐồng chí Giám đốc phát\u200b biểu."
            "\n\nQuốc Trạng\n\nLượt xem: 148"
        ),
        "published_at": "2021-03-16",
        "published_at_raw": "Thứ Ba,\n16/03/2021",
        "category": " Tin hoạt\u00a0động ",
        "images": [{"url": "https://example.gov.vn/a.jpg", "caption": "Quang cảnh\nhội nghị"}],
        "attachments": [{"url": "https://example.gov.vn/a.pdf", "name": "Kế hoạch\u00a0số 12"}],
    }
    item.update(fields)
    return item


def _pipeline(**settings: object) -> TextPipeline:
    return TextPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_title_inline() -> None:
    assert _pipeline().process_item(_item())["title"] == "Khánh Hòa tổng kết công tác năm 2021"


def test_summary_display() -> None:
    assert _pipeline().process_item(_item())["summary"] == "Sáng ngày 16/3, Sở tổ chức hội nghị."


def test_text_display_without_byline_and_counter() -> None:
    assert _pipeline().process_item(_item())["text"] == (
        "Sáng ngày 16/3, Sở tổ chức hội nghị.\n\nĐồng chí Giám đốc phát biểu."
    )


def test_author_from_byline() -> None:
    assert _pipeline().process_item(_item())["author"] == "Quốc Trạng"


def test_date_text_category_caption_and_attachment_name_inline() -> None:
    item = _pipeline().process_item(_item())
    assert item["published_at_raw"] == "Thứ Ba, 16/03/2021"
    assert item["category"] == "Tin hoạt động"
    assert item["images"][0]["caption"] == "Quang cảnh hội nghị"
    assert item["attachments"][0]["name"] == "Kế hoạch số 12"


def test_other_fields_untouched() -> None:
    item = _pipeline().process_item(_item())
    assert item["published_at"] == "2021-03-16"
    assert item["images"][0]["url"] == "https://example.gov.vn/a.jpg"


def test_content_hash_from_clean_title_and_text() -> None:
    item = _pipeline().process_item(_item())
    assert item["content_hash"] == content_hash(item["title"], item["text"])


def test_same_article_other_typing_same_hash() -> None:
    a = _pipeline().process_item(_item())
    b = _pipeline().process_item(
        _item(
            title="KHÁNH HOÀ tổng kết công tác năm 2021",
            text="Sáng ngày 16/3, Sở tổ chức hội nghị.\nĐồng chí Giám đốc phát biểu.\n\nVTH",
        )
    )
    assert a["content_hash"] == b["content_hash"]


def test_existing_author_kept_and_matching_byline_removed() -> None:
    item = _pipeline().process_item(_item(author="Quốc Trạng"))
    assert item["author"] == "Quốc Trạng"
    assert item["text"].endswith("phát biểu.")


def test_existing_author_other_byline_left_in_text() -> None:
    item = _pipeline().process_item(_item(author="Nguyễn Văn An"))
    assert item["author"] == "Nguyễn Văn An"
    assert item["text"].endswith("phát biểu.\n\nQuốc Trạng")


def test_tone_style_setting() -> None:
    item = _pipeline(TONE_STYLE="new").process_item(_item())
    assert item["title"] == "Khánh Hoà tổng kết công tác năm 2021"


def test_tone_style_keeps_hash() -> None:
    assert (
        _pipeline(TONE_STYLE="old").process_item(_item())["content_hash"]
        == _pipeline().process_item(_item())["content_hash"]
    )


def test_bad_tone_style_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="TONE_STYLE must be one of keep, new, old"):
        _pipeline(TONE_STYLE="modern")


def test_byline_step_can_be_turned_off() -> None:
    item = _pipeline(TEXT_SPLIT_BYLINE=False).process_item(_item())
    assert item["author"] is None
    assert item["text"].endswith("Quốc Trạng\n\nLượt xem: 148")


def test_missing_and_none_fields_are_left_alone() -> None:
    item = _pipeline().process_item({"title": None, "url": "https://example.gov.vn/x"})
    assert item == {"title": None, "url": "https://example.gov.vn/x"}


def test_text_only_item_gets_a_hash() -> None:
    item = _pipeline().process_item({"text": "Nội dung"})
    assert item["content_hash"] == content_hash(None, "Nội dung")


def test_legacy_stat_counted() -> None:
    crawler = get_crawler()
    pipeline = TextPipeline.from_crawler(crawler)
    crawler.stats.open_spider()
    pipeline.process_item(_item(text="Céng hoµ x· héi chñ nghÜa ViÖt Nam"))
    pipeline.process_item(_item())
    assert crawler.stats.get_value("tinhoatdong/text/legacy_fixed") == 1
    assert crawler.stats.get_value("tinhoatdong/text/byline") == 1


def test_scrapy_item_class() -> None:
    from crawler.items import Article

    item = _pipeline().process_item(Article(title="Hòa&nbsp;bình", text="Nội dung.\n\nBBT"))
    assert dict(item) == {
        "title": "Hòa bình",
        "text": "Nội dung.",
        "author": "BBT",
        "content_hash": content_hash("Hòa bình", "Nội dung."),
    }
