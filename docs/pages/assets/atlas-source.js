// Plan Atlas source-text pages: mark the lines a link cites (#L798, or ?lines=798-805#L798 for
// a range; #L798-L805 too), bring the first into view and offer the way back to the page the
// reader came from.
(function () {
  "use strict";
  function mark() {
    var list = document.querySelector("ol.atlas-source-text");
    if (!list) { return; }
    list.querySelectorAll(".atlas-source-cited").forEach(function (li) { li.classList.remove("atlas-source-cited"); });
    var asked = new URLSearchParams(window.location.search).get("lines") || "";
    var range = /^(\d+)-(\d+)$/.exec(asked) || /^#L(\d+)(?:-L(\d+))?$/.exec(window.location.hash);
    if (!range) { return; }
    var first = +range[1], last = +(range[2] || range[1]);
    for (var n = first; n <= last && n - first < 1000; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("atlas-source-cited"); }
    }
    var start = document.getElementById("L" + first);
    if (!start) { return; }
    start.scrollIntoView({ block: "center" });
    var from = document.referrer && new URL(document.referrer);
    if (from && from.origin === window.location.origin && !document.querySelector(".atlas-source-back")) {
      var back = document.createElement("a");
      back.className = "atlas-source-back";
      back.href = from.href;
      back.textContent = list.dataset.back || "←";
      start.insertBefore(back, start.firstChild);
      back.after(document.createElement("br"));
    }
  }
  window.addEventListener("hashchange", mark);
  if (window.document$) { window.document$.subscribe(mark); } else { document.addEventListener("DOMContentLoaded", mark); }
})();
