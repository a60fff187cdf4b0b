// MI Token Inspector's service worker: caches the app's own files so it works offline after the
// first visit. It serves only same-origin GET requests for those files and never caches anything
// else (a pasted token is never part of a request). scripts/postbuild.py fills in the lists.
//
// A first visit downloads each file once: the page registers this worker after it has started,
// so the files are in the browser's HTTP cache, and the worker copies them from there.
const CACHE = "mi-token-inspector-__VERSION__";
// Files whose names carry a hash of their content: a copy with the name is the right one, from
// the HTTP cache however old ("force-cache"), else from the network.
const HASHED = __HASHED__;
// Files without a hash in their names: asked again ("no-cache"; a 304 when they are unchanged).
const PLAIN = __PLAIN__;
// The page ("./") names these of the hashed files; a copy that does not is from another version.
const PAGE_NAMES = __PAGE_NAMES__;

self.addEventListener("install", (event) => {
  event.waitUntil(cacheApp().then(() => self.skipWaiting()));
});

async function cacheApp() {
  const cache = await caches.open(CACHE);
  await Promise.all([
    ...HASHED.map((url) => fetchInto(cache, url, "force-cache")),
    ...PLAIN.map((url) => fetchInto(cache, url, "no-cache")),
    cachePage(cache),
  ]);
}

async function fetchInto(cache, url, mode) {
  const response = await fetch(url, { cache: mode });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  await cache.put(url, response);
}

/** The page from the HTTP cache when it belongs to this version, else from the network. */
async function cachePage(cache) {
  const cached = await fetch("./", { cache: "force-cache" });
  const html = cached.ok ? await cached.clone().text() : "";
  if (PAGE_NAMES.every((name) => html.includes(name))) {
    await cache.put("./", cached);
  } else {
    await fetchInto(cache, "./", "reload");
  }
}

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
