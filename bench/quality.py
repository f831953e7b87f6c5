"""Extraction quality on local sites with a truth.json: recall, precision and per-field accuracy.

    python bench/quality.py [--sites tests/heldout/sites] [--json] [--details]
    python bench/quality.py --sites crawler/demo/sites
    python bench/quality.py --items output/tinhoatdong/RUN.jsonl     # score an earlier run, no crawl

Every site folder (``routes.json`` + files + ``truth.json``) is served on its own loopback port by
``crawler.demo.server``; a temporary registry lists them (id, name, province, start_urls, plus ``platform`` /
``category`` when the truth has them) and the real crawl runs as a subprocess from the repository root::

    python -m scrapy crawl tinhoatdong -a sites=REG.yaml -s OUTPUT_DIR=TMP -s LOG_LEVEL=INFO

(plus ``-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False``: every mirror is on 127.0.0.1, so politeness
would only make the benchmark slow; ``--polite`` keeps the project's settings).

Scoring, per site and overall (micro-averaged over articles):
- recall = expected articles found / expected; precision = items that are a first hit on an expected
  article / all items (other categories' articles, listing pages and repeated items all count against it);
- title, author, summary: equal after NFC + whitespace collapse (missing and empty both mean null);
- published_at: the exact string;
- text: exact rate after NFC, whitespace collapse inside paragraphs and paragraphs re-joined by one blank
  line; and two similarities averaged over found articles: ``text~`` = difflib ratio over the WORD sequences
  (order-aware), ``textF1`` = bag-of-words F1 (order-blind);
- images, attachments: the set of URL paths is equal (captions are reported apart as ``captions``).
Items are matched to truth by the path + query of their ``url`` (query order ignored), then ``canonical_url``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITES = REPO_ROOT / "tests" / "heldout" / "sites"
FIELDS = ("title", "published_at", "author", "summary", "text", "images", "attachments")
EXTRA_FIELDS = ("captions", "published_at_listing")
STDERR_TAIL = 40

# --- normalisation and comparison --------------------------------------------------------------------------


def norm_inline(value: object) -> str | None:
    """NFC + single spaces; None, non-strings and blank strings all become None."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    return text or None


def norm_text(value: object) -> str:
    """Body text for comparison: NFC, each line collapsed, empty lines dropped, joined by one blank line.

    A single newline and a blank line both count as a paragraph break: the truth says what the paragraphs are,
    not how many newlines separate them.
    """
    if not isinstance(value, str):
        return ""
    lines = (re.sub(r"\s+", " ", line).strip() for line in unicodedata.normalize("NFC", value).splitlines())
    return "\n\n".join(line for line in lines if line)


def path_key(url: object, netloc: str | None = None) -> str:
    """``/path?sorted=query`` of a URL or root-relative path; the fragment is dropped.

    With ``netloc`` given, a URL on another host keeps ``//host`` in front so that it can never equal a
    path of this site; without it, any host is ignored (used when scoring a saved run whose ports are gone).
    """
    if not isinstance(url, str) or not url.strip():
        return ""
    parts = urlsplit(url.strip())
    path = unicodedata.normalize("NFC", unquote(parts.path)) or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    key = path + ("?" + query if query else "")
    if netloc and parts.netloc and parts.netloc.lower() != netloc.lower():
        return f"//{parts.netloc.lower()}{key}"
    return key


def text_similarity(expected: str, got: str) -> float:
    """difflib ratio over the word sequences of the two normalised texts (1.0 = same words, same order)."""
    a, b = norm_text(expected).split(), norm_text(got).split()
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def token_f1(expected: str, got: str) -> float:
    """Bag-of-words F1 between the two normalised texts (order ignored)."""
    a, b = Counter(norm_text(expected).split()), Counter(norm_text(got).split())
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)


def _url_set(entries: object, key: str, netloc: str | None) -> set[str]:
    if not isinstance(entries, list):
        return set()
    return {path_key(e.get(key), netloc) for e in entries if isinstance(e, dict) and e.get(key)}


