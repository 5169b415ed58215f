/* The evaluation dashboard's charts, drawn from the JSON that the page carries in
   <script id="evaluation-charts" type="application/json"> (json_script): no inline script.
   The same dictionary draws the PDF's charts and fills each chart's data table (its text
   alternative). Hidden figures arrive as null, with their reason in `notes`; a chart with
   nothing to draw has no canvas at all: the page says why instead.
   Colours: the Okabe-Ito palette, which colour-blind readers tell apart; each series also
   differs by shape (bars, line, diamonds, dashes).
   Numbers read as the reader writes them: the server sends each series' values as text
   (`texts`, "72,5 %" in French), which the tooltips show, and `format` (the locale and the
   percent sign) for the axes, which Chart.js writes with Intl.NumberFormat.
   Also: the printable report's print button. */
(function () {
  "use strict";

  var BLUE = "#0072B2";
  var ORANGE = "#E69F00";
  var GREEN = "#009E73";
  var VERMILLION = "#D55E00";
  var SKY = "#56B4E9";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var source = document.getElementById("evaluation-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var format = data.format || { locale: "en-GB", percent: "%", colon: ": " };
  var numbers = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 2 });
  function percentTick(value) { return numbers.format(value) + format.percent; }

  function draw(id, config, notes) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    config.options = Object.assign({
      locale: format.locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: false
    }, config.options || {});
    config.options.plugins = Object.assign({
      tooltip: {
        callbacks: {
          label: function (context) {
            var value = context.raw;
            if (value === null || value === undefined) {
              return (notes && notes[context.dataIndex]) || "";
            }
            var texts = context.dataset.texts;
            var text = texts && texts[context.dataIndex];
            if (!text) {
              text = Array.isArray(value)
                ? numbers.format(value[0]) + " … " + numbers.format(value[1])
                : numbers.format(value);
            }
            return context.dataset.label + format.colon + text;
          }
        }
      }
    }, config.options.plugins || {});
    new Chart(canvas, config);
  }

  /* A long category label on several lines of at most `width` characters (Chart.js draws
     an array as lines), so that the axis never cuts it ("At least half the planned…"). */
  function wrap(label, width) {
    var lines = [];
    String(label).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length > 1 ? lines : label;
  }
  var WRAP_AT = 24;

  var funnel = data.funnel;
  draw("chart-funnel", {
    type: "bar",
    data: {
      labels: funnel.labels.map(function (label) { return wrap(label, WRAP_AT); }),
      datasets: [{ label: funnel.label, data: funnel.values, texts: funnel.valuesText,
                   backgroundColor: BLUE }]
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  var trend = data.trend;
  draw("chart-trend", {
    type: "bar",
    data: {
      labels: trend.labels,
      datasets: [
        { type: "bar", label: trend.heldLabel, data: trend.held, texts: trend.heldText,
          backgroundColor: BLUE, yAxisID: "held", order: 2 },
        { type: "line", label: trend.ratingLabel, data: trend.rating, texts: trend.ratingText,
          borderColor: ORANGE,
          backgroundColor: ORANGE, pointStyle: "circle", pointRadius: 4, spanGaps: false,
          yAxisID: "rating", order: 1 }
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
      labels: progress.labels.map(function (label) { return wrap(label, WRAP_AT); }),
      datasets: [
        { type: "bar", label: progress.intervalLabel, backgroundColor: SKY, order: 2,
          texts: progress.intervalText,
          data: progress.low.map(function (low, i) {
            var high = progress.high[i];
            return low === null || high === null ? null : [low, high];
          }) },
        { type: "line", label: progress.meanLabel, data: progress.mean,
          texts: progress.meanText, showLine: false,
          pointRadius: 6, pointStyle: "rectRot", borderColor: BLUE, backgroundColor: BLUE,
          order: 1 }
      ]
    },
    options: { indexAxis: "y", scales: { x: { suggestedMin: -1, suggestedMax: 2 } } }
  }, progress.notes);

  var adoption = data.adoption;
  draw("chart-adoption", {
    type: "bar",
    data: {
      labels: adoption.labels.map(function (label) { return wrap(label, WRAP_AT); }),
      datasets: [
        { type: "bar", label: adoption.label, data: adoption.share, texts: adoption.shareText,
          backgroundColor: GREEN, order: 2 },
        { type: "line", label: adoption.targetLabel, data: adoption.target,
          texts: adoption.targetText, borderColor: VERMILLION,
          backgroundColor: VERMILLION, borderDash: [6, 4], borderWidth: 2, pointStyle: "line",
          pointRadius: 10, stepped: "middle", spanGaps: true, order: 1 }
      ]
    },
    options: { scales: { y: { min: 0, max: 100, ticks: { callback: percentTick } } } }
  });
})();
