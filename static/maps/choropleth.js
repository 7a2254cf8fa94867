/* Bậc Thang — the choropleth of maps/views.py: the loaded boundaries (no basemap tiles),
 * five shades of green by value (grey: no figure), a click opens the unit's own map. */
(function () {
  "use strict";
  var SHADES = ["#e6f2ea", "#b5dcc2", "#7cc096", "#3f9a63", "#1f6f43"], NONE = "#d0d4d2";
  function draw() {
    var el = document.getElementById("map"), src = document.getElementById("map-data");
    if (!el || !src || typeof L === "undefined") return;
    var data = JSON.parse(src.textContent);
    var values = data.features.map(function (f) { return f.properties.value; }).filter(function (v) { return v !== null; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    function colour(v) {
      if (v === null) return NONE;
      if (hi === lo) return SHADES[4];
      return SHADES[Math.min(4, Math.floor((v - lo) / (hi - lo) * 5))];
    }
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(data, {
      style: function (f) { return { color: "#155232", weight: 1, fillOpacity: 0.85, fillColor: colour(f.properties.value) }; },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(f.properties.name + ": " + f.properties.text, { sticky: true });
        lyr.on("click", function () { window.location.href = f.properties.url; });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    el.dataset.drawn = String(data.features.length);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
