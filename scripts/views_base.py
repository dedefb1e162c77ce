"""What every part of views.Renderer shares: the page's context, rendering, titles, links.

    relative("paises/gt/", "practicas/x/")    # -> "../../paises/gt/" (posixpath.relpath's)
    script_json(data)                          # JSON safe inside <script> (JSON-LD)
    BaseViews(site, config)                    # mixed into views.Renderer:
        .context(page)   {lang, t, site, u, href, names, filter_names, page_kinds, meta}: templates'
        .render(template, page, **values)      # templates/<template> with that context
        .set_title(page, text, description)    # page.meta title/description, HTML-escaped
        .download(page, kind, key)             # a selection's spreadsheet link and count
        .permalink(page) / ._edit_url(id)

The Renderer renders one page at a time, thousands of times per build: what depends only on
the site and the language is computed once (Site's caches, _site_words), what depends on the
page once per page (context() keeps the last page's). Links are relative to page.url;
relative() does posixpath.relpath's arithmetic on the site's paths without normalising
absolute paths (a page has ~40 links).
"""

from __future__ import annotations

import html
import posixpath
from urllib.parse import quote

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

import spreadsheets
from catalogue import LANGUAGES
from sitedata import INDEX_KINDS, PAGE_KINDS, Site
from templating import environment, labels


def _segments(path: str) -> list[str] | None:
    """The non-empty segments of a site path; None when one is "." or ".." (normalise)."""
    parts = [part for part in path.split("/") if part]
    return None if "." in parts or ".." in parts else parts


def relative(target: str, current: str) -> str:
    """Relative link from the page at site path `current` to site path `target`: what
    posixpath.relpath("/" + target, "/" + directory of current) gives (tests/test_views_links
    compares them), with the trailing "/" of a directory kept ("./" for the page's own)."""
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    start, path = _segments(base), _segments(target)
    if start is None or path is None:
        rel = posixpath.relpath("/" + target, "/" + base)
    else:
        common = 0
        for mine, theirs in zip(start, path, strict=False):
            if mine != theirs:
                break
            common += 1
        rel = "/".join([".."] * (len(start) - common) + path[common:]) or "."
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


def script_json(data) -> Markup:
    """`data` as JSON that is safe inside <script> (JSON-LD): "<", ">", "&" and "'" are
    written as \\u003c... (jinja2's htmlsafe_json_dumps), so a title such as
    `</script><script>alert(1)</script>` cannot end the script element."""
    return htmlsafe_json_dumps(data, ensure_ascii=False)


class Names(dict):
    """{key: label} of one kind of index in one language (Site.label), each computed on first
    use: what templates read as names.<kind>[key] (a lookup, not a call, per label)."""

    def __init__(self, site: Site, kind: str, lang: str):
        super().__init__()
        self.site, self.kind, self.lang = site, kind, lang

    def __missing__(self, key) -> str:
        label = self[key] = self.site.label(self.kind, key, self.lang)
        return label


class Meta:
    """meta(r, with_themes=False): a practice's line in a list, templates/practice_meta.html's
    macro, rendered once per record and with_themes in one language: it has no link, so it
    is the same on every page that lists the practice (the catalogue, index pages)."""

    def __init__(self, jinja, words: dict):
        self.macro = jinja.get_template("practice_meta.html").make_module(words).meta
        self.lines: dict[tuple, Markup] = {}

    def __call__(self, r: dict, with_themes: bool = False) -> Markup:
        key = (r["id"], bool(with_themes))
        if key not in self.lines:
            self.lines[key] = self.macro(r, bool(with_themes))
        return self.lines[key]


class BaseViews:
    """The Renderer's state and the helpers of every view (the module docstring)."""

    def __init__(self, site: Site, config):
        self.site = site
        self.config = config
        self.jinja = environment(auto_reload=False)  # one build: templates are read once
        self.labels = labels()
        self._page_key: tuple | None = None
        self._page_context: dict = {}
        self._words: dict[str, dict] = {}
        missing = [
            f"{lang}: {kind}"
            for lang in LANGUAGES
            for kind in PAGE_KINDS
            if kind not in self.labels[lang].get("page_kinds", {})
        ]
        if missing:
            raise KeyError(
                "templates/labels.yml: page_kinds has no word for "
                + ", ".join(missing)
                + " (one per sitedata.PAGE_KINDS, in each language)"
            )

    def _site_words(self, lang: str) -> dict:
        """What the context gives every page of `lang`: computed once per language."""
        if lang not in self._words:
            t = self.labels[lang]
            self._words[lang] = {
                "filter_names": {
                    k: t[f"filter_{k}"] for k in ("theme", "country", "type", "event")
                },
                "page_kinds": {kind: t["page_kinds"][kind] for kind in PAGE_KINDS},
                "names": {kind: Names(self.site, kind, lang) for kind in INDEX_KINDS},
            }
            words = {"t": self.labels[lang], "names": self._words[lang]["names"]}
            self._words[lang]["meta"] = Meta(self.jinja, words)
        return self._words[lang]

    def context(self, page) -> dict:
        """What every template gets: lang, t (labels.yml words), site, u(path) (relative link
        from this page to a site path), href(kind, key) (relative link to the page of a
        practice or index key, Site.url: u(site.url(kind, key, lang)) in one call), names
        ({kind: Names}: names.type[key] is site.label("type", key, lang)), filter_names and
        page_kinds ({kind: word}), meta (Meta: a practice's line in a list). The same dict
        for the same page (a page's views ask for it several times)."""
        lang = getattr(page.file, "locale", None) or LANGUAGES[0]
        current = page.url
        if self._page_key != (lang, current):
            site = self.site

            def u(path: str) -> str:
                return relative(path, current)

            def href(kind: str, key=None) -> str:
                return relative(site.url(kind, key, lang), current)

            self._page_key = (lang, current)
            self._page_context = {
                "lang": lang,
                "t": self.labels[lang],
                "site": site,
                "u": u,
                "href": href,
                **self._site_words(lang),
            }
        return self._page_context

    def render(self, template: str, page, **values) -> Markup:
        return Markup(self.jinja.get_template(template).render(**self.context(page), **values))

    def set_title(self, page, text: str, description: str | None = None) -> None:
        """Page <title> and header: Material prints page.meta values unescaped, so escape."""
        page.meta["title"] = html.escape(text, quote=True)
        page.bp_title = text  # raw, for the social meta and JSON-LD (social())
        if description:
            page.meta["description"] = html.escape(description, quote=True)
            page.bp_description = description

    def download(self, page, kind: str | None = None, key=None) -> dict | None:
        """The spreadsheet of a selection (spreadsheets.py) for its download line: its link
        and number of practices; None when it has none (no file is written)."""
        ctx = self.context(page)
        records = spreadsheets.sheet_records(self.site, kind, key, ctx["lang"])
        if not records:
            return None
        path = spreadsheets.sheet_path(ctx["lang"], kind, key)
        return {"url": ctx["u"](path), "count": len(records), "all": kind is None}

    def permalink(self, page) -> str | None:
        """The page's absolute address when the site's address is known (site_url), else None
        (assets/site.js then writes the address the page was opened at)."""
        base = self.config.get("site_url")
        return base.rstrip("/") + "/" + page.url if base else None

    def _edit_url(self, practice_id: str) -> str:
        repo = self.config["repo_url"].rstrip("/")
        return f"{repo}/{self.config['extra']['records']['edit']}{quote(practice_id)}.yml"
