"""`scrapy sites [--check] [--sites FILE]` through the real command line, from the project root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crawler.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "registry"


def scrapy_sites(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "sites", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_check_builtin_registry_exits_0() -> None:
    done = scrapy_sites("--check")
    assert done.returncode == 0, done.stderr
    enabled = sum(site.enabled for site in load_registry())
    assert done.stdout.strip() == f"crawler/sites.yaml: OK, 63 sites ({enabled} enabled)"


def test_check_bad_registry_exits_1_and_prints_every_error() -> None:
    path = FIXTURES / "many_errors.yaml"
    done = scrapy_sites("--check", "--sites", str(path))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0] == "7 error(s) in the registry:"
    assert len(lines) == 8
    assert all(line.startswith(f"  {path}: ") for line in lines[1:])
    assert f"  {path}: entry 2 (no id): key 'id': missing (required: id, name, province, start_urls)" in lines


def test_bad_registry_without_check_also_exits_1() -> None:
    path = FIXTURES / "bad_url.yaml"
    done = scrapy_sites("--sites", str(path))
    assert done.returncode == 1
    message = f"{path}: entry 3 (id 'ninh_thuan'): key 'start_urls': 'htp://x' is not an http(s) URL"
    assert message in done.stderr
    assert done.stdout == ""


def test_table_lists_sites_aligned() -> None:
    done = scrapy_sites("--sites", str(FIXTURES / "good_full.yaml"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["id", "province", "platform", "status", "enabled", "start_url"]
    assert lines[1].split() == [
        "demo_full",
        "Demo",
        "sharepoint",
        "seen",
        "yes",
        "https://STTTT.Demo.gov.vn/tin-hoat-dong",
        "(+1)",
    ]
    assert lines[2].split() == ["demo_off", "Tắt", "-", "-", "no", "https://stttt.tat.gov.vn/"]
    # aligned: every column starts at the same offset on every row
    for column in ("province", "platform", "status", "enabled", "start_url"):
        offset = lines[0].index(column)
        assert lines[1][offset - 2 : offset] == "  "
        assert lines[1][offset] != " "
        assert lines[2][offset] != " "
    assert lines[-1] == "2 sites (1 enabled)"


def test_table_of_builtin_registry() -> None:
    done = scrapy_sites()
    assert done.returncode == 0, done.stderr
    sites = load_registry()
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines[1 : 1 + len(sites)]] == [s.id for s in sites]
    assert lines[-1] == f"{len(sites)} sites ({sum(s.enabled for s in sites)} enabled)"
