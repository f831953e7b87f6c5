"""`python -m crawler.demo`: the offline demo.

Serves the bundled sample sites (saved pages of several CMS families, `crawler/demo/sites/`) on 127.0.0.1,
writes a registry pointing at them, runs the real `scrapy crawl tinhoatdong` against it, and prints where
the JSON Lines file and its manifest went.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from crawler.demo.server import Served, serve_mirrors

SITES_DIR = Path(__file__).with_name("sites")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The demo's servers are ours and local: no politeness delay, and robots.txt is simply absent.
FAST = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


def mirror_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "routes.json").is_file())


def registry_for(served: list[Served]) -> dict:
    """A CONTRACT.md registry whose entries point at the served mirrors."""
    return {"sites": [s.registry_entry() for s in served]}


def run_crawl(
    registry: dict, output_dir: Path, extra: list[str], workdir: Path
) -> subprocess.CompletedProcess:
    reg_file = workdir / "demo-sites.yaml"
    reg_file.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={reg_file}"]
    cmd += ["-s", f"OUTPUT_DIR={output_dir}"]
    for setting in (*FAST, *extra):
        cmd += ["-s", setting]
    return subprocess.run(cmd, cwd=PROJECT_ROOT, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__.split("\n\n")[1])
    parser.add_argument("--sites-dir", type=Path, default=SITES_DIR, help="folder of mirrors to serve")
    parser.add_argument("--output-dir", type=Path, default=PROJECT_ROOT / "output" / "demo")
    parser.add_argument("--port", type=int, default=8701, help="first port of the sample sites (0: any free)")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="Scrapy setting"
    )
    opts = parser.parse_args(argv)
    dirs = mirror_dirs(opts.sites_dir)
    if not dirs:
        print(f"no sample sites under {opts.sites_dir}", file=sys.stderr)
        return 2
    # Fixed ports: a second demo run finds the sites where the first left them, and shows an incremental
    # run (one listing request per site, nothing new).
    with serve_mirrors(dirs, first_port=opts.port) as served, tempfile.TemporaryDirectory() as tmp:
        for s in served:
            print(f"serving {s.mirror.name:12s} at {s.base_url}")
        result = run_crawl(registry_for(served), opts.output_dir, opts.set, Path(tmp))
    runs = sorted((opts.output_dir / "tinhoatdong").glob("*.manifest.json"), key=lambda p: p.stat().st_mtime)
    if not runs:
        print("the crawl left no manifest: see the log above", file=sys.stderr)
        return result.returncode or 1
    manifest = json.loads(runs[-1].read_text(encoding="utf-8"))
    items = runs[-1].with_name(
        manifest.get("items_file") or runs[-1].name.replace(".manifest.json", ".jsonl")
    )
    count = manifest.get("line_count", 0)
    print(f"\n{count} articles -> {items}")
    print(f"manifest   -> {runs[-1]}")
    archive = manifest.get("archive") or {}
    if archive.get("wacz"):  # what the servers sent: open it in https://replayweb.page
        print(f"web archive-> {runs[-1].parent / archive['dir'] / archive['wacz']}")
    if count == 0:
        print(
            f"(nothing new: earlier demo runs archived every article; the state is under {opts.output_dir}, "
            "delete that folder to start over)"
        )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
