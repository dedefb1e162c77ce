/* On every page (mkdocs.yml extra_javascript):

   - the header's search field (overrides/partials/header.html) takes the focus on "/" and on
     Ctrl-K (Cmd-K on a Mac), as on Material's own search, unless the reader is typing in a
     field; Escape leaves it. On the search page it shows the query being searched;
   - the language switcher keeps what the reader has on screen: on the search page the query
     (?q=...), on the catalogue its filters (?theme=...&q=...), and the #fragment, are carried
     to the same page in the other language when the reader follows the switcher's link. */
(function () {
  "use strict";
  var field = document.getElementById("bp-header-q");

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  if (field) {
    document.addEventListener("keydown", function (event) {
      var shortcut = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey);
      if (shortcut || (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target))) {
        event.preventDefault();
        field.focus();
        field.select();
      } else if (event.key === "Escape" && event.target === field) {
        field.blur();
      }
    });
    if (document.getElementById("bp-search")) {
      field.value = new URLSearchParams(location.search).get("q") || "";
    }
  }

  // pages whose state lives in the address: the search page and the catalogue
  if (document.getElementById("bp-search") || document.getElementById("bp-filters")) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
      if (!link) return;
      var target = new URL(link.href, location.href);
      target.search = location.search;
      target.hash = location.hash;
      link.href = target.href;
    }, true);
  }
})();
