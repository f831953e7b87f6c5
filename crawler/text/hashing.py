"""The content hash: one value for the same article however its tones, quotes or spacing were typed."""

from __future__ import annotations

import hashlib

from crawler.text.normalize import key_form, text_key

__all__ = ["content_hash", "content_hash_display"]


def content_hash(title: str | None, text: str | None) -> str:
    """sha1 hex of ``text_key(title + "\\n" + text)``; missing parts count as empty."""
    key = text_key(f"{title or ''}\n{text or ''}")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def content_hash_display(title: str | None, text: str | None) -> str:
    """``content_hash`` for a title and text already in display form (skips re-cleaning; same value)."""
    key = key_form(f"{title or ''}\n{text or ''}".strip())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()
