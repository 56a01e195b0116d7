// The background worker's parts against a fake browser and a fake Gloss server: which messages go
// to which handler, that privileged ones are refused to content scripts (they run in web pages)
// and answered for the extension's own pages, how the API client turns failures into errors a
// reader can be shown, and what the session keeps in extension storage.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ApiClient, ServerError } from "../src/background/api.js";
import { fromExtensionPage, makeDispatcher, makeHandlers } from "../src/background/handlers.js";
import { Session } from "../src/background/session.js";
import { makeBrowser } from "../src/browser.js";
import { PrivateLookup } from "../src/lookup.js";
import { DEFAULT_SERVER, MSG } from "../src/messages.js";
import { EXTENSION_ID, EXTENSION_ORIGIN, SENDERS, fakeNamespace, fakeServer } from "./fake-browser.mjs";

const SERVER = "http://gloss.test:5000";
const TOKEN = { token: "gls_secret", id: "tok1" };

const signInRoute = () => ({ status: 201, body: TOKEN });

/** The worker's parts wired as background/index.js wires them, over fakes. */
function worker({ stored = { server: SERVER }, routes = {} } = {}) {
  const ns = fakeNamespace({ stored });
  const webext = makeBrowser(ns);
  const server = fakeServer(routes);
  const session = new Session(webext.storage);
  const api = new ApiClient({ session, fetch: server.fetch });
  const lookup = new PrivateLookup({ request: (path, headers) => api.anonymousGet(path, headers),
    store: webext.storage, server: () => session.server() });
  const handlers = makeHandlers({ api, session, lookup, setBadge: (tabId, count) => webext.setBadge(tabId, count) });
  const send = makeDispatcher(handlers, { id: webext.extensionId(), origin: webext.extensionUrl("") });
  return { ns, server, session, api, handlers, send };
}

