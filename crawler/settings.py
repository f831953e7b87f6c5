"""Scrapy settings for tinhoatdong: polite defaults, our components in order, outputs under OUTPUT_DIR."""

from scrapy.settings import default_settings as _scrapy_defaults  # lowercase: not read as a setting

BOT_NAME = "tinhoatdong"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# Where run files (and later the persistent state) go. See CONTRACT.md.
OUTPUT_DIR = "output"
# keep | new | old: tone-mark placement of the display text (crawler.text).
TONE_STYLE = "keep"

CONTACT_URL = "https://github.com/tinhoatdong/tinhoatdong"
USER_AGENT = f"tinhoatdong/0.1 (+{CONTACT_URL}; archiving Sở TT&TT news)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Faults (crawler.middlewares): a hanging server costs DOWNLOAD_TIMEOUT per try; 5xx, 429, timeouts and
# refused connections are retried RETRY_TIMES times, each after the server's Retry-After or an exponential
# backoff (RETRY_BACKOFF_BASE * 2**(n-1) s), both capped at RETRY_BACKOFF_MAX (a longer Retry-After is not
# retried early). Bodies over DOWNLOAD_MAXSIZE (also once decompressed: gzip bombs) are cancelled and counted.
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 120.0
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (retried), never half an article
# Traps: listing URLs longer than this are not followed; a listing chain stops after this many pages.
MAX_URL_LENGTH = 1024
URLLENGTH_LIMIT = 2083  # Scrapy's own cap stays as a backstop behind MAX_URL_LENGTH
MAX_LISTING_PAGES = 2000
COOKIES_ENABLED = True  # ASP.NET postback pagers keep their state in the session cookie

# Persistent state (seen articles, dedupe index): empty = SQLite at OUTPUT_DIR/tinhoatdong/state.sqlite3.
STATE_URI = ""
# Incremental stop: a site's pagination ends after this many listing pages in a row whose articles were all
# archived by earlier runs (full=1 walks on regardless). Page 1 is always read.
INCREMENTAL_KNOWN_PAGES = 1

# Distributed mode (crawler.distributed): a redis:// STATE_URI also puts the request queue and dupefilter on
# that Redis (scrapy-redis, through this add-on); workers started with the same command share one crawl.
ADDONS = {"crawler.workers.DistributedAddon": 0}
WORKER_ID = ""  # this worker's name in its file names; empty = <host>-<pid>
WORKER_TIMEOUT = 60  # seconds without a heartbeat before a worker is taken for dead and its requests requeued
MAX_IDLE_TIME_BEFORE_CLOSE = 300  # seconds an idle worker waits for the others' work (0: as long as needed)

DOWNLOADER_MIDDLEWARES = {
    # first: an archived site's request becomes a request for its capture (crawler.wayback), which then
    # passes every middleware below as a request to the archive; its response comes back under the
    # original URL
    "crawler.wayback.WaybackMiddleware": 30,
    # before the offsite filter (50) and robots.txt (100): an off-site redirect fetches nothing there
    "crawler.middlewares.SiteGuardMiddleware": 40,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.SitePaceMiddleware": 545,  # the registry's per-site download_delay/concurrency
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.BombCountingCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.LazyMetaRefreshMiddleware": 580,  # Scrapy's place; pages decoded only if needed
    # next to the wire: every response as received (before redirects, retries and decompression see it)
    "crawler.archive.capture.WarcCaptureMiddleware": 860,
}

