"""The dedupe stage's cost per item as the archive grows (10k, 100k, 1M stored articles), and its memory.

For each size (ascending), one DB file is grown to that many synthetic articles, then a fresh process
measures ``DedupePipeline.process_item`` (key form + signature + URL/content/LSH lookups + record, with the
state's auto-commit every 200 records, the final flush and the close) over ``--items`` new items, reports the
peak RSS of that process (``ru_maxrss``), and removes what it recorded (``discard_pending``), so the next size
starts from exactly N articles. "commits" is the time in ``flush()``: since issue 10 the SQLite state buffers
records and writes each batch there (inserts + commit), so it holds the writes that were in ``record()``.

Synthetic articles: Vietnamese-like syllables (onset + rhyme + tone, ~7,000 distinct, in key form) drawn
from a Zipf distribution (s = 1), 400-600 syllables with punctuation and paragraphs, 63 sites. Stored
rows have real signatures of their text (``crawler.neardup.signature``) and are inserted with executemany,
not through the pipeline (the pipeline is what is measured). ``content_hash`` is sha1 of the text: it stands
for the text stage's hash, which the dedupe stage only compares.

The measured items, shuffled: 80% new articles; 10% reposts of a random stored article on another site
with 1.5% of the syllables edited, a true 3-gram Jaccard of about 0.9 (expected: kept, ``duplicate_of`` =
that article); 5% a stored article's URL again (dropped); 5% a stored article's text under a new URL of
the same site (dropped). Sizes in MiB.

    .venv/bin/python bench/bench_dedupe.py [--sizes 10000,100000,1000000] [--items 1000] [--workers 1]
                                           [--db PATH | --db-dir DIR] [--keep] [--json]
                                           [--compare OLD_SQLITE_PY] [--rounds N]

Filling 1M articles takes a while (signatures: ~0.7 ms each per core); ``--workers 2`` signs on two cores.
``--db`` reuses (and grows) one bench file; ``--db-dir`` keeps one file per size (``dd-<size>.sqlite3``,
grown only when smaller), so a later run at the same sizes fills nothing; without either, a temporary file
is removed at the end.

Wall time is what a crawl waits for; CPU time is of the whole process (the state's checkpoint thread
included). The start-up's objects are frozen out of the garbage collector's sight before timing
(``gc.freeze``), so a full collection of Scrapy's and numpy's modules does
not land at random in one size's figures.

``--compare FILE`` measures a second ``SqliteState`` too, loaded from FILE (e.g. the previous version:
``git show HEAD:crawler/state/sqlite.py > /tmp/old_sqlite.py``), on the same files, the two alternating in
each of ``--rounds`` rounds (median reported): a before/after in one run on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import itertools
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler import neardup
from crawler.text.normalize import key_form
from crawler.urls import article_id

SITES = 63
FILL_RUN = "20260101T000000Z-f111ed"
BENCH_RUN = "bench-measure"
NEW_BASE = 10**9  # article numbers of measured new items: never stored

_ONSETS = "_ b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x"
_RHYMES = (
    "a ai am an ang anh ao au ay ăc ăm ăn ăng ăt âc âm ân âng âp ât âu ây e em en eo ep et ê êm ên ênh êt "
    "êu i ia ich im in inh ip it iu iêc iêm iên iêng iêt iêu o oa oai oan oang oanh oat oc oi om on ong op "
    "ot ô ôc ôi ôm ôn ông ôt ơ ơi ơm ơn ơt u ua uc ui um un ung uôc uôi uôn uông uôt ut uy uyên uyêt ư ưa "
    "ưc ưi ưng ươc ươi ươm ươn ương ươt ưu"
)
ONSETS, RHYMES = _ONSETS.split(), _RHYMES.split()
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # ngang, sắc, huyền, hỏi, ngã, nặng
_VOWELS = "aăâeêioôơuưy"


def _syllable(onset: str, rhyme: str, tone: str) -> str:
    """onset + rhyme with the tone on the first vowel carrying a diacritic, else the first vowel."""
    text = ("" if onset == "_" else onset) + rhyme
    marked = [i for i, ch in enumerate(text) if ch in "ăâêôơư"]
    vowels = [i for i, ch in enumerate(text) if ch in _VOWELS]
    at = (marked or vowels)[-1 if marked else 0]
    return unicodedata.normalize("NFC", text[: at + 1] + tone + text[at + 1 :])


def vocabulary(size: int = 7000, seed: int = 1) -> tuple[list[str], list[float]]:
    """~7,000 distinct key-form syllables in a seeded random order, with Zipf cumulative weights."""
    every = sorted({key_form(_syllable(o, r, t)) for o in ONSETS for r in RHYMES for t in TONES})
    random.Random(seed).shuffle(every)
    words = every[:size]
    cum, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cum.append(total)
    return words, cum


VOCAB, CUM = vocabulary()


def site_of(n: int) -> str:
    return f"site_{n % SITES:02d}"


def url_of(n: int, site: int | None = None, slug: str = "bai") -> str:
    return f"https://stttt{n % SITES if site is None else site}.tinh.gov.vn/tin-tuc/{slug}-{n}.html"


def text_of(n: int) -> str:
    """Article n's body (key form): the same for the same n in every process."""
    rng = random.Random(n * 2654435761 % (1 << 61))
    words = rng.choices(VOCAB, cum_weights=CUM, k=rng.randint(400, 600))
    out, since_stop = [], 0
    for i, word in enumerate(words):
        since_stop += 1
        if since_stop >= 12 and rng.random() < 0.15:
            word, since_stop = word + ("." if rng.random() < 0.6 else ","), 0
        out.append(word)
        if i and i % 90 == 0:
            out[-1] += "\n\n"
    return " ".join(out).replace("\n\n ", "\n\n")


