"""A local mirror of N sites x M articles for the crawl benchmark (bench/run.py), and its servers.

    .venv/bin/python bench/mirror.py build OUT [--sites 40] [--articles 500] [--seed 0]
    .venv/bin/python bench/mirror.py serve OUT [--procs 2]      # serve until Ctrl-C, print the registry

**Sites.** Site ``i`` is the ``PLATFORMS[i % 7]`` family of ``crawler.demo.sitegen`` (SharePoint, the
``portal/Pages`` portal, UIArticleInMenu, Liferay, DotNetNuke, Joomla, Drupal) built with its own seed, so
its stories, dates and ids differ from every other site's. Its ``truth.json`` gets the id
``bench_<i>_<platform>``: ``bench/quality.py``'s scoring then tells whether the crawl of the padded pages is
still right.

**Realistic weight.** The demo pages weigh 15-40 KB; real department pages weigh 80-300 KB, and the weight is
what a crawler pays for: decoding, parsing, walking the tree. Every full HTML page (not the AJAX fragments,
which are small on real sites too) gets what makes real pages heavy, as those CMSs produce it:

- *site chrome, the same on every page of a site*: a mobile copy of the menu and a footer sitemap (short
  category labels, 250-700 links), a "Liên kết website" drop-down of the 63 provinces' departments, an
  inline stylesheet and inline scripts (SharePoint's ``_spPageContextInfo``/``RegisterSod`` blocks on the two
  SharePoint-built families, the ASP.NET AJAX start-up calls on UIArticleInMenu and DotNetNuke, jQuery
  plugins, a Liferay ``AUI()`` bootstrap: each family's own, so that no page carries another family's
  signature);
- *per page*: on the ASP.NET families (SharePoint, portal, UIArticleInMenu, DotNetNuke) the ``__VIEWSTATE``
  field grows to fill the page to its target size (base64 of a serialized control tree: random bytes here);
  on the others a per-page settings script (``drupal-settings-json``, Liferay portlet data, a Joomla module
  configuration) does.

A site's target size is drawn from a triangular distribution (80 KB to 300 KB, mode 120 KB: most
department pages are 100-150 KB, a few are very heavy); each page varies by ±10 % around it. The article
body, the listing and the pager are never touched, so the truth stays exact. ASP.NET postback routes match
on ``__EVENTTARGET``/``__EVENTARGUMENT`` only, so a grown view state posted back still finds its page.

**Serving.** ``serve(root, procs)`` starts ``procs`` server processes (so that the servers never compete
with the measured crawl for its interpreter lock). Each site is served by ``crawler.demo.server``'s request
handler on its own loopback address (``127.0.0.<10+i>``, one port), so that every site is its own host,
with its own download slot, as on the real web. Routes are looked up in a dictionary (the demo server scans
a list: fine for 40 routes, not for 500 articles). ``/__bench__/requests`` answers the site's request
counts (robots.txt apart), so the benchmark can count what each crawl fetched from the server's side, and
``/__bench__/arrivals`` the time each request arrived (``time.monotonic()``, the system's clock every process
reads alike), so it can tell how far apart a paced crawl's requests to one site came.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.demo.server import Mirror, Route, _handler_for  # noqa: E402
from crawler.demo.sitegen import PLATFORMS, generate  # noqa: E402

FORMAT = 2  # bump when the padding changes: a cached mirror of another format is rebuilt
ASPNET = frozenset({"sharepoint", "portal", "uiarticle", "dnn"})
SHAREPOINT = frozenset({"sharepoint", "portal"})  # the SharePoint-built families of ASPNET
MIN_KB, MODE_KB, MAX_KB = 80, 120, 300
CONTROL = "/__bench__/requests"
ARRIVALS = "/__bench__/arrivals"

# -- padding -----------------------------------------------------------------------------------------------

SECTIONS = (
    "Giới thiệu", "Tin tức - Sự kiện", "Chuyển đổi số", "Văn bản pháp luật", "Thủ tục hành chính",
    "Báo chí - Xuất bản", "Bưu chính - Viễn thông", "Công nghệ thông tin", "An toàn thông tin",
    "Thông tin cơ sở", "Quy hoạch - Kế hoạch", "Thanh tra", "Hỏi đáp", "Thư viện ảnh", "Video",
    "Công khai ngân sách", "Thi đua - Khen thưởng", "Cải cách hành chính", "Đảng - Đoàn thể", "Liên hệ",
)  # fmt: skip
ITEMS = (
    "Cơ cấu tổ chức", "Chức năng nhiệm vụ", "Lãnh đạo Sở", "Các phòng chuyên môn", "Đơn vị trực thuộc",
    "Văn bản chỉ đạo", "Văn bản dự thảo", "Văn bản quy phạm", "Kế hoạch năm", "Báo cáo định kỳ",
    "Danh mục thủ tục", "Biểu mẫu", "Hướng dẫn", "Câu hỏi thường gặp", "Góp ý dự thảo", "Lịch công tác",
    "Tuyển dụng", "Đấu thầu", "Thông báo", "Tin địa phương", "Tin trong nước", "Chính sách mới",
    "Phổ biến pháp luật", "Sơ đồ cổng", "Thống kê", "Dịch vụ công", "Một cửa điện tử", "Hộp thư góp ý",
)  # fmt: skip
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
    "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip


def _slug(text: str, n: int) -> str:
    ascii_ = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") + f"-{n}"


def _menu(rng: random.Random, links: int, cls: str) -> str:
    """Nested ``<ul>`` of short category labels (a mega menu or a footer sitemap), about ``links`` links."""
    out = [f'<ul class="{cls}">']
    made = 0
    while made < links:
        section = rng.choice(SECTIONS)
        out.append(f'<li class="{cls}-item"><a href="/chuyen-muc/{_slug(section, made)}">{section}</a><ul>')
        for _ in range(rng.randint(4, 14)):
            item = rng.choice(ITEMS)
            out.append(
                f'<li><a href="/chuyen-muc/{_slug(item, made)}" title="{item}">'
                f'<i class="fa fa-angle-right"></i> {item}</a></li>'
            )
            made += 1
        out.append("</ul></li>")
        made += 1
    out.append("</ul>")
    return "\n".join(out)


def _css(rng: random.Random, size: int) -> str:
    rules: list[str] = []
    total = 0
    while total < size:
        n = len(rules)
        rule = (
            f".c{n:x} .{rng.choice(('item', 'title', 'box', 'menu', 'news'))}-{n % 97}"
            f"{{margin:{rng.randint(0, 20)}px {rng.randint(0, 20)}px;padding:{rng.randint(0, 12)}px;"
            f"color:#{rng.randrange(1 << 24):06x};font-size:{rng.randint(11, 18)}px}}"
        )
        rules.append(rule)
        total += len(rule) + 1
    return '<style type="text/css">\n' + "\n".join(rules) + "\n</style>"


def _script(rng: random.Random, size: int, platform: str) -> str:
    """Inline script text in the manner of the platform (raw text to a parser: only its weight counts)."""
    if platform in SHAREPOINT:
        head = (
            'var _spPageContextInfo={webServerRelativeUrl:"\\u002f",webLanguage:1066,'
            f'siteClientTag:"{rng.randint(100, 999)}$$16.0.4327.1000",pageListId:"{{{_uuid(rng)}}}"}};'
        )
        line = 'RegisterSod("{0}.js","\\u002f_layouts\\u002f15\\u002f{0}.js?rev={1}");'
    elif platform in ASPNET:  # ASP.NET WebForms without SharePoint: the AJAX library's start-up calls
        head = "Sys.WebForms.PageRequestManager._initialize('ctl00$ScriptManager1','form1',[],[],[],90,'');"
        line = (
            "Sys.Application.add_init(function(){{$create(Sys.UI._UpdateProgress,"
            '{{"displayAfter":{1}}},null,null,$get("{0}"));}});'
        )
    elif platform == "liferay":
        first, second = rng.randint(1000, 9999), rng.randint(1000, 9999)
        head = f'Liferay.Portlet.list=["56_INSTANCE_{first}","101_INSTANCE_{second}"];'
        line = (
            'AUI().use("aui-base","{0}",function(A){{'
            'Liferay.Portlet.onLoad({{portletId:"{0}",refresh:{1}}});}});'
        )
    else:
        head = "jQuery(document).ready(function($){$('.menu').superfish({delay:200});});"
        line = (
            'jQuery(function($){{$("#{0}").on("click",function(e){{'
            'e.preventDefault();$(this).toggleClass("open-{1}");}});}});'
        )
    parts = [head]
    total = len(head)
    while total < size:
        s = line.format(f"m{rng.randrange(1 << 20):05x}", rng.randrange(1 << 16))
        parts.append(s)
        total += len(s) + 1
    return '<script type="text/javascript">\n' + "\n".join(parts) + "\n</script>"


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class Chrome:
    """What every page of one site carries: built once per site, like a CMS's master page."""

    head: str  # inline CSS + scripts, before </head>
    top: str  # the mobile menu, after <body>
    bottom: str  # the footer sitemap and the departments drop-down, before </body>
    target: int  # the site's page size in bytes


