/* The "all practices" page (docs/practicas/index.md, templates/catalogue.html): a text
   filter, filters (the form's selects marked data-facet: theme, country, scope, organisation,
   type, Global Compact objective, meeting), a sort and a reset, over the list items' data
   attributes (data-<facet>: space-separated ids; data-sort-*: ranks computed at build time).

   - The text filter reads the words as the search page does (assets/query.js,
     window.BPQuery): a word or phrase that names a concept keeps the practices that carry it
     (data-concept, computed by the build: scripts/concepts.py), any other word those whose
     title, type, countries or summary contain it, ignoring case and accents ("migracion"
     finds "Migración"); stopwords are dropped. A practice must match every group; when no
     practice that passes the filters does, those that match the most are listed, and the
     note under the count (.bp-query) says they are partial matches and which concepts the
     words were widened to. The form gets data-query, the text whose list is shown, once the
     vocabulary is loaded (the browser tests wait for it).
   - Each option of a filter shows how many practices it would list with the other filters
     as they are ("Argentina (5)"); "All" shows how many the other filters leave.
   - A country chosen: the items marked data-unplaced by the build (regional or international
     practices of no country, membership.unplaced) that pass every other filter are listed
     apart, under their own heading (#bp-catalogue-apart), and never counted as the
     country's; the count line says how many.
   - No practice passes every filter: for each filter set, a button removes it, with the
     number of practices the others would list (#bp-nearest); the reset button is offered
     too.
   - The whole state is mirrored in the address (?q=...&theme=...&country=...&type=...&sort=...),
     so a filtered list can be shared or bookmarked; the address is read on load.
   - Without JavaScript the form stays hidden and the whole list shows. */
