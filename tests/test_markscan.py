"""crawler.pages.markscan: one pass over a page finds exactly the marks ``bytes in`` finds in its fold."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from crawler.pages.markscan import MarkScan, fold_ascii
from crawler.pages.platforms import HEAD_CHARS, MARKS
from crawler.text.decode import decode_html

ROOT = Path(__file__).resolve().parents[1]
SAVED = sorted(ROOT.glob("tests/fixtures/*/*/page.html"))
FOLDED_TO_ASCII = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _holds(text: str, literal: bytes) -> bool:
    """The definition: the literal is in the page's fold."""
    return literal in fold_ascii(text)


def _variants(literal: bytes) -> list[str]:
    """The literal in a page as itself, upper-cased, and with each character in turn written in another
    case, as a letter folded to it (İ ı K ſ), or as a non-ASCII letter (Latin-1, Vietnamese) that is not."""
    word = literal.decode()
    out = [word, word.upper(), word.title()]
    for i, ch in enumerate(word):
        others = [
            ch.upper(),
            *FOLDED_TO_ASCII.get(ch, ""),
            "\u0130",
            "\u212a",
            "\u00c0",
            "\u00ff",
            "ạ",
            "đ",
            "\x80",
        ]
        out += [word[:i] + other + word[i + 1 :] for other in others]
    return [f"<p>Sở Thông tin {v} và Truyền thông</p>" for v in out]


def test_the_marks_are_scanned_by_hyperscan_here() -> None:
    """requirements.txt installs it, so the comparisons below compare its answers, not the fallback's."""
    MARKS.scan("<html></html>")
    assert MARKS.uses_hyperscan


def test_scan_finds_exactly_the_marks_held_on_every_saved_page() -> None:
    pages = [decode_html(path.read_bytes(), None)[0][:HEAD_CHARS] for path in SAVED]
    held = 0
    for page in pages:
        found = MARKS.scan(page)
        utf8 = MARKS.scan(page, page.encode("utf-8", "surrogatepass"))
        for literal in MARKS.literals:
            expected = _holds(page, literal)
            held += expected
            assert found.any_of([literal]) is expected, literal
            assert utf8.any_of([literal]) is expected, literal
    assert held > len(pages) // 2  # the saved pages hold marks (most are of a known family)


@pytest.mark.parametrize("use_hyperscan", [True, False])
def test_scan_ignores_ascii_case_only_and_folds_the_four_letters(use_hyperscan: bool) -> None:
    scan = MarkScan(MARKS.literals, use_hyperscan=use_hyperscan)
    matched = missed = 0
    for literal in MARKS.literals:
        for page in _variants(literal):
            found = scan.scan(page)
            for other in MARKS.literals:
                expected = _holds(page, other)
                assert found.any_of([other]) is expected, (page, other)
            matched += _holds(page, literal)
            missed += not _holds(page, literal)
    assert matched and missed  # both kinds of variant are there


def test_any_of_is_true_when_one_literal_is_held() -> None:
    scan = MarkScan([b"dnn.js", b"/_layouts/", b"liferay."])
    found = scan.scan("<script src='/Portals/_default/DNN.js'></script>")
    assert found.any_of([b"liferay.", b"dnn.js"]) is True
    assert found.any_of([b"liferay.", b"/_layouts/"]) is False
    assert found.any_of([]) is False


def test_without_hyperscan_the_marks_are_looked_for_one_by_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan raises ImportError
    scan = MarkScan(MARKS.literals)
    page = "<div class='NEWS_COLUMN'>x</div><script src='/ſites/default/files/a.js'></script>"
    with caplog.at_level(logging.INFO, logger="crawler.pages.markscan"):
        found = scan.scan(page)
    assert not scan.uses_hyperscan
    assert "Hyperscan unavailable" in caplog.text
    assert [lit for lit in MARKS.literals if found.any_of([lit])] == [
        lit for lit in MARKS.literals if _holds(page, lit)
    ]
    assert found.any_of([b'class="news_column']) is False and found.any_of([b"/sites/default/files/"])


def test_threads_scan_at_once_each_with_its_own_scratch() -> None:
    """Hyperscan's scratch space serves one scan at a time: each thread has its own."""
    scan = MarkScan(MARKS.literals)
    filler = "<p>Sở Thông tin và Truyền thông tổ chức hội nghị.</p>" * 3_000
    pages = [filler + "<script src='/_LAYOUTS/sp.js'>", filler + "<link href='/media/system/js/x'>", filler]
    expected = [[lit for lit in MARKS.literals if _holds(page, lit)] for page in pages]
    assert [len(e) for e in expected] == [1, 1, 0]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(40):
                for page, literals in zip(pages, expected, strict=True):
                    found = scan.scan(page)
                    assert [lit for lit in MARKS.literals if found.any_of([lit])] == literals
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert scan.uses_hyperscan


@pytest.mark.parametrize("literal", [b"", b"Desktop", "phát".encode()])
def test_a_mark_must_be_lowercase_ascii(literal: bytes) -> None:
    with pytest.raises(ValueError, match="lowercase ASCII"):
        MarkScan([b"dnn.js", literal])
