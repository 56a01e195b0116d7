// URL normalization: a port of server/documents/urls.py (read its docstring for the rules, in
// order). Both sides run tests/documents/url_vectors.json, so a page's URL hashes to the same key
// here and on the server. Plain JavaScript (no extension API): the Node tests import it as is.
//
// One deliberate difference: non-ASCII host labels go through the WHATWG URL parser (UTS #46)
// where the server uses Python's IDNA 2003 codec. They agree on ordinary names; pages never reach
// this code with a Unicode host anyway, since `location.href` is already in ASCII (punycode).

export const MAX_URL_LENGTH = 2048;

const TRACKING_PARAMS = new Set([
  "gclid", "gclsrc", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl",
  "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wickedid", "twclid",
  "ttclid", "srsltid",
]);
const TRACKING_PARAM_PREFIXES = ["utm_"]; // compared with the lower-cased key
const CASE_SENSITIVE_TRACKING_PREFIXES = ["WT."];
const SAME_SITE_PREFIXES = ["www.", "m.", "amp.", "mobile."];
const DEFAULT_PORTS = { http: 80, https: 443 };

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// An escape, or one character (a whole code point) that may not appear raw.
const TOKEN_RE = /%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&()*+,;=:@/?]/gsu;
const SCHEME_RE = /^(https?):\/\//i;
const LABEL_DOTS_RE = /[.\u3002\uff0e\uff61]/;
const HOST_RE = /^[a-z0-9_.-]+$/;
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4_RE = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const IPV4_DIGITS = { 16: /^[0-9a-f]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/ };

export class InvalidURL extends Error {}

/** The canonical form of an http(s) URL; throws InvalidURL. */
export function normalizeUrl(url) {
  return serialize(parse(url));
}

/** The server's document key: the normalized URL with http folded into https. */
export function documentKey(url) {
  const parts = parse(url);
  if (parts.scheme === "http") {
    parts.scheme = "https";
    if (parts.port === DEFAULT_PORTS.https) parts.port = null;
  }
  return serialize(parts);
}

/** One site: hosts equal once one leading www./m./amp./mobile. label is dropped. */
export function sameSite(a, b) {
  return siteHost(parse(a).host) === siteHost(parse(b).host);
}

function siteHost(host) {
  const prefix = SAME_SITE_PREFIXES.find((p) => host.startsWith(p) && host.length > p.length);
  return prefix ? host.slice(prefix.length) : host;
}

function serialize({ scheme, host, port, path, query }) {
  return `${scheme}://${host}${port === null ? "" : `:${port}`}${path}${query}`;
}

function parse(url) {
  const text = prepare(url);
  const match = SCHEME_RE.exec(text);
  if (!match) throw new InvalidURL("Only http:// and https:// URLs are accepted.");
  const scheme = match[1].toLowerCase();
  const rest = text.slice(match[0].length).split("#")[0];
  const [beforeQuery, query] = partition(rest, "?");
  const [authority, slash, path] = partition(beforeQuery.replaceAll("\\", "/"), "/", true);
  const { host, port } = parseAuthority(authority, scheme);
  const parts = { scheme, host, port, path: normalizePath(slash + path), query: normalizeQuery(query) };
  if (serialize(parts).length > MAX_URL_LENGTH) {
    throw new InvalidURL(`The URL is longer than ${MAX_URL_LENGTH} characters once normalized.`);
  }
  return parts;
}

// Python's str.partition: [before, after] (or [before, separator, after] when asked).
function partition(text, separator, withSeparator = false) {
  const at = text.indexOf(separator);
  const parts = at < 0 ? [text, "", ""] : [text.slice(0, at), separator, text.slice(at + separator.length)];
  return withSeparator ? parts : [parts[0], parts[2]];
}

function prepare(url) {
  if (typeof url !== "string") throw new InvalidURL("The URL must be a string.");
  // The WHATWG parser's trimming of C0 controls and spaces, and its tab/newline removal.
  const text = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  if (!text) throw new InvalidURL("The URL is empty.");
  if ([...text].length > MAX_URL_LENGTH) throw new InvalidURL(`The URL is longer than ${MAX_URL_LENGTH} characters.`);
  return text.toWellFormed(); // lone surrogates become U+FFFD, as URL does
}

function parseAuthority(authority, scheme) {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1); // userinfo dropped
  if (!hostPort) throw new InvalidURL("The URL has no host.");
  let host;
  let portText;
  if (hostPort.startsWith("[")) {
    const [literal, bracket, after] = partition(hostPort.slice(1), "]", true);
    if (!bracket || (after && !after.startsWith(":"))) throw new InvalidURL("The URL has a malformed IPv6 address.");
    host = `[${ipv6(literal)}]`;
    portText = after.slice(1);
  } else {
    const [hostText, port] = partition(hostPort, ":");
    host = domainOrIpv4(hostText);
    portText = port;
  }
  return { host, port: parsePort(portText, scheme) };
}

