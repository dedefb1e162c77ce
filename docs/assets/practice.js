/* A practice page's "How to cite" (templates/practice.html): writes today's date as the
   access date, in the page's language ("28 de noviembre de 2026", "28 November 2026"), and,
   when the build did not know the site's address (no site_url), the address the page was
   opened at as its permalink; then shows the copy button, which copies the citation as plain
   text. Without JavaScript the citation shows with "[fecha]" / "[date]" and the site path. */
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

  function fallback(value) {
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

  button.addEventListener("click", function () {
    var value = plain();
    function done(ok) {
      status.textContent = status.getAttribute(ok ? "data-copied" : "data-failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, function () { done(fallback(value)); });
    } else {
      done(fallback(value));
    }
  });
  button.hidden = false;
})();
