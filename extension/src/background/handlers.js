// What the background worker does for each message (types and shapes: ../messages.js). Each entry
// of the table says whether it is privileged: signing in and out, changing settings, and anything
// that shows or sets the server or the sign-in. Content scripts run inside web pages, so a page
// that subverts one must not be able to sign the reader in or out, point the extension at another
// server or read the session: privileged messages are answered only for the extension's own pages.
import { MSG } from "../messages.js";

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

async function anchorPage(api, body) {
  try {
    return await api.callWithSession("POST", "/api/anchor", body, { anonymousRetry: true });
  } catch (error) {
    if (!refusedAsUnknown(error)) throw error;
    const plain = Object.fromEntries(Object.entries(body).filter(([key]) => !EXTRACTION_FIELDS.includes(key)));
    return api.callWithSession("POST", "/api/anchor", plain, { anonymousRetry: true });
  }
}

function versionHeader(version) {
  return version ? { "If-Match": `"v${version}"` } : {};
}

// A server origin as the options page gives it; anything else (a path, another scheme) is refused
// here rather than sent every token from now on.
function serverOrigin(server) {
  let url;
  try {
    url = new URL(server);
  } catch {
    return null;
  }
  return ["http:", "https:"].includes(url.protocol) && url.origin === server ? server : null;
}

/**
 * The table: message type -> {privileged, handle(message, sender)}; handle returns the answer's
 * fields (ok: true is added) or throws an error with a `code` and a reader-facing `message`.
 * @param api ./api.js ApiClient  @param session ./session.js Session  @param lookup ../lookup.js PrivateLookup
 * @param setBadge (tabId, count) -> promise: the toolbar badge
 */
