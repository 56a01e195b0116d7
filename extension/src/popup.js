// The toolbar popup: the page's note count, a per-site switch, the notes panel, "Check this page"
// (send the page's text although no note is known for it), and plain words when the server cannot
// be reached or the sign-in was rejected.
import { webext } from "./browser.js";
import { MSG } from "./messages.js";

const $ = (id) => document.getElementById(id);

function countText(state) {
  if (!state.enabled) return "Gloss is off on this site.";
  if (state.sent === false) return "No notes are known for this page (its text was not sent).";
  return `${state.count} note${state.count === 1 ? "" : "s"} on this page.`;
}

function say(problem) {
  $("problem").textContent = problem ?? "";
  $("problem").hidden = !problem;
}

async function main() {
  const tab = await webext.activeTab();
  const host = tab?.url ? new URL(tab.url).hostname : "";
  $("host").textContent = host || "this site";
  $("check-page").addEventListener("click", async () => {
    $("check-status").textContent = "Checking…";
    try {
      const answer = await webext.sendToTab(tab.id, { type: MSG.CHECK_PAGE });
      if (answer?.error) say(answer.error);
      $("count").textContent = countText({ enabled: true, sent: true, count: answer?.count ?? 0 });
      $("check-status").textContent = "Checked.";
    } catch {
      $("check-status").textContent = "Gloss does not run on this page.";
    }
  });
  const session = await webext.sendMessage({ type: MSG.GET_SESSION });
  $("site-enabled").checked = !(session.disabledSites ?? []).includes(host);
  $("show-needs-ratings").checked = Boolean(session.showNeedsRatings);
  $("show-needs-ratings").addEventListener("change", async (event) => {
    await webext.sendMessage({ type: MSG.SET_SHOW_NEEDS_RATINGS, show: event.target.checked });
    await webext.sendToTab(tab.id, { type: MSG.REFRESH }).catch(() => {});
  });
  const server = await webext.sendMessage({ type: MSG.CHECK_SERVER });
  if (!server.reachable) say(`The Gloss server (${session.server}) cannot be reached. Notes are not shown.`);
  else if (server.error) say(server.error);
  $("session").textContent = server.signedIn ? `Signed in as ${server.username}.` : "Not signed in: you can read notes, not write them.";
  try {
    const state = await webext.sendToTab(tab.id, { type: MSG.GET_PAGE_STATE });
    $("count").textContent = countText(state);
    if (state.error && server.reachable) say(state.error);
    else if (state.writeError) say(state.writeError);
  } catch {
    $("count").textContent = "Gloss does not run on this page.";
  }
  $("site-enabled").addEventListener("change", async (event) => {
    await webext.sendMessage({ type: MSG.SET_SITE_ENABLED, host, enabled: event.target.checked });
    await webext.sendToTab(tab.id, { type: MSG.REFRESH }).catch(() => {});
  });
  $("open-panel").addEventListener("click", async () => {
    await webext.sendToTab(tab.id, { type: MSG.OPEN_PANEL }).catch(() => {});
    window.close();
  });
}

main().catch((error) => say(String(error)));
