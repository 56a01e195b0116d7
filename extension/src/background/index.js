// Background worker entry: builds the parts and registers the listeners, nothing else. The worker
// is the only part that talks to the Gloss server (no CORS needed from page origins), keeps the
// session and sets the toolbar badge: ./api.js, ./session.js, ./handlers.js.
import { webext } from "../browser.js";
import { PrivateLookup } from "../lookup.js";
import { MSG } from "../messages.js";
import { ApiClient } from "./api.js";
import { makeDispatcher, makeHandlers } from "./handlers.js";
import { Session } from "./session.js";

const session = new Session(webext.storage);
const api = new ApiClient({ session });
const lookup = new PrivateLookup({
  request: (path, headers) => api.anonymousGet(path, headers), store: webext.storage, server: () => session.server(),
});
const handlers = makeHandlers({ api, session, lookup, setBadge: (tabId, count) => webext.setBadge(tabId, count) });

webext.onMessage(makeDispatcher(handlers, { id: webext.extensionId(), origin: webext.extensionUrl("") }));

webext.addContextMenu("gloss-add-note", "Add a Gloss note", (tab) => {
  webext.sendToTab(tab.id, { type: MSG.COMPOSE_FROM_SELECTION }).catch(() => {});
});
