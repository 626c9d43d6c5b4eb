// Advanced search page: asks the staff server's /api/search and lists the hits.
(function () {
  "use strict";
  function start() {
    var form = document.getElementById("atlas-search-form");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var status = document.getElementById("atlas-search-status");
    var list = document.getElementById("atlas-search-results");
    var api = new URL("../api/search", window.location.href);
    var kinds = { provision: "条文 provision", indicator: "指标 indicator", project: "项目 project", term: "术语 term" };
    var plans = { shifeng: "石峰区", lingling: "零陵区", "": "术语表" };

    function siteUrl(path) {
      // Hit URLs are site-root paths; the site root is one level above this page.
      return new URL(".." + path, window.location.href).href;
    }

    function render(data) {
      list.innerHTML = "";
      if (!data.hits.length) {
        status.textContent = "没有结果 No results" + (data.did_you_mean ? "。您是否要找 Did you mean: " + data.did_you_mean : "");
        return;
      }
      status.textContent = data.total + " 条结果 results";
      data.hits.forEach(function (hit) {
        var item = document.createElement("li");
        item.className = "atlas-hit";
        var meta = document.createElement("div");
        meta.className = "atlas-hit-meta";
        meta.textContent = (plans[hit.plan] || hit.plan) + " · " + (kinds[hit.kind] || hit.kind);
        var link = document.createElement(hit.url ? "a" : "span");
        if (hit.url) { link.href = siteUrl(hit.url); }
        link.className = "atlas-hit-title";
        link.textContent = [hit.label, hit.title_zh].filter(Boolean).join(" ");
        var english = document.createElement("div");
        english.className = "atlas-en-inline";
        english.lang = "en";
        english.textContent = hit.title_en || "";
        var snippet = document.createElement("div");
        snippet.className = "atlas-hit-snippet";
        snippet.innerHTML = hit.snippet; // escaped by the server; only <mark> is markup
        item.append(meta, link, english, snippet);
        list.appendChild(item);
      });
    }

    function run(event) {
      if (event) { event.preventDefault(); }
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
      history.replaceState(null, "", "?" + params.toString());
      api.search = params.toString();
      status.textContent = "检索中… Searching…";
      fetch(api.href, { headers: { Accept: "application/json" } })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) { throw new Error("no-service"); }
          return response.json().then(function (data) {
            if (!response.ok) { throw new Error(data.error || "error"); }
            return data;
          });
        })
        .then(render)
        .catch(function (error) {
          list.innerHTML = "";
          status.textContent = error.message === "no-service" || error instanceof TypeError
            ? "检索服务不可用：本站以静态方式提供，请使用顶部搜索框。The search service is not available here (the site is served as static files): use the search box at the top."
            : "检索出错 Search error: " + error.message;
        });
    }

    form.addEventListener("submit", run);
    var initial = new URLSearchParams(window.location.search);
    ["q", "plan", "kind"].forEach(function (name) {
      if (initial.get(name)) { form.elements[name].value = initial.get(name); }
    });
    if (initial.get("q")) { run(); }
  }
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
