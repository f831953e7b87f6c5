"""Where a crawl's CPU goes, by part of the pipeline, from a py-spy recording (``--format raw``).

    .venv/bin/py-spy record --subprocesses -r 250 -f raw -o crawl.txt -- .venv/bin/python -m scrapy crawl ...
    .venv/bin/python bench/spyreport.py crawl.txt [--top 25]

py-spy samples the running process's stacks (a few per cent of overhead, unlike cProfile's 3-4x on this
code). Each sample is given to one part: the first of the list below whose mark is on its stack, so the
shares add up to 100 %. Then the functions with the most samples of their own.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

# (part, marks): a sample goes to the first part one of whose marks is in one of its frames.
PARTS: list[tuple[str, tuple[str, ...]]] = [
    # Before session 17 py-wacz packaged in a child process (``--subprocesses``): its frames sit under a
    # process frame naming it
    ("WACZ packaging (crawler/archive/wacz.py, py-wacz)", ("archive/wacz.py", "wacz.py:", "from wacz.main")),
    ("startup: imports", ("_find_and_load (<frozen importlib",)),
    ("WACZ index lines, made while capturing (cdxj.py)", ("archive/cdxj.py", "cdxj.py:")),
    ("WARC capture (crawler/archive/capture.py)", ("archive/capture.py", "capture.py:")),
    ("text pipeline", ("pipelines/text.py",)),
    ("validate pipeline (jsonschema)", ("pipelines/validate.py",)),
    ("dedupe pipeline + state", ("pipelines/dedupe.py",)),
    ("writer pipeline", ("pipelines/writer.py",)),
    ("page: lxml parse", ("document_fromstring (",)),
    ("page: links absolute + class index", ("pages/links.py", "links.py:")),
    ("page: decode + NFC", ("decode_html_source (",)),  # decode_html calls it too
    ("page: mojibake check", ("repair_mojibake (",)),
    ("listing: pagination", ("find_next_page (",)),
    ("listing: entries", ("ListingPage", "pages/listing.py", "listing.py:")),
    ("article extraction", ("pages/article.py", "article.py:", "pages/dom.py", "dom.py:")),
    ("item assembly (crawler/assemble.py)", ("assemble.py",)),
    ("other crawler code (spider, middlewares...)", ("crawler/",)),  # crawler/commands/ excepted, below
    ("Scrapy, Twisted, asyncio (the rest)", ("",)),
]
# Frames on every stack (the `scrapy crawl` command runs the whole crawl): they tell nothing.
_EVERYWHERE = ("crawler/commands/",)


def report(path: Path, top: int = 25) -> list[str]:
    parts: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in path.read_text("utf-8", "replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        own[frames[-1]] += n
        frames = [
            f
            for f in frames
            if not any(mark in f for mark in _EVERYWHERE)
            and (not f.startswith("process ") or "from wacz.main" in f)  # a process frame: its command line
        ]
        for part, marks in PARTS:
            if any(mark in frame for frame in frames for mark in marks):
                parts[part] += n
                break
    lines = [f"{total} samples"]
    lines += [f"  {part:50s} {100 * parts[part] / max(total, 1):5.1f} %" for part, _ in PARTS if parts[part]]
    lines.append(f"top {top} functions by own samples:")
    lines += [f"  {100 * n / max(total, 1):5.1f} %  {frame[:120]}" for frame, n in own.most_common(top)]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="py-spy record --format raw output")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    print("\n".join(report(args.raw, args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
