"""Scrapy settings for tinhoatdong: polite defaults, our components in order, outputs under OUTPUT_DIR."""

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
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 3
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
COOKIES_ENABLED = True  # ASP.NET postback pagers keep their state in the session cookie

# Persistent state (seen articles, dedupe index): empty = SQLite at OUTPUT_DIR/tinhoatdong/state.sqlite3.
STATE_URI = ""
# Incremental stop: a site's pagination ends after this many listing pages in a row whose articles were all
# archived by earlier runs (full=1 walks on regardless). Page 1 is always read.
INCREMENTAL_KNOWN_PAGES = 1

EXTENSIONS = {
    "crawler.runstate.RunStateExtension": 0,
}

ITEM_PIPELINES = {
    "crawler.pipelines.text.TextPipeline": 100,
    "crawler.pipelines.validate.ValidatePipeline": 500,
    "crawler.pipelines.dedupe.DedupePipeline": 700,
    "crawler.pipelines.writer.JsonlWriterPipeline": 900,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
