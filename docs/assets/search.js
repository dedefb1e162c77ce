/* The search page (docs/buscar.md): Pagefind's default UI over the site's own index.
   Pagefind picks the index of the page's language from <html lang>, so Spanish pages search
   Spanish pages and English pages English ones. A ?q= in the address starts a search. */
(function () {
  "use strict";
  var element = document.getElementById("bp-search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#bp-search",
    bundlePath: element.getAttribute("data-bundle"),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  // Pagefind labels its input with a title only (axe: label-title-only): name it.
  var input = element.querySelector("input");
  if (input) input.setAttribute("aria-label", element.getAttribute("aria-label"));
  var query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
