/* The search page (docs/buscar.md, templates/search.html): our own small UI on Pagefind's
   JS API, no Pagefind UI and no third-party code.

   - Pagefind picks the index of the page's language from <html lang>: Spanish pages search
     Spanish pages only, English pages English ones.
   - ?q= in the address starts a search; the address follows what the reader types.
   - Only the results shown load their fragment (result.data()): the first PAGE_SIZE, then
     PAGE_SIZE more per press of the "more" button.
   - The filter index is loaded (pagefind.filters()) only when the reader opens the filter
     panel (<details>), so a first search transfers the code, the page list and the chunk
     of the words searched, and nothing else. Ticked values are OR-ed within a group
     (theme, country, scope, organisation, type, objective, meeting: data-groups gives their
     order, any other filter of the index follows) and the groups AND-ed; with no words,
     filters alone list pages. Values sort as numbers where they start with one.
   - A country ticked: the practices whose country filter is the value data-unplaced (the
     build's mark of a regional or international practice of no country,
     membership.unplaced) are searched too, with the same words and other filters, and listed
     apart under their own heading (.bp-search__apart), never among the country's results;
     the status says how many.
   - No result with filters ticked: a button clears them, with the number of results the
     words alone give (Pagefind's unfilteredResultCount).
   - Pagefind runs on the page's thread (noWorker): its web worker would be a second copy of
     its code (12 KB compressed) on every first search, for a search that takes milliseconds.
   - The result count is announced in a polite live region (#bp-search-status).
   - Practices first: every page but practices carries the Pagefind filter `kind`
     (overrides/main.html: theme, country, type, organization, gcm, event, concept, page; the
     list of them is the search box's data-kinds, written by the build from
     sitedata.PAGE_KINDS).
     The practices are searched on pages of no kind, the other pages on those kinds (same
     words and filters; one more filter chunk, whose size does not grow with the number of
     practices); the list is the practices, then the other pages in Pagefind's order. Each
     result shows its kind (the meta `kind`, in the page's language). `kind` is not offered
     in the filter panel.
   - The words are read by assets/query.js (window.BPQuery), as the catalogue's text box
     reads them: a word or phrase that names a concept finds the practices that carry it
     (the Pagefind filter `concept` of practice pages, not offered in the panel either), any
     other word is Pagefind's search; when no practice has everything, those that have the
     most are shown and the note above the results says so (practiceEngine). The note also
     names the concepts the query was widened to. The other pages are searched with the
     words as typed. #bp-search gets data-query, the query whose results are shown.
   - No result: the same query on the other language's search page, and the catalogue.
   Labels come from data-* attributes written by the template (templates/labels.yml). */
