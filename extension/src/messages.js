// Every message the extension's parts send each other, in one place.
//
// To the background worker (chrome.runtime.sendMessage); the worker answers {ok: true, ...result}
// or {ok: false, error: {code, message}}. Its table (background/handlers.js) marks the privileged
// types: those are answered only when the sender is one of the extension's own pages (popup,
// options), else {ok: false, error: {code: "forbidden_sender", ...}}, because content scripts run
// inside web pages. An unknown type gets code "unknown_message".
//
// Content script -> background worker (not privileged):
//   ANCHOR_PAGE   {url, canonical_url, title, text, asked, extraction, breaks, links}
//                                                    -> {items, document, total, truncated, sent, reason}
//                 `text` is content/text.js extractText's text (extraction v2: rendered text only,
//                 one "\n" inserted between blocks); `extraction` is its version (2), `breaks` the
//                 code-point offsets of those inserted "\n" (ascending), `links` the code-point
//                 [start, end] ranges of link text (ascending, merged). All three go to
//                 POST /api/anchor as they are (a server that refuses them as unknown fields gets
//                 the text alone).
//                 The page's notes with where each lands on `text` (POST /api/anchor), but only
//                 when the private lookup allows it (./lookup.js): `asked` (the reader pressed
//                 "Check this page"), a page the reader wrote a note on, a URL listed by
//                 GET /api/lookup, or a page shingle in the GET /api/fingerprints filter. Otherwise
//                 nothing reaches the server: {items: [], ..., sent: false, reason: "unknown"}.
//                 `reason` is one of lookup.js REASON. Notes found on another copy of the text
//                 carry gloss.anchor.via (the original's URL).
//   CREATE_NOTE   {annotation}                       -> {note}     POST /api/annotations; the
//                 note's page is remembered (in extension storage) so its text is sent from now on
//   UPDATE_NOTE   {id, changes, version}             -> {note}     PATCH /api/annotations/{id}
//   DELETE_NOTE   {id, version}                      -> {}         DELETE /api/annotations/{id}
//   RATE_NOTE     {id, helpfulness, reasons}         -> {rating}   PUT /api/annotations/{id}/rating
//   PAGE_STATUS   {count}                            -> {}         sets the toolbar badge for the tab
//   GET_PAGE_SESSION {}                              -> {signedIn, username, disabledSites}
//                 what the page needs (whose notes may be edited, where Gloss is off): no server,
//                 no sign-in problem
//
// Popup / options page -> background worker (privileged):
//   GET_SESSION   {}                                 -> {signedIn, username, server, disabledSites,
//                                                        authError, showNeedsRatings}
//   SIGN_IN       {username, password}               -> {username} POST /api/tokens, token kept in storage
//   SIGN_OUT      {}                                 -> {}         DELETE /api/tokens/{id}, token forgotten
//   CHECK_SERVER  {}                                 -> {reachable, signedIn, username, error?}
//   SET_SERVER    {server}                           -> {}  the server's origin (http or https, no path)
//   SET_SITE_ENABLED {host, enabled}                 -> {}
//   SET_SHOW_NEEDS_RATINGS {show}                    -> {}  also list notes that still need ratings
//
// Background worker / popup -> content script (chrome.tabs.sendMessage):
//   OPEN_PANEL    {}                                 -> {}  show the side panel of the page's notes
//   COMPOSE_FROM_SELECTION {}                        -> {}  open the note form on the current selection
//   GET_PAGE_STATE {}                                -> {count, error, writeError, enabled, sent}
//                 `error`: why the page's notes could not be shown (cleared by the next anchoring);
//                 `writeError`: why the last note written, edited, deleted or rated was not
//                 (kept until the reader dismisses it or a write succeeds)
//   CHECK_PAGE    {}                                 -> {count, error}  the reader's "Check this page":
//                 send this page's text to POST /api/anchor now, and on every re-anchor until the
//                 page navigates
//   REFRESH       {}                                 -> {}  anchor again (after sign-in, site toggled)
export const MSG = Object.freeze({
  ANCHOR_PAGE: "gloss:anchor-page",
  CREATE_NOTE: "gloss:create-note",
  UPDATE_NOTE: "gloss:update-note",
  DELETE_NOTE: "gloss:delete-note",
  RATE_NOTE: "gloss:rate-note",
  SET_SHOW_NEEDS_RATINGS: "gloss:set-show-needs-ratings",
  PAGE_STATUS: "gloss:page-status",
  GET_PAGE_SESSION: "gloss:get-page-session",
  GET_SESSION: "gloss:get-session",
  SIGN_IN: "gloss:sign-in",
  SIGN_OUT: "gloss:sign-out",
  CHECK_SERVER: "gloss:check-server",
  SET_SERVER: "gloss:set-server",
  SET_SITE_ENABLED: "gloss:set-site-enabled",
  OPEN_PANEL: "gloss:open-panel",
  COMPOSE_FROM_SELECTION: "gloss:compose-from-selection",
  GET_PAGE_STATE: "gloss:get-page-state",
  CHECK_PAGE: "gloss:check-page",
  REFRESH: "gloss:refresh",
});

export const DEFAULT_SERVER = "http://127.0.0.1:5000";
