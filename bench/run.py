"""The crawl benchmark: the real crawl against plain Scrapy over a local mirror, then an unchanged rerun.

    .venv/bin/python bench/run.py                          # 40 sites x 500 articles (the issue's figure)
    .venv/bin/python bench/run.py --sites 4 --articles 50  # a quick run
    .venv/bin/python bench/run.py --json results.json --profile crawl.prof

In one run, over one mirror (bench/mirror.py: the seven CMS families in turn, pages of 80-300 KB; built once
and cached under ``--mirror-dir``) served by separate processes on 127.0.0.<10+i>:

1. **baseline**: ``scrapy runspider bench/plainspider.py``, outside the project (no project settings), which
   requests the same listing pages and articles in the same order of discovery and extracts nothing;
2. **crawl**: ``scrapy crawl tinhoatdong -a sites=<bench registry>`` with a fresh ``OUTPUT_DIR``, the
   project's settings otherwise (robots.txt, pipelines, state, and the archival capture once it is on);
3. **unchanged**: the same crawl again on the same output and state: what a nightly run costs when no site
   published anything;
4. with ``--floor``, after the baseline, **floor**: the baseline spider again, now also parsing every page
   with the crawl's lxml parser and gzipping it at the WARC capture's level (``-a floor=LEVEL``): the part
   of the crawl's cost that Scrapy, lxml and the WARC format set, whatever the extraction does.

All run with ``-s AUTOTHROTTLE_ENABLED=False -s DOWNLOAD_DELAY=0 -s CONCURRENT_REQUESTS=16 -s
CONCURRENT_REQUESTS_PER_DOMAIN=8``, so they measure the crawler's own cost, not politeness. The baseline also
gets the project's ``CONCURRENT_ITEMS=1``: Scrapy starts that many item workers for every response, 100 by
default, a cost per page the crawl does not pay. Each is a child process, timed by ``os.wait4``: its CPU time
and peak RSS, with those of the processes it started and waited for (the crawl's WACZ packager), and nothing
else's; its own RSS is also sampled from /proc while it runs. Figures:

- ``pages/s``: listing + article pages fetched per second of the process's wall time, start-up included
  (other responses, such as the attachments the archival capture fetches, are counted apart as ``other``,
  and their cost stays in the crawl's figures); ``ratio``: the crawl's pages/s over the baseline's;
- ``CPU ms/art.pg``: the process's user + system CPU time over the article pages it fetched (listing pages,
  attachments, start-up, writing, the state and the capture are all in the numerator); for the baseline,
  over its pages; for the floor, over its article pages like the crawl's, and the crawl's figure less the
  floor's is what its own work costs (extraction, text stage, dedupe, writing, attachments, index);
- ``peak RSS``: the process's ``ru_maxrss``; ``RSS @25/50/75/100%``: samples at those shares of its wall time;
- ``requests/site`` of the unchanged run: what the servers received per site, robots.txt apart;
- ``server CPU``: what the mirror servers spent meanwhile (they must not be the bottleneck);
- ``quality``: the first crawl's items scored against the mirror's truth by bench/quality.py.

``--pace SECONDS`` asks instead whether the crawl keeps up with politeness: the crawl and the unchanged run
go one request at a time per site, SECONDS apart (``DOWNLOAD_DELAY``, not randomised, AutoThrottle off,
enough ``CONCURRENT_REQUESTS`` for every site at once), and no baseline or floor is run. It prints the rate
the crawl reached against that pace's ceiling (sites / SECONDS requests a second), the share of one core
its CPU took over its run (under 100 % the crawl waits for the sites, not for itself), and, from the
servers' side, how far apart each site's requests arrived: the median gap per site, SECONDS when the crawl
kept every site at its pace, more when the crawl was late.

``--prefill N`` first fills the crawl's fresh state with N synthetic archived articles (bench_dedupe.py's
fill), and ``--state-from FILE`` starts it from a copy of a state file (e.g. the 1M-article file that
``bench_dedupe.py --db FILE`` grew): memory and per-page cost must not grow with the stored state.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(ROOT))

import mirror as bench_mirror  # noqa: E402

SPEED = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
         "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]  # fmt: skip


@dataclass
class Timed:
    """One child process: what it cost and what Scrapy counted."""

    name: str
    wall_s: float = 0.0
    cpu_s: float = 0.0
    user_s: float = 0.0
    sys_s: float = 0.0
    peak_rss_mb: float = 0.0
    rss_mb: list[float] = field(default_factory=list)  # at 25/50/75/100 % of the wall time
    exit_status: int = 0
    elapsed_s: float | None = None  # Scrapy's own start-to-finish time
    responses: int = 0  # robots.txt apart
    requests: int = 0  # robots.txt apart
    other: int = 0  # responses that are neither listing nor article pages (attachments), robots.txt apart
    listing_pages: int = 0
    article_pages: int = 0
    items: int = 0
    response_mb: float = 0.0
    server_cpu_s: float = 0.0
    server_requests: dict[str, int] = field(default_factory=dict)  # per site, robots.txt apart
    site_gaps_s: dict[str, float] = field(default_factory=dict)  # per site, median s between two requests

    @property
    def pages(self) -> int:
        """Listing + article pages fetched: the same set for the crawl and the baseline."""
        return self.listing_pages + self.article_pages

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_article(self) -> float:
        return 1000 * self.cpu_s / self.article_pages if self.article_pages else float("nan")

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else float("nan")


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_child(name: str, cmd: list[str], cwd: Path, log: Path, env: dict[str, str], timeout: float) -> Timed:
    """Run ``cmd``; its wall time, CPU time and peak RSS from wait4, RSS sampled every 0.2 s."""
    samples: list[tuple[float, float]] = []
    with log.open("w") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                rss = _rss_mb(proc.pid)
                if rss is not None:
                    samples.append((time.monotonic() - started, rss))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        timer.cancel()
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    rss = []
    for share in (0.25, 0.5, 0.75, 1.0):
        before = [r for t, r in samples if t <= share * wall]
        rss.append(round(before[-1], 1) if before else 0.0)
    return Timed(
        name=name,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        rss_mb=rss,
        exit_status=proc.returncode,
    )


def _fill_from_stats(timed: Timed, stats: dict[str, Any]) -> None:
    robots_req = int(stats.get("robotstxt/request_count", 0))
    robots_resp = int(stats.get("robotstxt/response_count", 0))
    timed.requests = int(stats.get("downloader/request_count", 0)) - robots_req
    timed.responses = int(stats.get("downloader/response_count", 0)) - robots_resp
    timed.response_mb = int(stats.get("downloader/response_bytes", 0)) / 1e6
    timed.elapsed_s = stats.get("elapsed_time_seconds")
    timed.items = int(stats.get("tinhoatdong/items_written", stats.get("item_scraped_count", 0)))
    for key, value in stats.items():
        if key.startswith("tinhoatdong/site/") and isinstance(value, int):
            if key.endswith("/listing_pages"):
                timed.listing_pages += value
            elif key.endswith("/articles_requested"):
                timed.article_pages += value


def _server_delta(before: dict[str, Counter[str]], after: dict[str, Counter[str]]) -> dict[str, int]:
    out = {}
    for site, counts in after.items():
        diff = counts - before.get(site, Counter())
        out[site] = sum(v for k, v in diff.items() if k in ("GET", "POST")) - diff.get("robots", 0)
    return out


def site_gaps(arrivals: dict[str, list[float]], start: float, end: float) -> dict[str, float]:
    """Per site, the median time between two consecutive requests of those that arrived from ``start`` to
    ``end`` (a site with fewer than two has none)."""
    gaps = {}
    for site, times in arrivals.items():
        inside = [t for t in times if start <= t <= end]
        if len(inside) > 1:
            gaps[site] = statistics.median(b - a for a, b in itertools.pairwise(inside))
    return gaps


def timed_phase(
    name: str, servers: bench_mirror.Servers, cmd: list[str], cwd: Path, work: Path, timeout: float
) -> Timed:
    stats_file = work / f"{name}.stats.json"
    # Each phase finds its settings where it runs (the crawl: scrapy.cfg; plain Scrapy: none, outside the
    # project); a settings module named by the caller's environment would reach both.
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BENCH), env.get("PYTHONPATH", "")) if p)
    # the crawl timed with its own collector (crawler/settings.py's STATS_CLASS), plain Scrapy with Scrapy's
    collector = "JsonCrawlStats" if "tinhoatdong" in cmd else "JsonStatsCollector"
    cmd = [*cmd, "-s", f"STATS_CLASS=benchstats.{collector}", "-s", f"BENCH_STATS_FILE={stats_file}"]
    counts_before, cpu_before = servers.requests(), servers.cpu_seconds()
    started = time.monotonic()
    timed = run_child(name, cmd, cwd, work / f"{name}.log", env, timeout)
    timed.site_gaps_s = site_gaps(servers.arrivals(), started, time.monotonic())
    timed.server_cpu_s = servers.cpu_seconds() - cpu_before
    timed.server_requests = _server_delta(counts_before, servers.requests())
    if stats_file.is_file():
        _fill_from_stats(timed, json.loads(stats_file.read_text("utf-8")))
    if name in ("baseline", "floor"):  # the plain spider counts nothing itself: its plan says which is which
        listing = sum(len(site["pages"]) for site in json.loads((work / "plan.json").read_text("utf-8")))
        timed.listing_pages = min(listing, timed.responses)
        timed.article_pages = timed.responses - timed.listing_pages
    else:
        timed.other = max(0, timed.responses - timed.pages)
    print(
        f"  {name}: {timed.wall_s:.1f} s, exit {timed.exit_status}, {timed.responses} responses, "
        f"CPU {timed.cpu_s:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    return timed


def plain_phase(
    name: str, servers: bench_mirror.Servers, plan: Path, work: Path, timeout: float, *extra: str
) -> Timed:
    """The baseline spider (bench/plainspider.py) over ``plan``, with the project's CONCURRENT_ITEMS and
    ``extra`` spider arguments, run from a fresh folder outside the project (runspider must not pick up its
    settings)."""
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(BENCH / "plainspider.py"),
           "-a", f"plan={plan}", *extra, "-s", "ROBOTSTXT_OBEY=True", "-s", "LOG_LEVEL=INFO",
           "-s", "CONCURRENT_ITEMS=1", *SPEED]  # fmt: skip
    cwd = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
    return timed_phase(name, servers, cmd, cwd, work, timeout)


def paced(pace: float, sites: int) -> list[str]:
    """The settings of ``--pace``: one request at a time per site, ``pace`` seconds apart, and room for every
    site at once (they come after SPEED's, which they override); none without a pace."""
    if not pace:
        return []
    return ["-s", f"DOWNLOAD_DELAY={pace}", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
            "-s", f"CONCURRENT_REQUESTS={max(16, 2 * sites)}",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # fmt: skip


def crawl_cmd(registry: Path, output: Path, extra: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    return [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={registry}",
            "-s", f"OUTPUT_DIR={output}", "-s", "LOG_LEVEL=INFO", *SPEED, *extra]  # fmt: skip


def score(servers: bench_mirror.Servers, output: Path) -> dict[str, Any]:
    """bench/quality.py's scoring of the crawl's items against the mirror's truth."""
    import quality

    files = sorted((output / "tinhoatdong").glob("*.jsonl"))
    items, bad = quality.read_items(files)
    sites = [quality.SiteFolder(s.folder, s.truth) for s in servers.sites]
    netlocs = {s.id: s.netloc for s in servers.sites}
    report = quality.build_report(sites, items, netlocs, bad)["overall"]
    fields = {k: v["accuracy"] for k, v in report["fields"].items() if v["accuracy"] is not None}
    return {"recall": report["recall"], "precision": report["precision"], "fields": fields,
            "expected": report["expected"], "items": report["items"]}  # fmt: skip


def prefill(output: Path, n: int) -> None:
    """N synthetic archived articles in the crawl's state (other hosts: they never match the mirror)."""
    import bench_dedupe

    db = output / "tinhoatdong" / "state.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "bench_dedupe.py"),
            "--db",
            str(db),
            "--_fill",
            str(n),
            "--workers",
            "2",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _ = bench_dedupe


def profile_summary(prof: Path, top: int = 25) -> list[str]:
    """Own time per area of the code (crawler.*, scrapy, twisted, lxml...) and the top functions."""
    stats = pstats.Stats(str(prof))
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in raw.values()) or 1.0
    areas: Counter[str] = Counter()
    for (filename, _, _), (_, _, tt, _, _) in raw.items():
        areas[_area(filename)] += tt
    lines = ["own time by area:"]
    lines += [f"  {area:32s} {100 * tt / total:5.1f} %  {tt:7.2f} s" for area, tt in areas.most_common(18)]
    lines.append(f"top {top} functions by own time:")
    rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (filename, line, func), (_, nc, tt, ct, _) in rows:
        where = _short(filename)
        lines.append(
            f"  {100 * tt / total:5.1f} %  own {tt:6.2f} s  cum {ct:6.2f} s  {nc:>8}  {where}:{line} {func}"
        )
    return lines


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _area(filename: str) -> str:
    short = _short(filename)
    if short.startswith("crawler/"):
        parts = short.split("/")
        return "/".join(parts[:2]) if len(parts) > 2 else short
    if short.startswith("~") or short.startswith("<"):
        return "builtins (C calls)"
    return short.split("/", 1)[0]


def report_lines(
    phases: dict[str, Timed], meta: dict, quality: dict | None, servers_n: int, pace: float = 0.0
) -> list[str]:
    base, crawl, again = phases.get("baseline"), phases["crawl"], phases["unchanged"]
    lines = [
        f"mirror: {meta['sites']} sites x {meta['articles']} articles, {meta['html_pages']} HTML pages, "
        f"mean {meta['mean_kb']} KB; {servers_n} server processes",
        "",
        f"{'phase':10} {'wall s':>7} {'pages':>6} {'other':>6} {'pages/s':>8} {'CPU s':>7} {'ms/art.pg':>9} "
        f"{'peak RSS':>8} {'RSS @25/50/75/100% MB':>24} {'srv CPU s':>9}",
    ]
    for t in phases.values():
        rss = "/".join(f"{r:.0f}" for r in t.rss_mb)
        lines.append(
            f"{t.name:10} {t.wall_s:7.1f} {t.pages:6d} {t.other:6d} {t.pages_per_s:8.1f} {t.cpu_s:7.1f} "
            f"{t.cpu_ms_per_page if t.name == 'baseline' else t.cpu_ms_per_article:9.2f} "
            f"{t.peak_rss_mb:8.0f} {rss:>24} "
            f"{t.server_cpu_s:9.1f}"
        )
    lines.append("")
    if base is not None:
        lines.append(
            f"throughput: crawl {crawl.pages_per_s:.1f} pages/s vs plain Scrapy {base.pages_per_s:.1f} "
            "pages/s: "
            f"ratio {crawl.pages_per_s / base.pages_per_s:.2f}"
            + (
                f" (Scrapy's own elapsed time: {crawl.elapsed_s:.1f} s vs {base.elapsed_s:.1f} s)"
                if crawl.elapsed_s and base.elapsed_s
                else ""
            )
        )
    lines.append(
        f"crawl: {crawl.listing_pages} listing + {crawl.article_pages} article pages + {crawl.other} other "
        f"responses, {crawl.items} items, "
        f"{crawl.response_mb:.0f} MB received; CPU {crawl.cpu_s:.1f} s (user {crawl.user_s:.1f}, "
        f"sys {crawl.sys_s:.1f}) = {crawl.cpu_ms_per_article:.2f} ms per article page"
        + (f" (plain Scrapy: {base.cpu_ms_per_page:.2f} ms per page)" if base else "")
    )
    if pace:
        ceiling = meta["sites"] / pace
        busy = crawl.cpu_s / crawl.wall_s if crawl.wall_s else float("nan")
        rate = (crawl.responses / crawl.elapsed_s) if crawl.elapsed_s else float("nan")
        lines.append(
            f"paced at one request per {pace:g} s per site: at most {ceiling:.1f} requests/s; the crawl made "
            f"{rate:.1f} responses/s (Scrapy's elapsed time) and its CPU was {100 * busy:.0f} % of one core "
            f"over its wall time: {'it waited for the sites' if busy < 0.9 else 'it was its own bottleneck'}"
        )
        gaps = sorted(crawl.site_gaps_s.values())
        if gaps:
            lines.append(
                f"the servers saw each site's requests a median {statistics.median(gaps):.2f} s apart "
                f"(per site from {gaps[0]:.2f} to {gaps[-1]:.2f} s), against the pace's {pace:g} s"
            )
    floor = phases.get("floor")
    if floor is not None:
        lines.append(
            f"floor (plain Scrapy + lxml parse + gzip of every page): {floor.cpu_ms_per_article:.2f} ms per "
            f"article page; the crawl's own work beyond it: "
            f"{crawl.cpu_ms_per_article - floor.cpu_ms_per_article:.2f} ms; the crawl costs "
            f"{crawl.cpu_ms_per_article / floor.cpu_ms_per_article:.2f} times its floor (a figure that "
            f"machines of different speeds share)"
        )
    lines.append(
        f"peak RSS of the crawl: {crawl.peak_rss_mb:.0f} MB; unchanged run: {again.peak_rss_mb:.0f} MB"
    )
    per_site = list(again.server_requests.values())
    if per_site:
        lines.append(
            f"unchanged run: {again.requests} requests for {len(per_site)} sites (robots.txt apart) = "
            f"{again.requests / len(per_site):.2f} per site by Scrapy's count; the servers saw "
            f"{sum(per_site) / len(per_site):.2f} per site (max {max(per_site)}); {again.items} items written"
        )
    if quality is not None:
        worst = min(quality["fields"].items(), key=lambda kv: kv[1]) if quality["fields"] else ("-", 1.0)
        lines.append(
            f"quality of the crawl's items: recall {100 * (quality['recall'] or 0):.1f} %, precision "
            f"{100 * (quality['precision'] or 0):.1f} %, lowest field {worst[0]} {100 * worst[1]:.1f} %"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mirror-dir", type=Path, help="where the mirror is built and cached")
    parser.add_argument("--server-procs", type=int, default=2)
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Scrapy run")
    parser.add_argument(
        "--floor", action="store_true", help="also time plain Scrapy + lxml parse + gzip of every page"
    )
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="crawl one request per PACE seconds per site instead of without delay (no baseline, no floor)",
    )
    parser.add_argument("--no-platform", action="store_true", help="registry without `platform` keys")
    parser.add_argument(
        "--gzip-transfer", type=int, default=0, metavar="LEVEL",
        help="the mirror sends HTML gzip-encoded at this level to a client that asks (real servers do)",
    )  # fmt: skip
    parser.add_argument("--prefill", type=int, default=0, help="synthetic archived articles stored first")
    parser.add_argument("--state-from", type=Path, help="start the crawl's state from a copy of this file")
    parser.add_argument(
        "--profile", type=Path, help="also run the crawl once more under cProfile (CPU clock), to here"
    )
    parser.add_argument(
        "--spy",
        type=Path,
        help="also run the crawl once more under py-spy (raw stacks to here; see spyreport.py)",
    )
    parser.add_argument("--crawl-arg", action="append", default=[], help="extra argument for both crawls")
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, output, stats)")
    args = parser.parse_args(argv)

    mirror_dir = args.mirror_dir or Path(tempfile.gettempdir()) / (
        f"tinhoatdong-bench/mirror-{args.sites}x{args.articles}-s{args.seed}"
    )
    print(f"mirror {mirror_dir} ...", file=sys.stderr, flush=True)
    meta = bench_mirror.build(mirror_dir, args.sites, args.articles, args.seed)
    work = Path(tempfile.mkdtemp(prefix="tinhoatdong-bench-"))
    phases: dict[str, Timed] = {}
    quality = None
    profile_lines: list[str] = []
    try:
        import yaml

        with bench_mirror.serve(mirror_dir, args.server_procs, args.gzip_transfer) as servers:
            registry = work / "registry.yaml"
            registry.write_text(
                yaml.safe_dump(
                    bench_mirror.registry(servers, not args.no_platform), allow_unicode=True, sort_keys=False
                ),
                "utf-8",
            )
            plan = work / "plan.json"
            plan.write_text(json.dumps(bench_mirror.link_plan(servers)), "utf-8")
            crawl_args = [*args.crawl_arg, *paced(args.pace, args.sites)]
            if not args.no_baseline and not args.pace:
                phases["baseline"] = plain_phase("baseline", servers, plan, work, args.timeout)
            if args.floor and not args.pace:
                from crawler import settings as project_settings

                level = f"floor={project_settings.WARC_GZIP_LEVEL}"
                phases["floor"] = plain_phase("floor", servers, plan, work, args.timeout, "-a", level)
            output = work / "output"
            if args.state_from:
                (output / "tinhoatdong").mkdir(parents=True)
                shutil.copyfile(args.state_from, output / "tinhoatdong" / "state.sqlite3")
            if args.prefill:
                print(f"  prefilling the state with {args.prefill} articles ...", file=sys.stderr, flush=True)
                prefill(output, args.prefill)
            cmd = crawl_cmd(registry, output, crawl_args)
            phases["crawl"] = timed_phase("crawl", servers, cmd, ROOT, work, args.timeout)
            phases["unchanged"] = timed_phase("unchanged", servers, cmd, ROOT, work, args.timeout)
            quality = score(servers, output)
            if args.profile:
                prof_out = work / "output-profile"
                cmd = crawl_cmd(registry, prof_out, crawl_args)
                cmd = [sys.executable, str(BENCH / "cpuprofile.py"), str(args.profile), *cmd[1:]]
                timed_phase("profiled", servers, cmd, ROOT, work, args.timeout)
                profile_lines = profile_summary(args.profile)
            if args.spy:
                import spyreport

                spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
                cmd = crawl_cmd(registry, work / "output-spy", crawl_args)
                record = ["record", "--subprocesses", "-r", "250", "-f", "raw", "-o", str(args.spy)]
                cmd = [spy, *record, "--", *cmd]
                timed_phase("py-spy", servers, cmd, ROOT, work, args.timeout)
                profile_lines += ["", f"py-spy of the crawl ({args.spy}):", *spyreport.report(args.spy)]
        lines = report_lines(phases, meta, quality, args.server_procs, args.pace)
        print("\n".join(lines))
        if profile_lines:
            if args.profile:
                print(f"\nprofile of the crawl (cProfile, {args.profile}):")
            print("\n".join(profile_lines))
        bad = [t.name for t in phases.values() if t.exit_status not in (0,)]
        if bad:
            print(f"warning: non-zero exit status: {', '.join(bad)} (logs in {work})", file=sys.stderr)
            args.keep = True
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "mirror": {k: v for k, v in meta.items() if k != "folders"},
                        "phases": {
                            k: {
                                **asdict(v),
                                "pages": v.pages,
                                "pages_per_s": v.pages_per_s,
                                "cpu_ms_per_article": v.cpu_ms_per_article,
                                "cpu_ms_per_page": v.cpu_ms_per_page,
                            }
                            for k, v in phases.items()
                        },
                        "quality": quality,
                        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                    },
                    indent=1,
                ),
                "utf-8",
            )
    finally:
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
