// English edition: on wide screens the Chinese original stands open beside the English;
// on narrow screens it stays one click away. Without JavaScript it is a closed block.
(function () {
  var wide = window.matchMedia("(min-width: 76.25em)");
  function apply() {
    document.querySelectorAll("details.atlas-original").forEach(function (block) {
      block.open = wide.matches;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
