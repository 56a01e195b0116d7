// Background service worker: the only part that talks to the Gloss server (no CORS needed from
// page origins), keeps the session, and sets the toolbar badge. Message types: ./messages.js.
import { webext } from "./browser.js";
import { PrivateLookup } from "./lookup.js";
import { DEFAULT_SERVER, MSG } from "./messages.js";

async function settings() {
  const stored = await webext.storage.get(["server", "token", "tokenId", "username", "disabledSites", "authError",
    "showNeedsRatings"]);
  return { server: DEFAULT_SERVER, disabledSites: [], ...stored };
}

class ServerError extends Error {
  constructor(code, message, status = 0, fields = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.fields = fields; // a 422's {field: [message, ...]}
  }
}

async function call(method, path, body, { anonymous = false, headers = {} } = {}) {
  const { server, token } = await settings();
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (token && !anonymous) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(server + path, init);
  } catch {
    throw new ServerError("unreachable", `The Gloss server at ${server} cannot be reached.`);
  }
  const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error ?? {};
    throw new ServerError(error.code ?? "error", error.message ?? `The server answered ${response.status}.`,
      response.status, error.fields ?? {});
  }
  return data;
}

// A rejected token is forgotten (and the popup says so); the request is retried anonymously
// where that is allowed, so reading never breaks.
async function callWithSession(method, path, body, options = {}) {
  try {
    return await call(method, path, body, options);
  } catch (error) {
    if (error.status === 401 && (await settings()).token) {
      await webext.storage.remove(["token", "tokenId"]);
      await webext.storage.set({ authError: "Your sign-in was rejected by the server; sign in again." });
      if (options.anonymousRetry) return call(method, path, body, { ...options, anonymous: true });
    }
    throw error;
  }
}

// The lookup's GETs carry no token and no cookies: which prefixes a reader asks for must not be
// tied to who the reader is. No HTTP cache either: the filter's ETag is kept with it in storage.
async function anonymousGet(path, headers) {
  const { server } = await settings();
  let response;
  try {
    response = await fetch(server + path, { headers: { Accept: "application/json", ...headers },
      credentials: "omit", cache: "no-store" });
  } catch {
    throw new ServerError("unreachable", `The Gloss server at ${server} cannot be reached.`);
  }
  const data = response.status === 200 ? await response.json().catch(() => null) : null;
  return { status: response.status, etag: response.headers.get("ETag"), data };
}

const lookup = new PrivateLookup({ request: anonymousGet, store: webext.storage, server: async () => (await settings()).server });

const NOTHING_SENT = { items: [], document: null, total: 0, truncated: false };

// What the content script says about its extraction (issue 12): the version, the "\n" it inserted
// between blocks and the link text, in code points. A server from before these fields refuses them
// as unknown (422); the page is then anchored on the same text without them, as a plain-text client
// would send it, instead of showing no notes at all.
const EXTRACTION_FIELDS = ["extraction", "breaks", "links"];

function extractionFields(message) {
  return message.extraction ? Object.fromEntries(EXTRACTION_FIELDS.map((f) => [f, message[f] ?? []])) : {};
}

function refusedAsUnknown(error) {
  return error.status === 422 && EXTRACTION_FIELDS.some((f) => (error.fields?.[f] ?? []).includes("Unknown field."));
}

async function anchorPage(body) {
  try {
    return await callWithSession("POST", "/api/anchor", body, { anonymousRetry: true });
  } catch (error) {
    if (!refusedAsUnknown(error)) throw error;
    const plain = Object.fromEntries(Object.entries(body).filter(([key]) => !EXTRACTION_FIELDS.includes(key)));
    return callWithSession("POST", "/api/anchor", plain, { anonymousRetry: true });
  }
}