(function () {
  "use strict";
  var form = document.getElementById("bp-filters");
  var list = document.getElementById("bp-catalogue-list");
  var count = document.getElementById("bp-count");
  if (!form || !list || !count) return;
  // the facets are the form's selects marked data-facet (templates/catalogue.html)
  var FACETS = Array.prototype.map.call(form.querySelectorAll("select[data-facet]"), function (s) {
    return s.name;
  });
  var FIELDS = ["q"].concat(FACETS, ["sort"]);
  var items = Array.prototype.slice.call(list.children);
  var total = items.length;
  var apartBox = document.getElementById("bp-catalogue-apart");
  var apartList = document.getElementById("bp-catalogue-apart-list");
  var nearest = document.getElementById("bp-nearest");
  var resetButton = form.querySelector(".bp-filters__reset");
  var unit = count.textContent.replace(/^\s*\d+\s*/, "");
  var text = form.elements.q;
  var Query = window.BPQuery; // assets/query.js: how the words are read
  var settled = !Query; // the vocabulary has loaded (or failed to): the reading is final
  var noteBox = Query ? Query.noteBox() : null;
  if (noteBox) count.parentNode.insertBefore(noteBox, count.nextSibling);

  function fold(value) {
    return Query ? Query.fold(value) : value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var haystack = items.map(function (item) {
    return fold(item.textContent.replace(/\s+/g, " "));
  });
  var concepts = items.map(function (item) {
    return (item.getAttribute("data-concept") || "").split(" ");
  });
  FACETS.forEach(function (name) {
    Array.prototype.forEach.call(form.elements[name].options, function (option) {
      option.dataset.label = option.textContent;
    });
  });

  function has(item, name, value) {
    return !value || (item.getAttribute("data-" + name) || "").split(" ").indexOf(value) !== -1;
  }

  function matches(index, words, chosen, skip) {
    var item = items[index];
    for (var i = 0; i < FACETS.length; i += 1) {
      if (FACETS[i] !== skip && !has(item, FACETS[i], chosen[FACETS[i]])) return false;
    }
    return textMatches(index, words);
  }

  function groupMatches(index, group) {
    return group.concept ? concepts[index].indexOf(group.concept) !== -1 :
      haystack[index].indexOf(group.word) !== -1;
  }

  /* `words`: the groups of the text box (read()), of which a practice must match words.need
     (all of them, or fewer for partial matches); [] when there is no text. */
  function textMatches(index, words) {
    if (!words.length) return true;
    var n = 0;
    words.forEach(function (group) {
      if (groupMatches(index, group)) n += 1;
    });
    return n >= (words.need || words.length);
  }

  /* The text box read (assets/query.js): its groups, with .need (how many a practice shown
     matches: all, or when no practice passing the filters matches all, the most any does)
     and .reading (Query.combine's, for the note). */
  function read(chosen) {
    var groups = Query ? Query.parse(text.value) : fold(text.value).split(/\s+/).filter(Boolean)
      .map(function (word) { return { word: word, text: word }; });
    var words = groups.slice();
    if (!Query || !groups.length) return words;
    var passing = items.map(function (item, index) {
      return matches(index, [], chosen, null);
    });
    words.reading = Query.combine(groups, groups.map(function (group) {
      var found = new Map();
      items.forEach(function (item, index) {
        if (passing[index] && groupMatches(index, group)) found.set(index, 1);
      });
      return found;
    }));
    words.need = words.reading.need;
    return words;
  }

  /* An item listed apart: marked data-unplaced, a country chosen, and every other filter and
     the words passed. */
  function isApart(index, words, chosen) {
    return Boolean(chosen.country) && items[index].hasAttribute("data-unplaced") &&
      matches(index, words, chosen, "country");
  }

  function facetName(name) {
    var label = form.elements[name].closest("label");
    return label ? label.firstChild.textContent.trim() : name;
  }

  /* The nearest useful views of an empty list: each filter set removed, with the number of
     practices left (`without`: facet -> number; "q" for the words), those with some first. */
  function offerNearest(without, chosen) {
    var box = nearest.querySelector(".bp-nearest__list");
    var offers = [];
    FACETS.concat(["q"]).forEach(function (name) {
      var field = form.elements[name];
      var value = name === "q" ? field.value.trim() : chosen[name];
      if (!value || !without[name]) return;
      var shown = name === "q" ? value : field.options[field.selectedIndex].dataset.label;
      offers.push({ name: name, n: without[name], text: nearest.dataset.remove
        .replace("{filter}", facetName(name)).replace("{value}", shown)
        .replace("{n}", without[name]) });
    });
    offers.sort(function (a, b) { return b.n - a.n; });
    function button(label, action) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "md-button";
      element.textContent = label;
      element.addEventListener("click", action);
      return element;
    }
    var buttons = offers.map(function (offer) {
      return button(offer.text, function () {
        form.elements[offer.name].value = "";
        apply();
      });
    });
    buttons.push(button(resetButton.textContent, reset));
    box.replaceChildren();
    buttons.forEach(function (element, i) {
      if (i) box.appendChild(document.createTextNode(" "));
      box.appendChild(element);
    });
    nearest.hidden = false;
  }

  function updateCounts(words, chosen) {
    var without = {};
    FACETS.forEach(function (name) {
      var counts = {};
      var all = 0;
      items.forEach(function (item, index) {
        if (!matches(index, words, chosen, name)) return;
        all += 1;
        (item.getAttribute("data-" + name) || "").split(" ").forEach(function (value) {
          if (value) counts[value] = (counts[value] || 0) + 1;
        });
      });
      Array.prototype.forEach.call(form.elements[name].options, function (option) {
        var n = option.value ? counts[option.value] || 0 : all;
        option.textContent = option.dataset.label + " (" + n + ")";
      });
      without[name] = all;
    });
    without.q = items.filter(function (item, index) {
      return matches(index, [], chosen, null);
    }).length;
    return without;
  }

  function apply() {
    var chosen = {};
    FACETS.forEach(function (name) {
      chosen[name] = form.elements[name].value;
    });
    var words = read(chosen);
    var sort = form.elements.sort.value;
    var shown = 0;
    var aside = 0;
    var order = items.map(function (item, index) {
      return index;
    });
    order.sort(function (a, b) {
      var ia = items[a];
      var ib = items[b];
      return Number(ia.getAttribute("data-sort-" + sort)) - Number(ib.getAttribute("data-sort-" + sort)) ||
        Number(ia.getAttribute("data-sort-title")) - Number(ib.getAttribute("data-sort-title"));
    });
    order.forEach(function (index) {
      var visible = matches(index, words, chosen, null);
      var away = !visible && isApart(index, words, chosen);
      items[index].hidden = !visible && !away;
      if (visible) shown += 1;
      if (away) aside += 1;
      (away ? apartList : list).appendChild(items[index]);
    });
    var without = updateCounts(words, chosen);
    count.textContent = (shown === total ? total + " " + unit :
      count.getAttribute("data-showing") + " " + shown + " " + count.getAttribute("data-of") + " " + total + " " + unit) +
      (aside ? count.getAttribute("data-apart").replace("{n}", aside) : "");
    apartBox.hidden = aside === 0;
    if (aside) {
      apartBox.querySelector(".bp-apart__n").textContent = "(" + aside + ")";
      var intro = apartBox.querySelector(".bp-apart__intro");
      var country = form.elements.country;
      intro.textContent = intro.getAttribute("data-intro")
        .split("{country}").join(country.options[country.selectedIndex].dataset.label);
    }
    if (shown === 0) offerNearest(without, chosen);
    else nearest.hidden = true;
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value && !(name === "sort" && value === "title")) params.set(name, value);
    });
    var query = params.toString();
    history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
    if (noteBox) Query.note(noteBox, words.reading || null);
    if (settled) form.dataset.query = text.value; // this text's list is shown (browser tests)
  }

  function reset() {
    text.value = "";
    FACETS.forEach(function (name) {
      form.elements[name].value = "";
    });
    form.elements.sort.value = "title";
    apply();
  }

  var initial = new URLSearchParams(location.search);
  FIELDS.forEach(function (name) {
    var field = form.elements[name];
    var value = initial.get(name);
    if (!value) return;
    if (field.tagName === "INPUT") {
      field.value = value;
    } else if (Array.prototype.some.call(field.options, function (o) { return o.value === value; })) {
      field.value = value;
    }
  });
  form.addEventListener("change", apply);
  text.addEventListener("input", apply);
  form.querySelector(".bp-filters__reset").addEventListener("click", reset);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
  if (Query) {
    Query.ready().then(function () {
      settled = true;
      apply(); // again, with the concepts
    });
  }
})();
