"""Distributed mode end to end (issue 9): real `scrapy crawl` workers sharing one crawl on a real
redis-server, over three local news sites.

- one, two and three workers started with the same command emit the same articles, each exactly once, each
  worker in its own `<crawl id>.<worker id>.jsonl` with its manifest (two of the three share an output
  directory, as workers on one machine do);
- a worker killed with SIGKILL mid-run loses nothing and repeats nothing: the other finishes the crawl, the
  next run on the killed worker's directory recovers its file, and together the files hold every article once;
- a single-machine run and distributed workers refuse each other's output directory.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.demo.server import serve_mirrors
from tests import newsmirror
from tests.crawl_helpers import FAST, ROOT, write_registry
from tests.redis_helpers import redis_server

SITES, ARTICLES = 3, 12
QUIET = ("WARC_ENABLED=False", "WACZ_ENABLED=False", "WORKER_TIMEOUT=3")


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Three news sites on loopback, a registry naming them, and a redis-server."""
    tmp = tmp_path_factory.mktemp("distributed")
    roots = [newsmirror.build(tmp / "sites" / f"news{i}", ARTICLES) for i in range(SITES)]
    with redis_server(tmp / "redis") as url, serve_mirrors(roots) as served:
        entries = [
            {
                "id": f"news{i}",
                "name": "Sở TT&TT",
                "province": "Thử",
                "start_urls": [m.base_url + "/tin-hoat-dong"],
            }
            for i, m in enumerate(served)
        ]
        truth = sorted(
            m.base_url + newsmirror.article_path(k) for m in served for k in range(1, ARTICLES + 1)
        )
        yield {"registry": write_registry(entries, tmp / "sites.yaml"), "redis": url, "truth": truth}