# Archival capture (crawler.archive): gzip WARC 1.1 of every response under OUTPUT_DIR/warc/, rotated at
# WARC_MAX_SIZE bytes, and a WACZ package of the run. Attachments (pdf, doc, xls, zip...) linked from articles
# on the site's own hosts are downloaded up to ATTACHMENT_MAXSIZE bytes and listed with size and sha256.
WARC_ENABLED = True
WARC_MAX_SIZE = 1_000_000_000
# gzip level of the WARC records, 1 (fastest) to 9 (smallest); 1-3 by ISA-L: 2 costs a sixth of zlib-ng's 5
# for 7-12 % more bytes (crawler.archive.capture.GZIP_LEVEL says why 2)
WARC_GZIP_LEVEL = 2
# gzip level of a response record whose payload is compressed already (a Content-Encoding, or JPEG, WebP,
# WOFF2, gzip, bzip2, xz, zstd, 7z, RAR by its first bytes), 0 (stored) to 9: deflate cannot shrink those
# bytes, and stored costs a thirtieth of level 5's CPU (crawler.archive.capture.COMPRESSED_GZIP_LEVEL)
WARC_GZIP_LEVEL_COMPRESSED = 0
WACZ_ENABLED = True
ATTACHMENTS_ENABLED = True
ATTACHMENT_MAXSIZE = 32 * 1024 * 1024
# Web-archive source (crawler.wayback; `-a source=wayback|auto`, registry `source`, `wayback_from/_to`).
# The CDX endpoint and replay prefix of the archive (any CDX server + `id_` replay, e.g. a self-hosted pywb);
# archive requests share one download slot with their own concurrency and delay, and a run makes at most
# WAYBACK_MAX_REQUESTS of them (0: no limit). WAYBACK_PICK: the newest or oldest capture per URL in the
# window.
# WAYBACK_ORPHANS: which archived article URLs the listing walk did not reach are fetched too: those under
# a start URL's path (category), every article-shaped URL of the site (all), or none.
WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"
WAYBACK_REPLAY = "https://web.archive.org/web"
WAYBACK_CONCURRENCY = 1
WAYBACK_DOWNLOAD_DELAY = 2.0
WAYBACK_MAX_REQUESTS = 5000
WAYBACK_CDX_PAGE_SIZE = 5000
WAYBACK_PICK = "newest"
WAYBACK_ORPHANS = "category"

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.TrapGuardMiddleware": 850,  # sees the spider's requests before URLLENGTH (800)
}

EXTENSIONS = {
    "crawler.runstate.RunStateExtension": 0,
    "crawler.health.ProgressLog": 10,
    "crawler.gctune.GcTuning": 20,
}
# Scrapy's two consoles that run Python code sent to the crawl, on by default: telnet on 127.0.0.1:6023 (its
# password in the log) and, since Scrapy 2.19, an HTTP endpoint for its MCP server (a token file left in the
# user's state folder by every killed run). A nightly archive job opens neither. They are left out of Scrapy's
# base list rather than set to None in EXTENSIONS: Scrapy imports every class named there, None or not, and
# the endpoint's module imports aiohttp (0.3 s of every run's start, a tenth of an unchanged run).
EXTENSIONS_BASE = {
    name: order
    for name, order in _scrapy_defaults.EXTENSIONS_BASE.items()
    if name.rsplit(".", 1)[-1] not in ("TelnetConsole", "RemoteControl")
}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# The garbage collector's gen-0 threshold while crawling (crawler.gctune); 0 keeps Python's default (700).
GC_GEN0_THRESHOLD = 50_000
# Seconds between per-site progress lines in the log (0: none).
PROGRESS_INTERVAL = 30

ITEM_PIPELINES = {
    "crawler.pipelines.text.TextPipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 500,
    "crawler.pipelines.dedupe.DedupePipeline": 700,
    "crawler.pipelines.writer.JsonlWriterPipeline": 900,
}
# Scrapy starts CONCURRENT_ITEMS worker tasks (default 100) for the output of every response, however few
# objects it holds; the pipelines above are synchronous (tests/test_callbacks.py checks), so more than one
# worker never overlaps anything, and the 100 tasks cost more per page than the pipelines themselves.
CONCURRENT_ITEMS = 1

# Scrapy's in-memory stats without the hook Scrapy 2.19 runs on every read of them (crawler/stats.py).
STATS_CLASS = "crawler.stats.CrawlStats"

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Scrapy re-reads a generator callback's source on most responses to warn about `return <value>` in it (its
# cache dies with each bound method): tests/test_callbacks.py makes that check of every callback once.
WARN_ON_GENERATOR_RETURN_VALUE = False

# TLS quirks of old servers, per site (crawler.tls): hosts of an entry with `tls: legacy` get a context
# accepting this floor and these ciphers (SECLEVEL=0 is what lets OpenSSL 3 speak TLS 1.0/1.1 at all).
DOWNLOAD_HANDLERS = {"https": "crawler.tls.SiteTLSDownloadHandler"}
TLS_LEGACY_MIN_VERSION = "TLSv1.0"
TLS_LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0"
