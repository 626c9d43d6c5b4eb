// Plan Atlas search page. With the staff service (`make serve`) it asks /api/search; on a plain
// static host it reads the site's own index (search-data/, builder/search/public.py) in pieces.
// Every word it shows comes from the page (the edition's catalogue), none from here.
(function () {
  "use strict";
  var ZH_DIGITS = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  var ZH_NUMBER = "[零一二三四五六七八九十百两]+";
  // As builder/search/query.py: the same filters, article, chapter and section forms.
  var FILTER = /\b(plan|kind|chapter|section):(\S+)/gi;
  var ARTICLE = new RegExp("第\\s*(\\d+|" + ZH_NUMBER + ")\\s*条|(?<![\\d.])(\\d+)\\s*条|\\b(?:art(?:icle)?|§)\\.?\\s*(\\d+)\\b", "i");
  var CHAPTER = new RegExp("第\\s*(\\d+|" + ZH_NUMBER + ")\\s*章|\\bchapter\\s+(\\d+)\\b", "i");
  var SECTION = new RegExp("第\\s*(\\d+|" + ZH_NUMBER + ")\\s*节|\\bsection\\s+(\\d+)\\b", "i");
  var DOTTED_SECTION = /\bsection\s+(\d+)\.(\d+)\b/i;
  var PHRASE = /"([^"]+)"|“([^”]+)”/g;
  var LIMIT = 20;

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

  function parse(raw, plan, kind, plans) {
    var q = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
    var parsed = { plan: plan || "", kind: kind || "", article: null, chapter: null, section: null, phrases: [], text: "" };
    q = q.replace(FILTER, function (_, name, value) {
      name = name.toLowerCase(); value = value.toLowerCase();
      if (name === "plan") { parsed.plan = value; }
      else if (name === "kind") { parsed.kind = value.replace(/s$/, ""); }
      else if (/^\d+$/.test(value)) { parsed[name] = parseInt(value, 10); }
      return " ";
    });
    var lower = q.toLowerCase();
    var named = Object.keys(plans).filter(function (id) {
      return plans[id].some(function (n) { return lower.indexOf(n.toLowerCase()) !== -1; });
    });
    if (named.length === 1 && (!parsed.plan || parsed.plan === named[0])) {
      parsed.plan = named[0];
      plans[named[0]].forEach(function (n) {
        q = q.replace(new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), " ");
      });
    }
    var match = DOTTED_SECTION.exec(q);
    if (match) { parsed.chapter = +match[1]; parsed.section = +match[2]; q = q.replace(match[0], " "); }
    match = ARTICLE.exec(q);
    if (match) { parsed.article = zhNumber(match[1] || match[2] || match[3]); q = q.replace(match[0], " "); }
    match = CHAPTER.exec(q);
    if (match) { parsed.chapter = zhNumber(match[1] || match[2]); q = q.replace(match[0], " "); }
    match = SECTION.exec(q);
    if (match) { parsed.section = zhNumber(match[1] || match[2]); q = q.replace(match[0], " "); }
    q = q.replace(PHRASE, function (_, a, b) { parsed.phrases.push(a || b); return " "; });
    parsed.text = q.replace(/\s+/g, " ").trim();
    parsed.structural = parsed.chapter !== null &&
      (parsed.section !== null || (!parsed.text && !parsed.phrases.length));
    return parsed;
  }
  // ── The static index (builder/search/public.py): the staff index's words, in pieces ──────
  var WORD_BREAK = "\u200a";
  // As builder/search/analysis.py's _SEGMENT: Latin and digit runs whole, then Chinese runs.
  var SEGMENT = /([A-Za-zΔ△μ]+[0-9]*(?:\.[0-9]+)?[A-Za-z0-9]*|[0-9]+(?:\.[0-9]+)?(?:[A-Za-z%]+|年)?)|([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)/g;
  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var ENGLISH_WORD = /[a-z0-9_]+(?:\.?[a-z0-9_]+)*/g;
  var UNKNOWN_CHAR = -2500; // below any word's weight: a character the index does not know
  var RARE_SHARE = 0.1; // a word in more documents than this only adds to the rarer words' finds
  var SUFFIXES = ["s", "es", "ed", "ing", "ly"];
  var PART_WEIGHT = 0.4; // a part of a long query word (as the index weighs the parts of its words)

  function StaticIndex(root) {
    this.base = new URL("search-data/", root);
    this.files = {};
  }

  StaticIndex.prototype.get = function (path, missing) {
    if (!this.files[path]) {
      this.files[path] = fetch(new URL(path, this.base).href).then(function (response) {
        if (response.ok) { return response.json(); }
        if (response.status === 404 && missing !== undefined) { return missing; }
        throw new Error(path + ": HTTP " + response.status);
      });
    }
    return this.files[path];
  };

  StaticIndex.prototype.shards = function (meta, words) {
    var self = this;
    var numbers = {};
    words.forEach(function (w) { numbers[w.codePointAt(0) % meta.shards] = true; });
    var keys = Object.keys(numbers);
    return Promise.all(keys.map(function (n) { return self.get("v/" + n + ".json", { w: {}, s: {} }); }))
      .then(function (loaded) {
        var merged = { w: {}, s: {} };
        loaded.forEach(function (shard) {
          Object.assign(merged.w, shard.w);
          Object.assign(merged.s, shard.s);
        });
        return merged;
      });
  };

  // The query's Chinese runs cut as jieba would, but with the index's own words only: the path
  // of words whose weights (jieba's log-probabilities) sum highest.
  function cut(run, words, meta) {
    var stop = meta.stop;
    var best = [0], back = [0];
    for (var end = 1; end <= run.length; end++) {
      best[end] = -Infinity;
      for (var start = Math.max(0, end - meta.longest); start < end; start++) {
        var word = run.slice(start, end);
        var weight = words[word] ? words[word][0] : stop[word];
        if (weight === undefined || weight === null) { // null: a string jieba never cuts out
          if (end - start > 1) { continue; }
          weight = UNKNOWN_CHAR;
        }
        if (best[start] + weight > best[end]) { best[end] = best[start] + weight; back[end] = start; }
      }
    }
    var out = [];
    for (var at = run.length; at > 0; at = back[at]) { out.unshift(run.slice(back[at], at)); }
    return out;
  }

  // A text's Latin runs (lowercased) and Chinese runs, in order, as the index split its texts.
  function pieces(text) {
    var found = [], match;
    SEGMENT.lastIndex = 0;
    while ((match = SEGMENT.exec(text))) {
      found.push(match[1] ? { latin: match[1].toLowerCase().replace(/\.+$/, "") } : { run: match[2] });
    }
    return found;
  }

  // The words of a text as the index's analyser gives them (builder/search/analysis.segment).
  function segmentWords(text, words, meta) {
    var out = [];
    pieces(text).forEach(function (piece) {
      if (piece.latin !== undefined) { out.push(piece.latin); } else { out = out.concat(cut(piece.run, words, meta)); }
    });
    return out;
  }

  function englishAlternatives(word, shard) {
    var forms = [[word, 1]];
    if (shard.s[word]) { forms.push([shard.s[word], 1]); }
    if (!shard.w[word] && !shard.s[word]) {
      SUFFIXES.forEach(function (suffix) {
        var base = word.slice(0, -suffix.length);
        if (word.length - suffix.length >= 3 && word.slice(-suffix.length) === suffix) {
          forms.push([shard.s[base] || base, 1]);
        }
      });
    }
    return forms;
  }

  // A long Chinese word and, weighted less, the index's words inside it.
  function chineseAlternatives(word, shard) {
    var forms = [[word, 1]];
    if (word.length < 3) { return forms; }
    for (var start = 0; start < word.length - 1; start++) {
      for (var end = start + 2; end <= word.length; end++) {
        var part = word.slice(start, end);
        if (part !== word && shard.w[part]) { forms.push([part, PART_WEIGHT]); }
      }
    }
    return forms;
  }

  function namedTerms(text, meta) {
    var lower = " " + text.toLowerCase() + " ";
    return meta.glossary.filter(function (term) {
      var english = term.en.some(function (e) {
        var at = lower.indexOf(e);
        return e.length > 2 && at > 0 && !/[a-z0-9]/.test(lower[at - 1]) && !/[a-z0-9]/.test(lower[at + e.length]);
      });
      return english || term.alias.some(function (a) { return text.indexOf(a) !== -1; });
    });
  }

  // A query's word groups: each group matches through any of its words (a word and its stem);
  // a glossary term named in English or by an alias adds its Chinese words, all needed.
  StaticIndex.prototype.groups = function (meta, text, phrases) {
    var query = [text].concat(phrases).join(" ").normalize("NFKC");
    var found = pieces(query);
    var runs = found.filter(function (p) { return p.run; }).map(function (p) { return p.run; });
    var latin = found.filter(function (p) { return p.latin; }).map(function (p) { return p.latin; });
    var english = query.toLowerCase().replace(CJK_RUN, " ").match(ENGLISH_WORD) || [];
    var terms = namedTerms(text, meta);
    var needed = Array.from(runs.join("")).concat(latin, english);
    terms.forEach(function (t) { needed = needed.concat(t.words); });
    return this.shards(meta, needed).then(function (shard) {
      var groups = [];
      var seen = {};
      function add(words, weight, all) {
        var key = words.map(function (w) { return w[0]; }).join("|");
        if (!seen[key]) { seen[key] = true; groups.push({ words: words, weight: weight, all: all }); }
      }
      runs.forEach(function (run) {
        cut(run, shard.w, meta).forEach(function (w) {
          if (meta.stop[w] === undefined) { add(chineseAlternatives(w, shard), 1, false); }
        });
      });
      latin.concat(english).forEach(function (w) {
        if (meta.stop_en.indexOf(w) === -1) { add(englishAlternatives(w, shard), 1, false); }
      });
      terms.forEach(function (t) {
        add(t.words.map(function (w) { return [w, 1]; }), 0.75, true);
      });
      return { groups: groups, shard: shard, terms: terms };
    });
  };

  // The postings of the query's words: a word's best ones, or, in a search within one plan,
  // all of them in that plan's group when the best ones may leave its documents out.
  StaticIndex.prototype.postings = function (meta, query, plan) {
    var self = this, lists = {};
    var group = -1;
    if (plan && meta.ranges[plan]) {
      var first = Math.min.apply(null, Object.values(meta.ranges[plan]).map(function (r) { return r[0]; }));
      group = meta.groups.findIndex(function (g) { return g[0] <= first && first < g[1]; });
    }
    var words = {};
    query.groups.forEach(function (g) { g.words.forEach(function (pair) { words[pair[0]] = true; }); });
    return Promise.all(Object.keys(words).map(function (word) {
      var entry = query.shard.w[word];
      if (!entry) { return null; }
      var folder = "p/" + (word.codePointAt(0) % meta.shards) + "/";
      var whole = group >= 0 && entry[1] > meta.top; // the plan's group file has all of them
      var file = whole ? folder + "g" + entry[3] + "-" + group + ".json" : folder + entry[2] + ".json";
      return self.get(file, whole ? [] : {}).then(function (loaded) {
        var flat = whole ? loaded : loaded[word] || [], found = {};
        for (var i = 0; i < flat.length; i += 2) { found[flat[i]] = flat[i + 1]; }
        lists[word] = found;
      });
    })).then(function () { query.postings = lists; return query; });
  };

  function postings(query, word, factor) {
    var list = query.postings[word] || {}, found = {};
    Object.keys(list).forEach(function (doc) { found[doc] = factor * list[doc]; });
    return found;
  }

  function groupScores(query, group) {
    var lists = group.words.map(function (w) { return postings(query, w[0], w[1]); });
    var scores = {};
    if (group.all) {
      Object.keys(lists[0] || {}).forEach(function (doc) {
        if (lists.every(function (l) { return l[doc] !== undefined; })) {
          scores[doc] = lists.reduce(function (sum, l) { return sum + l[doc]; }, 0);
        }
      });
      return scores;
    }
    lists.forEach(function (list) {
      Object.keys(list).forEach(function (doc) { scores[doc] = Math.max(scores[doc] || 0, list[doc]); });
    });
    return scores;
  }

  function inRange(meta, doc, plan, kind) {
    var n = +doc;
    var plans = plan ? [plan] : Object.keys(meta.ranges);
    return plans.some(function (p) {
      var kinds = meta.ranges[p] || {};
      return Object.keys(kinds).some(function (k) {
        if (kind ? k !== kind : k === "term") { return false; }
        return kinds[k][0] <= n && n < kinds[k][1];
      });
    });
  }

  // Rank like the staff search: words combine by OR, a missing word lowers the rank (the share
  // of the query's words a record has scales its score), common words only add to what the
  // rarer words found.
  function rank(meta, query, plan, kind) {
    var scored = query.groups.map(function (g) {
      return { group: g, scores: groupScores(query, g), found: documentCount(query.shard, g) };
    });
    var ceiling = RARE_SHARE * meta.documents;
    var rare = scored.filter(function (s) { return s.found <= ceiling; });
    var wanted = function (doc) { return inRange(meta, doc, plan, kind); };
    var candidates = matches(rare, wanted);
    if (!candidates.length) { candidates = matches(scored, wanted); }
    var plain = query.groups.filter(function (g) { return !g.all; }).length || 1;
    var ranked = candidates.map(function (doc) {
      var score = 0, matched = 0;
      scored.forEach(function (s) {
        if (s.scores[doc] === undefined) { return; }
        score += s.group.weight * s.scores[doc];
        if (!s.group.all) { matched += 1; }
      });
      return { doc: +doc, score: score * (0.1 + 0.9 * Math.min(matched, plain) / plain) };
    });
    ranked.sort(function (a, b) { return (b.score - a.score) || (a.doc - b.doc); });
    return ranked;
  }

  // In how many documents a group's own words (not their parts) occur: what makes it common.
  function documentCount(shard, group) {
    return group.words.reduce(function (most, pair) {
      var entry = shard.w[pair[0]];
      return pair[1] === 1 && entry ? Math.max(most, entry[1]) : most;
    }, 0);
  }

  function matches(scored, wanted) {
    var docs = {};
    scored.forEach(function (s) { Object.assign(docs, s.scores); });
    return Object.keys(docs).filter(wanted);
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The text around the first word the query matched, the matched words marked; whole words
  // only (the Chinese text comes cut into the index's words).
  // A record's text is Chinese or English (a title may fall back to the Chinese): said so for
  // screen readers, whichever edition shows it.
  function languageOf(text) { return /[\u3400-\u9fff]/.test(text || "") ? "zh-CN" : "en"; }

  function snippet(text, parts, marks) {
    var tokens = parts ? text.split(WORD_BREAK) : text.split(/(\W+)/);
    var hit = tokens.map(function (t) { return marks(t); });
    var first = hit.indexOf(true);
    if (first === -1) { return ""; }
    var before = 0, start = first;
    while (start > 0 && before + tokens[start - 1].length <= 30) { start -= 1; before += tokens[start].length; }
    var html = start > 0 ? "…" : "", length = 0;
    for (var i = start; i < tokens.length && length < 140; i++) {
      html += hit[i] ? "<mark>" + escapeHtml(tokens[i]) + "</mark>" : escapeHtml(tokens[i]);
      length += tokens[i].length;
    }
    return html + (i < tokens.length ? "…" : "");
  }

  function marker(query) {
    var exact = {}, stems = [];
    query.groups.forEach(function (g) {
      g.words.forEach(function (pair) {
        var w = pair[0];
        exact[w] = true;
        if (/^[a-z]{3,}$/.test(w)) { stems.push(w); }
      });
    });
    return function (token) {
      var t = token.toLowerCase().replace(/\.$/, "");
      return !!exact[t] || stems.some(function (s) { return t.length >= s.length && t.slice(0, s.length) === s && /^[a-z]+$/.test(t); });
    };
  }

  StaticIndex.prototype.hit = function (doc, edition, marks) {
    var other = edition === "zh" ? "en" : "zh";
    var languages = edition === "en" ? ["en", "zh"] : ["zh", "en"];
    var text = "";
    for (var i = 0; i < languages.length && !text; i++) {
      text = snippet(doc.text[languages[i]] || "", languages[i] === "zh", marks);
    }
    if (!text) {
      var plainText = (doc.text[languages[0]] || doc.text[languages[1]] || "").split(WORD_BREAK).join("");
      text = escapeHtml(plainText.slice(0, 120)) + (plainText.length > 120 ? "…" : "");
    }
    return {
      url: doc.url, plan: doc.plan, kind: doc.kind,
      label: doc.label[edition] || doc.label.zh || "",
      title: doc.title[edition] || doc.title.zh || "",
      subtitle: doc.title[other] && doc.title[other] !== doc.title[edition] ? doc.title[other] : "",
      snippet: text
    };
  };

  function Searcher(form) {
    this.form = form;
    this.words = JSON.parse(form.dataset.words || "{}");
    // The site root (both editions share /api/ and /search-data/); the English edition's pages
    // live under /en/, so its links to records get that prefix.
    this.root = new URL(form.dataset.root || "../", window.location.href);
    this.edition = form.dataset.edition || "zh";
    this.prefix = form.dataset.prefix || "";
    this.index = new StaticIndex(this.root);
    this.service = null; // unknown until asked; false on a static host
  }

  Searcher.prototype.api = function (raw, plan, kind) {
    var url = new URL("api/search", this.root);
    var self = this;
    url.searchParams.set("q", raw);
    if (plan) { url.searchParams.set("plan", plan); }
    if (kind) { url.searchParams.set("kind", kind); }
    url.searchParams.set("limit", String(LIMIT));
    return fetch(url.href, { headers: { Accept: "application/json" } }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error("no-service"); }
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || "error"); }
        var english = self.edition === "en";
        var hits = data.hits.map(function (hit) {
          var title = english ? (hit.title_en || hit.title_zh) : hit.title_zh;
          var other = english ? hit.title_zh : hit.title_en;
          return { url: hit.url, plan: hit.plan, kind: hit.kind, label: hit.label, title: title,
                   subtitle: other && other !== title ? other : "", snippet: hit.snippet };
        });
        return { engine: "staff", total: data.total, did_you_mean: data.did_you_mean, hits: hits };
      });
    });
  };

  Searcher.prototype.pinned = function (meta, parsed) {
    var key = null;
    if (parsed.article !== null) { key = "a" + parsed.article; }
    else if (parsed.structural && (!parsed.kind || parsed.kind === "provision")) {
      key = "c" + parsed.chapter + (parsed.section !== null ? "." + parsed.section : "");
    }
    if (!key) { return Promise.resolve([]); }
    return this.index.get("n/" + key + ".json", []).then(function (docs) {
      return docs.filter(function (doc) { return inRange(meta, doc, parsed.plan, "provision"); });
    });
  };

  Searcher.prototype.static = function (raw, plan, kind) {
    var self = this, index = this.index;
    return index.get("meta.json").then(function (meta) {
      var parsed = parse(raw, plan, kind, meta.plans);
      var words = parsed.text || parsed.phrases.length
        ? index.groups(meta, parsed.text, parsed.phrases).then(function (query) {
          return index.postings(meta, query, parsed.plan);
        })
        : Promise.resolve(null);
      return Promise.all([self.pinned(meta, parsed), words]).then(function (found) {
        var pinned = found[0], query = found[1];
        var ranked = query ? rank(meta, query, parsed.plan, parsed.kind) : [];
        var seen = {};
        pinned.forEach(function (doc) { seen[doc] = true; });
        var docs = pinned.concat(ranked.filter(function (r) { return !seen[r.doc]; }).map(function (r) { return r.doc; }));
        var marks = query ? marker(query) : function () { return false; };
        return Promise.all(docs.slice(0, LIMIT).map(function (doc) { return index.get("d/" + doc + ".json"); }))
          .then(function (loaded) {
            return { engine: "static", total: docs.length,
                     hits: loaded.map(function (doc) { return index.hit(doc, self.edition, marks); }) };
          });
      });
    });
  };

  Searcher.prototype.search = function (raw, plan, kind) {
    var self = this;
    if (this.service === false) { return this.static(raw, plan, kind); }
    return this.api(raw, plan, kind).then(function (result) { self.service = true; return result; })
      .catch(function (error) {
        if (error.message !== "no-service" && !(error instanceof TypeError)) { throw error; }
        self.service = false;
        return self.static(raw, plan, kind);
      });
  };

  function fill(template, n) { return (template || "").split("{n}").join(String(n)); }

  // What a result shows wherever it is listed: its address, its label and title, its plan and kind.
  Searcher.prototype.describe = function (hit) {
    return {
      href: hit.url ? new URL("." + this.prefix + hit.url, this.root).href : "",
      title: [hit.label, hit.title].filter(Boolean).join(" ") || hit.url,
      meta: [this.words.plans[hit.plan] || "", this.words.kinds[hit.kind] || ""].filter(Boolean).join(" · ")
    };
  };

  function render(result, status, list, searcher) {
    var words = searcher.words;
    list.innerHTML = "";
    document.getElementById("atlas-engine-name").textContent = words.engine[result.engine];
    if (!result.hits.length) {
      status.textContent = words.none + (result.did_you_mean ? " " + fill(words.did_you_mean, "").replace("{q}", result.did_you_mean) : "");
      return;
    }
    status.textContent = fill(words.results, result.total);
    result.hits.forEach(function (hit) {
      var shown = searcher.describe(hit);
      var item = document.createElement("li");
      item.className = "atlas-hit";
      var meta = document.createElement("div");
      meta.className = "atlas-hit-meta";
      meta.textContent = shown.meta;
      var link = document.createElement(shown.href ? "a" : "span");
      if (shown.href) { link.href = shown.href; }
      link.className = "atlas-hit-title";
      link.textContent = shown.title;
      link.lang = languageOf(shown.title);
      item.append(meta, link);
      if (hit.subtitle) {
        var other = document.createElement("div");
        other.className = "atlas-en-inline";
        other.textContent = hit.subtitle;
        other.lang = languageOf(hit.subtitle);
        item.append(other);
      }
      var snippet = document.createElement("div");
      snippet.className = "atlas-hit-snippet";
      snippet.innerHTML = hit.snippet || ""; // escaped by the engine; only <mark> is markup
      snippet.lang = languageOf(snippet.textContent);
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
    var latest = 0, timer = null;

    function run(event) {
      if (event) { event.preventDefault(); }
      clearTimeout(timer);
      var raw = form.elements.q.value;
      var plan = form.elements.plan.value, kind = form.elements.kind.value;
      var params = new URLSearchParams();
      ["q", "plan", "kind"].forEach(function (n) { if (form.elements[n].value) { params.set(n, form.elements[n].value); } });
      history.replaceState(null, "", "?" + params.toString());
      if (!raw.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
      var ticket = ++latest;
      delete status.dataset.query; // set again, to the query, when its answer is on the page
      status.textContent = searcher.words.searching;
      searcher.search(raw, plan, kind)
        .then(function (result) { if (ticket === latest) { render(result, status, list, searcher); } })
        .catch(function (error) {
          if (ticket !== latest) { return; }
          list.innerHTML = "";
          status.textContent = fill(searcher.words.error, "") + error.message;
        })
        .then(function () { if (ticket === latest) { status.dataset.query = raw; } });
    }

    form.addEventListener("submit", run);
    // Results as the reader types (a short pause first, so each keystroke is not a search).
    form.elements.q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    form.elements.plan.addEventListener("change", function () { run(); });
    form.elements.kind.addEventListener("change", function () { run(); });
    var initial = new URLSearchParams(window.location.search);
    ["q", "plan", "kind"].forEach(function (name) {
      if (initial.get(name)) { form.elements[name].value = initial.get(name); }
    });
    if (initial.get("q")) { run(); }
  }

  var HEADER_HITS = 8;

  function hitLink(hit, searcher) {
    var shown = searcher.describe(hit);
    var link = document.createElement("a");
    link.href = shown.href;
    link.className = "atlas-header-hit";
    var title = document.createElement("span");
    title.className = "atlas-header-hit__title";
    title.textContent = shown.title;
    title.lang = languageOf(shown.title);
    var meta = document.createElement("span");
    meta.className = "atlas-header-hit__meta";
    meta.textContent = shown.meta;
    link.append(title, meta);
    return link;
  }

  // The header box on every page: the best results under it as the reader types; Enter (or the
  // last line) leads to the search page with all of them. Arrow keys move through the results.
  function startHeader() {
    var form = document.querySelector(".atlas-header-search");
    if (!form || form.dataset.ready || !form.dataset.words) { return; }
    form.dataset.ready = "1";
    var input = form.elements.q, box = document.getElementById("atlas-header-results");
    var searcher = null, latest = 0, timer = null;

    function close() { box.hidden = true; }

    function show(result, raw) {
      box.innerHTML = "";
      var list = document.createElement("ul");
      result.hits.slice(0, HEADER_HITS).forEach(function (hit) {
        var item = document.createElement("li");
        item.append(hitLink(hit, searcher));
        list.append(item);
      });
      var all = document.createElement("a");
      all.className = "atlas-header-hit atlas-header-hit--all";
      all.href = form.action + "?q=" + encodeURIComponent(raw);
      all.textContent = result.hits.length ? fill(searcher.words.all, result.total) : searcher.words.none;
      var last = document.createElement("li");
      last.append(all);
      list.append(last);
      box.append(list);
      box.hidden = false;
      box.dataset.query = raw;
    }

    function run() {
      var raw = input.value;
      if (!raw.trim()) { close(); return; }
      searcher = searcher || new Searcher(form);
      var ticket = ++latest;
      searcher.search(raw, "", "").then(function (result) {
        if (ticket === latest && input.value === raw) { show(result, raw); }
      }).catch(function () { close(); });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 100); });
    form.addEventListener("keydown", function (event) {
      var links = Array.from(box.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); }
      else if (event.key === "ArrowDown" && !box.hidden && links.length) {
        event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault(); (at === 0 ? input : links[at - 1]).focus();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) { close(); }
    });
  }

  function startAll() { start(); startHeader(); }

  // For the browser tests: the query understanding, to be checked against the staff search's.
  window.atlasSearch = { parse: parse, segmentWords: segmentWords, StaticIndex: StaticIndex, rank: rank };

  if (window.document$) { window.document$.subscribe(startAll); } else { document.addEventListener("DOMContentLoaded", startAll); }
})();
