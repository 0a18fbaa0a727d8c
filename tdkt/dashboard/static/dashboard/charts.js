/* Charts (tdkt.dashboard.charts): draws every [data-chart-option] container with Apache
   ECharts, vendored and loaded once on demand, from the option the server wrote with
   json_script (no inline script under the Content-Security-Policy). The data table next to
   each chart is its text alternative and is opened for printing. */
(function () {
  "use strict";
  if (window.tdktCharts) { window.tdktCharts.scan(document); return; }

  var me = document.currentScript;
  var echartsUrl = me && me.getAttribute("data-echarts");
  var loading = null;
  var drawn = [];
  var numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function loadECharts() {
    if (window.echarts) { return Promise.resolve(window.echarts); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = echartsUrl;
        s.onload = function () { resolve(window.echarts); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function formatter(unit) {
    return function (value) {
      if (value === null || value === undefined || value === "-") { return "–"; }
      return numberFormat.format(value) + (unit === "%" ? "%" : "");
    };
  }

  function draw(echarts, el) {
    if (el.getAttribute("data-chart-drawn")) { return; }
    var source = document.getElementById(el.getAttribute("data-chart-option"));
    if (!source) { return; }
    var option = JSON.parse(source.textContent);
    var unit = (option.tdkt || {}).unit || "";
    delete option.tdkt;
    var fmt = formatter(unit);
    option.tooltip = Object.assign({ valueFormatter: fmt }, option.tooltip || {});
    (Array.isArray(option.yAxis) ? option.yAxis : option.yAxis ? [option.yAxis] : [])
      .forEach(function (axis) {
        axis.axisLabel = Object.assign({ formatter: fmt }, axis.axisLabel || {});
      });
    if (option.xAxis && option.xAxis.data && option.xAxis.data.length) {
      // Long category names (movements) are cut to the room each one has.
      var room = Math.max(40, (el.clientWidth - 80) / option.xAxis.data.length - 8);
      option.xAxis.axisLabel = Object.assign(
        { width: room, overflow: "truncate" }, option.xAxis.axisLabel || {});
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    el.setAttribute("data-chart-drawn", "1");
    drawn.push(chart);
  }

  function scan(root) {
    var els = (root || document).querySelectorAll("[data-chart-option]");
    if (!els.length) { return; }
    loadECharts().then(function (echarts) {
      els.forEach(function (el) { draw(echarts, el); });
    });
  }

  function resizeAll() { drawn.forEach(function (c) { c.resize(); }); }

  window.tdktCharts = { scan: scan };
  window.addEventListener("resize", resizeAll);
  // Printing: show the tables (the text alternative) and redraw at the paper's width.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) {
      if (!d.open) { d.open = true; d.setAttribute("data-opened-for-print", "1"); }
    });
    // The page is laid out again at the paper's width only after this event: draw at the
    // width of an A4 page's text (about 17 cm) now.
    drawn.forEach(function (c) { c.resize({ width: 640, height: 260 }); });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (d) {
      d.open = false; d.removeAttribute("data-opened-for-print");
    });
    resizeAll();
  });
  // Charts arriving with an HTMX swap.
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
})();
