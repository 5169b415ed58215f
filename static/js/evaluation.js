/* The evaluation dashboard's charts, drawn from the JSON that the page carries in
   <script id="evaluation-charts" type="application/json"> (json_script): no inline script.
   Hidden figures arrive as null and leave a gap; the tables say "not enough answers".
   Also: the printable report's print button. */
(function () {
  "use strict";

  var INK = "#1f3a5f";
  var ACCENT = "#f2b134";
  var GREEN = "#3f8f6b";
  var SOFT = "rgba(31, 58, 95, 0.25)";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var source = document.getElementById("evaluation-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);

  function tooltipValue(context) {
    var value = context.raw;
    if (value === null || value === undefined) { return data.notEnough; }
    if (Array.isArray(value)) { return context.dataset.label + ": " + value[0] + " … " + value[1]; }
    return context.dataset.label + ": " + value;
  }

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { tooltip: { callbacks: { label: tooltipValue } } }
    }, config.options || {});
    new Chart(canvas, config);
  }

  var trend = data.trend;
  draw("chart-trend", {
    type: "bar",
    data: {
      labels: trend.labels,
      datasets: [
        { type: "bar", label: trend.heldLabel, data: trend.held, backgroundColor: INK, yAxisID: "held" },
        { type: "line", label: trend.ratingLabel, data: trend.rating, borderColor: ACCENT,
          backgroundColor: ACCENT, spanGaps: false, yAxisID: "rating" }
      ]
    },
    options: {
      scales: {
        held: { position: "left", beginAtZero: true, ticks: { precision: 0 } },
        rating: { position: "right", min: 1, max: 5, grid: { drawOnChartArea: false } }
      }
    }
  });

  var progress = data.progress;
  draw("chart-progress", {
    type: "bar",
    data: {
      labels: progress.labels,
      datasets: [
        { type: "bar", label: progress.intervalLabel, backgroundColor: SOFT,
          data: progress.low.map(function (low, i) {
            var high = progress.high[i];
            return low === null || high === null ? null : [low, high];
          }) },
        { type: "line", label: progress.label, data: progress.mean, showLine: false,
          pointRadius: 6, pointStyle: "rectRot", borderColor: INK, backgroundColor: INK }
      ]
    },
    options: { scales: { y: { suggestedMin: -1, suggestedMax: 2 } } }
  });

  var perception = data.perception;
  draw("chart-perception", {
    type: "bar",
    data: {
      labels: perception.labels,
      datasets: [
        { label: perception.beforeLabel, data: perception.before, backgroundColor: SOFT },
        { label: perception.afterLabel, data: perception.after, backgroundColor: INK }
      ]
    },
    options: { indexAxis: "y", scales: { x: { min: 1, max: 5 } } }
  });

  var adoption = data.adoption;
  draw("chart-adoption", {
    type: "bar",
    data: {
      labels: adoption.labels,
      datasets: [
        { type: "bar", label: adoption.label, data: adoption.share, backgroundColor: GREEN },
        { type: "line", label: adoption.targetLabel, data: adoption.target, showLine: false,
          pointRadius: 8, pointStyle: "line", borderWidth: 3, borderColor: ACCENT }
      ]
    },
    options: { scales: { y: { min: 0, max: 100 } } }
  });
})();
