"""The persistent state behind the ``STATE_URI`` setting: what was emitted, for dedupe and crash recovery.

``open_state(uri, output_dir)`` picks the backend from the URI:

| ``STATE_URI`` | state |
|---|---|
| unset or empty | SQLite at ``OUTPUT_DIR/tinhoatdong/state.sqlite3`` |
| ``sqlite:///abs/path.db`` | SQLite at ``/abs/path.db`` |
| ``sqlite:relative/path.db`` | SQLite at that path, relative to the working directory |
| ``sqlite:/abs/path.db`` | SQLite at ``/abs/path.db`` |
| ``redis://HOST:PORT/DB`` | Redis (crawler.state.redis), shared by the workers of a distributed crawl |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.state.base import ArticleRecord, ClaimConflictError, ContentClaimedError, State, UrlClaimedError

__all__ = [
    "DEFAULT_STATE_FILE",
    "ArticleRecord",
    "ClaimConflictError",
    "ContentClaimedError",
    "State",
    "UrlClaimedError",
    "is_redis_uri",
    "open_state",
    "state_path",
]

DEFAULT_STATE_FILE = Path("tinhoatdong") / "state.sqlite3"  # under OUTPUT_DIR
_ACCEPTED = "unset (SQLite under OUTPUT_DIR), sqlite:///ABSOLUTE/PATH.db, sqlite:RELATIVE/PATH.db, redis://HOST:PORT/DB"


def is_redis_uri(uri: str | None) -> bool:
    """Whether a ``STATE_URI`` names Redis (which also switches on crawler.distributed)."""
    return (uri or "").strip().lower().startswith(("redis://", "rediss://", "unix://"))


def state_path(uri: str | None, output_dir: str | Path) -> Path:
    """The SQLite file a ``STATE_URI`` names (ValueError for a URI that is not a SQLite one)."""
    text = (uri or "").strip()
    if not text:
        return Path(output_dir) / DEFAULT_STATE_FILE
    if text.lower().startswith("sqlite:"):
        rest = text[len("sqlite:") :]
        if rest.startswith("//"):  # sqlite:///abs/path: an empty authority, then an absolute path
            rest = rest[2:]
            if not rest.startswith("/"):
                raise ValueError(f"STATE_URI {uri!r}: sqlite:// takes no host; accepted forms: {_ACCEPTED}")
        if not rest or rest.endswith("/"):
            raise ValueError(f"STATE_URI {uri!r} names no file; accepted forms: {_ACCEPTED}")
        return Path(rest)
    raise ValueError(f"STATE_URI {uri!r} is not a state URI; accepted forms: {_ACCEPTED}")


def open_state(uri: str | None, output_dir: str | Path, **options: Any) -> State:
    """Open the state a ``STATE_URI`` names; ``options`` go to the backend (SqliteState: commit_every,
    commit_seconds, cache_mb, lock; RedisState: prefix, client)."""
    text = (uri or "").strip()
    if is_redis_uri(text):
        from crawler.state.redis import RedisState

        return RedisState(text, **options)
    path = state_path(text, output_dir)
    from crawler.state.sqlite import SqliteState

    return SqliteState(path, **options)
