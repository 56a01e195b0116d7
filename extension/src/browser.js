// The one module that touches the WebExtension API (chrome.* in Chromium, browser.* in Firefox).
// makeBrowser wraps a given namespace, so Node tests hand the rest of the code a fake; the parts of
// the extension use `webext`, the wrapper over the browser's own. The content loader
// (./content.js) is the one exception: it calls runtime.getURL before any module can load.
// The namespace is only read when a function runs, so importing this module outside a browser
// (Node) is harmless.
export function makeBrowser(api) {
  return {
    storage: {
      async get(keys) { return api.storage.local.get(keys); },
      async set(values) { return api.storage.local.set(values); },
      async remove(keys) { return api.storage.local.remove(keys); },
      onChanged(listener) { api.storage.onChanged.addListener(listener); },
    },

    sendMessage(message) {
      return api.runtime.sendMessage(message);
    },

    // `handler(message, sender)` returns a value or a promise; its result is the answer.
    onMessage(handler) {
      api.runtime.onMessage.addListener((message, sender, sendResponse) => {
        Promise.resolve()
          .then(() => handler(message, sender))
          .then(sendResponse, (error) => sendResponse({ ok: false, error: { code: "internal", message: String(error) } }));
        return true; // the answer comes asynchronously
      });
    },

    // Who we are, to tell our own pages from content scripts in a message's sender.
    extensionId() {
      return api.runtime.id;
    },

    extensionUrl(path) {
      return api.runtime.getURL(path);
    },

    async setBadge(tabId, count) {
      const text = count > 0 ? String(Math.min(count, 999)) : "";
      await api.action.setBadgeText({ tabId, text });
      await api.action.setBadgeBackgroundColor({ tabId, color: "#7a4b00" });
    },

    async activeTab() {
      const [tab] = await api.tabs.query({ active: true, currentWindow: true });
      return tab;
    },

    sendToTab(tabId, message) {
      return api.tabs.sendMessage(tabId, message);
    },

    addContextMenu(id, title, onClick) {
      api.runtime.onInstalled.addListener(() => {
        api.contextMenus.create({ id, title, contexts: ["selection"] });
      });
      api.contextMenus.onClicked.addListener((info, tab) => {
        if (info.menuItemId === id && tab?.id !== undefined) onClick(tab);
      });
    },

    requestHostPermission(origin) {
      return api.permissions.request({ origins: [`${origin}/*`] });
    },
  };
}

export const webext = makeBrowser(globalThis.browser ?? globalThis.chrome);