def _captions(entries: object, key: str, netloc: str | None) -> dict[str, str | None]:
    if not isinstance(entries, list):
        return {}
    return {
        path_key(e.get(key), netloc): norm_inline(e.get("caption")) for e in entries if isinstance(e, dict)
    }


def compare_article(truth: dict, item: dict, netloc: str | None = None) -> dict[str, bool | float]:
    """Field by field: True/False for each scored field, plus the two text similarities."""
    expected_text, got_text = norm_text(truth.get("text")), norm_text(item.get("text"))
    result: dict[str, bool | float] = {
        "title": norm_inline(truth.get("title")) == norm_inline(item.get("title")),
        "published_at": truth.get("published_at") == item.get("published_at"),
        "author": norm_inline(truth.get("author")) == norm_inline(item.get("author")),
        "summary": norm_inline(truth.get("summary")) == norm_inline(item.get("summary")),
        "text": expected_text == got_text,
        "images": _url_set(truth.get("images"), "path", None) == _url_set(item.get("images"), "url", netloc),
        "attachments": _url_set(truth.get("attachments"), "path", None)
        == _url_set(item.get("attachments"), "url", netloc),
        "captions": _captions(truth.get("images"), "path", None)
        == _captions(item.get("images"), "url", netloc),
        "text_similarity": text_similarity(expected_text, got_text),
        "text_f1": token_f1(expected_text, got_text),
    }
    if truth.get("date_source") == "listing":  # the page shows no date: only the listing's entry has it
        result["published_at_listing"] = result["published_at"]
    return result


def _shown(value: object, limit: int = 160) -> object:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    return value


def diff_snippet(expected: str, got: str, context: int = 6) -> tuple[str, str]:
    """The first place where two texts differ, as (expected, got) with a few words around it; ¶ =
    paragraph."""
    a = norm_text(expected).replace("\n\n", " ¶ ").split()
    b = norm_text(got).replace("\n\n", " ¶ ").split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            lo_a, lo_b = max(0, i1 - context), max(0, j1 - context)
            return (
                ("… " if lo_a else "")
                + " ".join(a[lo_a : i2 + context])
                + (" …" if i2 + context < len(a) else ""),
                ("… " if lo_b else "")
                + " ".join(b[lo_b : j2 + context])
                + (" …" if j2 + context < len(b) else ""),
            )
    return "", ""


def score_site(truth: dict, items: list[dict], netloc: str | None = None, keep_examples: int = 3) -> dict:
    """Recall, precision and field accuracy of one site's items against its truth."""
    expected = {path_key(a["path"]): a for a in truth.get("articles", [])}
    others = {path_key(p) for p in truth.get("other_articles", [])}
    found: dict[str, dict] = {}
    unexpected: list[str] = []
    duplicates = decoys = 0
    for item in items:
        keys = [path_key(item.get("url"), netloc), path_key(item.get("canonical_url"), netloc)]
        key = next((k for k in keys if k in expected), keys[0])
        if key in expected and key not in found:
            found[key] = item
        elif key in expected:
            duplicates += 1
        else:
            unexpected.append(key or "(no url)")
            decoys += key in others
    fields = {f: {"correct": 0, "total": 0} for f in (*FIELDS, *EXTRA_FIELDS)}
    sims: list[float] = []
    f1s: list[float] = []
    mismatches: dict[str, list[dict]] = {}
    for key, item in found.items():
        cmp = compare_article(expected[key], item, netloc)
        for name in (*FIELDS, *EXTRA_FIELDS):
            if name not in cmp:
                continue
            fields[name]["total"] += 1
            fields[name]["correct"] += bool(cmp[name])
            if not cmp[name] and len(mismatches.setdefault(name, [])) < keep_examples:
                source = "published_at" if name == "published_at_listing" else name
                source = "images" if name == "captions" else source
                want, got = expected[key].get(source), item.get(source)
                if name == "text":
                    want, got = diff_snippet(str(want or ""), str(got or ""))
                mismatches[name].append({"path": key, "expected": _shown(want, 300), "got": _shown(got, 300)})
        sims.append(float(cmp["text_similarity"]))
        f1s.append(float(cmp["text_f1"]))
    for counts in fields.values():
        counts["accuracy"] = counts["correct"] / counts["total"] if counts["total"] else None
    n_expected, n_items = len(expected), len(items)
    return {
        "expected": n_expected,
        "found": len(found),
        "items": n_items,
        "recall": len(found) / n_expected if n_expected else None,
        "precision": len(found) / n_items if n_items else None,
        "duplicates": duplicates,
        "unexpected": len(unexpected),
        "other_category": decoys,
        "fields": fields,
        "text_similarity": sum(sims) / len(sims) if sims else None,
        "text_f1": sum(f1s) / len(f1s) if f1s else None,
        "missing_paths": sorted(set(expected) - set(found)),
        "unexpected_paths": unexpected,
        "mismatches": mismatches,
    }


