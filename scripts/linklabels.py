"""What a link says it is, so that a page never shows a bare address as a link's text.

    names = site_names(taxonomies, "es")    # host domain -> its organisation's name
    label = link_label("https://colombia.iom.int/x.pdf", names, text=None, language="es")
    label.text       # "Organización Internacional para las Migraciones (OIM)"
    label.titled     # False: the text is the site's name, not the record's title for the link
    label.host       # "colombia.iom.int"
    label.pdf        # True
    label.language   # "es" (or None: not known)
    labels = link_labels(items, names)      # several links of one list: same texts told apart
    safe_url("javascript:x")                # None: only absolute http(s) URLs are ever emitted

The text of a link is, in this order:

  1. its title where the record gives one: a link's `text` (the report's words), a further
     source's `title`;
  2. else the name of its site: the organisation whose `domains` (taxonomies/organizations.yml)
     hold the link's host, a subdomain included (colombia.iom.int is on iom.int), by its
     label in the page's language;
  3. else the host itself, without "www." and with an internationalised name in its own
     letters (xn--... decoded): "serviciomigraciones.cl", never the whole address.

`pdf` is whether the address's path ends in ".pdf" (any case): the page says "PDF" beside the
link, since it opens a document, not a page. `language` is the language of what the link
opens when the record says it (a further source's `language`; a report's link carries none,
and a link whose address is also a further source's takes that source's language). `host` is
shown beside a title so the reader sees where the link goes.

Two links of one list whose texts would be the same (two untitled links on one site) are told
apart by a number after the text, "mppre.gob.ve (1)", "mppre.gob.ve (2)" (link_labels), so
that each link's name says which one it is.

The views (views.Renderer) call these for the practice page's links and its sources; the
template prints label.text (autoescaped: a title from outside stays text) and the rest beside
it in the page's words (labels.yml `link_pdf`, `languages`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import idna

PDF_SUFFIX = ".pdf"


@dataclass(frozen=True)
class LinkLabel:
    text: str  # what the link reads as
    titled: bool  # the text is the record's title for it (else a site's name or host)
    host: str  # the host, for reading: "colombia.iom.int"
    pdf: bool  # the address's path ends in .pdf
    language: str | None  # the language of what it opens, when the record says


def safe_url(url: str) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (never emitted: the pages, the
    spreadsheets' hyperlinks)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def host_of(url: str) -> str:
    """The host of `url` as a reader reads it: lower case, without "www.", an
    internationalised domain name in its own letters; "" when `url` has none."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    if host.startswith("www."):
        host = host[4:]
    try:
        return idna.decode(host) if "xn--" in host else host
    except idna.IDNAError:
        return host


def on_domain(host: str, domain: str) -> bool:
    """Whether `host` is `domain` or one of its subdomains."""
    domain = domain.lower()
    return host == domain or host.endswith("." + domain)


def site_names(taxonomies: dict, lang: str) -> dict[str, str]:
    """{domain: name}: every organisation's `domains` with its label in `lang`."""
    return {
        domain.lower(): org["label"][lang]
        for org in taxonomies["organizations"].values()
        for domain in org.get("domains", [])
    }


def site_name(host: str, names: dict[str, str]) -> str | None:
    """The name of the site `host` is on (the longest matching domain), or None."""
    found = [d for d in names if on_domain(host, d)]
    return names[max(found, key=len)] if found else None


def is_pdf(url: str) -> bool:
    try:
        return urlsplit(url).path.lower().endswith(PDF_SUFFIX)
    except ValueError:
        return False


def link_label(
    url: str, names: dict[str, str], text: str | None = None, language: str | None = None
) -> LinkLabel:
    """What the link to `url` reads as (the module docstring): `text` is its title where the
    record gives one, `language` the language of what it opens where the record says it."""
    host = host_of(url)
    title = " ".join((text or "").split())
    shown = title or site_name(host, names) or host or url
    return LinkLabel(
        text=shown, titled=bool(title), host=host, pdf=is_pdf(url), language=language or None
    )


def link_labels(
    items: list[tuple[str, str | None, str | None]], names: dict[str, str]
) -> list[LinkLabel]:
    """The labels of a list of links, [(url, title or None, language or None)], in order:
    link_label() of each, with a number after each text that more than one link of the list
    would read as ("mppre.gob.ve (1)", "mppre.gob.ve (2)")."""
    labels = [link_label(url, names, text, language) for url, text, language in items]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label.text] = counts.get(label.text, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label.text] > 1:
            seen[label.text] = seen.get(label.text, 0) + 1
            label = replace(label, text=f"{label.text} ({seen[label.text]})")
        out.append(label)
    return out
