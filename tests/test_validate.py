"""Items are checked against the Article JSON Schema; invalid ones are dropped and counted by reason."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import FIELDS, SCHEMA_PATH, SCHEMA_VERSION, Article
from crawler.pipelines.validate import ValidatePipeline
from crawler.urls import article_id, canonical_url

URL = "https://sotttt.ninhthuan.gov.vn/portal/Pages/2022-3-16/Danh-gia-hoat-dong-nganh-Thong-tin-va-Truyen-thongjxqhvq.aspx"


def make_article(**overrides: Any) -> Article:
    """A complete, valid item; overrides replace fields (a value of ... removes the field)."""
    canonical = canonical_url(URL)
    fields: dict[str, Any] = {
        "id": article_id(canonical),
        "url": URL,
        "canonical_url": canonical,
        "site": "ninh_thuan",
        "site_name": "Sở Thông tin và Truyền thông tỉnh Ninh Thuận",
        "province": "Ninh Thuận",
        "category": "Tin hoạt động",
        "title": "Đánh giá hoạt động ngành Thông tin và Truyền thông tháng 02",
        "published_at": "2022-03-16",
        "published_at_raw": "Đăng ngày 16 - 03 - 2022",
        "author": "Quốc Trạng",
        "summary": None,
        "text": "Sáng ngày 16/3, Sở tổ chức họp giao ban.\n\nCác phòng báo cáo kết quả tháng 02.",
        "images": [
            {"url": "https://sotttt.ninhthuan.gov.vn/portal/Photos/anh 1.jpg", "caption": "Quang cảnh"}
        ],
        "attachments": [{"url": "https://sotttt.ninhthuan.gov.vn/portal/bao-cao.pdf", "name": "Báo cáo"}],
        "content_hash": hashlib.sha1(b"x").hexdigest(),
        "duplicate_of": None,
        "fetched_at": "2025-01-02T03:04:05Z",
        "source": "live",
        "captured_at": None,
        "capture_url": None,
        "warc": None,
        "schema_version": SCHEMA_VERSION,
    }
    for key, value in overrides.items():
        if value is ...:
            del fields[key]
        else:
            fields[key] = value
    item = Article()
    for key, value in fields.items():
        item[key] = value
    return item


@pytest.fixture
def pipeline() -> ValidatePipeline:
    return ValidatePipeline.from_crawler(get_crawler())


def dropped_stats(pipeline: ValidatePipeline) -> dict[str, int]:
    stats = pipeline.crawler.stats.get_stats()
    return {k: v for k, v in stats.items() if "/dropped/" in k}


def test_schema_file_is_valid_2020_12_and_matches_item_fields() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert tuple(schema["properties"]) == FIELDS
    assert tuple(schema["required"]) == FIELDS
    assert schema["additionalProperties"] is False


def test_item_fields_are_the_contract_fields() -> None:
    assert FIELDS == (
        "id", "url", "canonical_url", "site", "site_name", "province", "category", "title",
        "published_at", "published_at_raw", "author", "summary", "text", "images", "attachments",
        "content_hash", "duplicate_of", "fetched_at", "source", "captured_at", "capture_url", "warc",
        "schema_version",
    )  # fmt: skip
    assert SCHEMA_VERSION == 1


VALID = {
    "date": {},
    "datetime_with_offset": {"published_at": "2022-03-16T08:30:00+07:00"},
    "datetime_no_seconds": {"published_at": "2022-03-16T08:30+07:00"},
    "nulls_where_allowed": {"published_at_raw": None, "author": None, "summary": None, "category": ""},
    "no_images_or_attachments": {"images": [], "attachments": []},
    "image_caption_null": {"images": [{"url": "https://a.gov.vn/x.jpg", "caption": None}]},
    "attachment_may_grow": {
        "attachments": [{"url": "https://a.gov.vn/x.pdf", "name": "x", "size": 10, "sha256": "ab" * 32}]
    },
    "tuples_as_lists": {"images": ({"url": "https://a.gov.vn/x.jpg", "caption": "c"},), "attachments": ()},
    "duplicate_of_an_id": {"duplicate_of": article_id(canonical_url("https://a.gov.vn/x"))},
    "wayback_capture": {
        "source": "wayback",
        "captured_at": "2019-05-01T10:00:00Z",
        "capture_url": "https://web.archive.org/web/20190501100000/" + URL,
    },
    "warc_object": {
        "warc": {"file": "x.warc.gz", "offset": 0, "record_id": "<urn:uuid:1>", "payload_digest": "sha1:AB"}
    },
    "fetched_at_offset_zero": {"fetched_at": "2025-01-02T03:04:05.123456+00:00"},
}


@pytest.mark.parametrize("overrides", VALID.values(), ids=VALID.keys())
def test_valid_item_passes_unchanged(pipeline: ValidatePipeline, overrides: dict[str, Any]) -> None:
    item = make_article(**overrides)
    assert pipeline.process_item(item) is item
    assert dropped_stats(pipeline) == {}


INVALID = {
    "missing_title": ({"title": ...}, "missing_title"),
    "null_title": ({"title": None}, "missing_title"),
    "empty_title": ({"title": ""}, "empty_title"),
    "blank_title": ({"title": " \n "}, "empty_title"),
    "empty_text": ({"text": ""}, "empty_text"),
    "missing_text": ({"text": ...}, "missing_text"),
    "null_published_at": ({"published_at": None}, "missing_published_at"),
    "published_at_as_shown": ({"published_at": "16/03/2022"}, "bad_published_at"),
    "published_at_no_offset": ({"published_at": "2022-03-16T08:30:00"}, "bad_published_at"),
    "published_at_not_a_day": ({"published_at": "2022-02-30"}, "bad_published_at"),
    "published_at_bad_hour": ({"published_at": "2022-02-03T25:00:00+07:00"}, "bad_published_at"),
    "url_not_http": ({"url": "ftp://a.gov.vn/x"}, "schema_url"),
    "url_relative": ({"url": "/Pages/x.aspx"}, "schema_url"),
    "canonical_with_space": ({"canonical_url": "https://a.gov.vn/a b"}, "schema_canonical_url"),
    "id_pattern": ({"id": "Ninh-Thuan-1"}, "schema_id"),
    "empty_site_name": ({"site_name": ""}, "schema_site_name"),
    "source_enum": ({"source": "cache"}, "schema_source"),
    "schema_version_const": ({"schema_version": 2}, "schema_schema_version"),
    "image_without_caption_key": ({"images": [{"url": "https://a.gov.vn/x.jpg"}]}, "schema_images"),
    "image_extra_key": (
        {"images": [{"url": "https://a.gov.vn/x.jpg", "caption": None, "alt": "x"}]},
        "schema_images",
    ),
    "image_data_uri": ({"images": [{"url": "data:image/png;base64,AA", "caption": None}]}, "schema_images"),
    "attachment_without_url": ({"attachments": [{"name": "x"}]}, "schema_attachments"),
    "images_not_list": ({"images": "https://a.gov.vn/x.jpg"}, "schema_images"),
    "content_hash_not_hex": ({"content_hash": "not a hash"}, "schema_content_hash"),
    "null_content_hash": ({"content_hash": None}, "missing_content_hash"),
    "duplicate_of_not_id": ({"duplicate_of": "x"}, "schema_duplicate_of"),
    "fetched_at_local_time": ({"fetched_at": "2025-01-02T10:04:05+07:00"}, "schema_fetched_at"),
    "fetched_at_datetime_object": ({"fetched_at": datetime(2025, 1, 2, tzinfo=UTC)}, "schema_fetched_at"),
    "wayback_without_capture_time": (
        {"source": "wayback", "capture_url": "https://web.archive.org/web/2019/" + URL},
        "missing_captured_at",  # null where a wayback item needs a value
    ),
    "warc_incomplete": ({"warc": {"file": "x.warc.gz"}}, "schema_warc"),
    "warc_negative_offset": (
        {"warc": {"file": "x.warc.gz", "offset": -1, "record_id": "r", "payload_digest": None}},
        "schema_warc",
    ),
    # several problems: the reason is the first kind (missing > empty > bad > schema), then field order
    "several_problems": ({"url": "ftp://x", "text": "", "title": None}, "missing_title"),
}


@pytest.mark.parametrize(("overrides", "reason"), INVALID.values(), ids=INVALID.keys())
def test_invalid_item_is_dropped_with_reason(
    pipeline: ValidatePipeline, overrides: dict[str, Any], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    item = make_article(**overrides)
    with (
        caplog.at_level(logging.WARNING, logger="crawler.pipelines.validate"),
        pytest.raises(DropItem) as info,
    ):
        pipeline.process_item(item)
    assert info.value.log_level == "DEBUG"  # our warning is the one log line per drop
    assert dropped_stats(pipeline) == {
        f"tinhoatdong/dropped/{reason}": 1,
        f"tinhoatdong/site/ninh_thuan/dropped/{reason}": 1,
    }
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(item.get("url")) in warnings[0].getMessage()
    assert reason in warnings[0].getMessage()


def test_unknown_field_in_a_plain_dict_is_dropped(pipeline: ValidatePipeline) -> None:
    data = dict(make_article())
    data["views"] = 148
    with pytest.raises(DropItem):
        pipeline.process_item(data)
    assert dropped_stats(pipeline) == {
        "tinhoatdong/dropped/unknown_field": 1,
        "tinhoatdong/site/ninh_thuan/dropped/unknown_field": 1,
    }


@pytest.mark.parametrize(("site", "reason"), [(None, "missing_site"), ("Ninh Thuận", "schema_site")])
def test_unusable_site_is_counted_as_unknown(pipeline: ValidatePipeline, site: Any, reason: str) -> None:
    with pytest.raises(DropItem):
        pipeline.process_item(make_article(site=site))
    assert dropped_stats(pipeline) == {
        f"tinhoatdong/dropped/{reason}": 1,
        f"tinhoatdong/site/unknown/dropped/{reason}": 1,
    }


def test_counts_accumulate_per_reason_and_site(pipeline: ValidatePipeline) -> None:
    for overrides in ({"text": ""}, {"text": ""}, {"title": ""}, {"text": "", "site": "hai_phong"}):
        with pytest.raises(DropItem):
            pipeline.process_item(make_article(**overrides))
    assert pipeline.process_item(make_article()) is not None
    assert dropped_stats(pipeline) == {
        "tinhoatdong/dropped/empty_text": 3,
        "tinhoatdong/dropped/empty_title": 1,
        "tinhoatdong/site/ninh_thuan/dropped/empty_text": 2,
        "tinhoatdong/site/ninh_thuan/dropped/empty_title": 1,
        "tinhoatdong/site/hai_phong/dropped/empty_text": 1,
    }


# -- the fast validator gives jsonschema's verdict -----------------------------------------------------------
ODD_VALUES = [None, "", " \n", "x", 0, -1, True, False, 1.5, [], {}, ["x"], {"x": 1}, "ftp://a.gov.vn/x",
              "https://a.gov.vn/a b", "https://a.gov.vn/x", "/rel", "2022-02-30", "2022-03-16",
              "2022-03-16T08:30:00Z", "2022-03-16T08:30:00+07:00", "2025-01-02T03:04:05.1234567Z", "ab" * 10,
              "AB" * 10, "ab" * 32, "live", "wayback", 1, 2, "1", float("inf")]  # fmt: skip
NESTED = {
    "images": ({"url": "https://a.gov.vn/x.jpg", "caption": "c"}, ("url", "caption")),
    "attachments": (
        {"url": "https://a.gov.vn/x.pdf", "name": "x", "size": 1, "sha256": "ab" * 32},
        ("url", "name", "size", "sha256"),
    ),
    "warc": (
        {"file": "x.warc.gz", "offset": 0, "record_id": "<urn:uuid:1>", "payload_digest": "sha1:AB"},
        ("file", "offset", "record_id", "payload_digest"),
    ),
}


def _mutants() -> list[dict[str, Any]]:
    """Valid and broken items: the cases above, every field set to each odd value or removed, nested keys
    too, an unknown field, and a few hundred random combinations."""
    import random

    base = dict(make_article())
    out = [dict(make_article(**o)) for o in VALID.values()]
    out += [dict(make_article(**o)) for o, _ in INVALID.values()]
    for name in FIELDS:
        for value in [*ODD_VALUES, ...]:
            out.append(
                {**{k: v for k, v in base.items() if k != name}, **({} if value is ... else {name: value})}
            )
    for name, (good, keys) in NESTED.items():
        for key in keys:
            for value in [*ODD_VALUES, ...]:
                inner = {k: v for k, v in good.items() if k != key} | ({} if value is ... else {key: value})
                out.append({**base, name: inner if name == "warc" else [inner]})
    out.append({**base, "unknown": 1})
    rng = random.Random(7)
    for _ in range(400):
        item = dict(rng.choice(out))
        for name in rng.sample(FIELDS, 2):
            item[name] = rng.choice(ODD_VALUES)
        out.append(item)
    return out


def test_fast_validator_agrees_with_jsonschema() -> None:
    import fastjsonschema

    from crawler.pipelines.validate import article_validator, fast_validator

    def fast_ok(data: dict[str, Any]) -> bool:
        try:
            fast_validator()(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    items = [json.loads(json.dumps(i, default=str)) for i in _mutants()]  # as the pipeline sees them
    verdicts = [(fast_ok(i), article_validator().is_valid(i)) for i in items]
    disagree = [items[n] for n, (fast, slow) in enumerate(verdicts) if fast != slow]
    accepted = sum(slow for _, slow in verdicts)
    assert (disagree, accepted > 20, len(items) - accepted > 500) == ([], True, True)


class _Text(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        dict(make_article()),
        {"images": ({"url": "u", "caption": None},), "n": 3, "x": 1.5, "ok": True, "none": None},
        {"bad": float("nan")},
        {"bad": float("inf")},
        {1: "an int key"},
        {"when": datetime(2025, 1, 2, tzinfo=UTC)},
        {"sub": _Text("a str subclass")},
        {"nested": [[1, 2], {"a": [None, False]}]},
    ],
)
def test_json_form_without_the_round_trip_is_the_round_trips(value: Any) -> None:
    """_as_json skips json.loads(json.dumps(...)) for plain values; where it cannot tell, the round trip
    does."""
    from crawler.pipelines.validate import _NotPlainError, _plain_json

    try:
        expected: Any = json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError):
        expected = _NotPlainError
    try:
        got: Any = _plain_json(value)
    except _NotPlainError:
        got = _NotPlainError
    assert got == expected or (got is _NotPlainError and expected is not _NotPlainError)
    assert type(got) is type(expected) or got is _NotPlainError


def test_item_dict_is_what_itemadapter_asdict_gives() -> None:
    from dataclasses import dataclass

    from itemadapter import ItemAdapter

    from crawler.items import item_dict

    @dataclass
    class Other:
        title: str
        images: list

    article = make_article(images=[{"url": "u", "caption": "c"}], warc={"file": "f", "offset": 1})
    for item in (article, dict(article), Other("t", [{"url": "u"}])):
        assert item_dict(item) == ItemAdapter(item).asdict()
        assert type(item_dict(item)) is dict
