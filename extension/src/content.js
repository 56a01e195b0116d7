// Content-script entry (a classic script, as manifests require): guard against running twice in
// one page, then load the ES modules of the content side.
(() => {
  if (globalThis.__glossLoaded) return;
  globalThis.__glossLoaded = true;
  const api = globalThis.browser ?? globalThis.chrome;
  import(api.runtime.getURL("src/content/main.js"))
    .then((module) => module.start(document))
    .catch((error) => console.warn("Gloss could not start on this page:", error));
})();
