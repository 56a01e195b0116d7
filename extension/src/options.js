// Options: which Gloss server to use, and signing in (the token is kept in extension storage;
// signing out revokes it on the server).
import { webext } from "./browser.js";
import { DEFAULT_SERVER, MSG } from "./messages.js";

const $ = (id) => document.getElementById(id);

async function show() {
  const session = await webext.sendMessage({ type: MSG.GET_SESSION });
  // Don't overwrite what the reader started typing before the session answered.
  if (!$("server").dataset.touched) $("server").value = session.server ?? DEFAULT_SERVER;
  $("signed-in").hidden = !session.signedIn;
  $("signed-out").hidden = session.signedIn;
  $("who").textContent = session.username ?? "";
  if (session.authError) $("message").textContent = session.authError;
}

$("server").addEventListener("input", () => { $("server").dataset.touched = "yes"; });

$("server-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const server = new URL($("server").value).origin;
  if (server !== DEFAULT_SERVER && !(await webext.requestHostPermission(server).catch(() => false))) {
    $("server-status").textContent = "Gloss needs permission to reach that server.";
    return;
  }
  const saved = await webext.sendMessage({ type: MSG.SET_SERVER, server });
  if (!saved.ok) {
    $("server-status").textContent = saved.error.message;
    return;
  }
  const check = await webext.sendMessage({ type: MSG.CHECK_SERVER });
  $("server-status").textContent = check.reachable ? "Saved; the server answers." : `Saved, but: ${check.error}`;
});

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const answer = await webext.sendMessage({ type: MSG.SIGN_IN, username: $("username").value,
    password: $("password").value });
  $("password").value = "";
  $("message").textContent = answer.ok ? `Signed in as ${answer.username}.` : answer.error.message;
  await show();
});

$("sign-out").addEventListener("click", async () => {
  const answer = await webext.sendMessage({ type: MSG.SIGN_OUT });
  $("message").textContent = answer.ok ? "Signed out; the token was revoked." : answer.error.message;
  await show();
});

show();
