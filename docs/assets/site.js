/* On every page (mkdocs.yml extra_javascript):

   - the header's search field (overrides/partials/header.html) takes the focus on "/" and on
     Ctrl-K (Cmd-K on a Mac), as on Material's own search, unless the reader is typing in a
     field; Escape leaves it. On the search page it shows the query being searched;
   - the language switcher keeps what the reader has on screen: on the search page the query
     (?q=...), on the catalogue its filters (?theme=...&q=...), and the #fragment, are carried
     to the same page in the other language when the reader follows the switcher's link;
   - a practice page's citation (below);
   - window.bpCopyText(text): copies plain text to the clipboard and resolves to whether it
     worked (the Clipboard API, else a hidden textarea and execCommand); used by the citation
     and by the proposal form (assets/propose.js). */
window.bpCopyText = function (value) {
  "use strict";
  function fallback() {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    return navigator.clipboard.writeText(value).then(function () { return true; }, fallback);
  }
  return Promise.resolve(fallback());
};

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

/* A practice page's "How to cite" (templates/practice.html): today's date as the access
   date, in the page's language ("28 de noviembre de 2026", "28 November 2026"); when the
   build did not know the site's address (no site_url), the address the page was opened at
   as its permalink; then the copy button, which copies the citation as plain text. Without
   JavaScript the citation shows "[fecha]" / "[date]" and the site path. */
(function () {
  "use strict";
  var box = document.querySelector(".bp-cite");
  if (!box) return;
  var text = box.querySelector(".bp-cite__text");
  var date = box.querySelector(".bp-cite__date");
  var url = box.querySelector(".bp-cite__url[data-fill]");
  var button = box.querySelector(".bp-cite__copy");
  var status = box.querySelector(".bp-cite__status");
  var lang = date.getAttribute("data-lang") || document.documentElement.lang;
  date.textContent = new Date().toLocaleDateString(lang === "en" ? "en-GB" : lang, {
    day: "numeric", month: "long", year: "numeric"
  });
  if (url) url.textContent = location.origin + location.pathname;

  function plain() {
    return text.textContent.replace(/\s+/g, " ").trim();
  }

  button.addEventListener("click", function () {
    window.bpCopyText(plain()).then(function (ok) {
      status.textContent = status.getAttribute(ok ? "data-copied" : "data-failed");
    });
  });
  button.hidden = false;
})();