def chash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _fill_rows(span: tuple[int, int]) -> tuple[list[tuple], list[tuple]]:
    """Article and LSH rows for articles [start, end) (doc = n + 1)."""
    articles, lsh = [], []
    for n in range(*span):
        text = text_of(n)
        sig = neardup.signature(text)
        url = url_of(n)
        articles.append(
            (n + 1, article_id(url), url, site_of(n), chash(text), sig, FILL_RUN, f"{FILL_RUN}.jsonl",
             "final", "2025-01-01", "2026-01-01T00:00:00Z")
        )  # fmt: skip
        if sig is not None:
            lsh.extend((band, key, n + 1) for band, key in neardup.band_keys(sig))
    return articles, lsh


def fill(db: Path, size: int, workers: int) -> dict[str, Any]:
    """Grow the file to `size` articles (schema via SqliteState, rows via executemany)."""
    from crawler.state.sqlite import SqliteState

    SqliteState(db).close()  # schema, meta
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1048576")  # 1 GB for the fill only
    have = conn.execute("SELECT COALESCE(MAX(doc), 0) FROM articles").fetchone()[0]
    started = time.perf_counter()
    step = 2000
    spans = [(s, min(s + step, size)) for s in range(have, size, step)]
    pool = None
    if workers > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(workers)
        results = pool.imap(_fill_rows, spans)
    else:
        results = map(_fill_rows, spans)
    done = have
    for batch in itertools.batched(results, 10) if hasattr(itertools, "batched") else _batched(results, 10):
        articles = [row for a, _ in batch for row in a]
        lsh = sorted(row for _, rows in batch for row in rows)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
        conn.executemany("INSERT INTO lsh VALUES (?, ?, ?)", lsh)
        conn.execute("COMMIT")
        done += len(articles)
        print(f"  filled {done:,}/{size:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if pool is not None:
        pool.close()
        pool.join()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"filled": size - have, "fill_s": round(time.perf_counter() - started, 1)}


def _batched(iterable: Any, n: int) -> Any:
    it = iter(iterable)
    while batch := list(itertools.islice(it, n)):
        yield batch


def _edit(text: str, rate: float, rng: random.Random) -> str:
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choices(VOCAB, cum_weights=CUM)[0]
    return " ".join(words)


def make_items(size: int, count: int, seed: int = 5) -> list[tuple[str, dict[str, Any], str | None]]:
    """(kind, item, expected duplicate_of) for the measured items, shuffled."""
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, Any], str | None]] = []

    def item(n: int, url: str, site: str, text: str) -> dict[str, Any]:
        return {"id": article_id(url), "url": url, "canonical_url": url, "site": site, "title": f"Tin {n}",
                "summary": None, "text": text, "published_at": "2026-02-01", "content_hash": chash(text),
                "duplicate_of": None}  # fmt: skip

    for j in range(count):
        roll = rng.random()
        r = rng.randrange(size)
        if roll < 0.80:
            n = NEW_BASE + j
            out.append(("new", item(n, url_of(n), site_of(n), text_of(n)), None))
        elif roll < 0.90:
            other = (r + 1 + rng.randrange(SITES - 1)) % SITES
            text = _edit(text_of(r), 0.015, rng)
            url = url_of(r, site=other, slug="dang-lai")
            out.append(("repost", item(r, url, f"site_{other:02d}", text), article_id(url_of(r))))
        elif roll < 0.95:
            out.append(("url_dup", item(r, url_of(r), site_of(r), text_of(NEW_BASE + j)), None))
        else:
            out.append(("content_dup", item(r, url_of(r, slug="chuyen-muc"), site_of(r), text_of(r)), None))
    rng.shuffle(out)
    return out