def overall(site_scores: dict[str, dict], unassigned: int = 0) -> dict:
    """Micro averages over all sites; items that belong to no site count against precision."""
    exp = sum(s["expected"] for s in site_scores.values())
    fnd = sum(s["found"] for s in site_scores.values())
    itm = sum(s["items"] for s in site_scores.values()) + unassigned
    fields = {}
    for name in (*FIELDS, *EXTRA_FIELDS):
        correct = sum(s["fields"][name]["correct"] for s in site_scores.values())
        total = sum(s["fields"][name]["total"] for s in site_scores.values())
        fields[name] = {"correct": correct, "total": total, "accuracy": correct / total if total else None}

    def weighted(key: str) -> float | None:
        pairs = [(s[key], s["found"]) for s in site_scores.values() if s[key] is not None]
        n = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / n if n else None

    return {
        "expected": exp,
        "found": fnd,
        "items": itm,
        "recall": fnd / exp if exp else None,
        "precision": fnd / itm if itm else None,
        "duplicates": sum(s["duplicates"] for s in site_scores.values()),
        "unexpected": sum(s["unexpected"] for s in site_scores.values()) + unassigned,
        "unassigned_items": unassigned,
        "fields": fields,
        "text_similarity": weighted("text_similarity"),
        "text_f1": weighted("text_f1"),
    }


# --- site folders, items, report ----------------------------------------------------------------------------


@dataclass
class SiteFolder:
    root: Path
    truth: dict

    @property
    def id(self) -> str:
        return self.truth["site"]["id"]


def find_sites(sites_dir: Path, only: Iterable[str] = ()) -> list[SiteFolder]:
    """Every sub-folder with a routes.json and a truth.json (optionally only those named, by folder or id)."""
    wanted = set(only)
    out = []
    for folder in sorted(p for p in Path(sites_dir).iterdir() if p.is_dir()):
        if (folder / "truth.json").is_file() and (folder / "routes.json").is_file():
            site = SiteFolder(folder, json.loads((folder / "truth.json").read_text("utf-8")))
            if not wanted or folder.name in wanted or site.id in wanted:
                out.append(site)
    return out


def registry_entry(truth_site: dict, base_url: str) -> dict:
    """A CONTRACT.md registry entry for a served site: the four required keys, plus platform/category if
    given."""
    entry = {
        "id": truth_site["id"],
        "name": truth_site["name"],
        "province": truth_site["province"],
        "start_urls": [base_url + p for p in truth_site["start_paths"]],
    }
    for key in ("platform", "category"):
        if truth_site.get(key):
            entry[key] = truth_site[key]
    return entry


def read_items(paths: Iterable[Path]) -> tuple[list[dict], int]:
    """Items from JSON Lines files; returns (items, number of lines that were not a JSON object)."""
    items, bad = [], 0
    for path in paths:
        for line in Path(path).read_text("utf-8").splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(obj, dict):
                items.append(obj)
            else:
                bad += 1
    return items, bad


