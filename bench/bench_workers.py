"""Wall time of a distributed crawl with 1, 2 and 3 workers on the same local mirror (issue 9).

Serves the demo sites (``crawler/demo/sites``: 7 sites of 7 CMS families, 280 articles) on 127.0.0.1, starts
a throwaway ``redis-server`` on a free port, and for each worker count starts that many
``scrapy crawl tinhoatdong -s STATE_URI=redis://...`` at once (one output directory each, as on separate
machines), on a fresh Redis database. The wall time runs from the first start to the last exit, so it
includes each worker's start-up (about 2 s of imports and set-up). A single-machine run (SQLite state) is
timed first as the reference.

Two pacings, because they answer different questions:

- ``fast``: no politeness delay, 8 requests at a time per site. On loopback the crawl is CPU-bound (parsing,
  text normalisation, MinHash), so extra workers help only as far as there are idle cores.
- ``polite``: the shape of a real crawl, where a site's pace is set by a per-site delay, not by the CPU:
  one request at a time per site, ``--delay`` seconds apart (default 0.25). Politeness settings apply per
  worker, so N workers crawl each site up to N times as fast: set ``DOWNLOAD_DELAY`` /
  ``CONCURRENT_REQUESTS_PER_DOMAIN`` for what a site should bear from all workers together.

    .venv/bin/python bench/bench_workers.py [--workers 1,2,3] [--pacing fast,polite] [--delay 0.25]
                                            [--sites-dir DIR] [--json] [-s NAME=VALUE ...]

Every run's articles are checked: the union over its workers must be the mirror's articles, each once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo.__main__ import SITES_DIR, mirror_dirs, registry_for  # noqa: E402
from crawler.demo.server import serve_mirrors  # noqa: E402

PACINGS = {
    "fast": ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=8"),
    "polite": ("AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
}


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(
        [*cmd, "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    client = redis.Redis(port=port)
    for _ in range(500):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}"
        except redis.ConnectionError:
            time.sleep(0.01)
    proc.kill()
    sys.exit("redis-server did not start")


def run(registry: Path, outs: list[Path], settings: list[str], state_uri: str | None) -> float:
    """Start one crawl per output directory at once; the wall time until the last one exits."""
    procs = []
    started = time.perf_counter()
    for i, out in enumerate(outs):
        cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={registry}"]
        extra = [f"OUTPUT_DIR={out}", "LOG_LEVEL=WARNING", *settings]
        if state_uri:
            extra += [f"STATE_URI={state_uri}", f"WORKER_ID=w{i + 1}"]
        for setting in extra:
            cmd += ["-s", setting]
        log = (out.parent / f"{out.name}.log").open("w")
        procs.append((subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log), log))
    for proc, log in procs:
        proc.wait()
        log.close()
        if proc.returncode not in (0, 4):  # 4: a demo site judged BROKEN by a worker; not a failure here
            sys.exit(f"a crawl failed (exit {proc.returncode}); see {log.name}")
    return time.perf_counter() - started


def articles(outs: list[Path]) -> list[str]:
    found = []
    for out in outs:
        for path in sorted((out / "tinhoatdong").glob("*.jsonl")):
            found += [json.loads(line)["canonical_url"] for line in path.read_text("utf-8").splitlines()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2,3", help="worker counts to time, comma-separated")
    parser.add_argument("--pacing", default="fast,polite", help="fast and/or polite")
    parser.add_argument(
        "--delay", type=float, default=0.25, help="polite: seconds between requests to a site"
    )
    parser.add_argument("--sites-dir", type=Path, default=SITES_DIR)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-s", dest="set", action="append", default=[], metavar="NAME=VALUE")
    opts = parser.parse_args(argv)
    counts = [int(n) for n in opts.workers.split(",")]
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp_name:
        tmp = Path(tmp_name)
        server, base = start_redis(tmp)
        try:
            with serve_mirrors(mirror_dirs(opts.sites_dir)) as served:
                registry = tmp / "sites.yaml"
                registry.write_text(
                    yaml.safe_dump(registry_for(served), allow_unicode=True), encoding="utf-8"
                )
                db = 0
                for pacing in opts.pacing.split(","):
                    settings = [*PACINGS[pacing], *opts.set]
                    if pacing == "polite":
                        settings.append(f"DOWNLOAD_DELAY={opts.delay}")
                    expected: list[str] | None = None
                    for label, n in [("single (SQLite)", 1), *[(f"{n} worker(s)", n) for n in counts]]:
                        db += 1
                        outs = [tmp / f"{pacing}-{db}-w{i}" for i in range(n)]
                        uri = None if label.startswith("single") else f"{base}/{db}"
                        redis.Redis.from_url(f"{base}/{db}").flushdb()
                        wall = run(registry, outs, settings, uri)
                        found = articles(outs)
                        expected = expected if expected is not None else sorted(found)
                        ok = sorted(found) == expected and len(found) == len(set(found))
                        figures.append(
                            {
                                "pacing": pacing,
                                "run": label,
                                "workers": n,
                                "seconds": round(wall, 2),
                                "articles": len(found),
                                "same_articles_once": ok,
                            }
                        )
                        if not opts.json:
                            print(
                                f"{pacing:<7} {label:<16} {wall:7.2f} s  {len(found):4d} articles"
                                f"  {'same set, each once' if ok else 'MISMATCH'}",
                                flush=True,
                            )
        finally:
            server.terminate()
            server.wait()
    if opts.json:
        print(json.dumps(figures, indent=2))
    return 0 if all(f["same_articles_once"] for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
