"""Copy saved-page fixtures for the per-field unit tests out of generated mirrors.

For each platform: the first listing page, the second (for POST pagers: the postback response or the
AJAX fragment), the last, two article pages and the home page, each as ``<case>/page.html`` +
``meta.json`` (the real site's URL, fetch time, headers) + ``expected.json`` (the truth with URLs made
absolute on that site; for the home page, the category link its menus offer).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from crawler.demo.sitegen.base import NEWS

FETCHED_AT = "2026-11-20T01:00:00Z"
_TRUTH_FIELDS = ("title", "published_at", "published_at_raw", "author", "summary", "text")


def _dump(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _content_type(routes: list[dict], file: str) -> str:
    for route in routes:
        if route.get("file") == file:
            return route.get("content_type", "text/html; charset=utf-8")
    return "text/html; charset=utf-8"


def _pick_articles(truth: dict) -> list[dict]:
    """Two articles with their date on the page: the richest one, then one of another shape."""
    arts = [a for a in truth["articles"] if a["date_on_page"]]

    def richness(a: dict) -> tuple:
        captioned = any(img["caption"] for img in a["images"])
        return (captioned, bool(a["attachments"]), a["summary"] is not None, a["author"] is not None)

    first = max(arts, key=richness)

    def difference(a: dict) -> tuple:
        shape = lambda x: (("?" in x["path"]), x["published_at_raw"].count(":"), x["path"].split("/")[1])  # noqa: E731
        return (
            shape(a) != shape(first),
            a["author"] is None,
            a["summary"] != first["summary"],
            not a["images"],
        )

    second = max((a for a in arts if a is not first), key=difference)
    return [first, second]


def write_fixtures(mirror: Path, out: Path) -> list[str]:
    """Write ``out/<case>/`` for one mirror; returns the case names."""
    truth = json.loads((mirror / "truth.json").read_text(encoding="utf-8"))
    routes = json.loads((mirror / "routes.json").read_text(encoding="utf-8"))["routes"]
    site = truth["site"]
    base = site["real_base"]
    platform = site["platform"]
    if out.is_dir():
        shutil.rmtree(out)
    cases: list[str] = []

    def write_case(name: str, file: str, meta: dict, expected: dict) -> None:
        case = out / name
        case.mkdir(parents=True)
        shutil.copyfile(mirror / file, case / "page.html")
        headers = {"Content-Type": _content_type(routes, file)}
        full = {
            "url": meta.pop("url"),
            "fetched_at": FETCHED_AT,
            "kind": meta.pop("kind"),
            "platform": platform,
            "headers": headers,
            **meta,
            "source": {"mirror": platform, "file": file},
        }
        _dump(case / "meta.json", full)
        _dump(case / "expected.json", expected)
        cases.append(name)

    listings = truth["listings"]
    wanted = [1, 2, len(listings)] if len(listings) > 2 else list(range(1, len(listings) + 1))
    for page in dict.fromkeys(wanted):
        entry = listings[page - 1]
        url = base + entry["path"] + ("?" + entry["query"] if entry["query"] else "")
        meta: dict = {"url": url, "kind": "listing"}
        if entry["method"] == "POST":
            meta["method"] = "POST"
            meta["form"] = entry["form"]
            meta["request_headers"] = {"Referer": base + listings[0]["path"]}
        fragment = b"<html" not in (mirror / entry["file"]).read_bytes()[:2000].lower()
        nxt = entry["next"]
        next_page = None
        if nxt and not fragment:
            next_url = base + nxt["path"] + ("?" + nxt["query"] if nxt["query"] else "")
            next_page = {"method": nxt["method"], "url": next_url, "form": nxt["form"]}
        expected = {
            "article_urls": [base + p for p in entry["article_paths"]],
            "next_page": next_page,
            "category": None if fragment else site["category"],
            "fragment": fragment,
        }
        name = (
            "listing-1"
            if page == 1
            else ("listing-last" if page == len(listings) and page > 2 else f"listing-{page}")
        )
        write_case(name, entry["file"], meta, expected)

    files_by_path = {}
    for route in routes:
        key = route["path"] + ("?" + route["query"] if route.get("query") and route["query"] != "*" else "")
        files_by_path.setdefault(key, route.get("file"))
    for i, art in enumerate(_pick_articles(truth), 1):
        expected = {"url": base + art["path"], **{k: art[k] for k in _TRUTH_FIELDS}}
        expected["images"] = [{"url": base + x["path"], "caption": x["caption"]} for x in art["images"]]
        expected["attachments"] = [{"url": base + x["path"], "name": x["name"]} for x in art["attachments"]]
        write_case(
            f"article-{i}",
            files_by_path[art["path"]],
            {"url": base + art["path"], "kind": "article"},
            expected,
        )
    home = site["home_category"]
    write_case(
        "home",
        "pages/home.html",
        {"url": base + site["home_path"], "kind": "home"},
        {
            "listing_url": base + site["start_paths"][0],
            "category": home,
            "fallback": home == NEWS,
        },
    )
    return cases
