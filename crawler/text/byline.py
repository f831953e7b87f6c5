"""Bylines and trailing boilerplate at the end of an article body.

Department sites print the author on the last line of the body (``Quốc Trạng``, ``VTH``, ``T.H``, ``BBT``,
``Tin, ảnh: Hương Thảo 15/12/2023 14:25``, ``Bài và ảnh Ngọc Nguyên``, ``Tác giả: …``), often followed by
share/print/view-count lines, and sometimes glued to sidebar text (``T.HThống kê truy cập``).
``split_byline`` removes the trailing boilerplate, then takes the byline off when the last line is shaped
like one: a role prefix, or one to five capitalised name words / initials, short, no sentence punctuation.
A real last paragraph (a sentence: lowercase words, a final period, many words) is never taken.

The author comes back as printed minus the role prefix, the surrounding parentheses and a trailing
date/time: ``Tin, ảnh: Hương Thảo 15/12/2023 14:25`` → ``Hương Thảo``; an organisation after the name stays
(``Minh Anh - Trung tâm CNTT``).
"""

from __future__ import annotations

import re

__all__ = ["is_boilerplate_line", "source_tag", "split_byline", "strip_boilerplate"]

_I = re.IGNORECASE

# Sidebar headings that end the article wherever they start, even glued to the byline ("T.HThống kê").
_SIDEBAR = (
    r"thống kê truy cập|các tin khác|các tin đã đưa|tin đã đưa|tin liên quan|các tin liên quan"
    r"|tin cùng chuyên mục|bài viết liên quan|đang truy cập|lượt truy cập|số lượt truy cập|liên kết website"
)
_SIDEBAR_START_RE = re.compile(rf"^\s*(?:{_SIDEBAR})(?![^\W\d_])", _I)
# Glued: a capitalised heading right after a letter or period, no space ("T.HThống kê truy cập").
_SIDEBAR_HEADS = tuple(h[0].upper() + h[1:] for h in _SIDEBAR.split("|"))
_SIDEBAR_LINE_WORDS = 8

# Lines that are boilerplate at any length.
_STRONG_RE = re.compile(
    r"^\s*[(\[]?\s*(?:nguồn(?:\s+tin)?\s*[:\-–]|lượt\s+(?:xem|đọc)|số\s+lượt\s+(?:xem|đọc)|view\s+count"
    r"|views?\s*:|tags?\s*:|từ\s+kh(?:óa|oá)\s*:|bản\s+quyền|copyright|©)",
    _I,
)
# Share bars, print/back links, comment boxes: a line made only of these labels (and separators, counts)...
_UI_LABELS = (
    r"in\s+bài|in\s+trang|in\s+tin|bản\s+in|print|chia\s+sẻ|share|gửi\s+(?:bài|email|tin|cho\s+bạn\s+bè)"
    r"|e-?mail|quay\s+(?:lại|về)|trở\s+(?:về|lại)|(?:về|lên)\s+đầu\s+trang|đầu\s+trang|back|return|top"
    r"|xem\s+thêm|bình\s+luận|lưu\s+bài|tải\s+về|facebook|twitter|zalo|tweet|like|ý\s+kiến\s+bạn\s+đọc"
    r"|gửi\s+ý\s+kiến|đánh\s+giá|phản\s+hồi"
)
_UI_ONLY_RE = re.compile(rf"^(?:[\W\d_]*(?:{_UI_LABELS})(?![^\W\d_]))+[\W\d_]*$", _I)
# ... or a short line opening with a Vietnamese label that is not a sentence ("Chia sẻ bài viết:").
_UI_PHRASE_RE = re.compile(
    r"^\s*(?:in\s+bài|chia\s+sẻ|gửi\s+(?:bài|email|tin|ý\s+kiến)|quay\s+(?:lại|về)|trở\s+về|xem\s+thêm"
    r"|bình\s+luận|ý\s+kiến\s+bạn\s+đọc|đánh\s+giá|cổng\s+thông\s+tin\s+điện\s+tử)(?![^\W\d_])",
    _I,
)
_SHORT_WORDS = 8
_SYMBOLS_ONLY_RE = re.compile(r"^[\W_]*$")

