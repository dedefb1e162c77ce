"""The link report as its readers see it: one view model behind both links.md (the
maintainer's report, scripts/check_links.py) and the site's link-health page
(views.Renderer.link_health).

    model = view(document)             # document: links.json as a dict (check_links.py writes it)
    model.sections["broken"]           # [link, ...] in report order; SECTIONS are
                                       # broken, redirected, failing, restricted, ok
    model.groups("broken")             # {practice id: [link, ...] sorted by URL}, ids sorted
    model.counts                       # {result: number of links}
    model.broken, model.total, model.generated_at, model.threshold

A link is in the first section that applies: broken (failed `threshold` runs in a row), then
by its result: redirected, restricted ("could not verify", never broken), ok, else failing
(failed, not yet broken). The site reads a report from a file, so entries that are not
objects are skipped and a missing field reads as None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A broken link's archived copy: the Wayback Machine's closest capture to the 2023 report.
WAYBACK = "https://web.archive.org/web/2023/"
SECTIONS = ("broken", "redirected", "failing", "restricted", "ok")


def section(link: dict) -> str:
    if link.get("broken") is True:
        return "broken"
    result = link.get("result")
    return result if result in ("redirected", "restricted", "ok") else "failing"


@dataclass
class LinkReport:
    links: list[dict]
    generated_at: object = None
    threshold: object = None
    sections: dict[str, list[dict]] = field(init=False)
    counts: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.sections = {name: [] for name in SECTIONS}
        self.counts = {}
        for link in self.links:
            self.sections[section(link)].append(link)
            result = str(link.get("result"))
            self.counts[result] = self.counts.get(result, 0) + 1

    @property
    def total(self) -> int:
        return len(self.links)

    @property
    def broken(self) -> int:
        return len(self.sections["broken"])

    def groups(self, name: str) -> dict[str, list[dict]]:
        """The links of one section by practice (a link of two practices is in both)."""
        out: dict[str, list[dict]] = {}
        for link in self.sections[name]:
            practices = link.get("practices")
            for practice in practices if isinstance(practices, list) else []:
                out.setdefault(str(practice), []).append(link)
        return {p: sorted(out[p], key=lambda link: str(link.get("url"))) for p in sorted(out)}


def view(document: dict) -> LinkReport:
    links = [link for link in document.get("links", []) if isinstance(link, dict)]
    return LinkReport(links, document.get("generated_at"), document.get("failure_threshold"))
