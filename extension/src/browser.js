// The one module that touches the WebExtension API (chrome.* in Chromium, browser.* in Firefox).
// Everything else imports these functions, so the rest of the code is plain JavaScript.
const api = globalThis.browser ?? globalThis.chrome;

export const storage = {
  async get(keys) { return api.storage.local.get(keys); },
  async set(values) { return api.storage.local.set(values); },
  async remove(keys) { return api.storage.local.remove(keys); },
  onChanged(listener) { api.storage.onChanged.addListener(listener); },
};

export function sendMessage(message) {
  return api.runtime.sendMessage(message);
}

// `handler(message, sender)` returns a value or a promise; its result is the answer.
export function onMessage(handler) {
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    Promise.resolve()
      .then(() => handler(message, sender))
      .then(sendResponse, (error) => sendResponse({ ok: false, error: { code: "internal", message: String(error) } }));
    return true; // the answer comes asynchronously
  });
}

export function extensionUrl(path) {
  return api.runtime.getURL(path);
}

export async function setBadge(tabId, count) {
  const text = count > 0 ? String(Math.min(count, 999)) : "";
  await api.action.setBadgeText({ tabId, text });
  await api.action.setBadgeBackgroundColor({ tabId, color: "#7a4b00" });
}

export async function activeTab() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

export function sendToTab(tabId, message) {
  return api.tabs.sendMessage(tabId, message);
}

export function openOptionsPage() {
  return api.runtime.openOptionsPage();
}

export function addContextMenu(id, title, onClick) {
  api.runtime.onInstalled.addListener(() => {
    api.contextMenus.create({ id, title, contexts: ["selection"] });
  });
  api.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === id && tab?.id !== undefined) onClick(tab);
  });
}

export function requestHostPermission(origin) {
  return api.permissions.request({ origins: [`${origin}/*`] });
}
