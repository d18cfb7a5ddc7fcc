// okrgen: draws the charts of a page. Each chart's echarts option is JSON in
// the data-chart attribute of its container, so pages need no inline script,
// and charts draw on canvas, so they need no inline style: the pages work
// under Content-Security-Policy: default-src 'self'.
(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  var drawn = [];

  function draw() {
    drawn.forEach(function (c) { c.dispose(); });
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
      el.setAttribute("data-rendered", "true");
      drawn.push(chart);
    }
  }

  function resize() {
    drawn.forEach(function (c) { c.resize(); });
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
