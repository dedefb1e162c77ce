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

/* A practice page's "How to cite" (templates/practice.html, scripts/citation.py): today's
   date as the access date, in the page's language in the plain text ("28 de noviembre de
   2026", "28 November 2026") and in BibTeX and RIS as their access-date line says
   (data-date-format: "YYYY-MM-DD", "YYYY/MM/DD"), which is shown once written; when the build
   did not know the site's address (no site_url), the address the page was opened at; then the
   copy buttons (the plain text, BibTeX, RIS) and the download links, which then give the text
   with today's date. Without JavaScript the citation shows "[fecha]" / "[date]" and the site
   path, BibTeX and RIS have no access date and their files are the build's, without one. */
(function () {
  "use strict";
  var box = document.querySelector(".bp-cite");
  if (!box) return;
  var text = box.querySelector(".bp-cite__text");
  var date = box.querySelector(".bp-cite__date");
  var button = box.querySelector(".bp-cite__copy");
  var status = box.querySelector(".bp-cite__status");
  var today = new Date();
  var lang = date.getAttribute("data-lang") || document.documentElement.lang;
  date.textContent = today.toLocaleDateString(lang === "en" ? "en-GB" : lang, {
    day: "numeric", month: "long", year: "numeric"
  });
  function two(n) { return (n < 10 ? "0" : "") + n; }
  box.querySelectorAll(".bp-cite__access").forEach(function (line) {
    line.querySelector(".bp-cite__iso").textContent = line.getAttribute("data-date-format")
      .replace("YYYY", String(today.getFullYear()))
      .replace("MM", two(today.getMonth() + 1))
      .replace("DD", two(today.getDate()));
    line.hidden = false;
  });
  box.querySelectorAll(".bp-cite__url[data-fill]").forEach(function (url) {
    url.textContent = location.origin + location.pathname;
  });

  function plain() {
    return text.textContent.replace(/\s+/g, " ").trim();
  }

  function copied(ok) {
    status.textContent = status.getAttribute(ok ? "data-copied" : "data-failed");
  }

  button.addEventListener("click", function () {
    window.bpCopyText(plain()).then(copied);
  });
  button.hidden = false;
  box.querySelectorAll(".bp-cite__copy-format").forEach(function (copy) {
    var code = copy.closest("details").querySelector(".bp-cite__code");
    copy.addEventListener("click", function () {
      window.bpCopyText(code.textContent).then(copied);
    });
    copy.hidden = false;
    var file = copy.parentNode.querySelector(".bp-cite__file");
    if (file) {  // RIS files end their lines in CR LF (data-crlf), as the build's do
      var body = code.textContent;
      if (file.hasAttribute("data-crlf")) body = body.replace(/\r?\n/g, "\r\n");
      file.href = "data:" + file.type + ";charset=utf-8," + encodeURIComponent(body);
    }
  });
})();