def worker(mock: Any, out: Path, db: int, log: Path, *settings: str) -> subprocess.Popen[bytes]:
    """`scrapy crawl tinhoatdong` with STATE_URI on the test's Redis: a worker of the crawl in that DB."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={mock['registry']}"]
    for setting in (f"OUTPUT_DIR={out}", f"STATE_URI={mock['redis']}/{db}", *FAST, *QUIET, *settings):
        cmd += ["-s", setting]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def finished(procs: list[subprocess.Popen[bytes]], logs: list[Path], timeout: float = 120) -> None:
    for proc, log in zip(procs, logs, strict=True):
        proc.wait(timeout=timeout)
        assert proc.returncode == 0, log.read_text()[-3000:]


def files(out: Path, pattern: str) -> list[Path]:
    return sorted((out / "tinhoatdong").glob(pattern)) if (out / "tinhoatdong").exists() else []


def urls_in(outs: list[Path]) -> list[str]:
    found = []
    for out in dict.fromkeys(outs):
        for path in files(out, "*.jsonl"):
            data = path.read_bytes()
            assert data == b"" or data.endswith(b"\n"), f"{path.name} ends in a partial line"
            found += [json.loads(line)["url"] for line in data.splitlines()]
    return found


def test_one_two_and_three_workers_emit_the_same_articles_once(mock: Any, tmp_path: Path) -> None:
    # Each configuration is its own crawl (its own Redis database); all of them run at once.
    layouts = {1: ["a"], 2: ["a", "b"], 3: ["a", "a", "b"]}  # output directory of each worker
    procs, logs, outs = [], [], {}
    for n, dirs in layouts.items():
        outs[n] = [tmp_path / f"n{n}" / d for d in dirs]
        for i, out in enumerate(outs[n]):
            logs.append(tmp_path / f"n{n}-w{i}.log")
            procs.append(worker(mock, out, n, logs[-1]))
    finished(procs, logs)
    for n, worker_outs in outs.items():
        found = urls_in(worker_outs)
        assert sorted(found) == mock["truth"], f"{n} worker(s)"  # every article, each once
        manifests = [p for out in dict.fromkeys(worker_outs) for p in files(out, "*.manifest.json")]
        assert len(manifests) == n
        crawl_ids = set()
        for path in manifests:
            manifest = json.loads(path.read_text("utf-8"))
            run_id = path.name.removesuffix(".manifest.json")
            assert manifest["run_id"] == run_id == f"{manifest['crawl_id']}.{manifest['worker_id']}"
            items = path.with_name(f"{run_id}.jsonl")
            assert manifest["items_file"] == items.name
            assert manifest["line_count"] == items.read_bytes().count(b"\n")
            assert manifest["finish_reason"] == "finished"
            crawl_ids.add(manifest["crawl_id"])
        assert len(crawl_ids) == 1, f"{n} worker(s) ran {crawl_ids}"
        for out in worker_outs:
            assert files(out, "*.part") == [] and files(out, ".worker-*.lock") == []


def _part_lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in files(out, "*.jsonl.part"))


def test_a_worker_killed_mid_run_loses_nothing_and_repeats_nothing(mock: Any, tmp_path: Path) -> None:
    pace = ("CONCURRENT_REQUESTS_PER_DOMAIN=1", "DOWNLOAD_DELAY=0.05")
    out_a, out_b = tmp_path / "machine-a", tmp_path / "machine-b"
    victim = worker(mock, out_a, 5, tmp_path / "a.log", *pace)
    deadline = time.monotonic() + 90
    # The other worker starts once the victim has its first article: started together, either one may take
    # nearly all of them, and a victim with fewer than three to write finishes before it can be killed.
    while _part_lines(out_a) < 1 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    other = worker(mock, out_b, 5, tmp_path / "b.log", *pace)
    while _part_lines(out_a) < 3 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL, "the victim finished before it could be killed"
    assert files(out_a, "*.jsonl.part"), "the victim left no file to recover"
    finished([other], [tmp_path / "b.log"])
    # The next run on the killed worker's machine recovers its file and crawls on.
    again = worker(mock, out_a, 5, tmp_path / "again.log", *pace)
    finished([again], [tmp_path / "again.log"])
    found = urls_in([out_a, out_b])
    assert sorted(found) == mock["truth"]
    assert files(out_a, "*.part") == [] and files(out_b, "*.part") == []
    reasons = {}
    for path in files(out_a, "*.manifest.json") + files(out_b, "*.manifest.json"):
        manifest = json.loads(path.read_text("utf-8"))
        reasons[manifest["run_id"]] = manifest["finish_reason"]
        assert manifest["line_count"] == path.with_name(manifest["items_file"]).read_bytes().count(b"\n")
    assert sorted(reasons.values()) == ["finished", "finished", "recovered"]


def test_single_runs_and_workers_refuse_each_others_output(mock: Any, tmp_path: Path) -> None:
    single_out, worker_out = tmp_path / "single", tmp_path / "workers"
    # A live worker holds its lock in worker_out; a single-machine run holds .lock in single_out.
    (worker_out / "tinhoatdong").mkdir(parents=True)
    (single_out / "tinhoatdong").mkdir(parents=True)
    held = []
    for path in (
        worker_out / "tinhoatdong" / ".worker-20261126T000000Z-aaaaaa.w1.lock",
        single_out / "tinhoatdong" / ".lock",
    ):
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.append(fd)
    try:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={mock['registry']}"]
        single = subprocess.run(
            [*cmd, "-s", f"OUTPUT_DIR={worker_out}", "-s", "LOG_LEVEL=ERROR"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        distributed = subprocess.run(
            [*cmd, "-s", f"OUTPUT_DIR={single_out}", "-s", f"STATE_URI={mock['redis']}/6"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        for fd in held:
            os.close(fd)
    assert (single.returncode, "distributed worker(s)" in single.stderr, "Traceback" in single.stderr) == (
        3,
        True,
        False,
    )
    assert distributed.returncode == 3 and "in use by another run" in distributed.stderr
    assert files(worker_out, "*.jsonl") == [] and files(single_out, "*.jsonl") == []


def test_unreachable_redis_is_one_line_and_exit_1(tmp_path: Path) -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", "site=ha_noi"]
    proc = subprocess.run(
        [*cmd, "-s", f"OUTPUT_DIR={tmp_path}", "-s", "STATE_URI=redis://127.0.0.1:1/0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    said = "tinhoatdong: cannot start: STATE_URI redis://127.0.0.1:1/0: cannot reach Redis" in proc.stderr
    assert (proc.returncode, said, "Traceback" in proc.stderr) == (1, True, False)
