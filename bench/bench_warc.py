"""What archival capture costs: the same crawl with WARC/WACZ capture on and off, in one run.

    .venv/bin/python bench/bench_warc.py [--sites 4] [--articles 60] [--pad 80000] [--rounds 2]

Builds a local mirror (sitegen families, pages padded to realistic sizes), then runs the real
`scrapy crawl tinhoatdong` over it with no politeness delay, alternating capture on / off for `--rounds`
rounds (alternating evens out the machine's noise). Prints, per setting, the best wall time, pages/s, CPU
seconds of the crawl process, and the on/off ratios; plus the bytes written to WARC and WACZ.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo.server import serve_mirrors  # noqa: E402
from crawler.demo.sitegen import PLATFORMS, generate  # noqa: E402
from tests.crawl_helpers import write_registry  # noqa: E402

FAST = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "CONCURRENT_REQUESTS=16",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "LOG_LEVEL=WARNING",
)


def _crawl(registry: Path, out: Path, capture: bool) -> dict[str, float]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={registry}"]
    for setting in (*FAST, f"OUTPUT_DIR={out}", f"WARC_ENABLED={capture}", f"WACZ_ENABLED={capture}"):
        cmd += ["-s", setting]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    manifest = json.loads(next((out / "tinhoatdong").glob("*.manifest.json")).read_text(encoding="utf-8"))
    warc_dir = out / "tinhoatdong" / "warc"
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "items": manifest["totals"]["new"],
        "warc_bytes": sum(p.stat().st_size for p in warc_dir.glob("*.warc.gz")) if warc_dir.exists() else 0,
        "wacz_bytes": sum(p.stat().st_size for p in warc_dir.glob("*.wacz")) if warc_dir.exists() else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--pad", type=int, default=80_000, help="bytes of padding per HTML page")
    parser.add_argument("--rounds", type=int, default=2)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        roots = []
        for i in range(opts.sites):
            root = tmp / f"site{i}"
            generate(
                PLATFORMS[i % len(PLATFORMS)], root, n_articles=opts.articles, seed=i, pad_bytes=opts.pad
            )
            roots.append(root)
        with serve_mirrors(roots) as served:
            entries = []
            for i, s in enumerate(served):
                entry = s.registry_entry()
                entry["id"] = f"bench{i}"
                entries.append(entry)
            registry = write_registry(entries, tmp / "sites.yaml")
            results: dict[bool, list[dict[str, float]]] = {True: [], False: []}
            for r in range(opts.rounds):
                for capture in (True, False) if r % 2 == 0 else (False, True):
                    results[capture].append(_crawl(registry, tmp / f"out-{r}-{capture}", capture))
    size = f"{opts.sites} sites x {opts.articles} articles, pages padded by {opts.pad} B"
    print(f"mirror: {size}; best of {opts.rounds}")
    best = {c: min(runs, key=lambda x: x["wall"]) for c, runs in results.items()}
    cpu = {c: min(x["cpu"] for x in runs) for c, runs in results.items()}
    for capture in (False, True):
        b = best[capture]
        print(
            f"capture {'on ' if capture else 'off'}: {b['items']:.0f} items, wall {b['wall']:.2f} s, "
            f"{b['items'] / b['wall']:.1f} articles/s, CPU {cpu[capture]:.2f} s "
            f"({1000 * cpu[capture] / max(b['items'], 1):.1f} ms/article)"
        )
    print(
        f"capture on / off: wall x{best[True]['wall'] / best[False]['wall']:.2f}, "
        f"CPU x{cpu[True] / cpu[False]:.2f}; WARC {best[True]['warc_bytes'] / 1e6:.1f} MB, "
        f"WACZ {best[True]['wacz_bytes'] / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