const handlers = {
  async [MSG.ANCHOR_PAGE](message) {
    const { url, canonical_url, title, text, asked } = message;
    const { send, reason } = await lookup.decide({ url, canonicalUrl: canonical_url, text, asked: Boolean(asked) });
    if (!send) return { ...NOTHING_SENT, sent: false, reason };
    // Readers see notes rated helpful; raters may ask for the notes that still need ratings too.
    const status = (await settings()).showNeedsRatings ? ["helpful", "needs_more_ratings"] : ["helpful"];
    const answer = await anchorPage({ url, canonical_url, title, text, status, ...extractionFields(message) });
    return { ...answer, sent: true, reason };
  },
  async [MSG.RATE_NOTE]({ id, helpfulness, reasons }) {
    return { rating: await callWithSession("PUT", `/api/annotations/${id}/rating`, { helpfulness, reasons }) };
  },
  async [MSG.SET_SHOW_NEEDS_RATINGS]({ show }) {
    await webext.storage.set({ showNeedsRatings: Boolean(show) });
    return {};
  },
  async [MSG.CREATE_NOTE]({ annotation }) {
    const note = await callWithSession("POST", "/api/annotations", annotation);
    // The page now has a note the reader must see, even before the lookup lists it.
    await lookup.remember(annotation.target?.source, annotation.gloss?.canonical_url ?? null);
    return { note };
  },
  async [MSG.UPDATE_NOTE]({ id, changes, version }) {
    const headers = version ? { "If-Match": `"v${version}"` } : {};
    return { note: await callWithSession("PATCH", `/api/annotations/${id}`, changes, { headers }) };
  },
  async [MSG.DELETE_NOTE]({ id, version }) {
    const headers = version ? { "If-Match": `"v${version}"` } : {};
    await callWithSession("DELETE", `/api/annotations/${id}`, undefined, { headers });
    return {};
  },
  async [MSG.PAGE_STATUS]({ count }, sender) {
    if (sender.tab?.id !== undefined) await webext.setBadge(sender.tab.id, count);
    return {};
  },
  async [MSG.GET_SESSION]() {
    const s = await settings();
    return { signedIn: Boolean(s.token), username: s.username ?? null, server: s.server,
      disabledSites: s.disabledSites, authError: s.authError ?? null, showNeedsRatings: Boolean(s.showNeedsRatings) };
  },
  async [MSG.SIGN_IN]({ username, password }) {
    const token = await call("POST", "/api/tokens", { username, password, name: "Gloss extension" },
      { anonymous: true });
    await webext.storage.set({ token: token.token, tokenId: token.id, username, authError: null });
    return { username };
  },
  async [MSG.SIGN_OUT]() {
    const { tokenId } = await settings();
    try {
      if (tokenId) await call("DELETE", `/api/tokens/${tokenId}`);
    } finally {
      await webext.storage.remove(["token", "tokenId", "username"]);
    }
    return {};
  },
  async [MSG.CHECK_SERVER]() {
    const s = await settings();
    try {
      await call("GET", "/api/health", undefined, { anonymous: true });
    } catch (error) {
      return { reachable: false, signedIn: false, error: error.message };
    }
    if (!s.token) return { reachable: true, signedIn: false, error: s.authError ?? null };
    try {
      const me = await callWithSession("GET", "/api/me");
      return { reachable: true, signedIn: true, username: me.username };
    } catch (error) {
      return { reachable: true, signedIn: false, error: error.message };
    }
  },
  async [MSG.SET_SITE_ENABLED]({ host, enabled }) {
    const { disabledSites } = await settings();
    const others = disabledSites.filter((h) => h !== host);
    await webext.storage.set({ disabledSites: enabled ? others : [...others, host] });
    return {};
  },
};

webext.onMessage(async (message, sender) => {
  const handler = handlers[message?.type];
  if (!handler) return { ok: false, error: { code: "unknown_message", message: `Unknown message ${message?.type}` } };
  try {
    return { ok: true, ...(await handler(message, sender)) };
  } catch (error) {
    return { ok: false, error: { code: error.code ?? "internal", message: error.message } };
  }
});

webext.addContextMenu("gloss-add-note", "Add a Gloss note", (tab) => {
  webext.sendToTab(tab.id, { type: MSG.COMPOSE_FROM_SELECTION }).catch(() => {});
});
