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
