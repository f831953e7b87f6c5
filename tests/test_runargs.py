"""Spider arguments are checked before anything is fetched."""

from datetime import date

import pytest

from crawler.runargs import ArgumentError, CrawlArgs


def test_defaults() -> None:
    assert CrawlArgs.parse({}) == CrawlArgs()


def test_all_arguments() -> None:
    args = CrawlArgs.parse(
        {"sites": "x.yaml", "site": "a,b", "since": "2021-03-01", "max_pages": "3", "full": "1"}
    )
    assert (args.sites, args.site, args.since, args.max_pages, args.full) == (
        "x.yaml",
        "a,b",
        date(2021, 3, 1),
        3,
        True,
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"since": "01/03/2021"}, "since="),
        ({"max_pages": "0"}, "max_pages="),
        ({"max_pages": "two"}, "max_pages="),
        ({"full": "maybe"}, "full="),
        ({"source": "ftp"}, "source="),
        ({"sitez": "x"}, "unknown spider argument"),
    ],
)
def test_bad_arguments_are_named(raw: dict, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        CrawlArgs.parse(raw)
