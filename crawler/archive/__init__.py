"""Archival capture: WARC files of everything fetched (capture), re-extraction from them (reader), and the
run's WACZ package (wacz)."""
