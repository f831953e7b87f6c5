"""Crash safety: a crawl killed with SIGKILL at any moment loses nothing and repeats nothing.

For ten seeded moments (from start-up to the end of the run, most of them while items are being written),
the crawl is killed, then run again to completion on the same output; the finalized files together must
hold every article of the site exactly once, and no `.part` file may be left.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.server import serve_mirrors
from tests import newsmirror
from tests.crawl_helpers import FAST, ROOT, crawl, write_registry

ARTICLES = 40
# Slow enough (one request at a time, 40 ms apart) that there is a writing phase to land in.
PACE = ("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.04")
_SEEDED = random.Random(20261126)
# Two kills by the clock, during start-up (before any item: the state opened, recovery run, the lock held),
# and eight while items are written: right after the k-th line reached the .part file, k seeded.
MOMENTS: list[tuple[str, float]] = [("seconds", 0.6), ("seconds", 1.5)] + [
    ("lines", k) for k in sorted(_SEEDED.sample(range(1, ARTICLES - 2), 8))
]


def _part_lines(out: Path) -> int:
    parts = list((out / "tinhoatdong").glob("*.jsonl.part")) if (out / "tinhoatdong").exists() else []
    return sum(p.read_bytes().count(b"\n") for p in parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    root = newsmirror.build(tmp_path_factory.mktemp("site") / "news", ARTICLES)
    with serve_mirrors([root]) as served:
        yield served[0]


def _kill_then_recover(site, tmp_path: Path, moment: tuple[str, float]) -> dict | None:
    """Kill a crawl `moment` seconds in, run it again to completion; check the finalized files. Returns the
    manifest of the run recovery finalized, if the kill left one to recover."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    entry = {
        "id": "news",
        "name": "Sở TT&TT",
        "province": "Thử",
        "start_urls": [site.base_url + "/tin-hoat-dong"],
    }
    registry = write_registry([entry], tmp_path / "sites.yaml")
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "tinhoatdong",
        "-a",
        f"sites={registry}",
        "-s",
        f"OUTPUT_DIR={out}",
    ]
    for setting in (*FAST, *PACE):
        cmd += ["-s", setting]
    victim = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kind, value = moment
    if kind == "seconds":
        time.sleep(value)
    else:
        deadline = time.monotonic() + 120
        while _part_lines(out) < value and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    victim.send_signal(signal.SIGKILL)
    victim.wait()

    again = crawl(tmp_path, f"sites={registry}", settings=PACE)
    assert again.returncode == 0, again.stderr[-3000:]
    files = sorted((out / "tinhoatdong").glob("*.jsonl"))
    urls = []
    for path in files:
        data = path.read_bytes()
        assert data == b"" or data.endswith(b"\n"), f"{path.name} ends in a partial line"
        urls += [json.loads(line)["url"] for line in data.splitlines()]
    assert sorted(urls) == sorted(site.base_url + newsmirror.article_path(k) for k in range(1, ARTICLES + 1))
    assert list((out / "tinhoatdong").glob("*.part")) == []
    recovered = None
    for path in files:  # every finalized file has its manifest, whose figures match it
        manifest = json.loads(
            path.with_name(path.name.replace(".jsonl", ".manifest.json")).read_text("utf-8")
        )
        assert manifest["line_count"] == path.read_bytes().count(b"\n")
        if manifest["finish_reason"] == "recovered":
            recovered = manifest
    return recovered


def test_kill_at_ten_moments_then_recover(site, tmp_path: Path) -> None:
    for i, moment in enumerate(MOMENTS):
        recovered = _kill_then_recover(site, tmp_path / f"m{i}", moment)
        kind, value = moment
        if kind == "lines":  # killed while writing: the complete lines written by then were kept
            assert recovered is not None and recovered["line_count"] >= value, (moment, recovered)


def test_recovery_is_idempotent_on_a_clean_output(tmp_path: Path) -> None:
    from crawler.state import open_state
    from crawler.state.recovery import recover

    state = open_state(None, tmp_path)
    (tmp_path / "tinhoatdong").mkdir(exist_ok=True)
    assert (recover(tmp_path / "tinhoatdong", state), recover(tmp_path / "tinhoatdong", state)) == ([], [])
    state.close()
