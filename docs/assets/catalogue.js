/* The "all practices" page (docs/practicas/index.md): filter by theme, country and type, and
   sort, over the list items' data attributes (data-theme, data-country: space-separated ids;
   data-type; data-sort-*: ranks computed at build time). Without JavaScript the form stays
   hidden and the whole list shows. The filters are mirrored in the address (?theme=...). */
(function () {
  "use strict";
  var form = document.getElementById("bp-filters");
  var list = document.getElementById("bp-catalogue-list");
  var count = document.getElementById("bp-count");
  if (!form || !list || !count) return;
  var items = Array.prototype.slice.call(list.children);
  var total = items.length;
  var unit = count.textContent.replace(/^\s*\d+\s*/, "");

  function has(item, name, value) {
    return !value || (item.getAttribute("data-" + name) || "").split(" ").indexOf(value) !== -1;
  }

  function apply() {
    var theme = form.elements.theme.value;
    var country = form.elements.country.value;
    var type = form.elements.type.value;
    var sort = form.elements.sort.value;
    var shown = 0;
    items.sort(function (a, b) {
      return Number(a.getAttribute("data-sort-" + sort)) - Number(b.getAttribute("data-sort-" + sort)) ||
        Number(a.getAttribute("data-sort-title")) - Number(b.getAttribute("data-sort-title"));
    });
    items.forEach(function (item) {
      var visible = has(item, "theme", theme) && has(item, "country", country) && has(item, "type", type);
      item.hidden = !visible;
      if (visible) shown += 1;
      list.appendChild(item);
    });
    count.textContent = shown === total ? total + " " + unit :
      count.getAttribute("data-showing") + " " + shown + " " + count.getAttribute("data-of") + " " + total + " " + unit;
    var params = new URLSearchParams();
    ["theme", "country", "type", "sort"].forEach(function (name) {
      var value = form.elements[name].value;
      if (value && !(name === "sort" && value === "title")) params.set(name, value);
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  var initial = new URLSearchParams(location.search);
  ["theme", "country", "type", "sort"].forEach(function (name) {
    var select = form.elements[name];
    var value = initial.get(name);
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
