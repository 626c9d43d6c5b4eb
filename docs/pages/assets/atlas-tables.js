// Plan Atlas tables: sorting (tablesort, from the npm registry) and filters, offline.
// Without JavaScript the tables are complete and readable; this only adds controls.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("table.atlas-sortable").forEach(function (table) {
      if (table.dataset.sortReady || !window.Tablesort) { return; }
      table.dataset.sortReady = "1";
      new window.Tablesort(table);
    });
    document.querySelectorAll("form.atlas-filters").forEach(function (form) {
      if (form.dataset.ready) { return; }
      form.dataset.ready = "1";
      form.hidden = false;
      var table = document.getElementById(form.dataset.table);
      var count = form.querySelector(".atlas-filters__count");
      function apply() {
        var shown = 0, total = 0;
        var controls = Array.from(form.querySelectorAll("[data-filter]"));
        table.querySelectorAll("tbody tr[data-row]").forEach(function (row) {
          total += 1;
          var visible = controls.every(function (control) {
            var value = control.value.trim().toLowerCase();
            if (!value) { return true; }
            var cell = (row.dataset[control.dataset.filter] || "").toLowerCase();
            return control.tagName === "SELECT" ? cell.split("|").indexOf(value) !== -1 : cell.indexOf(value) !== -1;
          });
          row.hidden = !visible;
          if (visible) { shown += 1; }
        });
        if (count) { count.textContent = shown + " / " + total; }
      }
      // A link may name filters in its query (?domain=生态经济, as the investment charts' bars
      // do); the address keeps the reader's filters, so a filtered table can be shared.
      var params = new URLSearchParams(window.location.search);
      form.querySelectorAll("[data-filter]").forEach(function (control) {
        var wanted = params.get(control.dataset.filter);
        if (wanted !== null) { control.value = wanted; }
      });
      function remember() {
        var query = new URLSearchParams(window.location.search);
        form.querySelectorAll("[data-filter]").forEach(function (control) {
          if (control.value.trim()) { query.set(control.dataset.filter, control.value.trim()); } else { query.delete(control.dataset.filter); }
        });
        var search = query.toString();
        history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      }
      form.addEventListener("input", function () { apply(); remember(); });
      form.addEventListener("change", function () { apply(); remember(); });
      form.addEventListener("reset", function () { setTimeout(function () { apply(); remember(); }, 0); });
      apply();
    });
  }
  if (window.document$) { window.document$.subscribe(setUp); } else { document.addEventListener("DOMContentLoaded", setUp); }
})();
