"""The Article item, schema_version 1 (CONTRACT.md "Item fields").

The JSON Schema beside it (crawler/schema/article.schema.json) is the checked definition; this class only
names the fields, in the order they are written to the JSON Lines output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import scrapy

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "article.schema.json"


class Article(scrapy.Item):
    """One "Tin hoạt động" article. Field order = output order = schema order."""

    id = scrapy.Field()  # stable id derived from canonical_url (crawler.urls.article_id)
    url = scrapy.Field()  # the URL the article was fetched from
    canonical_url = scrapy.Field()
    site = scrapy.Field()  # registry id
    site_name = scrapy.Field()
    province = scrapy.Field()
    category = scrapy.Field()  # the listing's category name as shown on the site
    title = scrapy.Field()
    published_at = scrapy.Field()  # ISO 8601 date, or datetime with offset
    published_at_raw = scrapy.Field()  # the date text as the page showed it, or None
    author = scrapy.Field()
    summary = scrapy.Field()
    text = scrapy.Field()  # paragraphs joined by a blank line
    images = scrapy.Field()  # [{url, caption}]
    attachments = scrapy.Field()  # [{url, name}]
    content_hash = scrapy.Field()
    duplicate_of = scrapy.Field()
    fetched_at = scrapy.Field()  # UTC ISO 8601
    source = scrapy.Field()  # live | wayback
    captured_at = scrapy.Field()
    capture_url = scrapy.Field()
    warc = scrapy.Field()  # {file, offset, record_id, payload_digest} or None
    schema_version = scrapy.Field()


FIELDS: tuple[str, ...] = tuple(Article.fields)


def item_dict(item: Any) -> dict[str, Any]:
    """The item's fields as a dict, for serialising or checking it.

    ItemAdapter's ``asdict()`` sends every nested value through its chain of adapters to copy it (some 0.2 ms
    an article, twice per item): an Article or a dict holds JSON's own types, so copying its top level gives
    what ``asdict()`` gives. Other item types still go through ItemAdapter.
    """
    if isinstance(item, (Article, dict)):
        return dict(item)
    from itemadapter import ItemAdapter

    return ItemAdapter(item).asdict()
