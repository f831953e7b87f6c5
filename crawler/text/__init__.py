"""Vietnamese text for the crawler, in one place: decoding, legacy encodings, normalisation, dates, bylines.

Display form (``clean_display``/``clean_inline``): what the site published, cleaned, tone placement kept.
Key form (``text_key``): new-style tones, folded punctuation, casefolded; for ``content_hash`` and dedupe.
"""

from crawler.text.byline import is_boilerplate_line, source_tag, split_byline, strip_boilerplate
from crawler.text.dates import ParsedDate, is_not_publication_date, parse_date, parse_publication_date
from crawler.text.decode import decode_html
from crawler.text.hashing import content_hash, content_hash_display
from crawler.text.legacy import fix_legacy, font_hint
from crawler.text.normalize import (
    clean_display,
    clean_inline,
    fold_punct,
    key_form,
    text_key,
    unescape_entities,
)
from crawler.text.tone import normalize_tone_placement

__all__ = [
    "ParsedDate",
    "clean_display",
    "clean_inline",
    "content_hash",
    "content_hash_display",
    "decode_html",
    "fix_legacy",
    "fold_punct",
    "font_hint",
    "is_boilerplate_line",
    "is_not_publication_date",
    "key_form",
    "normalize_tone_placement",
    "parse_date",
    "parse_publication_date",
    "source_tag",
    "split_byline",
    "strip_boilerplate",
    "text_key",
    "unescape_entities",
]
