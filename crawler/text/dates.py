"""Vietnamese publication dates → ISO 8601 in Vietnam time (+07:00).

Always day-first (``9-6-2020`` is 9 June) unless a site's registry entry says ``date_order: mdy`` (old
Đồng Tháp ASP.NET pages print ``4/2/2019 10:17:47 AM`` for 2 April). Finds the first date expression in a
longer string, ignoring prefixes and weekday words (``Ngày đăng``, ``Cập nhật lúc:``, ``Thứ Ba,``), and takes
a time right before or after it (``14:58, Thứ Ba, 9-6-2020``, ``17/03/2021 8h30``, ``08:30 PM``, ``2:15 CH``).
A date with no time stays a date (``2021-03-17``): a missing time must not look like midnight.
Impossible dates (31/02) are rejected. ``is_not_publication_date`` recognises print-view place headers and
page clocks, which parse as dates but are never the publication date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

__all__ = ["VN_TZ", "ParsedDate", "is_not_publication_date", "parse_date", "parse_publication_date"]

VN_TZ = timezone(timedelta(hours=7))
_MIN_YEAR, _MAX_YEAR = 1970, 2100

_MONTHS = {
    name: k
    for k, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ISO = (
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"(?:[T ](?P<ih>\d{2}):(?P<imin>\d{2})(?::(?P<isec>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_YMD = r"(?P<yy>\d{4})/(?P<ym>\d{1,2})/(?P<yd>\d{1,2})"
_NUM = r"(?P<a>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
_WORDS = r"(?:ngày\s+)?(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s*(?:,\s*)?(?:năm\s+|/\s*)?(?P<wy>\d{4})"
_EN_DMY = rf"(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<em>{_MONTH_ALT})\.?,?\s+(?P<ey>\d{{4}})"
_EN_MDY = rf"(?P<fm>{_MONTH_ALT})\.?\s+(?P<fd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<fy>\d{{4}})"
_DATE_RE = re.compile(
    rf"(?<![\d/.\-])(?:{_ISO}|{_YMD}|{_NUM}|{_WORDS}|{_EN_DMY}|{_EN_MDY})(?![\d])",
    re.IGNORECASE,
)

_AMPM = r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|sa|ch)(?![\w]))?"
_TIME = (
    r"(?:(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"|(?P<hh>\d{1,2})\s*(?:h|giờ)\s*(?P<mm>\d{2})?(?:\s*(?:phút|p|'))?"
    r"|(?P<gh>\d{1,2})g(?P<gm>\d{2}))"
    rf"(?![\w:]){_AMPM}"
)
_WEEKDAY = (
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|t[2-7]"
    r"|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
)
# Between a date and a following time: "17/03/2021 08:30", "07/07/2020 | 03:16", "17/3/2021 - 08:30 AM".
_TIME_AFTER_RE = re.compile(rf"[\s,|\-–—(]*(?:(?:lúc|vào\s+lúc|at)\s*)?{_TIME}", re.IGNORECASE)
# A time right before a date: "14:58, Thứ Ba, 9-6-2020", "15:30 | 12/03/2021", "08:30 ngày 10/10/2015".
_TIME_BEFORE_RE = re.compile(
    rf"(?<![\d:]){_TIME}[\s,|\-–—]*(?:{_WEEKDAY}[\s,|\-–—]*)?(?:ngày\s*|on\s+)?\Z",
    re.IGNORECASE,
)

_PLACE_HEADER_RE = re.compile(
    r"(?:^|\n)\s*(?P<place>[^\W\d_][^,\n\d]{1,40}?),\s*ngày\s+\d{1,2}"
    r"(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})",
    re.IGNORECASE,
)
_CLOCK_RE = re.compile(
    rf"^\s*(?:(?:hôm\s+nay|today)\s*[:,]?\s*)?(?:\d{{1,2}}:\d{{2}}:\d{{2}}(?:\s*(?:am|pm|sa|ch))?)"
    rf"[\s,|\-–—]*(?:{_WEEKDAY}[\s,|\-–—]*)?(?:ngày\s*)?\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*\d{{4}}\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_TODAY_RE = re.compile(r"^\s*(?:hôm\s+nay|today)\b", re.IGNORECASE | re.MULTILINE)
_PLACE_WORD_RE = re.compile(r"^(?:[^\W\d_][\w.\-]*|-|–)$")


@dataclass(frozen=True)
class ParsedDate:
    """A date found in page text."""

    iso: str  # "2021-03-17" or "2021-03-17T08:30:00+07:00"
    raw: str  # the exact substring of the (NFC) input that was parsed (date + adjacent time)


def _time_of(m: re.Match[str]) -> tuple[int, int, int] | None:
    """(hour, minute, second) from a _TIME match, None when impossible."""
    if m.group("h") is not None:
        hour, minute, second = int(m.group("h")), int(m.group("m")), int(m.group("s") or 0)
    elif m.group("hh") is not None:
        hour, minute, second = int(m.group("hh")), int(m.group("mm") or 0), 0
    else:
        hour, minute, second = int(m.group("gh")), int(m.group("gm")), 0
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + 12 if ampm in ("pm", "ch") else hour % 12
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _ymd_of(m: re.Match[str], order: str) -> tuple[int, int, int]:
    g = m.group
    if g("iy"):
        return int(g("iy")), int(g("im")), int(g("id"))
    if g("yy"):
        return int(g("yy")), int(g("ym")), int(g("yd"))
    if g("y"):
        first, second = int(g("a")), int(g("b"))
        return (int(g("y")), first, second) if order == "mdy" else (int(g("y")), second, first)
    if g("wy"):
        return int(g("wy")), int(g("wm")), int(g("wd"))
    if g("ey"):
        return int(g("ey")), _MONTHS[g("em").lower()], int(g("ed"))
    return int(g("fy")), _MONTHS[g("fm").lower()], int(g("fd"))


def _iso_with_zone(m: re.Match[str]) -> tuple[str, int, int] | None:
    """An ISO timestamp converted to +07:00: (iso, start, end); None when it has no time."""
    if m.group("ih") is None:
        return None
    dt = datetime(
        int(m.group("iy")),
        int(m.group("im")),
        int(m.group("id")),
        int(m.group("ih")),
        int(m.group("imin")),
        int(m.group("isec") or 0),
    )
    tz = m.group("tz")
    if tz:
        if tz.upper() == "Z":
            offset = timedelta(0)
        else:
            digits = tz[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if tz[0] == "-":
                offset = -offset
        dt = dt.replace(tzinfo=timezone(offset)).astimezone(VN_TZ)
    else:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.isoformat(), m.start(), m.end()


def parse_date(text: str | None, order: str | None = "dmy") -> ParsedDate | None:
    """The first valid date expression in ``text`` (with a time right before or after it) as ISO 8601.

    ``order="mdy"`` reads numeric dates month first (per-site registry option). None if nothing valid.
    """
    if not text:
        return None
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    order = (order or "dmy").lower()
    for m in _DATE_RE.finditer(text):
        try:
            if m.group("iy") and m.group("ih") is not None:
                iso_zone = _iso_with_zone(m)
                if iso_zone is not None:
                    iso, start, end = iso_zone
                    return ParsedDate(iso=iso, raw=text[start:end])
            year, month, day = _ymd_of(m, order)
            day_value = date(year, month, day)
        except ValueError:
            continue
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            continue
        start, end = m.start(), m.end()
        hms: tuple[int, int, int] | None = None
        after = _TIME_AFTER_RE.match(text, end)
        if after is not None:
            hms = _time_of(after)
            if hms is not None:
                end = after.end()
        if hms is None:
            window_start = max(0, start - 60)
            before = _TIME_BEFORE_RE.search(text, window_start, start)
            if before is not None:
                hms = _time_of(before)
                if hms is not None:
                    start = before.start()
        if hms is None:
            return ParsedDate(iso=day_value.isoformat(), raw=text[start:end].strip())
        stamp = datetime(year, month, day, *hms, tzinfo=VN_TZ)
        return ParsedDate(iso=stamp.isoformat(), raw=text[start:end].strip())
    return None


def is_not_publication_date(text: str | None) -> bool:
    """True for text that holds a date but is never the publication date: print-view place headers
    (``Hải Phòng, ngày 21 tháng 01 năm 2020``) and page clocks (``6:11:13 , 17/1/2018``, ``Hôm nay: ...``)."""
    if not text:
        return False
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    if _CLOCK_RE.search(text) or (len(text) <= 60 and _TODAY_RE.search(text) and _DATE_RE.search(text)):
        return True
    for m in _PLACE_HEADER_RE.finditer(text):
        words = m.group("place").split()
        shaped = 1 <= len(words) <= 6 and all(_PLACE_WORD_RE.match(w) for w in words)
        if shaped and all(w[0].isupper() for w in words if w[0].isalpha()):
            return True
    return False


def parse_publication_date(text: str | None, order: str | None = "dmy") -> ParsedDate | None:
    """``parse_date`` on the first line of ``text`` that is not a print header or page clock.

    For a block of header lines (title area, date element with a clock beside it)."""
    if not text:
        return None
    for line in text.splitlines():
        if line.strip() and not is_not_publication_date(line):
            parsed = parse_date(line, order)
            if parsed is not None:
                return parsed
    return None
