"""The site registry: every kind of bad file is refused with a message naming file, entry and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.registry import (
    ALLOWED_KEYS,
    BUILTIN_REGISTRY,
    PLATFORMS,
    RegistryError,
    Site,
    load_registry,
    select_sites,
)
from crawler.urls import canonical_url

FIXTURES = Path(__file__).parent / "fixtures" / "registry"


def errors_of(name: str) -> list[str]:
    with pytest.raises(RegistryError) as info:
        load_registry(FIXTURES / name)
    assert str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


# (fixture, entry label as printed, key, a fragment of the problem)
ENTRY_ERRORS = [
    ("missing_key.yaml", "entry 2 (id 'demo_b')", "province", "missing"),
    ("wrong_type.yaml", "entry 1 (id 'demo_a')", "start_urls", "expected a list of URLs, got a string"),
    ("wrong_type_enabled.yaml", "entry 1 (id 'demo_a')", "enabled", "expected true or false, got a string"),
    ("duplicate_id.yaml", "entry 3 (id 'demo_a')", "id", "duplicate id 'demo_a' (first used by entry 1)"),
    ("bad_id.yaml", "entry 1 (id 'ninh-thuận')", "id", "is not an ascii slug [a-z0-9_]+"),
    ("bad_url.yaml", "entry 3 (id 'ninh_thuan')", "start_urls", "'htp://x' is not an http(s) URL"),
    (
        "url_no_host.yaml",
        "entry 1 (id 'demo_a')",
        "start_urls",
        "'https:///tin-hoat-dong' is not an http(s) URL",
    ),
    (
        "unknown_platform.yaml",
        "entry 1 (id 'demo_a')",
        "platform",
        "'wordpress' is not one of uiarticle, portal, liferay, dnn, sharepoint, joomla, drupal, nukeviet, "
        "generic",
    ),
    ("unknown_key.yaml", "entry 1 (id 'demo_a')", "plaftorm", "unknown key"),
    ("bad_date_order.yaml", "entry 1 (id 'demo_a')", "date_order", "'ymd' is not one of dmy, mdy"),
    (
        "bad_selector.yaml",
        "entry 1 (id 'demo_a')",
        "selectors.title",
        "'h1[class=' is not a valid CSS selector",
    ),
    ("unknown_selector_field.yaml", "entry 1 (id 'demo_a')", "selectors.headline", "unknown selector field"),
    ("bad_status.yaml", "entry 1 (id 'demo_a')", "status", "'verified' is not one of seen, unverified"),
    ("bad_domain.yaml", "entry 1 (id 'demo_a')", "domains", "'https://files.a.gov.vn/' is not a host name"),
]


@pytest.mark.parametrize(
    ("fixture", "entry", "key", "problem"), ENTRY_ERRORS, ids=[e[0] for e in ENTRY_ERRORS]
)
def test_entry_error_names_file_entry_and_key(fixture: str, entry: str, key: str, problem: str) -> None:
    errors = errors_of(fixture)
    assert len(errors) == 1
    prefix = f"{FIXTURES / fixture}: {entry}: key '{key}': "
    assert errors[0].startswith(prefix)
    assert problem in errors[0][len(prefix) :]


def test_contract_example_message_shape() -> None:
    shown = FIXTURES / "bad_url.yaml"
    assert errors_of("bad_url.yaml") == [
        f"{shown}: entry 3 (id 'ninh_thuan'): key 'start_urls': 'htp://x' is not an http(s) URL"
    ]


def test_yaml_syntax_error_gives_the_line() -> None:
    errors = errors_of("syntax.yaml")
    assert len(errors) == 1
    assert errors[0].startswith(f"{FIXTURES / 'syntax.yaml'}: YAML syntax error: line 6, column 1: ")
    assert "at line 5" in errors[0]  # where the unclosed list started


def test_duplicate_yaml_key_is_refused_not_overwritten() -> None:
    assert errors_of("duplicate_key.yaml") == [
        f"{FIXTURES / 'duplicate_key.yaml'}: YAML error: line 7, column 5: duplicate key 'platform'"
    ]


@pytest.mark.parametrize("fixture", ["top_level_list.yaml", "sites_not_list.yaml"])
def test_top_level_must_be_sites_list(fixture: str) -> None:
    errors = errors_of(fixture)
    assert len(errors) == 1
    assert errors[0].startswith(f"{FIXTURES / fixture}: ")
    assert "'sites'" in errors[0]


def test_top_level_extra_key_and_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("sites: []\nsite: []\n", encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert info.value.errors == [
        f"{path}: unknown top-level key 'site' (only 'sites')",
        f"{path}: key 'sites': the list is empty",
    ]


def test_missing_file_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as info:
        load_registry(tmp_path / "nope.yaml")
    assert info.value.errors[0].startswith(f"{tmp_path / 'nope.yaml'}: cannot read the registry")


def test_all_errors_are_collected_in_one_raise() -> None:
    shown = FIXTURES / "many_errors.yaml"
    assert errors_of("many_errors.yaml") == [
        f"{shown}: entry 1 (id 'demo_a'): key 'start_urls': 'ftp://a.gov.vn/tin' is not an http(s) URL",
        f"{shown}: entry 1 (id 'demo_a'): key 'platform': 'wordpress' is not one of {', '.join(PLATFORMS)}",
        f"{shown}: entry 2 (no id): key 'id': missing (required: id, name, province, start_urls)",
        f"{shown}: entry 3 (id 'demo_c'): key 'colour': unknown key (allowed: {', '.join(sorted(ALLOWED_KEYS))})",  # noqa: E501
        f"{shown}: entry 3 (id 'demo_c'): key 'name': must not be empty",
        f"{shown}: entry 3 (id 'demo_c'): key 'date_order': 'ymd' is not one of dmy, mdy",
        f"{shown}: entry 4: expected a mapping of keys, got a string",
    ]


def test_minimal_entry_gets_defaults() -> None:
    (site,) = load_registry(FIXTURES / "good_minimal.yaml")
    assert site.id == "demo_min"
    assert site.name == "Sở Thông tin và Truyền thông tỉnh Demo"
    assert site.province == "Demo"
    assert site.start_urls == ("http://127.0.0.1:8765/tin-hoat-dong",)
    assert site.platform is None
    assert site.enabled is True
    assert dict(site.selectors) == {}
    assert site.category is None
    assert site.date_order == "dmy"
    assert site.allowed_domains == ("127.0.0.1:8765",)  # the port is kept
    assert site.status is None
    assert site.evidence == ()
    assert site.same_host_variants is False


def test_full_entry_reads_every_key() -> None:
    full, off = load_registry(FIXTURES / "good_full.yaml")
    assert full.platform == "sharepoint"
    assert dict(full.selectors) == {
        "title": "h1.ArticleHeader::text",
        "text": "div.ArticleContent",
        "listing_item": ".UIListNews_Default .item a::attr(href)",
        "next_page": "a.next",
    }
    assert full.category == "Tin hoạt động"
    assert full.date_order == "mdy"
    # hosts of the start URLs (lower-cased), then extra domains, each once
    assert full.allowed_domains == ("stttt.demo.gov.vn", "www.demo.gov.vn", "files.demo.gov.vn")
    assert full.province_2025 == "Demo Mới"
    assert full.successor == "https://sokhcn.demo.gov.vn/"
    assert full.status == "seen"
    assert full.notes == "a note"
    assert full.evidence == ("https://stttt.demo.gov.vn/tin-hoat-dong/a-1",)
    assert off.enabled is False


def _one_entry(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "sites.yaml"
    path.write_text(
        "sites:\n"
        "  - id: soc_trang\n"
        "    name: Sở Thông tin và Truyền thông tỉnh Sóc Trăng\n"
        "    province: Sóc Trăng\n"
        "    start_urls: [http://www.sotttt.soctrang.gov.vn/]\n" + extra,
        encoding="utf-8",
    )
    return path


def test_same_host_variants_true_reaches_the_site_and_its_canonical_urls(tmp_path: Path) -> None:
    (site,) = load_registry(_one_entry(tmp_path, "    same_host_variants: true\n"))
    assert site.same_host_variants is True
    assert (
        canonical_url("https://sotttt.soctrang.gov.vn/-/bai-1", site)
        == "http://www.sotttt.soctrang.gov.vn/-/bai-1"
    )
    (off,) = load_registry(_one_entry(tmp_path, "    same_host_variants: false\n"))
    assert off.same_host_variants is False
    assert (
        canonical_url("https://sotttt.soctrang.gov.vn/-/bai-1", off)
        == "https://sotttt.soctrang.gov.vn/-/bai-1"
    )


@pytest.mark.parametrize(
    ("value", "got"), [("yes please", "a string"), ("1", "an integer"), ("", "nothing (null)")]
)
def test_same_host_variants_must_be_a_boolean(tmp_path: Path, value: str, got: str) -> None:
    path = _one_entry(tmp_path, f"    same_host_variants: {value}\n")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert info.value.errors == [
        f"{path}: entry 1 (id 'soc_trang'): key 'same_host_variants': expected true or false, got {got}"
    ]


def test_site_is_immutable_and_hashable() -> None:
    (site,) = load_registry(FIXTURES / "good_minimal.yaml")
    with pytest.raises(TypeError):
        site.selectors["title"] = "h1"  # type: ignore[index]
    assert {site: 1}[site] == 1


def test_site_built_in_code_derives_allowed_domains() -> None:
    site = Site(
        id="x", name="n", province="p", start_urls=["https://A.gov.vn:443/x", "http://b.gov.vn:8080/"]
    )
    assert site.start_urls == ("https://A.gov.vn:443/x", "http://b.gov.vn:8080/")
    assert site.allowed_domains == ("a.gov.vn", "b.gov.vn:8080")


def test_builtin_registry_loads() -> None:
    """The built-in registry loads and keeps the platforms the research saw (the full checks of its 63
    entries are in test_registry_builtin.py)."""
    sites = load_registry()
    assert load_registry(BUILTIN_REGISTRY) == sites
    assert len(sites) == 63
    by_id = {s.id: s for s in sites}
    assert by_id["hai_phong"].platform == "uiarticle"
    assert by_id["dong_thap"].platform == "liferay"
    assert by_id["gia_lai"].platform == "joomla"
    assert by_id["an_giang"].platform == "drupal"
    assert by_id["ha_nam"].platform == "sharepoint"
    assert by_id["lao_cai"].platform == "uiarticle"
    assert len(by_id["ninh_thuan"].start_urls) == 2


# select_sites


def _two_sites() -> list[Site]:
    return load_registry(FIXTURES / "good_full.yaml")  # demo_full (enabled), demo_off (disabled)


def test_select_none_gives_enabled_sites() -> None:
    assert [s.id for s in select_sites(_two_sites(), None)] == ["demo_full"]
    assert [s.id for s in select_sites(_two_sites(), "  ")] == ["demo_full"]


def test_select_named_includes_disabled_in_named_order() -> None:
    assert [s.id for s in select_sites(_two_sites(), "demo_off, demo_full,demo_off")] == [
        "demo_off",
        "demo_full",
    ]


def test_select_unknown_id_names_known_ids() -> None:
    with pytest.raises(RegistryError) as info:
        select_sites(_two_sites(), "demo_full,nope")
    assert str(info.value) == "unknown site id 'nope' (known: demo_full, demo_off)"
