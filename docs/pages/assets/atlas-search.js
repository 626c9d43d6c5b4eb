// Plan Atlas search page: the staff service (/api/search) when it is there, else Pagefind.
(function () {
  "use strict";
  var KINDS = { provision: "条文 provision", indicator: "指标 indicator", project: "项目 project", term: "术语 term" };
  var PLAN_NAMES = { shifeng: ["石峰区", "石峰", "shifeng"], lingling: ["零陵区", "零陵", "lingling"] };
  var STOP = /^(的|了|吗|呢|吧|啊|和|与|及|或|等|在|是|有|哪些|什么|怎么|如何|多少|是否|请问|the|a|an|of|in|on|for|to|and|or|is|are|what|how|which|does|do|will|much|many)$/i;
  var ZH_DIGITS = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

  function zhNumber(text) {
    if (/^\d+$/.test(text)) { return parseInt(text, 10); }
    var total = 0, current = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === "百") { total += (current || 1) * 100; current = 0; }
      else if (ch === "十") { total += (current || 1) * 10; current = 0; }
      else { current = ZH_DIGITS[ch] || 0; }
    }
    return total + current;
  }

  function parse(raw, plan, kind) {
    var q = raw.normalize("NFKC").trim();
    var parsed = { plan: plan || "", kind: kind || "", article: null, text: q };
    q = q.replace(/\b(plan|kind):(\S+)/gi, function (_, name, value) {
      if (name.toLowerCase() === "plan") { parsed.plan = value.toLowerCase(); }
      else { parsed.kind = value.toLowerCase().replace(/s$/, ""); }
      return " ";
    });
    var named = Object.keys(PLAN_NAMES).filter(function (id) {
      return PLAN_NAMES[id].some(function (n) { return q.toLowerCase().indexOf(n) !== -1; });
    });
    if (named.length === 1 && (!parsed.plan || parsed.plan === named[0])) {
      parsed.plan = named[0];
      PLAN_NAMES[named[0]].forEach(function (n) { q = q.replace(new RegExp(n, "gi"), " "); });
    }
    var article = /第\s*(\d+|[零一二三四五六七八九十百两]+)\s*条|(?:^|[^\d.])(\d+)\s*条|\b(?:art(?:icle)?\.?)\s*(\d+)\b/i.exec(q);
    if (article) {
      parsed.article = zhNumber(article[1] || article[2] || article[3]);
      q = q.replace(article[0], " ");
    }
    parsed.text = q.replace(/\s+/g, " ").trim();
    return parsed;
  }

  function words(text) {
    if (window.Intl && Intl.Segmenter) {
      return Array.from(new Intl.Segmenter("zh", { granularity: "word" }).segment(text))
        .filter(function (s) { return s.isWordLike && !STOP.test(s.segment); })
        .map(function (s) { return s.segment; });
    }
    return text.split(/\s+/).filter(function (w) { return w && !STOP.test(w); });
  }

  function kindOf(url) {
    if (/\/indicators\//.test(url)) { return "indicator"; }
    if (/\/projects\//.test(url)) { return "project"; }
    if (/\/(art-\d+|\d+(\.\d+)*)\//.test(url)) { return "provision"; }
    return "page";
  }

  var PLAN_LABELS = {};

  function Searcher(form) {
    this.form = form;
    PLAN_LABELS = JSON.parse(form.dataset.plans || "{}");
    this.articles = JSON.parse(form.dataset.articles || "{}");
    // The site root (both editions share /api/ and /pagefind/); the English edition's pages
    // live under /en/, so its links to records get that prefix.
    this.root = new URL(form.dataset.root || "../", window.location.href);
    this.english = form.dataset.edition === "en";
    this.prefix = this.english ? "/en" : "";
    this.pagefind = null;
  }

  Searcher.prototype.api = function (parsed, raw) {
    var url = new URL("api/search", this.root);
    var prefix = this.prefix;
    url.searchParams.set("q", raw);
    if (parsed.plan) { url.searchParams.set("plan", parsed.plan); }
    if (parsed.kind) { url.searchParams.set("kind", parsed.kind); }
    url.searchParams.set("limit", "20");
    return fetch(url.href, { headers: { Accept: "application/json" } }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error("no-service"); }
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || "error"); }
        var hits = data.hits.map(function (hit) {
          return Object.assign({}, hit, { url: hit.url ? prefix + hit.url : hit.url });
        });
        return { engine: "staff", total: data.total, did_you_mean: data.did_you_mean, hits: hits };
      });
    });
  };

  Searcher.prototype.loadPagefind = function () {
    if (!this.pagefind) {
      var self = this;
      this.pagefind = import(new URL("pagefind/pagefind.js", this.root).href).then(function (pf) {
        // Result URLs relative to the site root, like the staff service's; by default Pagefind
        // prefixes the site's path (/atlas/…), which render() adds again.
        return pf.options({ baseUrl: "/" }).then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return this.pagefind;
  };

  Searcher.prototype.static = function (parsed) {
    var self = this;
    var pinned = [];
    Object.keys(this.articles).forEach(function (plan) {
      if (parsed.article !== null && (!parsed.plan || parsed.plan === plan) &&
          self.articles[plan].indexOf(parsed.article) !== -1) {
        pinned.push({ url: self.prefix + "/" + plan + "/art-" + parsed.article + "/", plan: plan,
                      kind: "provision", label: (self.english ? "Article " : "第") + parsed.article +
                      (self.english ? "" : "条"), title_zh: "", title_en: "", snippet: "" });
      }
    });
    if (!parsed.text) {
      return Promise.resolve({ engine: "static", total: pinned.length, hits: pinned });
    }
    var options = { filters: {} };
    if (parsed.plan) { options.filters.plan = parsed.plan; }
    if (parsed.kind && parsed.kind !== "term") { options.filters.kind = parsed.kind; }
    return this.loadPagefind().then(function (pf) {
      return pf.search(parsed.text, options).then(function (search) {
        if (search.results.length) { return search.results; }
        // Pagefind wants every word: when that finds nothing, any word may match.
        var parts = words(parsed.text);
        return Promise.all(parts.map(function (w) { return pf.search(w, options); })).then(function (all) {
          var byId = {};
          all.forEach(function (s) {
            s.results.forEach(function (r) {
              byId[r.id] = byId[r.id] || { r: r, score: 0, n: 0 };
              byId[r.id].score += r.score; byId[r.id].n += 1;
            });
          });
          return Object.values(byId)
            .sort(function (a, b) { return (b.n - a.n) || (b.score - a.score); })
            .map(function (x) { return x.r; });
        });
      }).then(function (results) {
        return Promise.all(results.slice(0, 20).map(function (r) { return r.data(); }));
      }).then(function (data) {
        var hits = data.map(function (d) {
          var sub = (d.sub_results || []).filter(function (s) { return s.url.indexOf("#") !== -1; })[0];
          var url = sub ? sub.url : d.url;
          var title = ((sub && sub.title) || d.meta.title || "").replace(/\s*¶\s*$/, "");
          return { url: url, plan: (d.filters.plan || [""])[0], kind: kindOf(url), label: "",
                   title_zh: title, title_en: "", snippet: (sub || d).excerpt };
        }).filter(function (h) {
          return pinned.every(function (p) { return h.url.indexOf(p.url) !== 0; });
        });
        return { engine: "static", total: pinned.length + hits.length, hits: pinned.concat(hits) };
      });
    });
  };

  function render(result, status, list, root) {
    list.innerHTML = "";
    document.getElementById("atlas-engine-name").textContent =
      result.engine === "staff" ? "员工检索服务 staff search service (Whoosh)" : "Pagefind（静态 static）";
    if (!result.hits.length) {
      status.textContent = "没有结果 No results" +
        (result.did_you_mean ? "。您是否要找 Did you mean: " + result.did_you_mean : "");
      return;
    }
    status.textContent = result.total + " 条结果 results";
    result.hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.className = "atlas-hit";
      var meta = document.createElement("div");
      meta.className = "atlas-hit-meta";
      meta.textContent = [PLAN_LABELS[hit.plan] || hit.plan, KINDS[hit.kind] || ""].filter(Boolean).join(" · ");
      var link = document.createElement(hit.url ? "a" : "span");
      if (hit.url) { link.href = new URL("." + hit.url, root).href; }
      link.className = "atlas-hit-title";
      link.textContent = [hit.label, hit.title_zh].filter(Boolean).join(" ") || hit.url;
      item.append(meta, link);
      if (hit.title_en) {
        var english = document.createElement("div");
        english.className = "atlas-en-inline";
        english.lang = "en";
        english.textContent = hit.title_en;
        item.append(english);
      }
      var snippet = document.createElement("div");
      snippet.className = "atlas-hit-snippet";
      snippet.innerHTML = hit.snippet || ""; // escaped by the engine; only <mark> is markup
      item.append(snippet);
      list.appendChild(item);
    });
  }

  function start() {
    var form = document.getElementById("atlas-search-form");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var searcher = new Searcher(form);
    var status = document.getElementById("atlas-search-status");
    var list = document.getElementById("atlas-search-results");

    function run(event) {
      if (event) { event.preventDefault(); }
      var raw = form.elements.q.value;
      var parsed = parse(raw, form.elements.plan.value, form.elements.kind.value);
      var params = new URLSearchParams();
      ["q", "plan", "kind"].forEach(function (n) { if (form.elements[n].value) { params.set(n, form.elements[n].value); } });
      history.replaceState(null, "", "?" + params.toString());
      status.textContent = "检索中… Searching…";
      searcher.api(parsed, raw)
        .catch(function (error) {
          if (error.message !== "no-service" && !(error instanceof TypeError)) { throw error; }
          return searcher.static(parsed);
        })
        .then(function (result) { render(result, status, list, searcher.root); })
        .catch(function (error) {
          list.innerHTML = "";
          status.textContent = "检索出错 Search error: " + error.message;
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