_ROLE_MULTI = (
    r"tin\s*(?:,|và|-|–|/|&)\s*ảnh|bài\s*(?:,|và|-|–|/|&)\s*ảnh|ảnh\s*(?:,|và|-|–|/|&)\s*tin"
    r"|tin\s*(?:,|-)\s*bài|tin\s+bài|tác\s+giả|người\s+viết|phóng\s+viên|nhóm\s+phóng\s+viên|nhóm\s+pv"
    r"|nhóm\s+thực\s+hiện|thực\s+hiện|người\s+đưa\s+tin"
)
_ROLE_SINGLE = r"tin|bài|pv|ảnh\s+và\s+bài"
_ROLE_RE = re.compile(
    rf"^(?:(?:{_ROLE_MULTI})\s*[:.\-–]?|(?:{_ROLE_SINGLE})\s*:)\s*(?P<name>.*)$",
    _I,
)
_ROLE_ONLY_RE = re.compile(rf"^(?:{_ROLE_MULTI}|{_ROLE_SINGLE})\s*:?\s*$", _I)
# A role-prefixed byline glued after the last sentence of the paragraph.
_ROLE_AFTER_SENTENCE_RE = re.compile(
    rf"[.!?…\"”)]\s+(?=(?:(?:{_ROLE_MULTI})\s*[:.\-–]?|(?:{_ROLE_SINGLE})\s*:)\s*[^\W\d_])",
    _I,
)
_DATE_TIME = r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?"
_TRAILING_DATE_RE = re.compile(
    rf"\s*[-–,(|]?\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*[,|-]?\s*)?{_DATE_TIME}\s*\)?\s*$"
)
_DATE_LINE_RE = re.compile(rf"^\s*[(\[]?\s*(?:\d{{1,2}}:\d{{2}}\s*[,|-]?\s*)?{_DATE_TIME}\s*[)\]]?\s*$")
_ORG_SPLIT_RE = re.compile(r"\s+[-–—]\s+|\s*\(")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]*\.?$")
# Closing words shaped like names ("Kết Luận"), never bylines.
_NOT_NAME_LINES = frozenset(
    {"hết", "kết luận", "trân trọng", "xin cảm ơn", "phụ lục", "ghi chú", "thông báo", "danh sách"}
)
_JOINERS = frozenset({"và", ",", "&", "-", "–"})


def is_boilerplate_line(line: str) -> bool:
    """True for share/print/view-count/source/copyright lines that end article bodies."""
    stripped = line.strip()
    if not stripped or _SYMBOLS_ONLY_RE.match(stripped):
        return True
    if _STRONG_RE.match(stripped):
        return True
    if _SIDEBAR_START_RE.match(stripped) and len(stripped.split()) <= _SIDEBAR_LINE_WORDS:
        return True
    if _UI_ONLY_RE.match(stripped):
        return True
    short = len(stripped.split()) <= _SHORT_WORDS and not stripped.endswith(".")
    return short and _UI_PHRASE_RE.match(stripped) is not None


def _name_word(word: str) -> bool:
    if not word[0].isupper():
        return False
    if _INITIALS_RE.match(word):
        return True
    core = word.rstrip(".")
    if not core.replace("-", "").isalpha():
        return False
    return core[1:].islower() or not core[1:] or (core.isupper() and len(core) <= 5)


def _is_name(text: str) -> bool:
    """One to five capitalised name words or initials (``Quốc Trạng``, ``VTH``, ``T.H``, ``BBT``)."""
    if not text or len(text) > 40 or text[-1] in ":;,!?":
        return False
    if text.lower().strip(". ") in _NOT_NAME_LINES:
        return False
    tokens = text.replace(",", " , ").split()
    words = [t for t in tokens if t not in _JOINERS]
    if not 1 <= len(words) <= 5 or tokens[0] in _JOINERS or tokens[-1] in _JOINERS:
        return False
    if not all(_name_word(w) for w in words):
        return False
    if len(words) == 1:  # one word: only initials/abbreviations (VTH, T.H, BBT), not "Hà" or "Kết"
        core = words[0].rstrip(".")
        return bool(_INITIALS_RE.match(words[0])) or (core.isupper() and len(core) >= 2)
    # several all-caps words are a heading ("DANH SÁCH"), not a byline
    return not all(w.rstrip(".").isupper() and len(w.rstrip(".")) > 1 for w in words)


def _author_of(line: str, allow_bare: bool = True) -> str | None:
    """The author if ``line`` is a byline, else None."""
    text = line.strip().strip("-–—•*·").strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = _TRAILING_DATE_RE.sub("", text).strip(" -–,|")
    if not text:
        return None
    role = _ROLE_RE.match(text)
    if role is not None:
        text = role.group("name").strip().strip("-–:").strip()
    elif not allow_bare:
        return None
    head = _ORG_SPLIT_RE.split(text, maxsplit=1)[0].strip()
    if not _is_name(head):
        return None
    if len(text) > 80:
        return None
    if text.endswith(".") and not _INITIALS_RE.match(text.split()[-1]):
        text = text[:-1]
    return text.strip() or None


