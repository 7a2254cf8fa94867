/* Service worker of the data-entry app (served at {{ scope }}sw.js, so its scope is every page under
 * {{ scope }}).  Built from Workbox (static/vendor/workbox/), no hand-written caching:
 *
 * - the scripts and styles of the entry pages are precached with their revisions (the list below is
 *   made by collection.views.service_worker from the files themselves, so a changed file updates it);
 * - the pages under {{ scope }} (the forms assigned to the officer, the queue page) are network first:
 *   fresh when there is signal, the last copy when there is none; only a plain 200 answer is kept
 *   (never a redirect to the login page);
 * - the pages ask for their forms to be cached with Workbox's CACHE_URLS message.
 */
importScripts("{{ workbox_sw }}");
workbox.setConfig({ debug: false, modulePathPrefix: "{{ workbox_prefix }}" });

var precacheList = {{ precache|safe }};
workbox.precaching.precacheAndRoute(precacheList);
workbox.precaching.cleanupOutdatedCaches();

var onlyPlainPages = {
  cacheWillUpdate: function (args) {
    var r = args.response;
    return r && r.status === 200 && !r.redirected && r.type === "basic" ? r : null;
  }
};

workbox.routing.registerRoute(
  function (args) {
    return args.request.method === "GET" && args.url.origin === self.location.origin &&
      args.url.pathname.indexOf("{{ scope }}") === 0 && !/\.(js|xlsx)$/.test(args.url.pathname);
  },
  new workbox.strategies.NetworkFirst({
    cacheName: "bacthang-forms",
    networkTimeoutSeconds: 8,
    // Django answers "Vary: Cookie, Accept-Language"; the copy kept for offline use is the same page.
    matchOptions: { ignoreVary: true },
    plugins: [onlyPlainPages, new workbox.expiration.ExpirationPlugin({ maxEntries: 200 })]
  })
);

workbox.routing.registerRoute(
  function (args) { return args.url.origin === self.location.origin && args.url.pathname.indexOf("{{ static_prefix }}") === 0; },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: "bacthang-static",
    plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] })]
  })
);

self.addEventListener("install", function () { self.skipWaiting(); });
workbox.core.clientsClaim();
