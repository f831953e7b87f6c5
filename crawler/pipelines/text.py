"""Text stage: every text field of the item in display form, the byline off the body, the content hash.

Runs first among the pipelines (validation and dedupe see clean text). Titles, author, date text, category,
image captions and attachment names get ``clean_inline``; summary and text get ``clean_display``. When the
body still ends with a byline or share/print/view-count lines, ``split_byline`` takes them off (the author
is filled from the byline only when the extractor found none; a byline that differs from an author already
found is left in the text). ``content_hash`` is computed from the key form of title + text, so the same
article typed with other tone placement, quotes or spacing hashes the same. Never drops an item; missing or
None fields are left as they are.

Settings: ``TONE_STYLE`` = keep (default) | new | old rewrites the display form's tone placement;
``TEXT_SPLIT_BYLINE`` (default True) turns the byline/boilerplate step off.
Stats: ``tinhoatdong/text/legacy_fixed`` (items with a TCVN3/VNI conversion), ``tinhoatdong/text/byline``
(authors taken from the body).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from crawler.text.byline import split_byline, strip_boilerplate
from crawler.text.hashing import content_hash_display
from crawler.text.normalize import clean_display_ex, key_form
from crawler.text.tone import TONE_STYLES

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

INLINE_FIELDS = ("title", "author", "published_at_raw", "category")
BLOCK_FIELDS = ("summary", "text")
LIST_FIELDS = (("images", "caption"), ("attachments", "name"))


class TextPipeline:
    """Normalise the item's text fields and set ``content_hash`` (see module docstring)."""

    def __init__(
        self, tone_style: str = "keep", split_bylines: bool = True, stats: StatsCollector | None = None
    ) -> None:
        style = (tone_style or "keep").strip().lower()
        if style not in TONE_STYLES:
            raise ValueError(f"TONE_STYLE must be one of {', '.join(TONE_STYLES)}; got {tone_style!r}")
        self.tone_style = style
        self.split_bylines = split_bylines
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            tone_style=settings.get("TONE_STYLE", "keep"),
            split_bylines=settings.getbool("TEXT_SPLIT_BYLINE", True),
            stats=crawler.stats,
        )

    def _clean(self, value: Any, inline: bool) -> tuple[Any, bool]:
        if not isinstance(value, str):
            return value, False
        cleaned, legacy = clean_display_ex(value, self.tone_style)
        if inline and cleaned:
            cleaned = " ".join(cleaned.split())
        return cleaned, legacy

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        legacy_any = False
        for name in INLINE_FIELDS + BLOCK_FIELDS:
            if name in adapter:
                adapter[name], legacy = self._clean(adapter.get(name), name in INLINE_FIELDS)
                legacy_any |= legacy
        for name, key in LIST_FIELDS:
            entries = adapter.get(name) if name in adapter else None
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if isinstance(entry, dict) and key in entry:
                    entry[key], legacy = self._clean(entry[key], inline=True)
                    legacy_any |= legacy
        if self.split_bylines and "text" in adapter:
            self._split_byline(adapter)
        if legacy_any:
            self._inc("tinhoatdong/text/legacy_fixed")
        title = adapter.get("title") if "title" in adapter else None
        text = adapter.get("text") if "text" in adapter else None
        if isinstance(title, str) or isinstance(text, str):
            adapter["content_hash"] = content_hash_display(
                title if isinstance(title, str) else None, text if isinstance(text, str) else None
            )
        return item

    def _split_byline(self, adapter: ItemAdapter) -> None:
        text = adapter.get("text")
        if not isinstance(text, str) or not text:
            return
        body, found = split_byline(text.split("\n\n"))
        if not body:
            return
        author = adapter.get("author") if "author" in adapter else None
        if found is not None:
            found = " ".join(found.split())
            if not author:
                adapter["author"] = found
                self._inc("tinhoatdong/text/byline")
            elif key_form(found) not in key_form(author) and key_form(author) not in key_form(found):
                # another name than the author already found: not sure it is a byline, leave it in the text
                body = strip_boilerplate(text.split("\n\n")) or body
        adapter["text"] = "\n\n".join(body)