def _lines(paragraphs: list[str]) -> list[tuple[int, str]]:
    """(paragraph index, line) for every line, so the tail can be cut line by line."""
    return [(k, line) for k, para in enumerate(paragraphs) for line in para.split("\n")]


def _rebuild(lines: list[tuple[int, str]]) -> list[str]:
    out: dict[int, list[str]] = {}
    for k, line in lines:
        out.setdefault(k, []).append(line)
    paras = ["\n".join(ls).strip() for _, ls in sorted(out.items())]
    return [p for p in paras if p]


def _glued_heading(line: str) -> int:
    """Where a sidebar heading starts glued to the text before it, or -1 (str.find: 10x a regex here)."""
    best = -1
    for head in _SIDEBAR_HEADS:
        pos = line.find(head, 1)
        while pos > 0:
            before = line[pos - 1]
            if before.isalpha() or before == ".":
                if best < 0 or pos < best:
                    best = pos
                break
            pos = line.find(head, pos + 1)
    return best


def _cut_sidebar(lines: list[tuple[int, str]]) -> None:
    """Drop a sidebar glued to or following the body: cut at the earliest sidebar heading in the tail."""
    for n in range(max(1, len(lines) - 15), len(lines)):
        k, line = lines[n]
        if _SIDEBAR_START_RE.match(line) and len(line.split()) <= _SIDEBAR_LINE_WORDS:
            del lines[n:]
            return
        glued = _glued_heading(line)
        if glued >= 0:
            lines[n] = (k, line[:glued])
            del lines[n + 1 :]
            return


def _strip_boilerplate(lines: list[tuple[int, str]]) -> None:
    while lines and is_boilerplate_line(lines[-1][1]):
        lines.pop()


def _take_byline(lines: list[tuple[int, str]]) -> str | None:
    """Take the byline off the tail of ``lines`` (in place) and return the author, or None."""
    if len(lines) < 2:
        return None
    k, last = lines[-1]
    author = _author_of(last)
    if author is not None:
        lines.pop()
        if len(lines) >= 2 and _ROLE_ONLY_RE.match(lines[-1][1].strip()):
            lines.pop()  # "Tin, ảnh:" on the line before the name
        return author
    # "Hương Thảo" then "15/12/2023 14:25" on its own line
    if len(lines) >= 3 and _DATE_LINE_RE.match(last):
        author = _author_of(lines[-2][1])
        if author is not None:
            del lines[-2:]
            if len(lines) >= 2 and _ROLE_ONLY_RE.match(lines[-1][1].strip()):
                lines.pop()
            return author
    # "... kết quả tốt. Tin, ảnh: Hương Thảo" inside the last line
    glued = None
    for match in _ROLE_AFTER_SENTENCE_RE.finditer(last):
        glued = match  # the last one
    if glued is not None:
        author = _author_of(last[glued.end() :], allow_bare=False)
        if author is not None:
            lines[-1] = (k, last[: glued.start() + 1])
            return author
    return None


def strip_boilerplate(paragraphs: list[str]) -> list[str]:
    """The paragraphs without a trailing sidebar and trailing boilerplate lines (the byline is kept)."""
    lines = [(k, line) for k, line in _lines(paragraphs) if line.strip()]
    _cut_sidebar(lines)
    _strip_boilerplate(lines)
    return _rebuild(lines)


def split_byline(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """(body paragraphs, author or None): trailing boilerplate lines removed, then the byline taken off
    the last line(s) when it is one. The input list is not modified."""
    lines = [(k, line) for k, line in _lines(paragraphs) if line.strip()]
    if not lines:
        return [], None
    _cut_sidebar(lines)
    _strip_boilerplate(lines)
    author = _take_byline(lines)
    if author is not None:
        _strip_boilerplate(lines)
    return _rebuild(lines), author


_SOURCE_TAG_RE = re.compile(r"^\s*\(?(?P<tag>[^\W\d_][\w&.]*(?:\s+[^\W\d_][\w&.]*){0,3})\)?\s*[-–—]\s+(?=\S)")


def source_tag(paragraph: str) -> str | None:
    """The source tag opening a lead (``HNP - ``, ``Sở TTTT AG - ``), else None.

    Such a paragraph is the lead, not a title: keep it in the text as published.
    """
    m = _SOURCE_TAG_RE.match(paragraph)
    if m is None:
        return None
    tag = m.group("tag")
    words = tag.split()
    if len(tag) > 25 or not all(w[0].isupper() for w in words):
        return None
    if not any(w.replace("&", "").replace(".", "").isupper() and len(w) >= 2 for w in words):
        return None
    if len(paragraph[m.end() :].split()) < 6:
        return None
    return tag
