"""`scrapy sites [--check] [--sites FILE]`: show the registry, or check it before a crawl does."""

from __future__ import annotations

import argparse
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from crawler.registry import RegistryError, Site, load_registry

COLUMNS = ("id", "province", "platform", "status", "enabled", "start_url")


def format_table(sites: list[Site]) -> str:
    """The registry as an aligned plain-text table, one site a line (NFC text: one char, one column)."""
    rows = [COLUMNS] + [
        (
            s.id,
            s.province,
            s.platform or "-",
            s.status or "-",
            "yes" if s.enabled else "no",
            s.start_urls[0] + (f" (+{len(s.start_urls) - 1})" if len(s.start_urls) > 1 else ""),
        )
        for s in sites
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--check] [--sites FILE]"

    def short_desc(self) -> str:
        return "Show the site registry; with --check, validate it (exit 1 on any error)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--check", action="store_true", help="validate the registry, print every error")
        parser.add_argument(
            "--sites", metavar="FILE", default=None, help="a registry YAML file (default: the built-in one)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            sites = load_registry(opts.sites)
        except RegistryError as exc:
            print(f"{len(exc.errors)} error(s) in the registry:", file=sys.stderr)
            for message in exc.errors:
                print(f"  {message}", file=sys.stderr)
            self.exitcode = 1
            return
        enabled = sum(s.enabled for s in sites)
        summary = f"{len(sites)} sites ({enabled} enabled)"
        if opts.check:
            print(f"{opts.sites or 'crawler/sites.yaml'}: OK, {summary}")
            return
        print(format_table(sites))
        print(f"\n{summary}")