def _rss_mb() -> float:
    """Resident set size now, MiB (ru_maxrss below is the peak, KiB on Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _use_state_class(path: str | None) -> None:
    """Make ``open_state`` (and this module) use the SqliteState of another file, for --compare."""
    if not path:
        return
    import crawler.state.sqlite as current

    spec = importlib.util.spec_from_file_location("bench_compared_sqlite", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current.SqliteState = module.SqliteState  # type: ignore[misc]


def measure(db: Path, size: int, count: int, impl: str | None = None) -> dict[str, Any]:
    """Time the pipeline on `count` items against the file, then forget what it recorded."""
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    _use_state_class(impl)
    from crawler.pipelines.dedupe import DedupePipeline
    from crawler.state.sqlite import SqliteState

    items = make_items(size, count)
    settings = {"STATE_URI": f"sqlite://{db.resolve()}", "OUTPUT_DIR": str(db.parent), "RUN_ID": BENCH_RUN}
    crawler = get_crawler(settings_dict=settings)
    pipe = DedupePipeline.from_crawler(crawler)
    state = pipe.state  # open before timing
    assert state.count() == size, (state.count(), size)
    neardup.signature(text_of(0))  # numpy imported, permutations built
    commits: list[float] = []
    flush = state.flush

    def timed_flush() -> None:  # commits (every 200 records, and the last) timed apart
        t0 = time.perf_counter()
        flush()
        commits.append(time.perf_counter() - t0)

    state.flush = timed_flush  # type: ignore[method-assign]
    gc.collect()
    gc.freeze()
    rss_before = _rss_mb()
    cpu_started = time.process_time()  # every thread of the process: the checkpoint thread's work counts
    thread_started = time.thread_time()  # the calling thread only (a crawl's reactor thread)
    timings: dict[str, list[float]] = {}
    outcome = {"reposts_marked": 0, "reposts": 0, "false_marks": 0, "drops_expected": 0, "drops": 0}
    started = time.perf_counter()
    for kind, data, expected in items:
        t0 = time.perf_counter()
        try:
            out = pipe.process_item(dict(data))
        except DropItem:
            out = None
        timings.setdefault(kind, []).append(time.perf_counter() - t0)
        if kind == "repost":
            outcome["reposts"] += 1
            outcome["reposts_marked"] += out is not None and out["duplicate_of"] == expected
        elif kind == "new":
            outcome["false_marks"] += out is None or out["duplicate_of"] is not None
        else:
            outcome["drops_expected"] += 1
            outcome["drops"] += out is None
    wal = state.wal_stats() if hasattr(state, "wal_stats") else {}
    pipe.close_spider()  # the final flush and the close (the last checkpoint) count
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    thread_cpu = time.thread_time() - thread_started
    every = sorted(t for ts in timings.values() for t in ts)
    with SqliteState(db) as cleanup:
        discarded = cleanup.discard_pending(BENCH_RUN)
    size_mb = (
        sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if not p.name.endswith(".lock")) / 1e6
    )
    return {
        "size": size,
        "items": count,
        "ms_per_item": round(total / count * 1000, 3),
        "cpu_ms_per_item": round(cpu / count * 1000, 3),
        "thread_cpu_ms_per_item": round(thread_cpu / count * 1000, 3),
        "commit_ms_per_item": round(sum(commits) / count * 1000, 3),
        "commits": len(commits),
        "wal": wal,
        "p50_ms": round(every[len(every) // 2] * 1000, 3),
        "p95_ms": round(every[int(len(every) * 0.95)] * 1000, 3),
        "max_ms": round(every[-1] * 1000, 1),
        "by_kind_ms": {k: round(statistics.mean(v) * 1000, 3) for k, v in sorted(timings.items())},
        **outcome,
        "discarded": discarded,
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "db_mb": round(size_mb, 1),
    }


def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time per item (the lower one of an even count), with every run's."""
    ordered = sorted(runs, key=lambda r: r["ms_per_item"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    if len(runs) > 1:
        chosen["ms_per_item_runs"] = [r["ms_per_item"] for r in runs]
        chosen["cpu_ms_per_item_median"] = statistics.median(r["cpu_ms_per_item"] for r in runs)
    return chosen


def _describe(label: str, result: dict[str, Any]) -> str:
    kinds = ", ".join(f"{k} {v}" for k, v in result["by_kind_ms"].items())
    runs = f" (runs {result['ms_per_item_runs']})" if "ms_per_item_runs" in result else ""
    wal = result.get("wal") or {}
    checkpoints = (
        f"; checkpoint thread {wal['checkpoints']} x, {wal['checkpoint_s']} s, writer waited "
        f"{wal['writer_waits']} x"
        if wal
        else ""
    )
    return (
        f"{label}{result['size']:>9,} stored: {result['ms_per_item']:.3f} ms/item{runs}, CPU "
        f"{result['cpu_ms_per_item']:.3f} (calling thread {result['thread_cpu_ms_per_item']:.3f}), of which "
        f"commits {result['commit_ms_per_item']} (p50 "
        f"{result['p50_ms']}, p95 {result['p95_ms']}, max {result['max_ms']}; {kinds}){checkpoints}; "
        f"peak RSS {result['peak_rss_mb']} MB (before the loop {result['rss_before_mb']}); "
        f"DB {result['db_mb']} MB; "
        f"reposts marked {result['reposts_marked']}/{result['reposts']}, new items marked "
        f"{result['false_marks']}, drops {result['drops']}/{result['drops_expected']}; "
        f"fill {result['fill_s']} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1, help="processes signing the fill")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="one bench database, reused and grown (kept)")
    where.add_argument("--db-dir", type=Path, help="one bench database per size in this folder (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument(
        "--compare", help="another crawler/state/sqlite.py, measured alternately (before/after)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="measurements per size (median reported)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--_fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_impl", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._fill is not None:
        print(json.dumps(fill(args.db, args._fill, args.workers)))
        return 0
    if args._measure is not None:
        print(json.dumps(measure(args.db, args._measure, args.items, args._impl)))
        return 0

    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    impls: list[tuple[str, str | None]] = [("now", None)]
    if args.compare:
        impls.append(("compared", str(Path(args.compare).resolve())))
    tmp = None
    if args.db is None and args.db_dir is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench_dedupe_"))
    results: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in impls}
    try:
        for size in sizes:
            if args.db_dir is not None:
                args.db_dir.mkdir(parents=True, exist_ok=True)
                db = args.db_dir / f"dd-{size}.sqlite3"
            else:
                db = args.db if args.db is not None else tmp / "state.sqlite3"  # type: ignore[operator]
            filled = _child(["--db", str(db), "--_fill", str(size), "--workers", str(args.workers)])
            runs: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in impls}
            for turn in range(max(1, args.rounds)):
                for label, impl in impls if turn % 2 == 0 else impls[::-1]:
                    command = ["--db", str(db), "--_measure", str(size), "--items", str(args.items)]
                    runs[label].append(_child(command + (["--_impl", impl] if impl else [])))
            for label, _ in impls:
                result = {**_median_run(runs[label]), **filled}
                results[label].append(result)
                if not args.json:
                    print(_describe(f"{label:>9} " if args.compare else "", result), flush=True)
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    summary: dict[str, Any] = {}
    if len(sizes) > 1:
        for label, _ in impls:
            first, last = results[label][0], results[label][-1]
            ratio = last["ms_per_item"] / first["ms_per_item"]
            cpu_ratio = last["cpu_ms_per_item"] / first["cpu_ms_per_item"]
            key = f"ratio_{last['size']}_to_{first['size']}" + ("" if label == "now" else f"_{label}")
            summary[key] = round(ratio, 2)
            summary[key.replace("ratio", "cpu_ratio", 1)] = round(cpu_ratio, 2)
            if not args.json:
                print(
                    f"{label + ': ' if args.compare else ''}per-item cost {last['size']:,} / "
                    f"{first['size']:,}: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU"
                )
    if args.json:
        out: dict[str, Any] = {"results": results["now"], **summary}
        if args.compare:
            out["compared"] = results["compared"]
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
