"""Do the page objects still give exactly what they gave before an optimisation? Compare with a git ref.

    .venv/bin/python bench/same_output.py [--ref HEAD] [--mirror DIR] [--per-site 40]

Exports ``--ref`` (``git archive``, read-only: nothing in the working tree changes) to a temporary folder,
then runs the same dump with that code and with the working tree, each in its own process, and compares
them byte for byte. The dump covers every saved article fixture (its raw bytes decoded as the crawler
decodes them: ``Document.html``, encoding and item), the article pages and listing pages of the demo sites,
the held-out sites and, with ``--mirror``, a bench mirror (bench/mirror.py): each article page extracted
with its platform and as ``generic``, each listing page parsed the same two ways (entries, next pages,
category, the list's place). Exit status 0 when identical; else the first differences are printed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dump(code_root: Path, mirror: Path | None, per_site: int) -> list[dict]:
    """What the page objects under ``code_root`` make of every page (run in a child process)."""
    sys.path.insert(0, str(code_root))
    from crawler.pages.article import ArticlePage
    from crawler.pages.base import Document
    from crawler.pages.listing import ListingPage

    out: list[dict] = []
    truths = sorted(ROOT.glob("crawler/demo/sites/*/truth.json")) + sorted(
        ROOT.glob("tests/heldout/sites/*/truth.json")
    )
    if mirror is not None:
        truths += sorted(mirror.glob("*/truth.json"))
    for truth_path in truths:
        folder = truth_path.parent
        truth = json.loads(truth_path.read_text("utf-8"))
        platform = truth["site"].get("platform") or "generic"
        routes = json.loads((folder / "routes.json").read_text("utf-8"))["routes"]
        files = {
            r["path"] + ("?" + r["query"] if r.get("query") else ""): r["file"]
            for r in routes
            if r["method"] == "GET" and r.get("file")
        }
        for article in truth["articles"][:per_site]:
            name = files.get(article["path"])
            if name:
                doc = Document.from_bytes(
                    (folder / name).read_bytes(), "http://127.0.0.1:1" + article["path"]
                )
                for p in dict.fromkeys((platform, "generic")):
                    out.append({"page": f"{folder.name}/{name}", "platform": p,
                                "item": ArticlePage(doc, platform=p).to_item()})  # fmt: skip
        list_path = None
        for listing in truth.get("listings", [])[: max(1, per_site // 4)]:
            query = listing.get("query") or ""
            url = "http://127.0.0.1:1" + listing["path"] + ("?" + query if query else "")
            doc = Document.from_bytes((folder / listing["file"]).read_bytes(), url, "utf-8")
            for p in dict.fromkeys((platform, "generic")):
                page = ListingPage(doc, domains=["127.0.0.1:1"], platform=p, page_no=listing["page"],
                                   list_path=list_path if p == platform else None)  # fmt: skip
                result = page.parse()
                out.append({
                    "page": f"{folder.name}/{listing['file']}", "platform": p,
                    "entries": [[e.url, e.title, e.date_raw] for e in result.entries],
                    "next": [[n.url, n.method, list(n.formdata), n.kind, n.page_no]
                             for n in result.next_pages],
                    "category": result.category, "list_path": result.list_path,
                })  # fmt: skip
                if p == platform:
                    list_path = result.list_path
    for meta_path in sorted(ROOT.glob("tests/fixtures/*/*/meta.json")):
        page = meta_path.with_name("page.html")
        if not page.is_file():
            continue
        meta = json.loads(meta_path.read_text("utf-8"))
        match = re.search(r"charset=([\w.:-]+)", (meta.get("headers") or {}).get("Content-Type", ""), re.I)
        doc = Document.from_bytes(page.read_bytes(), meta["url"], match.group(1) if match else None)
        for p in dict.fromkeys((meta.get("platform") or "generic", "generic")):
            item = ArticlePage(
                doc, platform=p, selectors=meta.get("selectors"), date_order=meta.get("date_order", "dmy")
            ).to_item()
            out.append({"page": str(meta_path.parent.relative_to(ROOT)), "platform": p, "item": item,
                        "html": doc.html, "encoding": doc.encoding})  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="git ref to compare with (default HEAD)")
    parser.add_argument("--mirror", type=Path, help="also every site of this bench mirror")
    parser.add_argument(
        "--per-site", type=int, default=40, help="article pages per site (listing: a quarter)"
    )
    parser.add_argument("--_dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._dump is not None:
        data = dump(args._dump, args.mirror, args.per_site)
        args._out.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        return 0
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        ref_root = Path(tmp) / "ref"
        ref_root.mkdir()
        archive = subprocess.run(["git", "archive", args.ref], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(ref_root)], input=archive.stdout, check=True)
        results = []
        for name, code in (("ref", ref_root), ("work", ROOT)):
            out = Path(tmp) / f"{name}.json"
            cmd = [sys.executable, __file__, "--_dump", str(code), "--_out", str(out),
                   "--per-site", str(args.per_site)]  # fmt: skip
            if args.mirror:
                cmd += ["--mirror", str(args.mirror)]
            subprocess.run(cmd, check=True, cwd=tmp)
            results.append(json.loads(out.read_text("utf-8")))
    ref, work = results
    diffs = [(a, b) for a, b in zip(ref, work, strict=False) if a != b]
    if len(ref) != len(work):
        print(f"different number of results: {args.ref} {len(ref)}, working tree {len(work)}")
    for a, b in diffs[:5]:
        keys = [k for k in a if a.get(k) != b.get(k)]
        print(f"DIFFERENT {a['page']} ({a['platform']}): {', '.join(keys)}")
        for key in keys[:3]:
            print(f"  {args.ref}: {json.dumps(a.get(key), ensure_ascii=False)[:300]}")
            print(f"  work: {json.dumps(b.get(key), ensure_ascii=False)[:300]}")
    same = not diffs and len(ref) == len(work)
    print(
        f"{len(work)} results compared with {args.ref}: {'identical' if same else f'{len(diffs)} different'}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
