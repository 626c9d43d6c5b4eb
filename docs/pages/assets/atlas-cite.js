/* Plan Atlas: "copy link" under each provision. The Clipboard API needs a secure context
   (https or localhost); on a plain-http intranet the old execCommand route is used. */
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  // The citation names the address the reader is on (the canonical one where the site's URL
  // is configured) and the day they read it.
  function fillCitation() {
    var aside = document.querySelector(".atlas-cite");
    if (!aside) { return; }
    var here = window.location.origin + window.location.pathname;
    if (!aside.dataset.canonical) {
      aside.querySelectorAll(".atlas-cite__url").forEach(function (span) { span.textContent = here; });
      aside.querySelector(".atlas-cite__copy").dataset.url = here;
    }
    var today = new Date();
    var y = today.getFullYear(), m = today.getMonth() + 1, d = today.getDate();
    var forms = { zh: y + "年" + m + "月" + d + "日", en: y + "-" + String(m).padStart(2, "0") + "-" + String(d).padStart(2, "0") };
    aside.querySelectorAll(".atlas-cite__date").forEach(function (span) {
      span.textContent = forms[span.dataset.form] || forms.en;
    });
  }

  if (window.document$) { window.document$.subscribe(fillCitation); } else { document.addEventListener("DOMContentLoaded", fillCitation); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".atlas-cite__copy");
    if (!button) { return; }
    var status = button.parentElement.querySelector(".atlas-cite__status");
    copy(button.dataset.url).then(function () {
      status.textContent = button.dataset.done;
    }, function () {
      status.textContent = button.dataset.url;  // copying refused: show the link to copy by hand
    });
  });
})();

/* The language switch keeps the reader's place: the anchor (#art-37, #ind-5.2) and the query
   (?q= on the search page). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.atlas-lang");
    if (!link || (!window.location.search && !window.location.hash)) { return; }
    var target = new URL(link.href, window.location.href);
    if (!target.search) { target.search = window.location.search; }
    if (!target.hash) { target.hash = window.location.hash; }
    link.href = target.href;
  });
})();

/* Pages that were split keep their old anchors on an index: a link made before the split
   (/glossary/#TERM, /PLAN/revisions/1/#art-37) lands on the index line, which links to the
   entry's page; follow it. */
(function () {
  "use strict";
  if (!document.querySelector(".atlas-anchor-index") || location.hash.length < 2) { return; }
  var line = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var link = line && line.querySelector("a[data-entry]");
  if (link) { location.replace(link.href); }
})();
