"""Validate every item against the Article JSON Schema before it can be written.

An invalid item is dropped, never repaired here: the reason goes to the stats under a short stable slug
(`tinhoatdong/dropped/<reason>` and `tinhoatdong/site/<site>/dropped/<reason>`), so the manifest and the
health report count extraction failures instead of hiding them.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator, ValidationError
from scrapy.exceptions import DropItem

from crawler.items import FIELDS, SCHEMA_PATH, item_dict

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_SITE = re.compile(r"[a-z0-9_]+")
# Of several problems in one item, the reason counted is the first kind here, then the first field in
# schema order: a stable choice, so a count means the same thing from run to run.
_KIND_ORDER = ("missing", "empty", "bad", "unknown", "schema")


@cache
def article_validator() -> Draft202012Validator:
    """The compiled validator, built once per process (the schema file is checked too)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def fast_validator() -> Callable[[Any], Any]:
    """The same schema compiled to Python code by fastjsonschema: about 20x cheaper than jsonschema on the
    common case, a valid item. An item it refuses is checked again by jsonschema, whose errors give the
    reason, so the verdict and the reasons are jsonschema's (tests/test_validate.py compares the two
    validators on valid and broken items)."""
    return fastjsonschema.compile(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def schema_errors(data: dict[str, Any]) -> list[ValidationError]:
    """jsonschema's errors for ``data`` (none for an item the fast validator accepts)."""
    try:
        fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return list(article_validator().iter_errors(data))
    return []


def _reason(error: ValidationError) -> tuple[str, str]:
    """(kind, field) for one schema error."""
    path = list(error.absolute_path)
    if not path:
        if error.validator == "required":
            missing = [f for f in error.validator_value if f not in error.instance]
            return "missing", missing[0] if missing else "item"
        if error.validator == "additionalProperties":
            return "unknown", "field"
        return "schema", "item"
    name = str(path[0])
    if len(path) == 1 and error.instance is None:
        return "missing", name
    if name in ("title", "text") and len(path) == 1 and isinstance(error.instance, str):
        return "empty", name
    if name == "published_at":
        return "bad", name
    return "schema", name


def _field_rank(name: str) -> int:
    return FIELDS.index(name) if name in FIELDS else len(FIELDS)


def _date_problem(data: dict[str, Any]) -> tuple[str, str] | None:
    """Dates that match the pattern but do not exist (2021-02-30, 25:00): the schema cannot see these."""
    checks = (("published_at", True), ("fetched_at", False), ("captured_at", False))
    for name, may_be_date in checks:
        value = data.get(name)
        if not isinstance(value, str):
            continue
        try:
            if may_be_date and len(value) == 10:
                date.fromisoformat(value)
            else:
                datetime.fromisoformat(value)
        except ValueError:
            return "bad", name
    return None


def check_item(data: dict[str, Any]) -> tuple[str | None, list[str]]:
    """(reason slug or None when valid, every problem as text) for a plain JSON-ready dict."""
    errors = schema_errors(data)
    if errors:
        ranked = sorted(
            ((_reason(e), e) for e in errors),
            key=lambda pair: (_KIND_ORDER.index(pair[0][0]), _field_rank(pair[0][1])),
        )
        (kind, name), _ = ranked[0]
        problems = [
            f"{'/'.join(map(str, e.absolute_path)) or '(item)'}: {e.message[:200]}" for _, e in ranked
        ]
        return f"{kind}_{name}", problems
    date_problem = _date_problem(data)
    if date_problem:
        kind, name = date_problem
        return f"{kind}_{name}", [f"{name}: {data[name]!r} is not a real date/time"]
    return None, []


class _NotPlainError(Exception):
    """A value whose JSON form only a serialisation round trip tells."""


def _plain_json(value: Any) -> Any:
    """``json.loads(json.dumps(value, allow_nan=False))`` for values made of JSON's own types, without
    serialising the article's text twice (what an item holds: str, int, finite float, bool, None, lists,
    tuples, str-keyed dicts). Anything else raises _NotPlainError, and the round trip decides."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        raise _NotPlainError
    if kind is list or kind is tuple:
        return [_plain_json(v) for v in value]
    if kind is dict:
        if not all(type(k) is str for k in value):
            raise _NotPlainError
        return {k: _plain_json(v) for k, v in value.items()}
    raise _NotPlainError


def _as_json(item: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The item as the writer will serialise it (tuples become lists), or the field that cannot be."""
    data = item_dict(item)
    try:
        return _plain_json(data), None
    except _NotPlainError:
        pass
    try:
        return json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)), None
    except (TypeError, ValueError):
        for name, value in data.items():
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError):
                return None, str(name)
        return None, "item"


class ValidatePipeline:
    """Drop items that do not match crawler/schema/article.schema.json, counting why."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.validator = article_validator()
        fast_validator()  # compiled now, not on the first item

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        data, bad_field = _as_json(item)
        if data is None:
            reason, problems = f"schema_{bad_field}", [f"{bad_field}: not JSON-serialisable"]
        else:
            reason, problems = check_item(data)
        if reason is None:
            return item
        adapter = ItemAdapter(item)
        site = adapter.get("site")
        site = site if isinstance(site, str) and _SITE.fullmatch(site) else "unknown"
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"tinhoatdong/dropped/{reason}")
            stats.inc_value(f"tinhoatdong/site/{site}/dropped/{reason}")
        url = adapter.get("url")
        logger.warning("Dropped %s (site %s): %s; %s", url, site, reason, "; ".join(problems[:5]))
        # The warning above is the one log line per drop; Scrapy's own "Dropped:" line (with the whole item)
        # goes to DEBUG.
        raise DropItem(f"invalid item ({reason}): {url}", log_level="DEBUG")
