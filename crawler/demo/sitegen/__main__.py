"""Build the demo mirrors.

``python -m crawler.demo.sitegen OUTDIR [--fixtures DIR] [--platform P] [--articles N] [--seed S] [--pad B]``

Writes each platform's mirror into ``OUTDIR/<platform>/``; with ``--fixtures`` also refreshes
``DIR/<platform>/<case>/`` from the mirrors just written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.demo.sitegen import PLATFORMS, generate
from crawler.demo.sitegen.fixtures import write_fixtures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.sitegen", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--platform", action="append", choices=PLATFORMS, help="only these (repeatable)")
    parser.add_argument("--articles", type=int, default=40, help="articles in the target category")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pad", type=int, default=0, help="bytes of padding added to every HTML page")
    parser.add_argument("--fixtures", type=Path, help="also write saved-page fixtures here")
    args = parser.parse_args(argv)
    for platform in args.platform or PLATFORMS:
        out = args.outdir / platform
        generate(platform, out, n_articles=args.articles, seed=args.seed, pad_bytes=args.pad)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        line = f"{platform:10s} {size / 1e6:6.2f} MB  {out}"
        if args.fixtures:
            cases = write_fixtures(out, args.fixtures / platform)
            line += f"  fixtures: {', '.join(cases)}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