def site_chrome(platform: str, seed: int) -> Chrome:
    rng = random.Random(zlib.crc32(f"chrome/{platform}/{seed}".encode()))
    target = int(rng.triangular(MIN_KB, MAX_KB, MODE_KB) * 1000)
    links = rng.randint(250, 700)
    top = (
        '<div id="mobile-nav" class="mobile-menu d-none">'
        + _menu(rng, links // 3, "mobile-menu-list")
        + "</div>"
    )
    options = "".join(
        f'<option value="https://stttt.{_slug(p, i)}.gov.vn/">Sở Thông tin và Truyền thông {p}</option>'
        for i, p in enumerate(PROVINCES)
    )
    bottom = (
        '<div class="footer-sitemap"><div class="container">'
        + _menu(rng, links - links // 3, "sitemap")
        + '</div><div class="weblinks"><select name="lienket" onchange="window.open(this.value)">'
        + '<option value="">-- Các Sở TT&amp;TT --</option>'
        + options
        + "</select></div></div>"
    )
    scripts = rng.randint(15_000, 40_000)
    head = _css(rng, rng.randint(6_000, 20_000)) + "\n" + _script(rng, scripts, platform)
    return Chrome(head=head, top=top, bottom=bottom, target=target)


_BODY_RE = re.compile(r"<body\b[^>]*>", re.I)
_VIEWSTATE_RE = re.compile(r'(name="__VIEWSTATE"[^>]*?value=")([^"]*)(")')


def pad_page(html: str, chrome: Chrome, platform: str, rng: random.Random) -> str:
    """The page with the site's chrome and a per-page blob that brings it to about its target size.

    A fragment (no ``<body>``) is returned as it is."""
    body = _BODY_RE.search(html)
    if body is None or "</head>" not in html or "</body>" not in html:
        return html
    html = html.replace("</head>", chrome.head + "\n</head>", 1)
    at = body.end() + len(chrome.head) + 1
    html = html[:at] + "\n" + chrome.top + html[at:]
    html = html.replace("</body>", chrome.bottom + "\n</body>", 1)
    target = int(chrome.target * rng.uniform(0.9, 1.1))
    missing = max(0, target - len(html.encode("utf-8")))
    if platform in ASPNET and _VIEWSTATE_RE.search(html):
        # base64 grows 4/3: random bytes for the rest of the page
        blob = base64.b64encode(rng.randbytes(missing * 3 // 4)).decode()
        return _VIEWSTATE_RE.sub(lambda m: m.group(1) + m.group(2) + blob + m.group(3), html, count=1)
    data = base64.b64encode(rng.randbytes(max(0, missing - 120) * 3 // 4)).decode()
    settings = (
        '<script type="application/json" data-drupal-selector="drupal-settings-json">'
        f'{{"path":{{"baseUrl":"/"}},"portletData":"{data}"}}</script>'
    )
    return html.replace("</body>", settings + "\n</body>", 1)


# -- building ----------------------------------------------------------------------------------------------


def plan(sites: int) -> list[tuple[str, str]]:
    """(folder name, platform) of each site, the families in turn."""
    return [
        (f"s{i:02d}_{PLATFORMS[i % len(PLATFORMS)]}", PLATFORMS[i % len(PLATFORMS)]) for i in range(sites)
    ]


def _build_site(job: tuple[Path, int, str, str, int, int]) -> tuple[str, int, int]:
    out, i, name, platform, articles, seed = job
    site_seed = seed * 1000 + i
    folder = out / name
    generate(platform, folder, n_articles=articles, seed=site_seed)
    chrome = site_chrome(platform, site_seed)
    pages = total = 0
    for path in sorted((folder / "pages").glob("*.html")):
        rng = random.Random(zlib.crc32(f"{site_seed}/{path.name}".encode()))
        html = pad_page(path.read_text("utf-8"), chrome, platform, rng)
        data = html.encode("utf-8")
        path.write_bytes(data)
        pages += 1
        total += len(data)
    truth_path = folder / "truth.json"
    truth = json.loads(truth_path.read_text("utf-8"))
    truth["site"]["id"] = f"bench_{i:02d}_{platform}"
    truth["site"]["name"] = f"{truth['site']['name']} (bench {i:02d})"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return name, pages, total


def build(out: Path, sites: int, articles: int, seed: int = 0, jobs: int = 2, force: bool = False) -> dict:
    """Build the mirror into ``out`` (reused when ``out/bench.json`` says it was built with these values)."""
    out = Path(out)
    spec = {"format": FORMAT, "sites": sites, "articles": articles, "seed": seed}
    meta_path = out / "bench.json"
    if not force and meta_path.is_file():
        meta = json.loads(meta_path.read_text("utf-8"))
        if {k: meta.get(k) for k in spec} == spec:
            return meta
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    started = time.monotonic()
    work = [(out, i, name, platform, articles, seed) for i, (name, platform) in enumerate(plan(sites))]
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = pool.map(_build_site, work, chunksize=1)
    else:
        done = [_build_site(job) for job in work]
    pages = sum(p for _, p, _ in done)
    size = sum(s for _, _, s in done)
    meta = {
        **spec,
        "folders": [name for name, _, _ in done],
        "html_pages": pages,
        "html_bytes": size,
        "mean_kb": round(size / max(1, pages) / 1000, 1),
        "build_s": round(time.monotonic() - started, 1),
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", "utf-8")
    return meta


# -- serving -----------------------------------------------------------------------------------------------


class IndexedMirror(Mirror):
    """A mirror whose routes are found by (method, path) in a dict, and whose requests are only counted."""

    def reload(self) -> None:
        super().reload()
        self.index: dict[tuple[str, str], list[Route]] = {}
        for route in self.routes:  # exact queries first, as the demo server orders them
            self.index.setdefault((route.method, route.path), []).append(route)
        for routes in self.index.values():
            routes.sort(key=lambda r: r.query is None)
        self.counts: Counter[str] = Counter()
        self.arrivals: list[float] = []  # time.monotonic() of each request, robots.txt included

    def find(self, method: str, path: str, query: str, form: dict[str, str]) -> Route | None:
        with self._lock:
            self.arrivals.append(time.monotonic())
            self.counts[method] += 1
            if path == "/robots.txt":
                self.counts["robots"] += 1
        for route in self.index.get((method, path), ()):
            if route.matches(method, path, query, form):
                return route
        return None


def _bench_handler(mirror: IndexedMirror, gzip_level: int = 0) -> type:
    """The demo server's handler, counting requests; with ``gzip_level``, HTML is sent gzip-encoded to a
    client that accepts it, as real servers send it (Scrapy asks for gzip, deflate and br)."""
    base = _handler_for(mirror)

    class Handler(base):  # type: ignore[misc, valid-type]
        def encode(self, body: bytes, ctype: str) -> tuple[bytes, tuple[tuple[str, str], ...]]:
            accepted = (self.headers.get("Accept-Encoding") or "").lower()
            if gzip_level and body and ctype.startswith("text/html") and "gzip" in accepted:
                return gzip.compress(body, gzip_level, mtime=0), (("Content-Encoding", "gzip"),)
            return body, ()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path in (CONTROL, ARRIVALS):
                body = json.dumps(dict(mirror.counts) if self.path == CONTROL else mirror.arrivals).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    return Handler


def _serve_forever(root: Path, folders: list[str], indexes: list[int], gzip_level: int = 0) -> None:
    """The server process: one threaded HTTP server per site; prints one JSON line when all listen."""
    servers = []
    ready = []
    for folder, i in zip(folders, indexes, strict=True):
        mirror = IndexedMirror(root / folder)
        host = f"127.0.0.{10 + i}"
        server = ThreadingHTTPServer((host, 0), _bench_handler(mirror, gzip_level))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        ready.append({"folder": folder, "base_url": f"http://{host}:{server.server_address[1]}"})
    print(json.dumps(ready), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    parent = os.getppid()

    def orphaned() -> None:  # the benchmark that started us was killed: do not serve forever
        while not stop.wait(1.0):
            if os.getppid() != parent:
                stop.set()

    threading.Thread(target=orphaned, daemon=True).start()
    with suppress(KeyboardInterrupt):
        stop.wait()
    for server in servers:
        server.shutdown()


@dataclass
class ServedSite:
    folder: Path
    base_url: str
    truth: dict

    @property
    def id(self) -> str:
        return self.truth["site"]["id"]

    @property
    def netloc(self) -> str:
        return urlsplit(self.base_url).netloc

    def requests(self) -> Counter[str]:
        """Requests this site has served so far, by method, and ``robots`` (robots.txt)."""
        with urllib.request.urlopen(self.base_url + CONTROL, timeout=10) as resp:
            return Counter(json.loads(resp.read()))

    def arrivals(self) -> list[float]:
        """When each request this site has served so far arrived (``time.monotonic()``), in order."""
        with urllib.request.urlopen(self.base_url + ARRIVALS, timeout=10) as resp:
            return json.loads(resp.read())


@dataclass
class Servers:
    sites: list[ServedSite]
    procs: list[subprocess.Popen]

    def cpu_seconds(self) -> float:
        """User + system CPU time the server processes have used so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for proc in self.procs:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def requests(self) -> dict[str, Counter[str]]:
        return {site.id: site.requests() for site in self.sites}

    def arrivals(self) -> dict[str, list[float]]:
        return {site.id: site.arrivals() for site in self.sites}


@contextmanager
def serve(root: Path, procs: int = 2, gzip_level: int = 0) -> Iterator[Servers]:
    """Serve every site of a built mirror from ``procs`` processes while the block runs; with ``gzip_level``,
    HTML pages are sent gzip-encoded at that level to a client that asks for it."""
    root = Path(root)
    meta = json.loads((root / "bench.json").read_text("utf-8"))
    folders: list[str] = meta["folders"]
    started: list[subprocess.Popen] = []
    sites: dict[str, ServedSite] = {}
    try:
        for k in range(max(1, procs)):
            idx = list(range(k, len(folders), max(1, procs)))
            if not idx:
                continue
            names = ",".join(folders[i] for i in idx)
            cmd = [sys.executable, __file__, "_serve", str(root), "--folders", names,
                   "--indexes", ",".join(map(str, idx)), "--gzip", str(gzip_level)]  # fmt: skip
            started.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True))
        for proc in started:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                raise RuntimeError("a mirror server process did not start")
            for entry in json.loads(line):
                folder = root / entry["folder"]
                truth = json.loads((folder / "truth.json").read_text("utf-8"))
                sites[entry["folder"]] = ServedSite(folder, entry["base_url"], truth)
        yield Servers([sites[f] for f in folders], started)
    finally:
        for proc in started:
            proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def registry(servers: Servers, with_platform: bool = True) -> dict:
    """A registry for the served mirror, built as bench/quality.py builds one (platform and category kept)."""
    entries = []
    for site in servers.sites:
        spec = site.truth["site"]
        entry = {
            "id": spec["id"],
            "name": spec["name"],
            "province": spec["province"],
            "start_urls": [site.base_url + p for p in spec["start_paths"]],
        }
        keys = ("platform", "category") if with_platform else ("category",)
        entry.update({k: spec[k] for k in keys if spec.get(k)})
        entries.append(entry)
    return {"sites": entries}


def link_plan(servers: Servers) -> list[dict]:
    """For the plain spider: per site, its listing pages in order (GET or POST) and each page's articles."""
    out = []
    for site in servers.sites:
        pages = []
        for listing in site.truth["listings"]:
            query = listing.get("query") or ""
            pages.append(
                {
                    "method": listing["method"],
                    "url": site.base_url + listing["path"] + ("?" + query if query else ""),
                    "form": listing.get("form") or {},
                    "articles": [site.base_url + p for p in listing["article_paths"]],
                }
            )
        out.append({"site": site.id, "pages": pages})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build (or reuse) a mirror")
    b.add_argument("out", type=Path)
    b.add_argument("--sites", type=int, default=40)
    b.add_argument("--articles", type=int, default=500)
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--force", action="store_true")
    s = sub.add_parser("serve", help="serve a built mirror until interrupted; prints its registry")
    s.add_argument("out", type=Path)
    s.add_argument("--procs", type=int, default=2)
    p = sub.add_parser("_serve")
    p.add_argument("out", type=Path)
    p.add_argument("--folders", required=True)
    p.add_argument("--indexes", required=True)
    p.add_argument("--gzip", type=int, default=0)
    args = parser.parse_args(argv)
    if args.cmd == "build":
        meta = build(args.out, args.sites, args.articles, args.seed, args.jobs, args.force)
        print(json.dumps({k: v for k, v in meta.items() if k != "folders"}))
    elif args.cmd == "serve":
        import yaml

        with serve(args.out, args.procs) as servers:
            print(yaml.safe_dump(registry(servers), allow_unicode=True, sort_keys=False), flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    else:
        indexes = [int(i) for i in args.indexes.split(",")]
        _serve_forever(args.out, args.folders.split(","), indexes, args.gzip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