describe("the handler table", () => {
  test("routes each message type to its handler and adds ok: true", async () => {
    const { send, server } = worker({ stored: { server: SERVER, token: "t", username: "ann" }, routes: {
      "POST /api/anchor": (request) => ({ status: 200, body: { items: [{ id: "n1" }], document: null, total: 1,
        truncated: false, echoed: request.body } }),
      "PUT /api/annotations/n1/rating": (request) => ({ status: 200, body: { helpfulness: request.body.helpfulness } }),
    } });
    const anchored = await send({ type: MSG.ANCHOR_PAGE, url: "https://news.example/story", text: "Some text.",
      asked: true }, SENDERS.contentScript);
    assert.equal(anchored.ok, true);
    assert.deepEqual(anchored.items, [{ id: "n1" }]);
    assert.equal(anchored.sent, true);
    assert.equal(anchored.reason, "asked");
    const rated = await send({ type: MSG.RATE_NOTE, id: "n1", helpfulness: "helpful", reasons: [] },
      SENDERS.contentScript);
    assert.deepEqual(rated, { ok: true, rating: { helpfulness: "helpful" } });
    assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`),
      ["POST /api/anchor", "PUT /api/annotations/n1/rating"]);
    assert.equal(server.requests[1].headers.Authorization, "Bearer t");
  });

  test("every entry says whether it is privileged", () => {
    const { handlers } = worker();
    for (const [type, entry] of Object.entries(handlers)) {
      assert.equal(typeof entry.privileged, "boolean", type);
      assert.equal(typeof entry.handle, "function", type);
    }
    const privileged = Object.keys(handlers).filter((type) => handlers[type].privileged).sort();
    assert.deepEqual(privileged, [MSG.CHECK_SERVER, MSG.GET_SESSION, MSG.SET_SERVER, MSG.SET_SHOW_NEEDS_RATINGS,
      MSG.SET_SITE_ENABLED, MSG.SIGN_IN, MSG.SIGN_OUT].sort());
  });

  test("an unknown type, or none, is answered with an error, not a throw", async () => {
    const { send } = worker();
    for (const message of [{ type: "gloss:no-such-thing" }, { type: "constructor" }, {}, null]) {
      const answer = await send(message, SENDERS.popup);
      assert.equal(answer.ok, false);
      assert.equal(answer.error.code, "unknown_message");
    }
  });

  test("a handler's failure becomes {ok: false, error} with the server's code and message", async () => {
    const { send } = worker({ stored: { server: SERVER, token: "t" }, routes: {
      "DELETE /api/annotations/n1": () => ({ status: 412, body: { error: { code: "precondition_failed",
        message: "The resource changed since you loaded it." } } }),
    } });
    const answer = await send({ type: MSG.DELETE_NOTE, id: "n1", version: 2 }, SENDERS.contentScript);
    assert.deepEqual(answer, { ok: false, error: { code: "precondition_failed",
      message: "The resource changed since you loaded it." } });
  });

  test("PAGE_STATUS sets the badge of the sender's tab", async () => {
    const { send, ns } = worker();
    assert.equal((await send({ type: MSG.PAGE_STATUS, count: 2 }, SENDERS.contentScript)).ok, true);
    assert.deepEqual(ns.badges, [{ tabId: 3, text: "2" }]);
  });
});

describe("privileged messages", () => {
  const PRIVILEGED = [
    { type: MSG.SIGN_IN, username: "ann", password: "pw" },
    { type: MSG.SIGN_OUT },
    { type: MSG.GET_SESSION },
    { type: MSG.CHECK_SERVER },
    { type: MSG.SET_SERVER, server: "https://evil.example" },
    { type: MSG.SET_SITE_ENABLED, host: "news.example", enabled: false },
    { type: MSG.SET_SHOW_NEEDS_RATINGS, show: true },
  ];
  const STORED = { server: SERVER, token: "gls_secret", tokenId: "tok1", username: "ann" };

  for (const who of ["contentScript", "framedPage", "otherExtension"]) {
    test(`from a ${who} are refused, and nothing is done`, async () => {
      const { send, ns, server } = worker({ stored: STORED, routes: { "POST /api/tokens": signInRoute } });
      for (const message of PRIVILEGED) {
        const answer = await send(message, SENDERS[who]);
        assert.equal(answer.ok, false, message.type);
        assert.equal(answer.error.code, "forbidden_sender", message.type);
        assert.match(answer.error.message, /extension's own pages/);
        assert.equal(JSON.stringify(answer).includes("gls_secret"), false);
        assert.equal(JSON.stringify(answer).includes(SERVER), false);
      }
      assert.deepEqual(server.requests, []);
      assert.deepEqual(ns.stored, STORED);
    });
  }

  test("from a sender without a description are refused", async () => {
    const { send } = worker();
    for (const sender of [undefined, null, {}]) {
      assert.equal((await send({ type: MSG.GET_SESSION }, sender)).error.code, "forbidden_sender");
    }
  });

  test("from the popup and from the options page in its tab are answered", async () => {
    const { send, ns } = worker({ stored: { server: SERVER }, routes: { "POST /api/tokens": signInRoute } });
    const signedIn = await send({ type: MSG.SIGN_IN, username: "ann", password: "pw" }, SENDERS.optionsTab);
    assert.deepEqual(signedIn, { ok: true, username: "ann" });
    assert.equal(ns.stored.token, "gls_secret");
    const session = await send({ type: MSG.GET_SESSION }, SENDERS.popup);
    assert.equal(session.ok, true);
    assert.equal(session.signedIn, true);
    assert.equal(session.server, SERVER);
    assert.equal((await send({ type: MSG.SET_SITE_ENABLED, host: "news.example", enabled: false },
      SENDERS.popup)).ok, true);
    assert.deepEqual(ns.stored.disabledSites, ["news.example"]);
  });

  test("a content script gets what the page needs of the session, without the server or the token", async () => {
    const { send } = worker({ stored: { server: SERVER, token: "gls_secret", username: "ann",
      disabledSites: ["off.example"], authError: "no" } });
    const answer = await send({ type: MSG.GET_PAGE_SESSION }, SENDERS.contentScript);
    assert.deepEqual(answer, { ok: true, signedIn: true, username: "ann", disabledSites: ["off.example"] });
  });

  test("SET_SERVER keeps an http(s) origin and refuses anything else", async () => {
    const { send, ns } = worker();
    assert.equal((await send({ type: MSG.SET_SERVER, server: "https://gloss.example" }, SENDERS.optionsTab)).ok, true);
    assert.equal(ns.stored.server, "https://gloss.example");
    for (const server of ["https://gloss.example/api", "javascript:alert(1)", "not a url", undefined]) {
      const answer = await send({ type: MSG.SET_SERVER, server }, SENDERS.optionsTab);
      assert.equal(answer.error.code, "invalid_server", String(server));
    }
    assert.equal(ns.stored.server, "https://gloss.example");
  });
});

describe("fromExtensionPage", () => {
  const ours = { id: EXTENSION_ID, origin: EXTENSION_ORIGIN };

  test("is true for the popup and for the options page in its own tab", () => {
    assert.equal(fromExtensionPage(SENDERS.popup, ours), true);
    assert.equal(fromExtensionPage(SENDERS.optionsTab, ours), true);
    // Without the "tabs" permission a browser may leave the tab's URL out.
    assert.equal(fromExtensionPage({ ...SENDERS.optionsTab, tab: { id: 7 } }, ours), true);
  });

  test("is false for a content script, a framed page, another extension, or a look-alike URL", () => {
    assert.equal(fromExtensionPage(SENDERS.contentScript, ours), false);
    assert.equal(fromExtensionPage(SENDERS.framedPage, ours), false);
    assert.equal(fromExtensionPage({ ...SENDERS.framedPage, tab: { id: 3 } }, ours), false); // tab URL not shown
    assert.equal(fromExtensionPage(SENDERS.otherExtension, ours), false);
    assert.equal(fromExtensionPage({ id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}.evil/x.html` },
      ours), false);
    assert.equal(fromExtensionPage({ ...SENDERS.popup, id: "someone-else" }, ours), false);
  });
});