def split_by_site(items: list[dict], sites: list[SiteFolder], netlocs: dict[str, str]) -> tuple[dict, int]:
    """Items per site id, by the item's ``site`` field, else by the host:port of its url."""
    by_netloc = {v.lower(): k for k, v in netlocs.items()}
    groups: dict[str, list[dict]] = {s.id: [] for s in sites}
    unassigned = 0
    for item in items:
        sid = item.get("site")
        if sid not in groups:
            sid = by_netloc.get(urlsplit(str(item.get("url") or "")).netloc.lower())
        if sid in groups:
            groups[sid].append(item)
        else:
            unassigned += 1
    return groups, unassigned


def build_report(
    sites: list[SiteFolder], items: list[dict], netlocs: dict[str, str], bad_lines: int = 0
) -> dict:
    groups, unassigned = split_by_site(items, sites, netlocs)
    scores = {s.id: score_site(s.truth, groups[s.id], netlocs.get(s.id)) for s in sites}
    return {"sites": scores, "overall": overall(scores, unassigned), "bad_lines": bad_lines}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


COLUMNS = (
    ("exp", lambda s: str(s["expected"])),
    ("found", lambda s: str(s["found"])),
    ("items", lambda s: str(s["items"])),
    ("recall", lambda s: _pct(s["recall"])),
    ("prec", lambda s: _pct(s["precision"])),
    ("title", lambda s: _pct(s["fields"]["title"]["accuracy"])),
    ("date", lambda s: _pct(s["fields"]["published_at"]["accuracy"])),
    ("author", lambda s: _pct(s["fields"]["author"]["accuracy"])),
    ("summary", lambda s: _pct(s["fields"]["summary"]["accuracy"])),
    ("text=", lambda s: _pct(s["fields"]["text"]["accuracy"])),
    ("text~", lambda s: _pct(s["text_similarity"])),
    ("textF1", lambda s: _pct(s["text_f1"])),
    ("images", lambda s: _pct(s["fields"]["images"]["accuracy"])),
    ("attach", lambda s: _pct(s["fields"]["attachments"]["accuracy"])),
    ("capt", lambda s: _pct(s["fields"]["captions"]["accuracy"])),
)


