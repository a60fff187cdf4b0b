// MI Token Inspector's service worker: caches the app's own files so it works offline after the
// first visit. It serves only same-origin GET requests for those files and never caches anything
// else (a pasted token is never part of a request). scripts/postbuild.py fills in the list.
const CACHE = "mi-token-inspector-__VERSION__";
const ASSETS = __ASSETS__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("mi-token-inspector-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then((hit) => {
      if (hit) return hit;
      if (event.request.mode === "navigate") return caches.match("./");
      return fetch(event.request);
    }),
  );
});