describe("the API client", () => {
  function client({ stored = { server: SERVER }, routes = {} } = {}) {
    const { api, server, ns } = worker({ stored, routes });
    return { api, server, ns };
  }

  async function failure(promise) {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    assert.fail("expected the call to fail");
  }

  test("a server that cannot be reached is an 'unreachable' error naming the server", async () => {
    const { api, server } = client();
    server.down = true;
    for (const call of [api.call("GET", "/api/health"), api.anonymousGet("/api/lookup?prefix=abcd", {})]) {
      const error = await failure(call);
      assert.ok(error instanceof ServerError);
      assert.equal(error.code, "unreachable");
      assert.equal(error.status, 0);
      assert.equal(error.message, `The Gloss server at ${SERVER} cannot be reached.`);
    }
  });

  test("the server's JSON error gives the code, message, status and fields", async () => {
    const { api } = client({ routes: { "POST /api/annotations": () => ({ status: 422, body: { error: {
      code: "validation_failed", message: "The note is not valid.", fields: { bodyValue: ["Too long."] } } } }) } });
    const error = await failure(api.call("POST", "/api/annotations", { bodyValue: "x" }));
    assert.equal(error.code, "validation_failed");
    assert.equal(error.message, "The note is not valid.");
    assert.equal(error.status, 422);
    assert.deepEqual(error.fields, { bodyValue: ["Too long."] });
  });

  test("an error that is not JSON (a proxy's HTML page) says the status", async () => {
    const { api } = client({ routes: { "GET /api/health": () => ({ status: 502, body: "<h1>Bad gateway</h1>" }) } });
    const error = await failure(api.call("GET", "/api/health"));
    assert.equal(error.code, "error");
    assert.equal(error.message, "The server answered 502.");
    assert.equal(error.status, 502);
  });

  test("a 401 forgets the token, says why, and retries anonymously when reading", async () => {
    const routes = { "POST /api/anchor": (request) => (request.headers.Authorization
      ? { status: 401, body: { error: { code: "invalid_token", message: "The token is not valid." } } }
      : { status: 200, body: { items: [] } }) };
    const { api, server, ns } = client({ stored: { server: SERVER, token: "old", tokenId: "t1", username: "ann" }, routes });
    const answer = await api.callWithSession("POST", "/api/anchor", { text: "x" }, { anonymousRetry: true });
    assert.deepEqual(answer, { items: [] });
    assert.deepEqual(server.requests.map((r) => r.headers.Authorization ?? null), ["Bearer old", null]);
    assert.equal(ns.stored.token, undefined);
    assert.equal(ns.stored.tokenId, undefined);
    assert.equal(ns.stored.authError, "Your sign-in was rejected by the server; sign in again.");
  });

  test("a 401 on a write forgets the token and fails with the server's error", async () => {
    const routes = { "POST /api/annotations": () => ({ status: 401, body: { error: { code: "invalid_token",
      message: "The token is not valid." } } }) };
    const { api, server, ns } = client({ stored: { server: SERVER, token: "old" }, routes });
    const error = await failure(api.callWithSession("POST", "/api/annotations", {}));
    assert.equal(error.code, "invalid_token");
    assert.equal(server.requests.length, 1);
    assert.equal(ns.stored.token, undefined);
  });

  test("an anonymous call sends no token; a body goes as JSON", async () => {
    const { api, server } = client({ stored: { server: SERVER, token: "t" }, routes: { "POST /api/tokens": signInRoute } });
    await api.call("POST", "/api/tokens", { username: "ann" }, { anonymous: true });
    assert.equal(server.requests[0].headers.Authorization, undefined);
    assert.equal(server.requests[0].headers["Content-Type"], "application/json");
    assert.deepEqual(server.requests[0].body, { username: "ann" });
  });

  test("a 204 answers {}", async () => {
    const { api } = client({ routes: { "DELETE /api/tokens/t1": () => ({ status: 204 }) } });
    assert.deepEqual(await api.call("DELETE", "/api/tokens/t1"), {});
  });
});

