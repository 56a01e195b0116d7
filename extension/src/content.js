// Content-script entry (a classic script, as manifests require): guard against running twice in
// one page, then load the ES modules of the content side.
(() => {
  if (globalThis.__glossLoaded) return;
  globalThis.__glossLoaded = true;
  // The one WebExtension call outside browser.js: a classic script cannot import it, and this URL
  // is what loads the modules (browser.js among them).
  const api = globalThis.browser ?? globalThis.chrome;
  import(api.runtime.getURL("src/content/main.js"))
    .then((module) => module.start(document))
    .catch((error) => console.warn("Gloss could not start on this page:", error));
})();
