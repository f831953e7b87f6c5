"""The site registry: YAML data -> validated `Site` objects.

Platforms are code, sites are data (DESIGN.md). A registry with any error is refused as a whole, before
anything is fetched, and every error names the file, the entry and the key, so a typo costs one read of one
message instead of a half-done crawl. All errors are collected and reported together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import yaml

from crawler.pages.platforms import NAMES as PLATFORM_NAMES
from crawler.urls import netloc_of

BUILTIN_REGISTRY = Path(__file__).with_name("sites.yaml")

PLATFORMS = PLATFORM_NAMES  # the families crawler.pages.platforms knows, and "generic"
# Which fields a site may override with a CSS selector (parsel syntax, so ::text and ::attr() are allowed).
SELECTOR_FIELDS = (
    "title",
    "published_at",
    "author",
    "summary",
    "text",
    "images",
    "attachments",
    "listing_item",
    "next_page",
)
DATE_ORDERS = ("dmy", "mdy")
# seen: the site's web host was seen in the research (its listing URL too only when `evidence` lists it);
# unverified: the host is a best guess, check live before trusting; gone: the site no longer answers
# (crawl it from web-archive captures).
STATUSES = ("seen", "unverified", "gone")
# TLS profiles a site may ask for (crawler.tls): Scrapy's defaults, or TLS 1.0+ with old ciphers.
TLS_PROFILES = ("default", "legacy")
# Where a site's pages come from (crawler.wayback): pinned per site, else the run's `-a source=`.
SOURCES = ("live", "wayback", "auto")
REQUIRED_KEYS = ("id", "name", "province", "start_urls")
# Every key an entry may carry. Unknown keys are errors (a misspelt option must not be silently ignored);
# a new per-site option is added here and to `Site`.
ALLOWED_KEYS = frozenset(
    {
        *REQUIRED_KEYS,
        "platform",
        "enabled",
        "selectors",
        "category",
        "date_order",
        "domains",
        "province_2025",
        "successor",
        "status",
        "notes",
        "evidence",
        "same_host_variants",
        "download_delay",
        "concurrency",
        "tls",
        "source",
        "wayback_from",
        "wayback_to",
        "wayback_prefixes",
    }
)
_WINDOW = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|\d{4,14}")
_SLUG = re.compile(r"[a-z0-9_]+")
_DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?")


class RegistryError(Exception):
    """A registry that cannot be used. `errors` holds one self-contained message per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class Site:
    """One department site, as the spider and the pipelines see it."""

    id: str
    name: str
    province: str
    start_urls: tuple[str, ...]
    platform: str | None = None
    enabled: bool = True
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    category: str | None = None
    date_order: str = "dmy"
    # Given: extra domains the site's articles live on. Stored: those plus the hosts of start_urls
    # (host:port when a non-default port is given), deduplicated, in order.
    allowed_domains: tuple[str, ...] = ()
    province_2025: str | None = None
    successor: str | None = None
    status: str | None = None
    notes: str | None = None
    evidence: tuple[str, ...] = ()
    # True: http/https and www./bare host serve the same pages, so canonical URLs take one scheme and one
    # host form (crawler.urls.canonical_for). Off by default: set it only once both forms were checked.
    same_host_variants: bool = False
    # Politeness overrides for a site that needs slower crawling (crawler.middlewares.SitePaceMiddleware):
    # seconds between requests to its hosts (on top of AutoThrottle), and requests at a time per host.
    download_delay: float | None = None
    concurrency: int | None = None
    # "legacy": the site's hosts get a TLS context that accepts TLS 1.0/1.1 and old ciphers (crawler.tls).
    tls: str = "default"
    # Pin the site to a source (live, wayback, auto; None: the run's `-a source=`), and the capture window
    # of web-archive captures as CDX timestamps (4-14 digits, UTC; None: unbounded).
    source: str | None = None
    wayback_from: str | None = None
    wayback_to: str | None = None
    # URL prefixes whose captures are listed (CDX prefix queries); empty: each of the site's hosts whole. A
    # department on a subsite of the province portal narrows it to its own folder.
    wayback_prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Frozen: normalise via object.__setattr__ so a Site built in code is as immutable as a loaded one.
        start_urls = tuple(self.start_urls)
        domains = [netloc_of(u) for u in start_urls] + [d.lower() for d in self.allowed_domains]
        object.__setattr__(self, "start_urls", start_urls)
        object.__setattr__(self, "allowed_domains", tuple(dict.fromkeys(d for d in domains if d)))
        object.__setattr__(self, "selectors", MappingProxyType(dict(self.selectors)))
        object.__setattr__(self, "evidence", tuple(self.evidence))
        object.__setattr__(self, "wayback_prefixes", tuple(self.wayback_prefixes))

    def __hash__(self) -> int:  # ids are unique in a registry; the mapping field is not hashable
        return hash(self.id)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys: PyYAML would silently keep the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _display_path(path: Path) -> str:
    """How a file is named in messages: the built-in one by its repository path, others as given."""
    if path == BUILTIN_REGISTRY:
        return "crawler/sites.yaml"
    return str(path)


