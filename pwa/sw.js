// Clientbook's service worker: the app itself (index.html, the wasm, its JS, CSS, icons)
// from a cache of this build, so the app starts with no network. Never /api: data for
// offline use is kept elsewhere, encrypted (src/offline/); this worker must never hold it
// in the clear, so API requests are not even looked at.
//
// The build's files and version are written below by scripts/pwa-precache.py (Trunk's
// post_build hook) from the built index.html, whose names carry Trunk's content hashes:
// a new build is a new worker. It installs beside the old one and waits; the app then
// says "A new version is ready — reload" (src/pwa.rs) and, when the user agrees, tells it
// to take over. An open page is never switched to new files under its feet.
const SHELL = { version: "unbuilt", files: [] };

const PREFIX = "clientbook-shell-";
const CACHE = PREFIX + SHELL.version;
const INDEX = "/index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `reload`: past the HTTP cache, so the files are the server's now, not older ones.
      cache.addAll(SHELL.files.map((f) => new Request(f, { cache: "reload" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
      );
      // The first worker takes the page that registered it; a later one only ever
      // activates when the app asked it to (skip-waiting), and the app then reloads.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") {
    self.skipWaiting();
  }
  // A page that loaded while this worker was activating was not a running page yet, so
  // activation's claim left it out (src/pwa.rs asks, once it runs).
  if (event.data && event.data.type === "claim") {
    event.waitUntil(self.clients.claim());
  }
  if (event.data && event.data.type === "version" && event.ports[0]) {
    event.ports[0].postMessage({ version: SHELL.version });
  }
});

function isApi(path) {
  return path === "/api" || path.startsWith("/api/");
}

// A route of the app (/customers/12, /meeting), as opposed to a file (/robots.txt).
function isAppRoute(path) {
  const last = path.split("/").pop();
  return !last.includes(".") || path === INDEX;
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) ?? fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url.pathname)) return;
  if (request.mode === "navigate" && isAppRoute(url.pathname)) {
    // Every route is the same page: this build's index.html, so the page and its wasm
    // always come from one build.
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(INDEX))
        .then((cached) => cached ?? fetch(request)),
    );
    return;
  }
  if (SHELL.files.includes(url.pathname)) {
    event.respondWith(fromCache(request));
  }
});
