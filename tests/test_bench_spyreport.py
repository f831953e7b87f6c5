"""bench/spyreport.py: py-spy samples given to the parts of the crawl, the WACZ child process included."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import spyreport  # noqa: E402

CRAWL = 'process 10:"python -m scrapy crawl tinhoatdong -a sites=/w/crawler/sites.yaml"'
CHILD = 'process 11:"python -c import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"'
RUN = "run (crawler/commands/crawl.py:101);_run (asyncio/events.py:80)"


def test_samples_go_to_their_parts_and_the_wacz_child_counts_as_packaging(tmp_path: Path) -> None:
    raw = tmp_path / "spy.txt"
    raw.write_text(
        "\n".join(
            [
                f"{CRAWL};{RUN};parse_article (crawler/spiders/tinhoatdong.py:478);"
                "document_fromstring (lxml/html/__init__.py:740) 6",
                f"{CRAWL};{RUN};write (crawler/archive/capture.py:255) 3",
                f"{CRAWL};{RUN};create_task (asyncio/base_events.py:436) 1",
                f"{CRAWL};{CHILD};<module> (<string>:1);_find_and_load (<frozen importlib>:1176) 2",
                f"{CRAWL};{CHILD};<module> (<string>:1);main (wacz/main.py:123) 8",
            ]
        )
        + "\n",
        "utf-8",
    )
    lines = spyreport.report(raw)
    shares = {line.rsplit("  ", 1)[0].strip(): line.rsplit(" ", 2)[-2] for line in lines[1:5]}
    assert lines[5].startswith("top ")
    assert lines[0] == "20 samples"
    assert shares == {
        "WACZ packaging (crawler/archive/wacz.py, py-wacz)": "50.0",
        "WARC capture (crawler/archive/capture.py)": "15.0",
        "page: lxml parse": "30.0",
        "Scrapy, Twisted, asyncio (the rest)": "5.0",
    }