function parsePort(portText, scheme) {
  if (!portText) return null;
  if (!/^[0-9]+$/.test(portText) || Number(portText) > 65535) throw new InvalidURL("The URL has an invalid port.");
  const port = Number(portText);
  return port === DEFAULT_PORTS[scheme] ? null : port;
}

// The URL parser writes IPv6 literals in the WHATWG canonical form the server emulates.
function ipv6(literal) {
  if (literal.includes("%") || !/^[0-9A-Fa-f:.]+$/.test(literal)) throw new InvalidURL("The URL has a malformed IPv6 address.");
  try {
    return new URL(`http://[${literal}]/`).hostname.slice(1, -1);
  } catch {
    throw new InvalidURL("The URL has a malformed IPv6 address.");
  }
}

function domainOrIpv4(text) {
  let host = toAscii(unquote(text)).toLowerCase();
  if (endsInNumber(host)) host = parseIpv4(host);
  host = host.replace(/\.+$/, "");
  if (!host || !HOST_RE.test(host)) throw new InvalidURL("The URL has an invalid host name.");
  if (endsInNumber(host) && !IPV4_RE.test(host)) throw new InvalidURL("The URL has an invalid IPv4 address.");
  return host;
}

// Python's urllib.parse.unquote: %XX escapes decoded as UTF-8, bad bytes become U+FFFD.
function unquote(text) {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split("%"), (hex) => parseInt(hex, 16));
    return new TextDecoder().decode(bytes);
  });
}

const isAscii = (text) => /^[\u0000-\u007f]*$/.test(text);

function toAscii(host) {
  if (isAscii(host)) return host;
  return host.split(LABEL_DOTS_RE).map(labelToAscii).join(".");
}

function labelToAscii(label) {
  if (isAscii(label)) return label;
  try {
    return new URL(`http://${label}/`).hostname;
  } catch {
    throw new InvalidURL("The URL has an invalid internationalized host name.");
  }
}

function lastLabel(host) {
  const labels = host.split(".");
  if (labels.at(-1) === "" && labels.length > 1) labels.pop();
  return labels;
}

function endsInNumber(host) {
  return /^(?:[0-9]+|0x[0-9a-f]*)$/.test(lastLabel(host).at(-1));
}

function parseIpv4(host) {
  const labels = lastLabel(host);
  const invalid = () => new InvalidURL("The URL has an invalid IPv4 address.");
  if (labels.length > 4) throw invalid();
  const numbers = labels.map((label) => ipv4Number(label, invalid));
  if (numbers.slice(0, -1).some((n) => n > 255) || numbers.at(-1) >= 256 ** (5 - numbers.length)) throw invalid();
  let value = numbers.at(-1);
  numbers.slice(0, -1).forEach((n, i) => { value += n * 2 ** (8 * (3 - i)); });
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function ipv4Number(label, invalid) {
  let base = 10;
  let digits = label;
  if (label.startsWith("0x")) [base, digits] = [16, label.slice(2)];
  else if (label.length > 1 && label[0] === "0") [base, digits] = [8, label.slice(1)];
  if (label === "" || (digits && !IPV4_DIGITS[base].test(digits))) throw invalid();
  return digits ? parseInt(digits, base) : 0;
}

// Rule 7 on one path segment, query key or value.
function canonicalEscapes(text) {
  return text.replace(TOKEN_RE, (token) => {
    if (token.length === 3 && token[0] === "%") {
      const char = String.fromCharCode(parseInt(token.slice(1), 16));
      return UNRESERVED.test(char) ? char : token.toUpperCase();
    }
    return [...new TextEncoder().encode(token)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
  });
}

function normalizePath(path) {
  if (!path) return "/";
  const segments = path.split("/").slice(1).map(canonicalEscapes);
  const joined = `/${removeDotSegments(segments).join("/")}`;
  return joined.replace(/\/+$/, "") || "/";
}

function removeDotSegments(segments) {
  const out = [];
  segments.forEach((segment, i) => {
    const isLast = i === segments.length - 1;
    if (segment === "..") {
      out.pop();
      if (isLast) out.push("");
    } else if (segment === ".") {
      if (isLast) out.push("");
    } else {
      out.push(segment);
    }
  });
  return out;
}

function normalizeQuery(query) {
  const pairs = [];
  for (const piece of query.split("&")) {
    if (!piece) continue;
    const [rawKey, equals, rawValue] = partition(piece, "=", true);
    const key = canonicalEscapes(rawKey);
    if (!isTracking(key)) pairs.push([key, canonicalEscapes(rawValue), equals]);
  }
  if (!pairs.length) return "";
  // Canonical keys and values are ASCII, so UTF-16 order is code-point order, as on the server.
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]) || compare(x[2], y[2]));
  return `?${pairs.map(([key, value, equals]) => key + equals + value).join("&")}`;
}

function isTracking(key) {
  const lowered = key.toLowerCase();
  return TRACKING_PARAMS.has(lowered) || TRACKING_PARAM_PREFIXES.some((p) => lowered.startsWith(p))
    || CASE_SENSITIVE_TRACKING_PREFIXES.some((p) => key.startsWith(p));
}
