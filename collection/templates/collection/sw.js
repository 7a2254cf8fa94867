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

// A page never opened with signal on this phone: say so plainly instead of the browser's error.
workbox.routing.setCatchHandler(function (args) {
  if (args.request.destination !== "document") return Response.error();
  var body = '<!doctype html><html lang="vi"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Không có mạng · Bậc Thang</title>' +
    '<link rel="stylesheet" href="{{ static_prefix }}css/bacthang.css"></head><body><main id="main">' +
    '<h1>Không có mạng</h1><p>Trang này chưa được lưu trên máy để dùng khi không có mạng. Khi có mạng, hãy mở ' +
    'trang Nhập số liệu và các biểu cần dùng một lần để lưu chúng.</p>' +
    '<p><a class="button" href="{{ scope }}">Trang nhập số liệu</a> <a class="button" href="{{ scope }}chua-gui/">' +
    'Số liệu chưa gửi</a></p></main></body></html>';
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
});

self.addEventListener("install", function () { self.skipWaiting(); });
workbox.core.clientsClaim();
