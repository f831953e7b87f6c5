"""bench/bench_document.py: each stage of parsing a response is timed beside its other way."""

from __future__ import annotations

import re

from tests.bench_helpers import run_bench


def test_it_prints_each_stage_with_both_timings() -> None:
    stdout = run_bench("bench_document.py", "--every", "20", "--rounds", "2")
    number = r"\s+\d+\.\d{3}"
    stages = ("NFC, pages with a mark", "mojibake check", "lxml parse", "gzip (level",
              "gunzip, page sent gzipped", "gzip, page sent gzipped", "WARC exchange",
              "1 MB PDF, compressed streams", "breadcrumb search")  # fmt: skip
    for stage in stages:
        assert re.search(re.escape(stage) + r".*" + number + number + r"$", stdout, re.M), stage
    shares = [
        float(m) for m in re.findall(r"^gzipped page, level [02]: % of its bytes\s+([\d.]+)$", stdout, re.M)
    ]
    # stored members: never smaller than the bytes sent, at most half a percent bigger than level 2's
    assert len(shares) == 2 and 100 <= shares[0] <= shares[1] + 0.5
    assert re.search(r"Document\.from_bytes, whole" + number + r"$", stdout, re.M)
    assert re.match(r"\d+ pages \(\d+ KB mean\), \d+ with a combining mark", stdout)


def test_gzip_levels_prints_every_level_with_its_cost_and_size() -> None:
    stdout = run_bench("bench_document.py", "--every", "20", "--rounds", "2", "--gzip-levels")
    rows = re.findall(r"^(\d)\s+(\d+\.\d{3})\s+(\d+\.\d)( \(default\))?$", stdout, re.M)
    assert [int(level) for level, *_ in rows] == list(range(1, 10))
    assert [level for level, _, _, default in rows if default] == ["2"]
    shares = [float(share) for _, _, share, _ in rows]
    assert shares[0] == max(shares) > min(shares)  # level 1, the fastest, makes the largest members
