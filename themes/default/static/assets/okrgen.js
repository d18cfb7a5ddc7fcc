// okrgen: draws the charts of a page. Each chart's echarts option is JSON in
// the data-chart attribute of its container, so pages need no inline script,
// and charts draw on canvas, so they need no inline style (the height a
// wrapping legend adds is set through the CSSOM, which the policy allows):
// the pages work under Content-Security-Policy: default-src 'self'.
(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  var drawn = []; // {chart, option}

  function draw() {
    drawn.forEach(function (d) { d.chart.dispose(); });
    drawn = [];
    var nodes = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var option;
      try {
        option = JSON.parse(el.getAttribute("data-chart"));
      } catch (e) {
        continue;
      }
      var chart = echarts.init(el, dark && dark.matches ? "dark" : null, { renderer: "canvas" });
      if (dark && dark.matches) {
        option.backgroundColor = "transparent";
      }
      chart.setOption(option);
      var d = { chart: chart, option: option };
      fitLegend(d);
      el.setAttribute("data-rendered", "true");
      drawn.push(d);
    }
  }

  // fitLegend makes room for a legend that wraps to more than one row: the
  // option's grid leaves one row of legend below the axis labels, so the
  // chart grows by the height of the rows beyond the first, and the plot
  // keeps its height. The rows depend on the chart's width only.
  function fitLegend(d) {
    var chart = d.chart, el = chart.getDom();
    var grid = d.option.grid && d.option.grid[0];
    var legend = chart.getModel().getComponent("legend");
    var view = legend && legend.get("show") && typeof chart.getViewOfComponentModel === "function" &&
      chart.getViewOfComponentModel(legend);
    if (!grid || !view) {
      return;
    }
    if (el.style.height) {
      el.style.height = "";
      chart.resize();
      chart.setOption({ grid: { bottom: grid.bottom } });
    }
    var extra = Math.ceil(view.group.getBoundingRect().height - legend.get("itemHeight"));
    if (extra > 0) {
      el.style.height = el.clientHeight + extra + "px";
      chart.resize();
      chart.setOption({ grid: { bottom: Number(grid.bottom) + extra } });
    }
  }

  function resize() {
    drawn.forEach(function (d) {
      d.chart.resize();
      fitLegend(d);
    });
  }

  if (typeof echarts === "undefined") {
    return; // the tables stand in for the charts
  }
  draw();
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", draw);
  }
})();
