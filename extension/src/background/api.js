// The HTTP client to the Gloss server. Every failure becomes a ServerError with a code the other
// parts can test and a message a reader can be shown: the server's own {error: {code, message,
// fields}} when it sent one, else words for what happened (unreachable, a bare status).
export class ServerError extends Error {
  constructor(code, message, status = 0, fields = {}) {
    super(message);
    this.code = code;
    this.status = status; // 0: no answer at all
    this.fields = fields; // a 422's {field: [message, ...]}
  }
}

function unreachable(server) {
  return new ServerError("unreachable", `The Gloss server at ${server} cannot be reached.`);
}

export class ApiClient {
  /**
   * @param session where the server's origin and the token come from (./session.js)
   * @param fetch the global fetch unless a test passes its own; read when called, never bound early
   */
  constructor({ session, fetch = (url, init) => globalThis.fetch(url, init) }) {
    this.session = session;
    this.fetch = fetch;
  }

  // One request; `anonymous` leaves the token out (signing in, the health check).
  async call(method, path, body, { anonymous = false, headers = {} } = {}) {
    const { server, token } = await this.session.settings();
    const init = { method, headers: { Accept: "application/json", ...headers } };
    if (token && !anonymous) init.headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await this.fetch(server + path, init);
    } catch {
      throw unreachable(server);
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
  // where `anonymousRetry` allows it, so reading never breaks.
  async callWithSession(method, path, body, options = {}) {
    try {
      return await this.call(method, path, body, options);
    } catch (error) {
      if (error.status === 401 && (await this.session.token())) {
        await this.session.tokenRejected();
        if (options.anonymousRetry) return this.call(method, path, body, { ...options, anonymous: true });
      }
      throw error;
    }
  }

  // The lookup's GETs carry no token and no cookies: which prefixes a reader asks for must not be
  // tied to who the reader is. No HTTP cache either: the filter's ETag is kept with it in storage.
  async anonymousGet(path, headers) {
    const server = await this.session.server();
    let response;
    try {
      response = await this.fetch(server + path, { headers: { Accept: "application/json", ...headers },
        credentials: "omit", cache: "no-store" });
    } catch {
      throw unreachable(server);
    }
    const data = response.status === 200 ? await response.json().catch(() => null) : null;
    return { status: response.status, etag: response.headers.get("ETag"), data };
  }
}
