"""Near-duplicate signatures: MinHash over syllable 3-grams of the key form, banded for LSH.

Why these choices (research/vntext REPORT.md §3):
- Shingles are syllable 3-grams of the *key form* (new-style tones, folded punctuation, casefolded), with
  the diacritics kept (ma/má/mà are different words) and punctuation tokens dropped. Vietnamese words are
  1-4 syllables, so single syllables are far too common to tell documents apart.
- MinHash with 128 permutations over ``xxh32`` of each shingle, in datasketch 2.0's ``affine32`` scheme
  (MurmurHash3's fmix32 once, then ``a*h + b`` mod 2^32 per permutation, ``a`` odd; ``a`` and ``b`` drawn
  from numpy's ``RandomState(SEED)`` as datasketch draws them). The values are datasketch's, bit for bit
  (tests/test_neardup.py compares them), but the dozen lines are computed here: importing the
  ``datasketch`` package loads scipy and its LSH classes, 60 MB of the crawl's memory for nothing we use.
  **Signatures made with another hash function, seed, permutation count or scheme are not comparable**, so
  all of them are fixed here and recorded as ``MINHASH_SCHEME`` in the state's meta table; a state made
  with another scheme is refused rather than silently compared.
- LSH: 25 bands of 5 rows (125 of the 128 values). A pair becomes a candidate with probability
  ``1 - (1 - J^5)^25``: > 0.9999 at J = 0.8, 0.87 at J = 0.6, 0.55 at J = 0.5, 0.06 at J = 0.3; the curve's
  midpoint is (1/25)^(1/5) ≈ 0.53, the 0.5-0.6 candidate threshold the research recommends. Candidates are
  then confirmed by the signatures' estimated Jaccard (share of equal values) at ``NEAR_DUPLICATE_THRESHOLD``.
- Bodies under ``MIN_SYLLABLES`` syllables get no signature: a few shared sentences would make two short
  notices look alike. The exact content hash covers those.

A signature is 128 little-endian uint32 = 512 bytes. A band key is xxh32 of the band's 20 bytes as a
signed 32-bit integer (SQLite stores it in 4 bytes); a rare key collision only adds a candidate that the
Jaccard check then rejects.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING

import xxhash

from crawler.text.normalize import key_form

if TYPE_CHECKING:  # numpy is imported when a first signature is computed: a run without articles never is
    import numpy as np

# numpy's OpenBLAS starts a thread a core when numpy is imported, and each spins some 0.1 s of CPU before it
# sleeps, for matrix work the signatures never do (their numpy is elementwise). One thread, unless the
# environment says otherwise; set here, before the first signature imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__all__ = [
    "BANDS",
    "LSH_SCHEME",
    "MINHASH_SCHEME",
    "MIN_SYLLABLES",
    "NEAR_DUPLICATE_THRESHOLD",
    "NUM_PERM",
    "ROWS",
    "SEED",
    "SIGNATURE_BYTES",
    "band_keys",
    "item_signature",
    "jaccard",
    "shingles",
    "signature",
    "syllables",
]

NUM_PERM = 128
SEED = 20250301  # fixed forever for a given MINHASH_SCHEME (the permutations derive from it)
SHINGLE_SIZE = 3
MIN_SYLLABLES = 50
BANDS, ROWS = 25, 5
NEAR_DUPLICATE_THRESHOLD = 0.8
SIGNATURE_BYTES = 4 * NUM_PERM

# Recorded in the state's meta table. Change the string whenever anything that changes signature values
# changes (shingling, hash function, seed, permutations, datasketch scheme): old signatures are then unusable.
MINHASH_SCHEME = (
    f"minhash/v1 datasketch-affine32 xxh32 seed={SEED} perm={NUM_PERM} syllable-{SHINGLE_SIZE}gram"
)
# Band layout: when only this changes, the LSH buckets can be rebuilt from the stored signatures.
LSH_SCHEME = f"lsh/v1 bands={BANDS} rows={ROWS} key=xxh32-signed"

_SYLLABLE_RE = re.compile(r"\w+")  # the key form is NFC and casefolded: a Vietnamese syllable is one \w run
_BAND_BYTES = 4 * ROWS


def syllables(text_key: str) -> list[str]:
    """The syllables of a key-form text, punctuation tokens dropped ("hội," → "hội"; "-" → nothing)."""
    return _SYLLABLE_RE.findall(text_key)


def shingles(text_key: str) -> set[str]:
    """Syllable 3-grams of a key-form text (empty under three syllables)."""
    return _trigrams(syllables(text_key))


def _trigrams(syl: list[str]) -> set[str]:
    return {f"{a} {b} {c}" for a, b, c in zip(syl, syl[1:], syl[2:], strict=False)}


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine32 permutations for SEED: ``a`` odd and ``b`` uint32, drawn in datasketch's order."""
    import numpy as np

    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, the bijection affine32 applies once to every input hash (in place)."""
    import numpy as np

    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    return hv


def signature(text_key: str) -> bytes | None:
    """The MinHash signature (512 bytes) of a key-form text; None under MIN_SYLLABLES syllables."""
    syl = syllables(text_key)
    if len(syl) < MIN_SYLLABLES:
        return None
    import numpy as np

    grams = _trigrams(syl)
    hv = _fmix32(
        np.fromiter(map(xxhash.xxh32_intdigest, map(str.encode, grams)), dtype=np.uint32, count=len(grams))
    )
    a, b = _permutations()
    values = hv[:, None] * a  # uint32: the wraparound is the mod 2^32
    values += b
    return values.min(axis=0).astype("<u4", copy=False).tobytes()


def item_signature(summary: str | None, text: str | None) -> bytes | None:
    """Signature of an article's display-form summary + body. The title is left out on purpose: a repost
    usually rewrites the headline ("Sở TT&TT tổ chức ..." → "Hội nghị ...") and keeps the body."""
    return signature(key_form("\n".join(part for part in (summary, text) if part)))


def _check(sig: bytes) -> None:
    if len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"a signature is {SIGNATURE_BYTES} bytes, got {len(sig)}")


def band_keys(sig: bytes) -> list[tuple[int, int]]:
    """(band, key) for each LSH band: articles sharing any one pair are near-duplicate candidates."""
    _check(sig)
    keys = []
    for band in range(BANDS):
        key = xxhash.xxh32_intdigest(sig[band * _BAND_BYTES : (band + 1) * _BAND_BYTES])
        keys.append((band, key - (1 << 32) if key >= 1 << 31 else key))
    return keys


def jaccard(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two texts: the share of equal MinHash values."""
    _check(sig_a)
    _check(sig_b)
    import numpy as np

    # numpy compares the 128 values in 2 µs; a Python loop over them took 11 (every LSH candidate pays it)
    same = np.count_nonzero(np.frombuffer(sig_a, dtype="<u4") == np.frombuffer(sig_b, dtype="<u4"))
    return int(same) / NUM_PERM
