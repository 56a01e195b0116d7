// A fake WebExtension namespace (what `chrome`/`browser` is in a browser) and a fake Gloss server,
// for tests of the background worker and the content script under Node. Only what the extension
// calls is there; each fake keeps what was done to it so tests can look.
export const EXTENSION_ID = "gloss-test-extension";
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

// Senders as the browser describes them to runtime.onMessage listeners.
export const SENDERS = Object.freeze({
  popup: { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}popup.html` },
  optionsTab: { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}options.html`, frameId: 0,
    tab: { id: 7, url: `${EXTENSION_ORIGIN}options.html` } },
  contentScript: { id: EXTENSION_ID, url: "https://news.example/story", origin: "https://news.example", frameId: 0,
    tab: { id: 3, url: "https://news.example/story" } },
  // Our options page inside a frame of a web page (it is not web-accessible, but if it ever were).
  framedPage: { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}options.html`, frameId: 4,
    tab: { id: 3, url: "https://news.example/story" } },
  otherExtension: { id: "someone-else", url: "chrome-extension://someone-else/popup.html" },
});

function pick(data, keys) {
  if (keys === null || keys === undefined) return structuredClone(data);
  const wanted = typeof keys === "string" ? [keys] : keys;
  return structuredClone(Object.fromEntries(wanted.filter((k) => k in data).map((k) => [k, data[k]])));
}

function listeners() {
  const added = [];
  return { added, addListener: (listener) => added.push(listener) };
}

/** The namespace; `stored` is extension storage, `badges` what setBadgeText was given. */
export function fakeNamespace({ stored = {}, toBackground = null, toTab = null } = {}) {
  const ns = {
    stored: structuredClone(stored),
    badges: [],
    runtime: {
      id: EXTENSION_ID,
      getURL: (path) => EXTENSION_ORIGIN + path,
      onMessage: listeners(),
      onInstalled: listeners(),
      sendMessage: async (message) => toBackground?.(message),
    },
    storage: {
      local: {
        get: async (keys) => pick(ns.stored, keys),
        set: async (values) => { Object.assign(ns.stored, structuredClone(values)); },
        remove: async (keys) => { for (const key of [keys].flat()) delete ns.stored[key]; },
      },
      onChanged: listeners(),
    },
    action: {
      setBadgeText: async ({ tabId, text }) => { ns.badges.push({ tabId, text }); },
      setBadgeBackgroundColor: async () => {},
    },
    tabs: { query: async () => [], sendMessage: async (tabId, message) => toTab?.(tabId, message) },
    contextMenus: { create() {}, onClicked: listeners() },
    permissions: { request: async () => true },
  };
  return ns;
}

/** Deliver a message the way the browser does: to every onMessage listener, the answer via sendResponse. */
export function deliver(ns, message, sender) {
  return new Promise((resolve) => {
    for (const listener of ns.runtime.onMessage.added) listener(message, sender, resolve);
  });
}

/**
 * A Gloss server behind a fake fetch. `routes` maps "METHOD /path" to (request) -> {status, body}
 * (body: an object sent as JSON, or a string sent as it is); a route that is missing answers 404.
 * `down` makes every request fail as fetch does when nothing listens.
 */
export function fakeServer(routes = {}) {
  const server = {
    routes,
    down: false,
    requests: [],
    async fetch(url, init = {}) {
      const { pathname, search } = new URL(url);
      const request = { method: init.method ?? "GET", url, path: pathname + search, headers: init.headers ?? {},
        body: init.body === undefined ? undefined : JSON.parse(init.body) };
      server.requests.push(request);
      if (server.down) throw new TypeError("fetch failed");
      const route = server.routes[`${request.method} ${pathname}`];
      const { status, body = {}, headers = {} } = route ? await route(request)
        : { status: 404, body: { error: { code: "not_found", message: "Not found." } } };
      const text = typeof body === "string" ? body : JSON.stringify(body);
      return new Response(status === 204 ? null : text, { status, headers });
    },
  };
  return server;
}
