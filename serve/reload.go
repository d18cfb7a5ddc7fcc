package serve

// reloadJS is the script serve injects into every page: it follows the
// event stream, reloads the page when the build served is not the one the
// page is from (its tag's data-build: "" for the page shown before the
// first good build), and shows the errors of a failed rebuild over the
// page until the next good one. It uses no inline script or style, so it
// works under a strict Content-Security-Policy.
const reloadJS = `(function () {
  "use strict";
  var script = document.currentScript;
  var src = script && script.src;
  var base = src ? src.replace(/__okrgen\/reload\.js.*$/, "") : "/";
  // The build this page is from; null if unknown, then the first state's.
  var shown = script ? script.getAttribute("data-build") : null;
  var overlay = null;

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(errors) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "okrgen-errors";
    overlay.setAttribute("role", "alert");
    var s = overlay.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
    s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "12px 16px";
    s.background = "#2b0b0b"; s.color = "#ffd9d6"; s.borderTop = "3px solid #ff6b5e";
    s.font = "13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var h = document.createElement("strong");
    h.textContent = "okrgen: the last rebuild failed; this page shows the last good build.";
    overlay.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.margin = "8px 0 0"; pre.style.whiteSpace = "pre-wrap";
    pre.textContent = errors.join("\n");
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }

  var es = new EventSource(base + "__okrgen/events");
  es.addEventListener("state", function (e) {
    var st = JSON.parse(e.data);
    if (shown !== null && st.build !== shown) {
      location.reload();
      return;
    }
    shown = st.build;
    if (st.errors && st.errors.length) { show(st.errors); } else { hide(); }
  });
})();
`
