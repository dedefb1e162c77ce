"""The practice proposal issue form, .github/ISSUE_TEMPLATE/proponer-practica.yml, read in one
place: its fields by id, and what a link needs to open it already filled in.

    elements()   {field id: element} of the form's fields (markdown blocks left out)
    prefill()    {"template": file name, "title": the issue's title prefix,
                  "fields": [id of every field a link can fill]}

GitHub fills the text fields (input, textarea) of an issue form from the query of the link that
opens it, <repo>/issues/new?template=<file>&title=<title>&<field id>=<value> (GitHub's
"creating an issue from a URL query"); dropdowns and checkboxes are not filled that way. So
every field the site's form fills (docs/proponer*.md, docs/assets/propose.js, which gets
prefill() through datos/taxonomias.json, scripts/opendata.py) is an input or a textarea whose
answer is plain words, a label of taxonomies/ or templates/labels.yml in either language (or its
id), which scripts/issue_to_record.py reads. Only the confirmations are ticked on GitHub.
"""

from __future__ import annotations

from functools import cache

from paths import ROOT
from yamlsafe import load_yaml

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proponer-practica.yml"
TEXT_TYPES = ("input", "textarea")


@cache
def form() -> dict:
    """The form file as loaded (read once per process; callers must not change it)."""
    return load_yaml(FORM)[0]


def elements() -> dict[str, dict]:
    return {e["id"]: e for e in form()["body"] if e["type"] != "markdown"}


def prefill() -> dict:
    return {
        "template": FORM.name,
        "title": form()["title"],
        "fields": [key for key, e in elements().items() if e["type"] in TEXT_TYPES],
    }
