// What the background worker keeps in extension storage, between worker restarts: the server's
// origin, the sign-in (the token, its id on the server, the username), why a sign-in was dropped,
// and the reader's two settings. The only module that reads or writes these keys.
import { DEFAULT_SERVER } from "../messages.js";

const KEYS = ["server", "token", "tokenId", "username", "disabledSites", "authError", "showNeedsRatings"];

export class Session {
  /** @param storage {get(keys), set(values), remove(keys)}: extension storage, or a fake */
  constructor(storage) {
    this.storage = storage;
  }

  async settings() {
    const stored = await this.storage.get(KEYS);
    return { server: DEFAULT_SERVER, disabledSites: [], ...stored };
  }

  async server() {
    return (await this.settings()).server;
  }

  async token() {
    return (await this.settings()).token ?? null;
  }

  async signedIn({ token, tokenId, username }) {
    await this.storage.set({ token, tokenId, username, authError: null });
  }

  async signedOut() {
    await this.storage.remove(["token", "tokenId", "username"]);
  }

  // The server refused the token (revoked, expired): forget it and say why, so the popup and the
  // options page can tell the reader to sign in again instead of failing quietly.
  async tokenRejected() {
    await this.storage.remove(["token", "tokenId"]);
    await this.storage.set({ authError: "Your sign-in was rejected by the server; sign in again." });
  }

  async setServer(server) {
    await this.storage.set({ server });
  }

  async setSiteEnabled(host, enabled) {
    const { disabledSites } = await this.settings();
    const others = disabledSites.filter((h) => h !== host);
    await this.storage.set({ disabledSites: enabled ? others : [...others, host] });
  }

  async setShowNeedsRatings(show) {
    await this.storage.set({ showNeedsRatings: Boolean(show) });
  }
}
