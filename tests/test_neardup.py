"""Near-duplicate signatures (crawler.neardup): shingles of the key form, MinHash, bands, Jaccard."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xxhash

from crawler import neardup
from crawler.neardup import (
    BANDS,
    MIN_SYLLABLES,
    NUM_PERM,
    ROWS,
    SEED,
    band_keys,
    item_signature,
    jaccard,
    shingles,
    signature,
    syllables,
)
from crawler.text.normalize import text_key

TITLE = "Sở Thông tin và Truyền thông tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số năm 2024"
BODY = (
    "Sáng ngày 15/3, Sở Thông tin và Truyền thông tỉnh Ninh Thuận tổ chức hội nghị triển khai nhiệm vụ "
    "chuyển đổi số năm 2024. Tham dự hội nghị có đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh, lãnh đạo các "
    "sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố và đại diện các doanh nghiệp viễn thông trên địa "
    "bàn tỉnh.\n\n"
    "Theo báo cáo tại hội nghị, năm 2023 tỉnh đã hoàn thành 85% chỉ tiêu về chính quyền số, tỷ lệ hồ sơ "
    "giải quyết thủ tục hành chính trực tuyến toàn trình đạt 62%, tăng 20% so với năm trước. Hạ tầng viễn "
    "thông tiếp tục được đầu tư, sóng di động 4G đã phủ đến tất cả các thôn, bản; Trung tâm giám sát, điều "
    "hành đô thị thông minh của tỉnh đi vào hoạt động ổn định.\n\n"
    "Phát biểu chỉ đạo, đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị tập trung "
    "hoàn thiện cơ sở dữ liệu chuyên ngành, bảo đảm kết nối, chia sẻ dữ liệu với hệ thống thông tin giải "
    "quyết thủ tục hành chính của tỉnh; đẩy mạnh tuyên truyền để người dân sử dụng dịch vụ công trực tuyến, "
    "thanh toán không dùng tiền mặt; chú trọng bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin.\n\n"
    "Dịp này, Sở Thông tin và Truyền thông đã ký kết chương trình phối hợp với các doanh nghiệp viễn thông "
    "về phát triển hạ tầng số và hỗ trợ tổ công nghệ số cộng đồng tại các xã, phường, thị trấn."
)
# Another department's article on another subject: same register, same officialese, different story.
OTHER = (
    "Chiều ngày 20/4, Sở Thông tin và Truyền thông phối hợp với Hội Nhà báo tỉnh tổ chức lớp bồi dưỡng "
    "nghiệp vụ báo chí cho phóng viên, biên tập viên các cơ quan báo chí địa phương. Trong hai ngày, các học "
    "viên được giảng viên của Học viện Báo chí và Tuyên truyền truyền đạt kỹ năng viết tin, bài phản ánh, "
    "kỹ năng tác nghiệp trên nền tảng mạng xã hội và xử lý thông tin sai sự thật.\n\n"
    "Theo Ban tổ chức, lớp học nhằm nâng cao chất lượng thông tin tuyên truyền về các sự kiện chính trị "
    "quan trọng của tỉnh, góp phần định hướng dư luận xã hội. Kết thúc khóa học, các học viên được cấp giấy "
    "chứng nhận hoàn thành chương trình bồi dưỡng. Năm nay, Sở dự kiến mở thêm ba lớp tập huấn về quản lý "
    "nhà nước đối với thông tin điện tử và xuất bản, in, phát hành cho cán bộ cấp huyện, cấp xã."
)


def repost(body: str) -> str:
    """The same press release as a province portal reposts it: new headline, a few words changed."""
    edited = (
        body.replace("Sáng ngày 15/3", "Ngày 15/3/2024")
        .replace("tăng 20%", "tăng hơn 20%")
        .replace("đi vào hoạt động ổn định", "hoạt động ổn định")
        .replace("đồng chí Phó Chủ tịch", "ông Phó Chủ tịch")
    )
    assert edited != body
    return f"Hội nghị triển khai nhiệm vụ chuyển đổi số tỉnh Ninh Thuận năm 2024\n\n{edited}\n\nNguồn: STTTT"


def true_jaccard(a: str, b: str) -> float:
    sa, sb = shingles(text_key(a)), shingles(text_key(b))
    return len(sa & sb) / len(sa | sb)


def test_identical_texts_have_jaccard_one() -> None:
    a = signature(text_key(f"{TITLE}\n\n{BODY}"))
    b = signature(text_key(f"{TITLE}\n\n{BODY}"))
    assert a is not None
    assert a == b
    assert jaccard(a, b) == 1.0


def test_tone_placement_quotes_and_spacing_do_not_change_the_signature() -> None:
    """The key form is what gets shingled: hòa/hoà, curly quotes, double spaces and case are one key."""
    text = BODY + " Nội dung “hòa nhập” với xu thế thủy lợi."
    variant = BODY.upper().replace(" ", "  ") + ' Nội dung "hoà nhập" với xu thế thuỷ lợi.'
    assert signature(text_key(text)) == signature(text_key(variant))


def test_repost_with_new_title_and_small_edits_is_at_least_point_eight() -> None:
    original = f"{TITLE}\n\n{BODY}"
    reposted = repost(BODY)
    a, b = signature(text_key(original)), signature(text_key(reposted))
    assert a is not None and b is not None
    assert a != b
    assert jaccard(a, b) >= 0.8
    # the estimate tracks the true 3-gram Jaccard of the two texts (128 permutations: sd ≈ 0.03)
    assert abs(jaccard(a, b) - true_jaccard(original, reposted)) < 0.12


def test_unrelated_articles_are_below_point_three() -> None:
    a, b = signature(text_key(BODY)), signature(text_key(OTHER))
    assert a is not None and b is not None
    assert jaccard(a, b) < 0.3


def test_short_text_gets_no_signature() -> None:
    short = "Sở Thông tin và Truyền thông thông báo lịch tiếp công dân tháng 3 năm 2024."
    assert len(syllables(text_key(short))) < MIN_SYLLABLES
    assert signature(text_key(short)) is None
    words = syllables(text_key(BODY))
    assert signature(" ".join(words[: MIN_SYLLABLES - 1])) is None
    assert signature(" ".join(words[:MIN_SYLLABLES])) is not None


def test_shingles_are_syllable_trigrams_without_punctuation() -> None:
    key = text_key("Hội nghị, sơ kết – năm (2024).")
    assert syllables(key) == ["hội", "nghị", "sơ", "kết", "năm", "2024"]
    assert shingles(key) == {"hội nghị sơ", "nghị sơ kết", "sơ kết năm", "kết năm 2024"}
    assert shingles(text_key("Hội nghị")) == set()


def test_diacritics_are_kept_in_shingles() -> None:
    """ma / má / mà are different words: stripping tones would make unrelated sentences collide."""
    assert shingles("ma má mà") != shingles("ma ma ma")
    assert shingles("ma má mà") == {"ma má mà"}


def test_signature_is_affine32_minhash_of_xxh32_with_the_fixed_seed() -> None:
    """Signatures are persisted: recompute one independently so a change of datasketch's scheme, the hash
    function or the seed is caught here instead of silently making stored signatures incomparable."""
    key = text_key(BODY)
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    hv = np.array([xxhash.xxh32_intdigest(s.encode()) for s in shingles(key)], dtype=np.uint32)
    hv ^= hv >> np.uint32(16)  # MurmurHash3 fmix32
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    expected = (hv[:, None] * a[None, :] + b[None, :]).min(axis=0)
    assert signature(key) == expected.astype("<u4").tobytes()
    assert len(signature(key) or b"") == 4 * NUM_PERM


@pytest.mark.parametrize("count", [MIN_SYLLABLES, 51, 400, 3000])
def test_signature_equals_datasketch_affine32_minhash(count: int) -> None:
    """The signature is computed here (importing datasketch loads scipy: 60 MB), but its values are
    datasketch's: states written with datasketch's MinHash stay comparable."""
    from datasketch import MinHash

    rng = random.Random(count)
    vocab = syllables(text_key(BODY + " " + OTHER))
    key = " ".join(rng.choice(vocab) for _ in range(count))
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=xxhash.xxh32_intdigest, scheme="affine32")
    sketch.update_batch([gram.encode() for gram in shingles(key)])
    assert signature(key) == sketch.hashvalues.astype("<u4").tobytes()


def test_making_signatures_does_not_import_scipy() -> None:
    """What the crawl imports to make a signature is numpy and xxhash, not datasketch's scipy."""
    code = (
        "import sys; from crawler.neardup import signature; signature(' '.join(['ab cd'] * 40)); "
        "print(sorted(m for m in ('scipy', 'datasketch') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_band_keys_cover_the_bands_and_change_only_where_the_signature_does() -> None:
    sig = signature(text_key(BODY))
    assert sig is not None
    keys = band_keys(sig)
    assert [band for band, _ in keys] == list(range(BANDS))
    assert all(-(1 << 31) <= key < (1 << 31) for _, key in keys)
    values = bytearray(sig)
    position = 3 * ROWS + 2  # a value inside band 3
    values[4 * position] ^= 0xFF
    changed = band_keys(bytes(values))
    assert [band for (band, k1), (_, k2) in zip(keys, changed, strict=True) if k1 != k2] == [3]


def test_band_threshold_is_about_one_half() -> None:
    """Candidates from ~0.5 (research: candidate threshold 0.5-0.6, confirm at 0.8)."""
    assert BANDS * ROWS <= NUM_PERM
    assert 0.5 <= (1 / BANDS) ** (1 / ROWS) <= 0.6
    assert 1 - (1 - 0.8**ROWS) ** BANDS > 0.999


def test_jaccard_estimate_follows_planted_edits() -> None:
    """Random syllable edits at growing rates: the estimate stays within sampling error of the truth."""
    rng = random.Random(7)
    vocab = syllables(text_key(BODY + " " + OTHER))
    words = [rng.choice(vocab) for _ in range(500)]
    base = " ".join(words)
    for rate in (0.02, 0.05, 0.10):
        edited = [rng.choice(vocab) if rng.random() < rate else w for w in words]
        truth = true_jaccard(base, " ".join(edited))
        estimate = jaccard(signature(base) or b"", signature(" ".join(edited)) or b"")
        assert abs(estimate - truth) < 0.12, (rate, truth, estimate)


def test_item_signature_is_summary_plus_body_in_key_form() -> None:
    assert item_signature(None, BODY) == signature(text_key(BODY))
    assert item_signature("Sapo của bài.", BODY) == signature(text_key("Sapo của bài.\n" + BODY))
    assert item_signature(None, "Quá ngắn.") is None
    assert item_signature(None, None) is None


def test_jaccard_rejects_foreign_sizes() -> None:
    with pytest.raises(ValueError, match="512"):
        jaccard(b"\0" * 10, b"\0" * 10)
    with pytest.raises(ValueError, match="512"):
        band_keys(b"\0" * 64)


def test_scheme_strings_name_the_fixed_parameters() -> None:
    assert f"seed={SEED}" in neardup.MINHASH_SCHEME
    assert "xxh32" in neardup.MINHASH_SCHEME
    assert f"bands={BANDS} rows={ROWS}" in neardup.LSH_SCHEME


def test_numpy_is_imported_by_the_first_signature_not_by_the_crawl_modules() -> None:
    """An unchanged nightly run computes no signature: it does not pay numpy's import (0.1 s)."""
    code = (
        "import sys\n"
        "import crawler.spiders.tinhoatdong, crawler.pipelines.dedupe, crawler.state.sqlite\n"
        "import crawler.state.recovery, crawler.neardup\n"
        "before = 'numpy' in sys.modules\n"
        "crawler.neardup.signature(' '.join(f'tiếng {i}' for i in range(60)))\n"
        "print(before, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2, reason="threads are counted in /proc"
)
def test_the_first_signature_starts_no_blas_threads() -> None:
    """numpy's OpenBLAS starts a thread a core, each spinning some 0.1 s of CPU, for matrix work the
    signatures never do: the crawl's process keeps its one thread (unless the environment asks more)."""
    code = (
        "import os\n"
        "import crawler.neardup\n"
        "crawler.neardup.signature(' '.join(f'tiếng {i}' for i in range(60)))\n"
        "print(len(os.listdir('/proc/self/task')))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.split() == ["1"]
    env["OPENBLAS_NUM_THREADS"] = "2"  # the user's own setting stands
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.split() == ["2"]


def test_jaccard_is_the_share_of_equal_32_bit_values() -> None:
    """Signatures as 128 little-endian uint32 values: equal values count, a value differing in any one of
    its four bytes does not."""
    import struct

    rng = random.Random(11)
    for shared in (0, 1, 37, 127, 128):
        a = [rng.getrandbits(32) for _ in range(NUM_PERM)]
        b = [rng.getrandbits(32) for _ in range(NUM_PERM)]
        for i in rng.sample(range(NUM_PERM), shared):
            b[i] = a[i]
        for i in range(NUM_PERM):  # near misses: one byte off
            if b[i] != a[i] and rng.random() < 0.5:
                b[i] = a[i] ^ (0xFF << (8 * rng.randrange(4)))
        sig_a, sig_b = struct.pack(f"<{NUM_PERM}I", *a), struct.pack(f"<{NUM_PERM}I", *b)
        assert jaccard(sig_a, sig_b) == shared / NUM_PERM
        assert jaccard(sig_b, sig_a) == shared / NUM_PERM