(function () {
  "use strict";
  var root = document.getElementById("bp-search");
  if (!root) return;
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 250;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var panel = root.querySelector("details");
  var groupsBox = root.querySelector(".bp-search__groups");
  var status = root.querySelector(".bp-search__status");
  var list = root.querySelector(".bp-search__results");
  var more = root.querySelector(".bp-search__more");
  var none = root.querySelector(".bp-search__none");
  var other = root.querySelector(".bp-search__other");
  var KIND = "kind"; // the filter of page kinds (overrides/main.html)
  // every kind of page but practices (data-kinds, written by the build from sitedata.PAGE_KINDS)
  var OTHER_KINDS = JSON.parse(root.dataset.kinds || "null");
  if (!Array.isArray(OTHER_KINDS) || !OTHER_KINDS.length) {
    throw new Error("search.js: #bp-search has no data-kinds (templates/search.html)");
  }
  var CONCEPT = "concept"; // the filter of a practice's concepts (templates/practice.html)
  var Query = window.BPQuery; // assets/query.js: how the words are read (concepts, partial matches)
  var noteBox = Query ? Query.noteBox() : null;
  if (noteBox) list.parentNode.insertBefore(noteBox, list);
  var text = root.dataset;
  var groupOrder = JSON.parse(text.groups || "[]");
  var COUNTRY = text.countryGroup; // the country filter's name, and its value for no country
  var UNPLACED = text.unplaced;
  var apart = root.querySelector(".bp-search__apart");
  var apartList = root.querySelector(".bp-search__apart-results");
  var unfilteredItem = root.querySelector(".bp-search__unfiltered-item");
  var unfiltered = root.querySelector(".bp-search__unfiltered");

  var pagefindPromise = null;
  var current = null; // {results, shown} of the latest finished search
  var serial = 0; // number of the latest search asked for; older ones are dropped
  var filtersLoaded = false;
  var timer = null;

  function pagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL(text.bundle + "pagefind.js", location.href).href).then(
        function (module) {
          // results' addresses from the site's root (by default, the bundle's folder: en/)
          var options = { excerptLength: 30, noWorker: true };
          options.baseUrl = new URL(text.root, location.href).pathname;
          return module.options(options).then(function () {
            return module;
          });
        }
      );
    }
    return pagefindPromise;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  function say(message) {
    status.textContent = message;
  }

  function selectedFilters() {
    var filters = {};
    root.querySelectorAll(".bp-search__groups input:checked").forEach(function (box) {
      var name = box.dataset.filter;
      (filters[name] = filters[name] || { any: [] }).any.push(box.value);
    });
    return filters;
  }

  /* The filters of the search listed apart: a country ticked (and not the no-country value
     itself), the country filter replaced by the no-country value; else null. */
  function apartFilters(filters) {
    var chosen = filters[COUNTRY];
    if (!COUNTRY || !UNPLACED || !chosen || chosen.any.indexOf(UNPLACED) >= 0) return null;
    var out = Object.assign({}, filters);
    out[COUNTRY] = { any: [UNPLACED] };
    return out;
  }

  async function showApart(search, filters, number) {
    var results = search ? search.results : [];
    var data = await Promise.all(results.map(function (result) {
      return result.data();
    }));
    if (number !== serial) return;
    apartList.replaceChildren.apply(apartList, data.map(resultItem));
    apart.querySelector(".bp-search__apart-n").textContent = "(" + data.length + ")";
    var intro = apart.querySelector(".bp-search__apart-intro");
    intro.textContent = format(intro.dataset.intro, {
      country: filters && filters[COUNTRY] ? filters[COUNTRY].any.join(", ") : "",
    });
    apart.hidden = data.length === 0;
  }

  function syncAddress(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
  }

  /* Pagefind's excerpt is HTML: escaped text with <mark> around the matched words. Parse it
     inertly and keep only text and <mark>, so no markup from the index reaches the page. */
  function excerptNodes(html) {
    var body = new DOMParser().parseFromString(html, "text/html").body;
    var out = document.createDocumentFragment();
    body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "bp-search__result";
    var heading = document.createElement("p");
    heading.className = "bp-search__title";
    if (data.meta && data.meta.kind) {
      var kind = document.createElement("span");
      kind.className = "bp-search__kind";
      kind.textContent = data.meta.kind;
      heading.appendChild(kind);
      heading.appendChild(document.createTextNode(" "));
    }
    var link = document.createElement("a");
    link.className = "bp-search__link";
    if (data.meta && data.meta.proposal) {  // the practice page's "Propuesta / Proposal" badge
      var badge = document.createElement("span");
      badge.className = "bp-badge bp-badge--proposal";
      badge.textContent = data.meta.proposal;
      heading.appendChild(badge);
      heading.appendChild(document.createTextNode(" "));
    }
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "bp-search__excerpt";
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(heading);
    item.appendChild(excerpt);
    return item;
  }

  async function showMore(number) {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    var data = await Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    );
    if (number !== serial) return;
    data.forEach(function (d) {
      list.appendChild(resultItem(d));
    });
    current.shown += batch.length;
    more.hidden = current.shown >= current.results.length;
  }

  function updateCounts(counts) {
    root.querySelectorAll(".bp-search__groups input").forEach(function (box) {
      var n = (counts[box.dataset.filter] || {})[box.value] || 0;
      box.parentNode.querySelector(".bp-search__n").textContent = "(" + n + ")";
    });
  }

  /* The practices a query finds, for assets/query.js (Query.find): Pagefind on practice pages
     only (no `kind` filter) with the filters ticked; a concept group is the filter `concept`
     (every concept named), a word group Pagefind's own search of the word. Score: Pagefind's
     for the words, plus, for each concept, its scores for the words that named it and for
     its main term in the page's language (so the practices that use them come first; a
     Spanish word on an English page ranks by the English term). .results(reading): its
     Pagefind results, in order. */
  function practiceEngine(module, filters) {
    var found = {}; // id -> Pagefind result
    var engine = { counts: null, unfiltered: null };
    function practices(extra) {
      var out = Object.assign({}, filters, extra || {});
      out[KIND] = { none: OTHER_KINDS };
      return out;
    }
    async function run(groups, all) {
      var words = groups.filter(function (g) { return !g.concept; }).map(function (g) { return g.word; });
      var concepts = groups.filter(function (g) { return g.concept; });
      var only = {};
      if (concepts.length) only[CONCEPT] = concepts.map(function (g) { return g.concept; });
      var ranking = [];
      concepts.forEach(function (g) {
        var term = Query.term(g.concept);
        ranking.push(g.text);
        if (term && Query.tokens(term).join(" ") !== Query.tokens(g.text).join(" ")) ranking.push(term);
      });
      var searches = await Promise.all([module.search(words.join(" ") || null, { filters: practices(only) })]
        .concat(ranking.map(function (t) { return module.search(t, { filters: practices() }); })));
      if (all) {
        engine.counts = searches[0].filters;
        engine.unfiltered = searches[0].unfilteredResultCount;
      }
      var scores = new Map();
      searches[0].results.forEach(function (result) {
        found[result.id] = result;
        scores.set(result.id, result.score || 0);
      });
      searches.slice(1).forEach(function (search) {
        search.results.forEach(function (result) {
          if (scores.has(result.id)) scores.set(result.id, scores.get(result.id) + (result.score || 0));
        });
      });
      return scores;
    }
    engine.all = function (groups) { return run(groups, true); };
    engine.one = function (group) { return run([group], false); };
    engine.results = function (reading) {
      return reading.ids.map(function (id) { return found[id]; });
    };
    return engine;
  }

  async function run(number) {
    var query = input.value.trim();
    var filters = selectedFilters();
    syncAddress(query);
    none.hidden = true;
    unfilteredItem.hidden = true;
    if (!query && !Object.keys(filters).length) {
      current = null;
      list.replaceChildren();
      more.hidden = true;
      apart.hidden = true;
      say("");
      if (noteBox) Query.note(noteBox, null);
      root.dataset.query = "";
      return;
    }
    var module = await pagefind();
    var otherFilters = Object.assign({}, filters);
    otherFilters[KIND] = { any: OTHER_KINDS };
    var apartWith = apartFilters(filters);
    var engine = query && Query ? practiceEngine(module, filters) : null;
    var both = await Promise.all([
      engine ? Query.find(query, engine) : module.search(query || null, { filters: filters }),
      module.search(query || null, { filters: otherFilters }),
      apartWith ? module.search(query || null, { filters: apartWith }) : null,
    ]);
    var reading = engine ? both[0] : null;
    var search = both[0];
    if (engine && both[1]) { // the practices of the reading, then the other pages of the words
      search = {
        results: engine.results(reading).concat(both[1].results),
        filters: reading.partial ? null : engine.counts,
        unfilteredResultCount: engine.unfiltered,
      };
      if (!reading.ids.length && Object.keys(filters).length && reading.groups.some(function (g) { return g.concept; })) {
        search.unfilteredResultCount = (await Query.find(query, practiceEngine(module, {}))).ids.length;
      }
    }
    if (number !== serial || !search || !both[1]) return;
    var others = new Set(both[1].results.map(function (result) {
      return result.id;
    }));
    function isPractice(result) {
      return !others.has(result.id);
    }
    current = {
      results: search.results.filter(isPractice).concat(search.results.filter(function (result) {
        return !isPractice(result);
      })),
      shown: 0,
    };
    list.replaceChildren();
    await showMore(number);
    if (number !== serial) return;
    if (filtersLoaded && search.filters) updateCounts(search.filters);
    await showApart(both[2], filters, number);
    if (number !== serial) return;
    var n = current.results.length;
    if (n === 0 && query) {
      other.href = other.dataset.base + "?q=" + encodeURIComponent(query);
      other.textContent = format(text.other, { q: query });
      none.hidden = false;
      var whole = search.unfilteredResultCount || 0;
      if (Object.keys(filters).length && whole > 0) {
        unfiltered.textContent = format(text.unfiltered, { n: whole });
        unfilteredItem.hidden = false;
      }
    }
    var template = n === 0 ? text.none : n === 1 ? text.countOne : text.countMany;
    var apartCount = apart.hidden ? 0 : apartList.children.length;
    say(format(query ? template : text.filtered, { n: n, q: query }) +
      (apartCount ? format(text.apart, { n: apartCount }) : ""));
    if (noteBox) Query.note(noteBox, reading);
    root.dataset.query = query; // this query's results are shown (the browser tests wait for it)
  }

  function schedule(delay) {
    var number = ++serial;
    clearTimeout(timer);
    timer = setTimeout(function () {
      run(number).catch(fail);
    }, delay);
  }

  function fail(error) {
    say(text.error);
    throw error;
  }

  function filterGroup(name, values) {
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = name;
    fieldset.appendChild(legend);
    Object.keys(values)
      .sort(function (a, b) {
        return a.localeCompare(b, document.documentElement.lang, { numeric: true });
      })
      .forEach(function (value) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = value;
        box.dataset.filter = name;
        var count = document.createElement("span");
        count.className = "bp-search__n";
        count.textContent = "(" + values[value] + ")";
        label.appendChild(box);
        label.appendChild(document.createTextNode(value + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
      });
    return fieldset;
  }

  async function loadFilters() {
    if (filtersLoaded || groupsBox.dataset.loading) return;
    groupsBox.dataset.loading = "true";
    groupsBox.setAttribute("aria-busy", "true");
    var module = await pagefind();
    var all = await module.filters();
    delete all[KIND];
    delete all[CONCEPT]; // the concepts are searched through the words (assets/query.js)
    var names = groupOrder.filter(function (name) {
      return all[name];
    });
    Object.keys(all).forEach(function (name) {
      if (names.indexOf(name) < 0) names.push(name);
    });
    groupsBox.replaceChildren.apply(
      groupsBox,
      names.map(function (name) {
        return filterGroup(name, all[name]);
      })
    );
    groupsBox.removeAttribute("aria-busy");
    filtersLoaded = true;
    // the counts of the search on screen, now that the filter index is there
    if (current) schedule(0);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    schedule(0);
  });
  input.addEventListener("input", function () {
    schedule(DEBOUNCE_MS);
  });
  groupsBox.addEventListener("change", function () {
    schedule(0);
  });
  panel.addEventListener("toggle", function () {
    if (panel.open) loadFilters().catch(fail);
  });
  more.addEventListener("click", function () {
    showMore(serial).catch(fail);
  });
  unfiltered.addEventListener("click", function () {
    root.querySelectorAll(".bp-search__groups input:checked").forEach(function (box) {
      box.checked = false;
    });
    schedule(0);
  });

  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    schedule(0);
  }
})();