def format_table(report: dict, details: bool = False) -> str:
    rows = [("site", *(c for c, _ in COLUMNS))]
    for sid, score in report["sites"].items():
        rows.append((sid, *(f(score) for _, f in COLUMNS)))
    rows.append(("OVERALL", *(f(report["overall"]) for _, f in COLUMNS)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if n == 0 or n == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    o = report["overall"]
    lines.append("")
    lines.append(
        "percentages; text= exact match, text~ difflib ratio over words, textF1 bag-of-words F1 (means over "
        "found "
        "articles); capt = image captions equal."
    )
    listing = o["fields"]["published_at_listing"]
    lines.append(
        f"items: {o['items']} ({o['duplicates']} repeated, {o['unexpected']} not expected, "
        f"{sum(s['other_category'] for s in report['sites'].values())} of them other categories' articles, "
        f"{o['unassigned_items']} on no known site); dates taken from the listing only: "
        f"{listing['correct']}/{listing['total']} right."
    )
    if report.get("bad_lines"):
        lines.append(f"WARNING: {report['bad_lines']} item lines were not JSON objects.")
    if details:
        for sid, score in report["sites"].items():
            lines.append(f"\n== {sid}")
            for label, paths in (
                ("missing", score["missing_paths"]),
                ("unexpected", score["unexpected_paths"]),
            ):
                if paths:
                    lines.append(
                        f"  {label} ({len(paths)}): "
                        + ", ".join(paths[:8])
                        + (" …" if len(paths) > 8 else "")
                    )
            for field, examples in score["mismatches"].items():
                for ex in examples:
                    lines.append(
                        f"  {field} {ex['path']}\n    expected: {ex['expected']!r}\n    got:      "
                        f"{ex['got']!r}"
                    )
    return "\n".join(lines)


# --- the crawl ----------------------------------------------------------------------------------------------


class CrawlError(RuntimeError):
    """The crawl subprocess failed or produced no items file; the message carries its stderr tail."""


def crawl_command(
    registry: Path, output_dir: Path, polite: bool = False, extra: Iterable[str] = ()
) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", "tinhoatdong", "-a", f"sites={registry}",
           "-s", f"OUTPUT_DIR={output_dir}", "-s", "LOG_LEVEL=INFO"]  # fmt: skip
    if not polite:
        cmd += ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    return cmd + list(extra)


def _tail(text: str, n: int = STDERR_TAIL) -> str:
    return "\n".join(text.splitlines()[-n:])


def run_crawl(
    registry: Path, output_dir: Path, timeout: float, polite: bool = False, extra: Iterable[str] = ()
) -> list[Path]:
    """Run the real crawl; returns the finished items files (``*.jsonl``, temp-named files excluded)."""
    cmd = crawl_command(registry, output_dir, polite, extra)
    try:
        proc = subprocess.run(
            cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as err:
        stderr = (
            err.stderr.decode("utf-8", "replace") if isinstance(err.stderr, bytes) else (err.stderr or "")
        )
        raise CrawlError(f"the crawl did not finish in {timeout:.0f} s\n{_tail(stderr)}") from err
    if proc.returncode != 0:
        raise CrawlError(f"the crawl failed (exit {proc.returncode}): {' '.join(cmd)}\n{_tail(proc.stderr)}")
    files = sorted((output_dir / "tinhoatdong").glob("*.jsonl"))
    if not files:
        raise CrawlError(f"the crawl wrote no {output_dir}/tinhoatdong/*.jsonl\n{_tail(proc.stderr)}")
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Extraction quality on local sites with a truth.json.")
    ap.add_argument(
        "--sites", type=Path, default=DEFAULT_SITES, help="folder of site folders (default: held-out)"
    )
    ap.add_argument(
        "--site", action="append", default=[], help="only this site (folder name or id); repeatable"
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument(
        "--details", action="store_true", help="also list missing/unexpected paths and field mismatches"
    )
    ap.add_argument("--items", type=Path, nargs="+", help="score these JSONL files instead of crawling")
    ap.add_argument("--timeout", type=float, default=900, help="seconds the crawl may take (default 900)")
    ap.add_argument(
        "--polite", action="store_true", help="keep the project's download delay and autothrottle"
    )
    ap.add_argument(
        "--keep", action="store_true", help="keep the crawl's output folder and print where it is"
    )
    ap.add_argument(
        "--crawl-arg", action="append", default=[], help="extra argument for scrapy crawl; repeatable"
    )
    args = ap.parse_args(argv)

    sites = find_sites(args.sites, args.site)
    if not sites:
        print(f"no site folders (routes.json + truth.json) under {args.sites}", file=sys.stderr)
        return 2
    started = time.monotonic()
    if args.items:
        items, bad = read_items(args.items)
        report = build_report(sites, items, {}, bad)
    else:
        sys.path.insert(0, str(REPO_ROOT))
        from crawler.demo.server import serve_mirrors

        tmp = Path(tempfile.mkdtemp(prefix="tinhoatdong-quality-"))
        try:
            import yaml

            with serve_mirrors([s.root for s in sites]) as served:
                entries = [
                    registry_entry(s.truth["site"], srv.base_url)
                    for s, srv in zip(sites, served, strict=True)
                ]
                netlocs = {s.id: urlsplit(srv.base_url).netloc for s, srv in zip(sites, served, strict=True)}
                registry = tmp / "registry.yaml"
                registry.write_text(
                    yaml.safe_dump({"sites": entries}, allow_unicode=True, sort_keys=False), "utf-8"
                )
                files = run_crawl(registry, tmp / "out", args.timeout, args.polite, args.crawl_arg)
            items, bad = read_items(files)
            report = build_report(sites, items, netlocs, bad)
        except CrawlError as err:
            print(f"quality: {err}", file=sys.stderr)
            return 1
        finally:
            if args.keep:
                print(f"crawl output kept in {tmp}", file=sys.stderr)
            else:
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
    report["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_table(report, args.details))
        print(f"({report['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
