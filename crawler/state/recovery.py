"""Crash recovery: settle what a killed run left behind, before a new run starts.

The order of writes is what makes this possible (README "Crash safety"):
1. an item's line is appended to `<run>.jsonl.part` and flushed; its state record is written `pending`
   (in either order: recovery takes the `.part` file as the truth);
2. at the end of a run the `.part` file is fsynced and renamed to `<run>.jsonl`, then the manifest is
   written, then the run's records become `final`.

A kill at any moment leaves one of: a `.part` file whose last line may be torn (→ the complete lines are
kept, the file is finalized under its own run id with a `recovered` manifest, their records made final,
the run's other pending records forgotten so those articles are fetched again), or a finalized file whose
records are still pending (→ made final), or pending records with no file at all (→ forgotten). Either way
every article ends up in exactly one finalized file, or in none and is fetched again by the next run.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.neardup import item_signature
from crawler.pipelines.writer import digest_file, fsync_dir, write_json_atomic
from crawler.state.base import ArticleRecord, State

logger = logging.getLogger(__name__)
PART_SUFFIX = ".jsonl.part"


@dataclass(frozen=True)
class Recovered:
    run_id: str
    lines: int  # complete, distinct articles kept
    dropped_bytes: int  # a torn last line
    dropped_lines: int  # lines of articles already final in another file


def recover(out_dir: Path, state: State) -> list[Recovered]:
    """Finalize every `.part` file of a dead run and settle every pending record. Idempotent."""
    done = [_recover_part(part, state) for part in sorted(out_dir.glob("*" + PART_SUFFIX))]
    for run_id in state.pending_runs():
        if (out_dir / f"{run_id}.jsonl").exists():
            count = state.finalize_run(run_id)
            logger.warning(
                "recovery: run %s was finalized but not its state: %d records made final", run_id, count
            )
        else:
            count = state.discard_pending(run_id)
            logger.warning("recovery: run %s left no file: %d pending records forgotten", run_id, count)
    state.flush()
    return done


def _recover_part(part: Path, state: State) -> Recovered:
    run_id = part.name[: -len(PART_SUFFIX)]
    data = part.read_bytes()
    keep = data.rfind(b"\n") + 1
    mine = {rec.id for rec in state.records(run_id)}
    seen: set[str] = set()
    lines: list[bytes] = []
    items: list[dict[str, Any]] = []
    dropped = 0
    for raw in data[:keep].splitlines(keepends=True):
        item = json.loads(raw)
        url = item["canonical_url"]
        # An article already final elsewhere (or twice here) must not be finalized again.
        if item["id"] in seen or (item["id"] not in mine and state.known_urls([url])):
            dropped += 1
            continue
        seen.add(item["id"])
        lines.append(raw)
        items.append(item)
    if dropped or keep < len(data):
        tmp = part.with_name(part.name + ".tmp")
        with tmp.open("wb") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, part)
    for item in items:
        if item["id"] not in mine:  # the line was written, the state record was lost with the process
            state.record(record_of(item, run_id))
    state.finalize_run(run_id, seen)
    state.discard_pending(run_id, keep=seen)
    final = part.with_name(f"{run_id}.jsonl")
    with part.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(part, final)
    fsync_dir(final.parent)
    line_count, sha256 = digest_file(final)
    write_json_atomic(
        final.with_name(f"{run_id}.manifest.json"), _manifest(run_id, final, items, line_count, sha256)
    )
    state.flush()
    logger.warning(
        "recovery: run %s was killed: %d articles kept in %s, %d torn bytes and %d repeated lines dropped",
        run_id,
        line_count,
        final.name,
        len(data) - keep,
        dropped,
    )
    return Recovered(run_id, line_count, len(data) - keep, dropped)


def record_of(item: dict[str, Any], run_id: str) -> ArticleRecord:
    return ArticleRecord(
        id=item["id"],
        canonical_url=item["canonical_url"],
        site=item["site"],
        content_hash=item["content_hash"],
        signature=item_signature(item.get("summary"), item.get("text")),
        run_id=run_id,
        file=f"{run_id}.jsonl",
        published_at=item.get("published_at"),
    )


def _manifest(
    run_id: str, final: Path, items: list[dict[str, Any]], lines: int, sha256: str
) -> dict[str, Any]:
    sites: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = sites.setdefault(item["site"], {"new": 0, "newest_published_at": None})
        entry["new"] += 1
        published = item.get("published_at")
        if published and (entry["newest_published_at"] is None or published > entry["newest_published_at"]):
            entry["newest_published_at"] = published
    return {
        "run_id": run_id,
        "finish_reason": "recovered",
        "note": "the run was killed; recovery kept its complete lines and finalized them",
        "items_file": final.name,
        "line_count": lines,
        "sha256": sha256,
        "totals": {"new": lines},
        "sites": sites,
    }
