/* The "all practices" page (docs/practicas/index.md, templates/catalogue.html): a text
   filter, filters (the form's selects marked data-facet: theme, country, type, meeting), a
   sort and a reset, over the list items' data attributes (data-theme, data-country,
   data-event: space-separated ids; data-type; data-sort-*: ranks computed at build time).

   - The text filter keeps the practices whose title, type, countries and summary contain
     every word typed, ignoring case and accents ("migracion" finds "Migración").
   - Each option of a filter shows how many practices it would list with the other filters
     as they are ("Argentina (5)"); "All" shows how many the other filters leave.
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
  var unit = count.textContent.replace(/^\s*\d+\s*/, "");
  var text = form.elements.q;

  function fold(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var haystack = items.map(function (item) {
    return fold(item.textContent.replace(/\s+/g, " "));
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
    return words.every(function (word) {
      return haystack[index].indexOf(word) !== -1;
    });
  }

  function updateCounts(words, chosen) {
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
    });
  }

  function apply() {
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    var chosen = {};
    FACETS.forEach(function (name) {
      chosen[name] = form.elements[name].value;
    });
    var sort = form.elements.sort.value;
    var shown = 0;
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
      items[index].hidden = !visible;
      if (visible) shown += 1;
      list.appendChild(items[index]);
    });
    updateCounts(words, chosen);
    count.textContent = shown === total ? total + " " + unit :
      count.getAttribute("data-showing") + " " + shown + " " + count.getAttribute("data-of") + " " + total + " " + unit;
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value && !(name === "sort" && value === "title")) params.set(name, value);
    });
    var query = params.toString();
    history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
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
})();
