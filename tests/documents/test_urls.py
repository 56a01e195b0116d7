"""URL normalization: shared vectors (also run by the extension) and properties."""

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from server.documents.urls import (
    MAX_URL_LENGTH,
    InvalidURL,
    document_key,
    key_of_normalized,
    normalize_url,
    same_site,
)

VECTORS = json.loads(Path(__file__).with_name("url_vectors.json").read_text(encoding="utf-8"))

# No example database: it would write a .hypothesis directory into the repo.
PROPERTY_SETTINGS = settings(database=None, max_examples=300, deadline=None)


def _ids(cases):
    return [case["why"] for case in cases]


@pytest.mark.parametrize("case", VECTORS["normalize"], ids=_ids(VECTORS["normalize"]))
def test_normalize_matches_vector(case):
    assert normalize_url(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["normalize"], ids=_ids(VECTORS["normalize"]))
def test_normalized_vector_is_already_normal(case):
    assert normalize_url(case["expected"]) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["document_key"], ids=_ids(VECTORS["document_key"]))
def test_document_key_matches_vector(case):
    assert document_key(case["input"]) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["invalid"], ids=_ids(VECTORS["invalid"]))
def test_invalid_url_is_rejected_with_a_message(case):
    with pytest.raises(InvalidURL) as raised:
        normalize_url(case["input"])
    message = str(raised.value)
    assert message.endswith(".") and message[0].isupper()


@pytest.mark.parametrize("case", VECTORS["invalid"], ids=_ids(VECTORS["invalid"]))
def test_invalid_url_has_no_document_key(case):
    with pytest.raises(InvalidURL):
        document_key(case["input"])


@pytest.mark.parametrize("case", VECTORS["same_site"], ids=_ids(VECTORS["same_site"]))
def test_same_site_matches_vector(case):
    assert same_site(case["a"], case["b"]) is case["expected"]
    assert same_site(case["b"], case["a"]) is case["expected"]  # symmetric


def test_vectors_file_has_enough_cases_of_each_kind():
    assert len(VECTORS["normalize"]) >= 45
    assert len(VECTORS["document_key"]) >= 8
    assert len(VECTORS["invalid"]) >= 10
    assert len(VECTORS["same_site"]) >= 8


def test_vector_descriptions_are_unique():
    # The extension reports failures by "why"; duplicates would be ambiguous.
    for kind, cases in VECTORS.items():
        whys = _ids(cases)
        assert len(whys) == len(set(whys)), kind


def test_url_at_the_length_limit_is_accepted():
    url = "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/"))
    assert normalize_url(url) == url


def test_url_over_the_length_limit_is_rejected():
    url = "https://example.com/" + "a" * (MAX_URL_LENGTH + 1 - len("https://example.com/"))
    with pytest.raises(InvalidURL):
        normalize_url(url)


def test_url_too_long_once_encoded_is_rejected():
    # 1000 "é" fit the limit but encode to 6000 characters.
    with pytest.raises(InvalidURL):
        normalize_url("https://example.com/" + "é" * 1000)


def test_non_string_is_rejected():
    with pytest.raises(InvalidURL):
        normalize_url(None)  # type: ignore[arg-type]


def test_same_site_rejects_an_invalid_url():
    with pytest.raises(InvalidURL):
        same_site("javascript:alert(1)", "https://example.com/")


def test_invalid_url_is_a_value_error():
    assert issubclass(InvalidURL, ValueError)


# --- property tests -------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_label = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_LETTERS),  # a letter first: all-digit last labels are IPv4
    st.text(alphabet=_LETTERS + "0123456789-_", max_size=8),
)
_host = st.one_of(
    st.builds(
        lambda labels, dot: ".".join(labels) + dot,
        st.lists(_label, min_size=1, max_size=4),
        st.sampled_from(["", "."]),
    ),
    st.sampled_from(["münchen.de", "日本語.jp", "[2001:DB8::1]", "[::1]", "10.0.0.1", "0x7f.1"]),
)
# Path and query pieces mixing plain text, escapes (valid, lower-case,
# unreserved, reserved and broken), unsafe characters and dot segments.
_piece = st.lists(
    st.one_of(
        st.text(alphabet=_LETTERS + "0123456789-._~!$()*+,;:@'", max_size=6),
        st.sampled_from(
            ["%2e", "%2E", "%41", "%7e", "%2f", "%3F", "%c3%a9", "%", "%z", "%%35",
             " ", "é", "日", "|", "^", "{", "\"", "<", "\\", "."]
        ),
    ),
    max_size=5,
).map("".join)
_path = st.lists(
    st.one_of(_piece, st.sampled_from([".", "..", "", "%2e%2e"])), max_size=6
).map(lambda segments: "/" + "/".join(segments))
_key = st.one_of(
    _piece,
    st.sampled_from(["utm_source", "UTM_Medium", "fbclid", "WT.mc_id", "wt.x", "id", "a", "B"]),
)
_pair = st.builds(
    lambda key, sep, value: key + sep + value, _key, st.sampled_from(["", "="]), _piece
)
_query = st.one_of(
    st.just(""), st.lists(_pair, max_size=5).map(lambda pairs: "?" + "&".join(pairs))
)
_port = st.one_of(st.just(""), st.integers(0, 65535).map(lambda port: f":{port}"))
_userinfo = st.sampled_from(["", "user@", "user:pass@"])
_fragment = st.sampled_from(["", "#", "#top", "#a?b=c"])


@st.composite
def _url_without_scheme(draw, port=_port):
    parts = (_userinfo, _host, port, _path, _query, _fragment)
    return "".join(draw(part) for part in parts)


def _normalize_or_skip(url):
    try:
        return normalize_url(url)
    except InvalidURL:
        assume(False)


@PROPERTY_SETTINGS
@given(st.sampled_from(["http", "https", "HTTP", "Https"]), _url_without_scheme())
def test_normalizing_twice_changes_nothing(scheme, rest):
    once = _normalize_or_skip(f"{scheme}://{rest}")
    assert normalize_url(once) == once


# An explicit :80 is the http default but a real port for https, so those
# URLs are deliberately different documents (see the document_key vectors).
_port_not_80 = _port.filter(lambda port: port != ":80")


@PROPERTY_SETTINGS
@given(_url_without_scheme(port=_port_not_80))
def test_http_and_https_share_a_document_key(rest):
    _normalize_or_skip(f"https://{rest}")
    assert document_key(f"http://{rest}") == document_key(f"https://{rest}")


@PROPERTY_SETTINGS
@given(st.sampled_from(["http", "https"]), _url_without_scheme())
def test_document_key_is_its_own_document_key(scheme, rest):
    url = f"{scheme}://{rest}"
    _normalize_or_skip(url)
    key = document_key(url)
    assert key.startswith("https://")
    assert document_key(key) == key


@pytest.mark.parametrize("case", VECTORS["normalize"] + VECTORS["document_key"], ids=lambda c: c["why"])
def test_key_of_normalized_url_equals_document_key(case):
    assert key_of_normalized(normalize_url(case["input"])) == document_key(case["input"])
