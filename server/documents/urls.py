"""Normalization of news-page URLs into stable document keys.

Pure standard library on purpose: the browser extension re-implements these
rules in JavaScript on top of the WHATWG ``URL`` class, and both sides are
checked against the same vectors (``tests/documents/url_vectors.json``).
Every rule below is therefore written so that it can be applied either to
raw input (here) or to what ``new URL(input)`` already parsed (in JS).

Rules of ``normalize_url``, applied in this order:

1. Input.  Must be a string of at most ``MAX_URL_LENGTH`` code points after
   step 1a.  (a) Leading/trailing C0 controls and spaces (U+0000-U+0020) are
   stripped and every tab, LF and CR inside is removed -- exactly what the
   WHATWG parser does.  Lone UTF-16 surrogates become U+FFFD, as in a JS
   string handed to ``URL``.  (b) The text must start with ``http://`` or
   ``https://`` (scheme case-insensitive) and a non-empty authority must
   follow the ``//`` directly: other schemes, relative URLs, ``http:x`` and
   ``http:///x`` are invalid.
2. Structure.  The fragment starts at the first ``#``, the query at the
   first ``?`` before it; in the part before the query a backslash counts as
   ``/`` (WHATWG does this for http/https).  The authority ends at the first
   ``/``.
3. Userinfo.  Everything up to the LAST ``@`` of the authority is dropped.
4. Host.  Percent-escapes are decoded; non-ASCII labels are converted with
   Python's ``idna`` codec (labels split on ``.`` and the ideographic dots);
   the host is lower-cased.  A host whose last label is a number (decimal, or
   ``0x`` hex) is an IPv4 address parsed as WHATWG does (``0x7f.1`` ->
   ``127.0.0.1``; out of range -> invalid).  Trailing dots are then removed.
   The result must use only ``a-z 0-9 - _ .``; if it still ends in a number
   it must be a dotted-decimal IPv4 address.  ``[...]`` is an IPv6 literal,
   kept in brackets and written in the WHATWG canonical form (lower-case,
   longest zero run compressed, no zone id).
5. Port.  ASCII digits only, at most 65535, otherwise invalid; an empty port
   is no port; the scheme's default (80 for http, 443 for https) is dropped.
6. Fragment.  Dropped.
7. Escapes (path segments, query keys and values).  ``%XX`` escapes of
   unreserved characters (``A-Z a-z 0-9 - . _ ~``) are decoded, other
   escapes are upper-cased, a ``%`` not followed by two hex digits becomes
   ``%25``.  Any character outside the unreserved set and
   ``! $ & ( ) * + , ; = : @ / ?`` is percent-encoded as UTF-8 -- including
   ``'``, which WHATWG already encodes in queries, so both sides agree.
8. Path.  Empty becomes ``/``.  Segments are canonicalized (rule 7), then
   ``.``/``..`` segments are resolved like WHATWG does (so ``%2e`` counts as
   a dot).  All trailing slashes are removed except for the root ``/``.
   Other duplicate slashes are kept: sites may route them differently.
9. Query.  Split on ``&``; empty pieces dropped; each piece is a key and,
   from the first ``=``, a value (``a`` and ``a=`` stay distinct).  Keys and
   values are canonicalized (rule 7; ``+`` is kept), then tracking keys are
   removed (``TRACKING_PARAMS`` and ``TRACKING_PARAM_PREFIXES`` compared to
   the lower-cased key, ``CASE_SENSITIVE_TRACKING_PREFIXES`` to the key as
   written).  Pairs are sorted by key, then value, then bare before ``=``,
   in code-point order (so ``B`` sorts before ``a``).  Duplicates are kept.
   No pairs left means no ``?``.
10. Output is ``scheme://host[:port]path[?query]``; if that is longer than
   ``MAX_URL_LENGTH`` the URL is invalid (keeps normalization idempotent).

``document_key`` then turns ``http`` into ``https`` (dropping a now-default
port 443), and ``same_site`` compares hosts after dropping one leading label
from ``SAME_SITE_PREFIXES``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import string
from encodings.idna import nameprep
from typing import NamedTuple
from urllib.parse import unquote

MAX_URL_LENGTH = 2048

# Exact query keys that only identify a click, a campaign or a visitor; they
# never select content, so two URLs differing only in them are one document.
TRACKING_PARAMS = frozenset(
    {
        "gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid",
        "mc_cid", "mc_eid", "igshid", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv",
        "wickedid", "twclid", "ttclid", "srsltid",
    }
)
# Prefixes compared with the lower-cased key (utm_source, UTM_Medium, ...).
TRACKING_PARAM_PREFIXES = ("utm_",)
# Webtrends keys are conventionally written "WT.xx"; a lower-case "wt." key
# is more likely a real parameter, so this prefix is case-sensitive.
CASE_SENSITIVE_TRACKING_PREFIXES = ("WT.",)

# Leading labels that name a variant of the same site, not another site.
SAME_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")

DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_RAW_OK = "".join(sorted(_UNRESERVED)) + "!$&()*+,;=:@/?"
# Tokens that need work: an escape, or any character not allowed raw
# (a lone "%" included, since "%" is not in _RAW_OK).
_TOKEN_RE = re.compile(r"%[0-9A-Fa-f]{2}|[^" + re.escape(_RAW_OK) + "]", re.S)
_SCHEME_RE = re.compile(r"(https?)://", re.IGNORECASE)
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_LABEL_DOTS_RE = re.compile("[.\u3002\uff0e\uff61]")
_HOST_RE = re.compile(r"[a-z0-9_.-]+")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_RE = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_IPV4_NUMBER_RES = {
    16: re.compile(r"[0-9a-f]+"),
    8: re.compile(r"[0-7]+"),
    10: re.compile(r"[0-9]+"),
}


class InvalidURL(ValueError):
    """The input cannot be a news-page URL; the message says why."""


class _Parts(NamedTuple):
    scheme: str
    host: str
    port: int | None  # None when absent or equal to the scheme's default
    path: str
    query: str  # "" or "?..."

    def serialize(self) -> str:
        port = "" if self.port is None else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.path}{self.query}"


def normalize_url(url: str) -> str:
    """Return the canonical form of an http(s) URL (rules in the docstring)."""
    return _parse(url).serialize()


def document_key(url: str) -> str:
    """Return the lookup key: the normalized URL with http upgraded to https.

    Sites serve the same article on both schemes, so they are one document.
    """
    parts = _parse(url)
    if parts.scheme == "http":
        # 443 was not a default port for http but is one for https.
        port = None if parts.port == DEFAULT_PORTS["https"] else parts.port
        parts = parts._replace(scheme="https", port=port)
    return parts.serialize()


def key_of_normalized(url: str) -> str:
    """document_key() of a URL that normalize_url() already returned, skipping a second parse
    for the common https case."""
    return url if url.startswith("https://") else document_key(url)


def same_site(a: str, b: str) -> bool:
    """Tell whether two URLs belong to one site (host up to www./m./amp./mobile.).

    Deliberately strict -- no public-suffix logic, no other subdomains -- so a
    client cannot attach a page to an unrelated site's document.  Scheme and
    port are ignored.  Raises InvalidURL if either URL is invalid.
    """
    return _site_host(_parse(a).host) == _site_host(_parse(b).host)


def _site_host(host: str) -> str:
    # Only one label: "www.m.example.com" is not the same site as example.com.
    for prefix in SAME_SITE_PREFIXES:
        if host.startswith(prefix) and len(host) > len(prefix):
            return host[len(prefix):]
    return host


def _parse(url: str) -> _Parts:
    text = _prepare(url)
    match = _SCHEME_RE.match(text)
    if not match:
        raise InvalidURL("Only http:// and https:// URLs are accepted.")
    scheme = match.group(1).lower()
    rest = text[match.end():].split("#", 1)[0]  # fragment never reaches servers
    before_query, _, query = rest.partition("?")
    # WHATWG treats "\" as "/" in http(s) URLs everywhere before the query.
    authority, slash, path = before_query.replace("\\", "/").partition("/")
    host, port = _parse_authority(authority, scheme)
    parts = _Parts(scheme, host, port, _normalize_path(slash + path), _normalize_query(query))
    if len(parts.serialize()) > MAX_URL_LENGTH:
        # Otherwise normalizing the output again would fail.
        raise InvalidURL(f"The URL is longer than {MAX_URL_LENGTH} characters once normalized.")
    return parts


def _prepare(url: str) -> str:
    if not isinstance(url, str):
        raise InvalidURL("The URL must be a string.")
    # Same trimming and tab/newline removal as the WHATWG parser.
    text = _TAB_NEWLINE_RE.sub("", url.strip(_C0_AND_SPACE))
    if not text:
        raise InvalidURL("The URL is empty.")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidURL(f"The URL is longer than {MAX_URL_LENGTH} characters.")
    # JS strings reach URL as USVString: lone surrogates become U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _parse_authority(authority: str, scheme: str) -> tuple[str, int | None]:
    # Userinfo is dropped for privacy; WHATWG splits at the last "@".
    host_port = authority.rpartition("@")[2]
    if not host_port:
        raise InvalidURL("The URL has no host.")
    if host_port.startswith("["):
        literal, bracket, after = host_port[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise InvalidURL("The URL has a malformed IPv6 address.")
        host, port_text = f"[{_ipv6(literal)}]", after[1:]
    else:
        host_text, _, port_text = host_port.partition(":")
        host = _domain_or_ipv4(host_text)
    return host, _parse_port(port_text, scheme)


def _parse_port(port_text: str, scheme: str) -> int | None:
    if not port_text:
        return None  # "example.com:" has no port, as in WHATWG
    if not (port_text.isascii() and port_text.isdigit()) or int(port_text) > 65535:
        raise InvalidURL("The URL has an invalid port.")
    port = int(port_text)
    return None if port == DEFAULT_PORTS[scheme] else port


def _ipv6(literal: str) -> str:
    # Zone ids ("%eth0") are meaningless off the local machine; WHATWG rejects them.
    if "%" in literal:
        raise InvalidURL("The URL has a malformed IPv6 address.")
    try:
        packed = ipaddress.IPv6Address(literal).packed
    except ValueError:
        raise InvalidURL("The URL has a malformed IPv6 address.") from None
    # Serialize ourselves: Python >= 3.13 writes IPv4-mapped addresses
    # differently from WHATWG, which always uses hex pieces.
    pieces = [packed[i] << 8 | packed[i + 1] for i in range(0, 16, 2)]
    start, length = _longest_zero_run(pieces)
    if length < 2:  # WHATWG never compresses a single zero piece
        return ":".join(f"{p:x}" for p in pieces)
    head = ":".join(f"{p:x}" for p in pieces[:start])
    tail = ":".join(f"{p:x}" for p in pieces[start + length:])
    return f"{head}::{tail}"


def _longest_zero_run(pieces: list[int]) -> tuple[int, int]:
    best_start, best_length, run_start = 0, 0, None
    for i, piece in enumerate(pieces + [1]):  # sentinel closes a final run
        if piece == 0 and run_start is None:
            run_start = i
        elif piece != 0 and run_start is not None:
            if i - run_start > best_length:  # strict ">" keeps the first run
                best_start, best_length = run_start, i - run_start
            run_start = None
    return best_start, best_length


def _domain_or_ipv4(text: str) -> str:
    host = _to_ascii(unquote(text)).lower()  # WHATWG decodes escapes in hosts
    if _ends_in_number(host):
        host = _parse_ipv4(host)
    host = host.rstrip(".")  # "example.com." names the same host
    if not host or not _HOST_RE.fullmatch(host):
        raise InvalidURL("The URL has an invalid host name.")
    if _ends_in_number(host) and not _IPV4_RE.fullmatch(host):
        # e.g. "0x7f.1..": WHATWG kept it as a name, but once the dots are
        # gone it would parse as an address, so normalizing twice would differ.
        raise InvalidURL("The URL has an invalid IPv4 address.")
    return host


def _to_ascii(host: str) -> str:
    if host.isascii():
        return host
    # Per label, so ASCII labels are not subject to the codec's length checks
    # (WHATWG does not enforce DNS lengths either).
    labels = _LABEL_DOTS_RE.split(host)
    try:
        return ".".join(_label_to_ascii(label) for label in labels)
    except UnicodeError:
        raise InvalidURL("The URL has an invalid internationalized host name.") from None


def _label_to_ascii(label: str) -> str:
    if label.isascii():
        return label
    # A label of ignorable characters (soft hyphen) maps to nothing; the codec
    # would reject it, WHATWG just keeps an empty label.
    if not nameprep(label):
        return ""
    return label.encode("idna").decode("ascii")


def _ends_in_number(host: str) -> bool:
    # WHATWG's "ends in a number" check: such hosts are IPv4, never names.
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    last = labels[-1]
    return bool(re.fullmatch(r"[0-9]+|0x[0-9a-f]*", last))


def _parse_ipv4(host: str) -> str:
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    if len(labels) > 4:
        raise InvalidURL("The URL has an invalid IPv4 address.")
    numbers = [_ipv4_number(label) for label in labels]
    # Leading parts are bytes; the last one fills all remaining bytes.
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise InvalidURL("The URL has an invalid IPv4 address.")
    value = numbers[-1]
    for i, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - i))
    return ".".join(str(value >> shift & 255) for shift in (24, 16, 8, 0))


def _ipv4_number(label: str) -> int:
    # WHATWG accepts 0x hex and leading-zero octal parts, as inet_aton does.
    if label[:2] == "0x":
        base, digits = 16, label[2:]
    elif len(label) > 1 and label[0] == "0":
        base, digits = 8, label[1:]
    else:
        base, digits = 10, label
    if label == "" or (digits and not _IPV4_NUMBER_RES[base].fullmatch(digits)):
        raise InvalidURL("The URL has an invalid IPv4 address.")
    return int(digits, base) if digits else 0


def _canonical_escapes(text: str) -> str:
    """Apply rule 7 to one path segment, query key or query value."""
    return _TOKEN_RE.sub(_canonical_token, text)


def _canonical_token(match: re.Match[str]) -> str:
    token = match.group()
    if len(token) == 3:  # a %XX escape
        char = chr(int(token[1:], 16))
        return char if char in _UNRESERVED else token.upper()
    # A lone "%" or a character that must be escaped.
    return "".join(f"%{byte:02X}" for byte in token.encode("utf-8"))


def _normalize_path(path: str) -> str:
    if not path:
        return "/"
    # Canonicalize first so "%2e" is recognised as a dot, as WHATWG does.
    segments = [_canonical_escapes(s) for s in path.split("/")[1:]]
    path = "/" + "/".join(_remove_dot_segments(segments))
    # All trailing slashes: stripping only one would not be idempotent.
    return path.rstrip("/") or "/"


def _remove_dot_segments(segments: list[str]) -> list[str]:
    # The WHATWG path state: ".." pops, "." vanishes, and either one as the
    # final segment leaves an empty segment (a trailing slash) behind.
    out: list[str] = []
    for i, segment in enumerate(segments):
        is_last = i == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if is_last:
                out.append("")
        elif segment == ".":
            if is_last:
                out.append("")
        else:
            out.append(segment)
    return out


def _normalize_query(query: str) -> str:
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue  # "a=1&&b=2" and a trailing "&" carry nothing
        key, equals, value = piece.partition("=")
        key, value = _canonical_escapes(key), _canonical_escapes(value)
        if not _is_tracking(key):
            pairs.append((key, value, equals))
    if not pairs:
        return ""
    # Parameter order rarely matters to servers but varies between links.
    pairs.sort()
    return "?" + "&".join(key + equals + value for key, value, equals in pairs)


def _is_tracking(key: str) -> bool:
    # Keys are canonical here, so "utm%5Fsource" already reads "utm_source".
    lowered = key.lower()
    return (
        lowered in TRACKING_PARAMS
        or lowered.startswith(TRACKING_PARAM_PREFIXES)
        or key.startswith(CASE_SENSITIVE_TRACKING_PREFIXES)
    )


def url_hash(normalized: str) -> str:
    """SHA-256 hex of a normalized URL: what GET /api/lookup publishes instead of the URL."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def key_hashes(key: str) -> tuple[str, str | None]:
    """The lookup hashes of a document key (an https URL): its own, and that of the http:// URL that
    normalizes and folds into it (a reader on the http page hashes that form), when there is one."""
    try:
        http_form = normalize_url("http://" + key.removeprefix("https://"))
    except InvalidURL:
        return url_hash(key), None
    return url_hash(key), url_hash(http_form) if key_of_normalized(http_form) == key else None
