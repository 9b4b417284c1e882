// Draws a dataset's spatial coverage with Leaflet on a plain background: no tile server,
// so nothing is fetched from third parties. A graticule gives the eye a reference.
document.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("dataset-map");
  var source = document.getElementById("dataset-map-data");
  if (!holder || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var b = data.bbox;
  var map = L.map(holder, { attributionControl: false, zoomSnap: 0.25, keyboard: true });
  var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
  var pad = Math.max(b[2] - b[0], b[3] - b[1], 0.02);
  var step = Math.pow(10, Math.floor(Math.log10(pad)));
  for (var x = Math.floor((b[0] - pad) / step) * step; x <= b[2] + pad; x += step) {
    L.polyline([[b[1] - pad, x], [b[3] + pad, x]], { color: "#d5dce4", weight: 1, interactive: false }).addTo(map);
  }
  for (var y = Math.floor((b[1] - pad) / step) * step; y <= b[3] + pad; y += step) {
    L.polyline([[y, b[0] - pad], [y, b[2] + pad]], { color: "#d5dce4", weight: 1, interactive: false }).addTo(map);
  }
  if (data.geometry) {
    L.geoJSON(data.geometry, { style: { color: "#0b5c8a", weight: 2, fillOpacity: 0.15 } }).addTo(map);
  } else {
    L.rectangle(bounds, { color: "#0b5c8a", weight: 2, fillOpacity: 0.15 }).addTo(map);
  }
  map.fitBounds(bounds.pad(0.3));
});
