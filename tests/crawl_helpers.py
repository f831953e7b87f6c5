"""Run the real `scrapy crawl tinhoatdong` as a subprocess against mirrors served on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FAST = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    "LOG_LEVEL=INFO",
)


@dataclass
class CrawlRun:
    returncode: int
    stderr: str
    output_dir: Path

    def manifests(self) -> list[Path]:
        return sorted((self.output_dir / "tinhoatdong").glob("*.manifest.json"))

    def manifest(self) -> dict[str, Any]:
        found = self.manifests()
        assert len(found) == 1, f"expected one manifest, found {found}\n{self.stderr[-3000:]}"
        return json.loads(found[0].read_text(encoding="utf-8"))

    def items_files(self) -> list[Path]:
        return sorted((self.output_dir / "tinhoatdong").glob("*.jsonl"))

    def items(self) -> list[dict[str, Any]]:
        out = []
        for path in self.items_files():
            out.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
        return out


def write_registry(entries: list[dict[str, Any]], path: Path) -> Path:
    path.write_text(yaml.safe_dump({"sites": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def crawl(tmp: Path, *args: str, settings: tuple[str, ...] = (), timeout: float = 240) -> CrawlRun:
    """`scrapy crawl tinhoatdong -a ARGS` with OUTPUT_DIR under tmp; returns exit code, log and outputs."""
    out = tmp / "out"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-s", f"OUTPUT_DIR={out}"]
    for arg in args:
        cmd += ["-a", arg]
    for setting in (*FAST, *settings):
        cmd += ["-s", setting]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    return CrawlRun(proc.returncode, proc.stderr, out)
