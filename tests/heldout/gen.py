"""Regenerate the held-out test sites: ``python tests/heldout/gen.py [--seed N] [--out DIR]``.

Each site is a mirror folder (``routes.json`` + files, served by ``crawler.demo.server``) plus a
``truth.json`` of what every article of its listing says. The output is deterministic for a given seed and
is committed in ``tests/heldout/sites/``; ``bench/quality.py`` crawls it and scores the crawler.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from heldgen import t_cards, t_dl, t_nuke, t_php, t_portal, t_postback, t_table, t_wp  # noqa: E402

SITES: dict[str, Callable[[Path, int], None]] = {
    "tablesite": t_table.build,
    "cardsite": t_cards.build,
    "wpsite": t_wp.build,
    "phpsite": t_php.build,
    "postbacksite": t_postback.build,
    # The blind set: templates written after the extraction code was tuned on the five above.
    "nukesite": t_nuke.build,
    "dlsite": t_dl.build,
    "portalsite": t_portal.build,
}


def generate(out: Path, seed: int = 0, only: list[str] | None = None) -> list[Path]:
    """Write every site (or those in ``only``) under ``out``; returns the site folders."""
    folders = []
    for name, build in SITES.items():
        if only and name not in only:
            continue
        build(out / name, seed)
        folders.append(out / name)
    return folders


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "sites")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", choices=sorted(SITES), help="build only these sites")
    args = ap.parse_args(argv)
    for folder in generate(args.out, args.seed, args.only):
        files = [p for p in folder.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"{folder}: {len(files)} files, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
