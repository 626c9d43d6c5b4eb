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
