"""CPU of the nightly run that finds nothing new, which is most nights once the sites stop changing.

    .venv/bin/python bench/bench_unchanged.py [--sites 7] [--articles 30] [--runs 12] [--ref REV]

Serves a bench mirror (bench/mirror.py) on 127.0.0.1, crawls it once to fill the state, then runs the same
``scrapy crawl tinhoatdong`` ``--runs`` times more: each an unchanged run (one request per site). Prints the
CPU seconds (user + system, from ``wait4``) and peak RSS of each, then their mean. With ``--ref REV`` it does
the same for another commit (checked out in a temporary git worktree, with its own output folder),
alternating run by run so that the machine's drift hits both alike: a before and after from one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import mirror as bench_mirror  # noqa: E402
from run import crawl_cmd, run_child  # noqa: E402


def timed(cmd: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """(CPU seconds, peak RSS MB) of one run, by bench/run.py's ``run_child``; SystemExit if it fails."""
    got = run_child("unchanged", cmd, cwd, log, dict(os.environ), timeout=600)
    if got.exit_status:
        raise SystemExit(f"{' '.join(cmd[:6])} ... in {cwd} failed ({got.exit_status}); its log: {log}")
    return got.cpu_s, got.peak_rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=7)
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--runs", type=int, default=12, help="unchanged runs of each revision")
    parser.add_argument("--ref", help="also time this commit, alternated with the working tree")
    args = parser.parse_args()
    mirror_dir = Path(tempfile.gettempdir()) / f"tinhoatdong-bench/mirror-{args.sites}x{args.articles}-s0"
    bench_mirror.build(mirror_dir, args.sites, args.articles, 0)
    work = Path(tempfile.mkdtemp(prefix="bench-unchanged-"))
    trees = {"now": ROOT}
    try:
        if args.ref:
            tree = work / "ref"
            subprocess.run(["git", "worktree", "add", "-f", "--detach", str(tree), args.ref], cwd=ROOT,
                           check=True, capture_output=True)  # fmt: skip
            trees[args.ref] = tree
        import yaml

        with bench_mirror.serve(mirror_dir) as servers:
            registry = work / "registry.yaml"
            entries = bench_mirror.registry(servers, True)
            registry.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), "utf-8")
            cmds = {name: crawl_cmd(registry, work / f"out-{n}") for n, name in enumerate(trees)}
            for n, (name, tree) in enumerate(trees.items()):
                timed(cmds[name], tree, work / f"{n}.log")  # the first crawl fills the state
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for _ in range(args.runs):
                for n, (name, tree) in enumerate(trees.items()):
                    runs[name].append(timed(cmds[name], tree, work / f"{n}.log"))
        print(f"unchanged runs of {args.sites} sites ({args.runs} each), CPU s and peak RSS MB:")
        for name, got in runs.items():
            cpu = [c for c, _ in got]
            print(f"{name:12} " + " ".join(f"{c:.2f}" for c in cpu))
            print(f"{'':12} mean {statistics.mean(cpu):.2f} s, median {statistics.median(cpu):.2f} s, "
                  f"peak RSS {max(r for _, r in got):.0f} MB")  # fmt: skip
    finally:
        if args.ref:
            subprocess.run(["git", "worktree", "remove", "--force", str(work / "ref")], cwd=ROOT,
                           check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