def _url_problem(value: object) -> str | None:
    """Why value is not an absolute http(s) URL with a host, or None when it is one."""
    if not isinstance(value, str):
        return f"{value!r} is not a string"
    if not value or value != value.strip() or any(c.isspace() for c in value):
        return f"{value!r} is not an http(s) URL (whitespace)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{value!r} is not an http(s) URL (bad host or port)"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} is not an http(s) URL"
    return None


def _selector_problem(css: str) -> str | None:
    from cssselect import SelectorError
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(css)
    except SelectorError as exc:
        return str(exc) or exc.__class__.__name__
    return None


class _EntryChecker:
    """Validates one entry, appending messages to a shared list."""

    def __init__(self, errors: list[str], where: str) -> None:
        self.errors = errors
        self.where = where  # "<file>: entry N (id 'x')"

    def err(self, key: str, problem: str) -> None:
        self.errors.append(f"{self.where}: key '{key}': {problem}")

    def text(self, entry: Mapping[str, Any], key: str, *, nullable: bool) -> str | None:
        value = entry.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.err(key, f"expected a string, got {_type_name(value)}")
            return None
        if not value.strip():
            self.err(key, "must not be empty")
            return None
        return value.strip()

    def choice(
        self, entry: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str | None
    ) -> Any:
        if key not in entry or (entry[key] is None and default is None):
            return default
        value = entry[key]
        if value not in allowed:
            self.err(key, f"{value!r} is not one of {', '.join(allowed)}")
            return default
        return value

    def timestamp(self, entry: Mapping[str, Any], key: str) -> str | None:
        """A capture-window bound: a date (YYYY-MM-DD, also unquoted in YAML), YYYY, YYYY-MM or 4-14 digits
        (a CDX timestamp, UTC), returned as digits."""
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, date):
            value = value.isoformat()
        text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        digits = text.replace("-", "") if text and _WINDOW.fullmatch(text) else None
        if digits is None or not _valid_timestamp(digits):
            self.err(
                key, f"expected a date YYYY-MM-DD, YYYY-MM, YYYY or a timestamp of 4-14 digits, got {value!r}"
            )
            return None
        return digits

    def url_list(self, entry: Mapping[str, Any], key: str, *, required: bool) -> tuple[str, ...]:
        value = entry.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list):
            self.err(key, f"expected a list of URLs, got {_type_name(value)}")
            return ()
        if required and not value:
            self.err(key, "must list at least one URL")
        good = []
        for url in value:
            problem = _url_problem(url)
            if problem:
                self.err(key, problem)
            else:
                good.append(url)
        return tuple(good)

    def domains(self, entry: Mapping[str, Any]) -> tuple[str, ...]:
        value = entry.get("domains")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.err("domains", f"expected a list of host names, got {_type_name(value)}")
            return ()
        good = []
        for dom in value:
            if not isinstance(dom, str) or not _DOMAIN.fullmatch(dom.lower()):
                self.err(
                    "domains", f"{dom!r} is not a host name (give 'host' or 'host:port', no scheme or path)"
                )
            else:
                good.append(dom.lower())
        return tuple(good)

    def selectors(self, entry: Mapping[str, Any]) -> dict[str, str]:
        value = entry.get("selectors")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.err("selectors", f"expected a mapping of field -> CSS selector, got {_type_name(value)}")
            return {}
        good = {}
        for name, css in value.items():
            key = f"selectors.{name}"
            if name not in SELECTOR_FIELDS:
                self.err(key, f"unknown selector field (known: {', '.join(SELECTOR_FIELDS)})")
            elif not isinstance(css, str) or not css.strip():
                self.err(key, f"expected a non-empty CSS selector string, got {_type_name(css)}")
            elif problem := _selector_problem(css):
                self.err(key, f"{css!r} is not a valid CSS selector: {problem}")
            else:
                good[name] = css.strip()
        return good