describe("the session", () => {
  test("has the default server and no sign-in in empty storage", async () => {
    const session = new Session(makeBrowser(fakeNamespace()).storage);
    assert.deepEqual(await session.settings(), { server: DEFAULT_SERVER, disabledSites: [] });
    assert.equal(await session.token(), null);
  });

  test("signing in keeps the token, its id and the username, and clears an old sign-in problem", async () => {
    const { send, ns } = worker({ stored: { server: SERVER, authError: "rejected" },
      routes: { "POST /api/tokens": signInRoute } });
    await send({ type: MSG.SIGN_IN, username: "ann", password: "pw" }, SENDERS.optionsTab);
    assert.deepEqual(ns.stored, { server: SERVER, token: "gls_secret", tokenId: "tok1", username: "ann", authError: null });
  });

  test("signing out revokes the token on the server and forgets it, even when the server fails", async () => {
    for (const status of [204, 500]) {
      const { send, ns, server } = worker({ stored: { server: SERVER, token: "gls_secret", tokenId: "tok1", username: "ann" },
        routes: { "DELETE /api/tokens/tok1": () => ({ status }) } });
      const answer = await send({ type: MSG.SIGN_OUT }, SENDERS.optionsTab);
      assert.equal(answer.ok, status === 204);
      assert.equal(server.requests[0].headers.Authorization, "Bearer gls_secret");
      assert.deepEqual(ns.stored, { server: SERVER });
    }
  });

  test("the sites switched off and the needs-ratings setting are kept", async () => {
    const ns = fakeNamespace();
    const session = new Session(makeBrowser(ns).storage);
    await session.setSiteEnabled("a.example", false);
    await session.setSiteEnabled("b.example", false);
    await session.setSiteEnabled("a.example", true);
    await session.setShowNeedsRatings(1);
    assert.deepEqual(ns.stored, { disabledSites: ["b.example"], showNeedsRatings: true });
  });
});