export function makeHandlers({ api, session, lookup, setBadge }) {
  return {
    [MSG.ANCHOR_PAGE]: {
      privileged: false,
      async handle(message) {
        const { url, canonical_url, title, text, asked } = message;
        const { send, reason } = await lookup.decide({ url, canonicalUrl: canonical_url, text, asked: Boolean(asked) });
        if (!send) return { ...NOTHING_SENT, sent: false, reason };
        // Readers see notes rated helpful; raters may ask for the notes that still need ratings too.
        const status = (await session.settings()).showNeedsRatings ? ["helpful", "needs_more_ratings"] : ["helpful"];
        const answer = await anchorPage(api, { url, canonical_url, title, text, status, ...extractionFields(message) });
        return { ...answer, sent: true, reason };
      },
    },
    [MSG.CREATE_NOTE]: {
      privileged: false,
      async handle({ annotation }) {
        const note = await api.callWithSession("POST", "/api/annotations", annotation);
        // The page now has a note the reader must see, even before the lookup lists it.
        await lookup.remember(annotation.target?.source, annotation.gloss?.canonical_url ?? null);
        return { note };
      },
    },
    [MSG.UPDATE_NOTE]: {
      privileged: false,
      async handle({ id, changes, version }) {
        const headers = versionHeader(version);
        return { note: await api.callWithSession("PATCH", `/api/annotations/${id}`, changes, { headers }) };
      },
    },
    [MSG.DELETE_NOTE]: {
      privileged: false,
      async handle({ id, version }) {
        await api.callWithSession("DELETE", `/api/annotations/${id}`, undefined, { headers: versionHeader(version) });
        return {};
      },
    },
    [MSG.RATE_NOTE]: {
      privileged: false,
      async handle({ id, helpfulness, reasons }) {
        return { rating: await api.callWithSession("PUT", `/api/annotations/${id}/rating`, { helpfulness, reasons }) };
      },
    },
    [MSG.PAGE_STATUS]: {
      privileged: false,
      async handle({ count }, sender) {
        if (sender.tab?.id !== undefined) await setBadge(sender.tab.id, count);
        return {};
      },
    },
    // What a content script needs to know of the session: no server, no token, no sign-in problem.
    [MSG.GET_PAGE_SESSION]: {
      privileged: false,
      async handle() {
        const s = await session.settings();
        return { signedIn: Boolean(s.token), username: s.username ?? null, disabledSites: s.disabledSites };
      },
    },
    [MSG.GET_SESSION]: {
      privileged: true,
      async handle() {
        const s = await session.settings();
        return { signedIn: Boolean(s.token), username: s.username ?? null, server: s.server,
          disabledSites: s.disabledSites, authError: s.authError ?? null, showNeedsRatings: Boolean(s.showNeedsRatings) };
      },
    },
    [MSG.SIGN_IN]: {
      privileged: true,
      async handle({ username, password }) {
        const token = await api.call("POST", "/api/tokens", { username, password, name: "Gloss extension" },
          { anonymous: true });
        await session.signedIn({ token: token.token, tokenId: token.id, username });
        return { username };
      },
    },
    [MSG.SIGN_OUT]: {
      privileged: true,
      async handle() {
        const { tokenId } = await session.settings();
        try {
          if (tokenId) await api.call("DELETE", `/api/tokens/${tokenId}`);
        } finally {
          await session.signedOut();
        }
        return {};
      },
    },
    [MSG.CHECK_SERVER]: {
      privileged: true,
      async handle() {
        const s = await session.settings();
        try {
          await api.call("GET", "/api/health", undefined, { anonymous: true });
        } catch (error) {
          return { reachable: false, signedIn: false, error: error.message };
        }
        if (!s.token) return { reachable: true, signedIn: false, error: s.authError ?? null };
        try {
          const me = await api.callWithSession("GET", "/api/me");
          return { reachable: true, signedIn: true, username: me.username };
        } catch (error) {
          return { reachable: true, signedIn: false, error: error.message };
        }
      },
    },
    [MSG.SET_SERVER]: {
      privileged: true,
      async handle({ server }) {
        const origin = serverOrigin(server);
        if (!origin) throw Object.assign(new Error(`Not a server origin: ${server}`), { code: "invalid_server" });
        await session.setServer(origin);
        return {};
      },
    },
    [MSG.SET_SITE_ENABLED]: {
      privileged: true,
      async handle({ host, enabled }) {
        await session.setSiteEnabled(host, enabled);
        return {};
      },
    },
    [MSG.SET_SHOW_NEEDS_RATINGS]: {
      privileged: true,
      async handle({ show }) {
        await session.setShowNeedsRatings(show);
        return {};
      },
    },
  };
}

/**
 * Whether a message's sender is one of the extension's own pages (the popup, the options page).
 * A content script's sender has the web page's URL; an extension page framed inside a web page
 * would come with that page's tab, so a sender with a tab must be the top frame of it.
 * @param extension {id, origin}: runtime.id and runtime.getURL("")
 */
export function fromExtensionPage(sender, extension) {
  const ours = (url) => typeof url === "string" && url.startsWith(extension.origin);
  if (sender?.id !== extension.id || !ours(sender.url)) return false;
  if (!sender.tab) return true;
  return sender.frameId === 0 && (sender.tab.url === undefined || ours(sender.tab.url));
}

function failure(code, message) {
  return { ok: false, error: { code, message } };
}

/** (message, sender) -> the answer: {ok: true, ...} or {ok: false, error: {code, message}}, never a throw. */
export function makeDispatcher(handlers, extension) {
  return async (message, sender) => {
    const type = message?.type;
    const entry = Object.hasOwn(handlers, type) ? handlers[type] : null;
    if (!entry) return failure("unknown_message", `Unknown message ${type}`);
    if (entry.privileged && !fromExtensionPage(sender, extension)) {
      return failure("forbidden_sender", `${type} is only answered for the extension's own pages, not a web page.`);
    }
    try {
      return { ok: true, ...(await entry.handle(message, sender)) };
    } catch (error) {
      return failure(error.code ?? "internal", error.message);
    }
  };
}