def _valid_timestamp(digits: str) -> bool:
    """4-14 digits whose month, day, hour, minute and second (as far as given) are in range."""
    t = digits.ljust(14, "0")
    month, day = int(t[4:6]) or 1, int(t[6:8]) or 1
    try:
        datetime(int(t[0:4]), month, day, int(t[8:10]), int(t[10:12]), int(t[12:14]))
    except ValueError:
        return False
    return True


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }.get(type(value), f"a {type(value).__name__}")


def _read_yaml(path: Path, shown: str) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError([f"{shown}: cannot read the registry: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise RegistryError([f"{shown}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    try:
        return yaml.load(raw, Loader=_UniqueKeyLoader)  # a SafeLoader: builds no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark is not None and cmark.line != getattr(mark, "line", None):
            problem += f" ({context} at line {cmark.line + 1}, column {cmark.column + 1})"
        kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise RegistryError([f"{shown}: {kind}: {where}{problem}"]) from None


def _check_entry(
    index: int, entry: object, shown: str, errors: list[str], first_index: dict[str, int]
) -> Site | None:
    if not isinstance(entry, dict):
        errors.append(f"{shown}: entry {index}: expected a mapping of keys, got {_type_name(entry)}")
        return None
    raw_id = entry.get("id")
    label = "no id" if raw_id is None else f"id '{raw_id}'"
    check = _EntryChecker(errors, f"{shown}: entry {index} ({label})")
    before = len(errors)

    for key in entry:
        if key not in ALLOWED_KEYS:
            check.err(str(key), f"unknown key (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
    for key in REQUIRED_KEYS:
        if key not in entry:
            check.err(key, "missing (required: id, name, province, start_urls)")

    site_id = None
    if "id" in entry:
        if not isinstance(raw_id, str):
            check.err("id", f"expected a string, got {_type_name(raw_id)}")
        elif not _SLUG.fullmatch(raw_id):
            check.err("id", f"{raw_id!r} is not an ascii slug [a-z0-9_]+")
        elif raw_id in first_index:
            check.err("id", f"duplicate id {raw_id!r} (first used by entry {first_index[raw_id]})")
        else:
            first_index[raw_id] = index
            site_id = raw_id
    name = check.text(entry, "name", nullable=False) if "name" in entry else None
    province = check.text(entry, "province", nullable=False) if "province" in entry else None
    start_urls = check.url_list(entry, "start_urls", required=True) if "start_urls" in entry else ()
    platform = check.choice(entry, "platform", PLATFORMS, None)
    date_order = check.choice(entry, "date_order", DATE_ORDERS, "dmy")
    status = check.choice(entry, "status", STATUSES, None)
    tls = check.choice(entry, "tls", TLS_PROFILES, "default")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        check.err("enabled", f"expected true or false, got {_type_name(enabled)}")
    same_host_variants = entry.get("same_host_variants", False)
    if not isinstance(same_host_variants, bool):
        check.err("same_host_variants", f"expected true or false, got {_type_name(same_host_variants)}")
    download_delay = entry.get("download_delay")
    if download_delay is not None and (
        isinstance(download_delay, bool)
        or not isinstance(download_delay, (int, float))
        or not 0 <= download_delay <= 600
    ):
        check.err("download_delay", f"expected seconds between 0 and 600, got {download_delay!r}")
        download_delay = None
    concurrency = entry.get("concurrency")
    if concurrency is not None and (
        isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= 16
    ):
        check.err("concurrency", f"expected a whole number between 1 and 16, got {concurrency!r}")
        concurrency = None
    source = check.choice(entry, "source", SOURCES, None)
    wayback_from = check.timestamp(entry, "wayback_from")
    wayback_to = check.timestamp(entry, "wayback_to")
    if wayback_from and wayback_to and wayback_from.ljust(14, "0") > wayback_to.ljust(14, "9"):
        check.err("wayback_to", f"{entry['wayback_to']!r} is before wayback_from {entry['wayback_from']!r}")
    selectors = check.selectors(entry)
    domains = check.domains(entry)
    optional = {
        k: check.text(entry, k, nullable=True) for k in ("category", "province_2025", "successor", "notes")
    }
    evidence = check.url_list(entry, "evidence", required=False)
    wayback_prefixes = check.url_list(entry, "wayback_prefixes", required=False)

    if len(errors) > before or site_id is None or name is None or province is None:
        return None
    return Site(
        id=site_id,
        name=name,
        province=province,
        start_urls=start_urls,
        platform=platform,
        enabled=enabled,
        selectors=selectors,
        date_order=date_order,
        allowed_domains=domains,
        status=status,
        evidence=evidence,
        same_host_variants=same_host_variants,
        download_delay=float(download_delay) if download_delay is not None else None,
        concurrency=concurrency,
        tls=tls,
        source=source,
        wayback_from=wayback_from,
        wayback_to=wayback_to,
        wayback_prefixes=wayback_prefixes,
        **optional,
    )


def load_registry(path: str | Path | None = None) -> list[Site]:
    """Load and validate a registry file (None: the built-in crawler/sites.yaml).

    Raises RegistryError listing every problem found; returns the sites in file order otherwise.
    """
    path = BUILTIN_REGISTRY if path is None else Path(path)
    shown = _display_path(path)
    data = _read_yaml(path, shown)
    if not isinstance(data, dict) or "sites" not in data:
        raise RegistryError(
            [f"{shown}: the top level must be a mapping with one key 'sites' (a list of sites)"]
        )
    errors: list[str] = [f"{shown}: unknown top-level key '{k}' (only 'sites')" for k in data if k != "sites"]
    entries = data["sites"]
    if not isinstance(entries, list):
        raise RegistryError(
            [*errors, f"{shown}: key 'sites': expected a list of sites, got {_type_name(entries)}"]
        )
    if not entries:
        raise RegistryError([*errors, f"{shown}: key 'sites': the list is empty"])
    first_index: dict[str, int] = {}
    sites = [_check_entry(i, entry, shown, errors, first_index) for i, entry in enumerate(entries, start=1)]
    if errors:
        raise RegistryError(errors)
    return [s for s in sites if s is not None]


def select_sites(sites: list[Site], ids: str | None) -> list[Site]:
    """The sites to crawl: all enabled ones, or exactly those named in "a,b" (named disabled sites included).

    Named sites come back in the order named, each once; an unknown id raises RegistryError naming known ids.
    """
    if ids is None or not ids.strip():
        return [s for s in sites if s.enabled]
    wanted = list(dict.fromkeys(part.strip() for part in ids.split(",") if part.strip()))
    by_id = {s.id: s for s in sites}
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise RegistryError(
            [
                f"unknown site id {', '.join(repr(u) for u in unknown)} "
                f"(known: {', '.join(sorted(by_id)) or 'none'})"
            ]
        )
    return [by_id[i] for i in wanted]
