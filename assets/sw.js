// Yardstick's service worker: it owns offline use and the switch to a new deploy.
// Trunk copies this file to dist/ unchanged; the post_build hook (scripts/post-build.mjs)
// then rewrites the BUILD line below with this build's cache name and file list. Loads
// of the app's page (navigations to the scope or its index.html) go to the network
// first and fall back to the cached index.html; other navigations are left alone;
// every other file of the build is served from the cache first. A new build has a new
// cache name, so its worker installs beside the old one, takes over at once, and deletes
// the caches of older builds.
"use strict";

const BUILD = { cache: "", files: [] }; // Written by scripts/post-build.mjs.

// Every cache this app has created starts with this prefix; others are left alone.
const PREFIX = "yardstick-";
const INDEX = new URL("index.html", self.registration.scope).href;
// The addresses of the app's page: the scope itself and its index.html.
const APP_PAGES = new Set([self.registration.scope, INDEX]);
const FILES = new Set(BUILD.files.map((file) => new URL(file, self.registration.scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      if (!BUILD.cache) return;
      const cache = await caches.open(BUILD.cache);
      // "reload" skips the HTTP cache so an old copy of a file never enters a new cache.
      await cache.addAll([...FILES].map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== BUILD.cache) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!BUILD.cache || request.method !== "GET") return;
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  if (request.mode === "navigate") {
    // Only the app's own page is answered with the app; any other file opened
    // directly (the manifest, an icon) goes to the network as it is.
    if (APP_PAGES.has(url.href)) event.respondWith(navigate(request));
    return;
  }
  if (FILES.has(url.href)) event.respondWith(cacheFirst(request, url.href));
});

// Asks the network for the page and keeps the answer as the offline copy; when the
// network fails (or the server errs), answers with the offline copy instead.
async function navigate(request) {
  const cache = await caches.open(BUILD.cache);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(INDEX, response.clone());
      return response;
    }
    return (await cache.match(INDEX)) ?? response;
  } catch (error) {
    const cached = await cache.match(INDEX);
    if (cached) return cached;
    throw error;
  }
}

// Answers from this build's cache, and asks the network only for what is missing.
async function cacheFirst(request, key) {
  const cache = await caches.open(BUILD.cache);
  return (await cache.match(key)) ?? fetch(request);
}
