/* Bậc Thang — draws the charts of the web pages with the vendored Chart.js.
 *
 * A chart is a <canvas data-chart='{"labels": [...], "values": [...], "texts": [...],
 * "targets": [...], "targetTexts": [...], "measure": "ha", "title": "..."}'>; the texts
 * are formatted by the server (the one Vietnamese number formatter), so tooltips say
 * "963,45 ha".  data-kind="series" draws the full chart of the indicator page, any
 * other canvas a small trend line for a dashboard card.  htmx.onLoad runs for the page
 * and for every fragment HTMX swaps in (dashboard filters).
 */
(function () {
  "use strict";
  var GREEN = "#1f6f43", AMBER = "#b7791f", GRID = "#e3e9e5";
  var axisNumber = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === "undefined") return;
    var d;
    try { d = JSON.parse(canvas.dataset.chart); } catch (e) { return; }
    canvas.dataset.drawn = "1";
    var full = canvas.dataset.kind === "series";
    var hasTarget = (d.targets || []).some(function (v) { return v !== null; });
    var datasets = [{
      type: full ? "bar" : "line",
      label: d.measure ? "Số liệu (" + d.measure + ")" : "Số liệu",
      data: d.values,
      backgroundColor: full ? GREEN : "rgba(31,111,67,.15)",
      borderColor: GREEN,
      borderWidth: full ? 0 : 2,
      pointRadius: full ? 0 : 3,
      fill: !full,
      spanGaps: true,
      tension: 0.2
    }];
    if (hasTarget) {
      datasets.push({
        type: "line", label: "Mục tiêu", data: d.targets, borderColor: AMBER, backgroundColor: AMBER,
        borderDash: [6, 4], borderWidth: 2, pointRadius: 4, pointStyle: "rectRot", spanGaps: true, fill: false
      });
    }
    new Chart(canvas, {
      data: { labels: d.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: full && hasTarget, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var texts = ctx.dataset.label === "Mục tiêu" ? d.targetTexts : d.texts;
                var t = texts && texts[ctx.dataIndex];
                return (ctx.dataset.label === "Mục tiêu" ? "Mục tiêu: " : "") + (t || "—");
              }
            }
          }
        },
        scales: {
          x: { display: true, grid: { display: false }, ticks: { font: { size: full ? 12 : 10 }, maxRotation: 0 } },
          y: {
            display: full, beginAtZero: true, grid: { color: GRID },
            ticks: { callback: function (v) { return axisNumber.format(v); } }
          }
        }
      }
    });
  }

  function init(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
