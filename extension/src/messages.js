// Every message the extension's parts send each other, in one place.
//
// Content script -> background worker (chrome.runtime.sendMessage); the worker answers
// {ok: true, ...result} or {ok: false, error: {code, message}}:
//   ANCHOR_PAGE   {url, canonical_url, title, text}  -> {items, document, total, truncated}
//                 POST /api/anchor: the page's notes with where each lands on `text`.
//   CREATE_NOTE   {annotation}                       -> {note}     POST /api/annotations
//   UPDATE_NOTE   {id, changes, version}             -> {note}     PATCH /api/annotations/{id}
//   DELETE_NOTE   {id, version}                      -> {}         DELETE /api/annotations/{id}
//   RATE_NOTE     {id, helpfulness, reasons}         -> {rating}   PUT /api/annotations/{id}/rating
//   PAGE_STATUS   {count}                            -> {}         sets the toolbar badge for the tab
//   GET_SESSION   {}                                 -> {signedIn, username, server, enabled}
//
// Popup / options page -> background worker:
//   SIGN_IN       {username, password}               -> {username} POST /api/tokens, token kept in storage
//   SIGN_OUT      {}                                 -> {}         DELETE /api/tokens/{id}, token forgotten
//   CHECK_SERVER  {}                                 -> {reachable, signedIn, username, error?}
//   SET_SITE_ENABLED {host, enabled}                 -> {}
//   SET_SHOW_NEEDS_RATINGS {show}                    -> {}  also list notes that still need ratings
//
// Background worker / popup -> content script (chrome.tabs.sendMessage):
//   OPEN_PANEL    {}                                 -> {}  show the side panel of the page's notes
//   COMPOSE_FROM_SELECTION {}                        -> {}  open the note form on the current selection
//   GET_PAGE_STATE {}                                -> {count, error}
//   REFRESH       {}                                 -> {}  anchor again (after sign-in, site toggled)
export const MSG = Object.freeze({
  ANCHOR_PAGE: "gloss:anchor-page",
  CREATE_NOTE: "gloss:create-note",
  UPDATE_NOTE: "gloss:update-note",
  DELETE_NOTE: "gloss:delete-note",
  RATE_NOTE: "gloss:rate-note",
  SET_SHOW_NEEDS_RATINGS: "gloss:set-show-needs-ratings",
  PAGE_STATUS: "gloss:page-status",
  GET_SESSION: "gloss:get-session",
  SIGN_IN: "gloss:sign-in",
  SIGN_OUT: "gloss:sign-out",
  CHECK_SERVER: "gloss:check-server",
  SET_SITE_ENABLED: "gloss:set-site-enabled",
  OPEN_PANEL: "gloss:open-panel",
  COMPOSE_FROM_SELECTION: "gloss:compose-from-selection",
  GET_PAGE_STATE: "gloss:get-page-state",
  REFRESH: "gloss:refresh",
});

export const DEFAULT_SERVER = "http://127.0.0.1:5000";
