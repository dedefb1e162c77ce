"""The countries a practice applies to: its own, plus the members of its regional bodies.

    from membership import applies_to, memberships, membership_problems
    applies_to(record, taxonomies)     # -> ["GT", "HN", "NI", "SV"] for practices/convenio-ca4.yml
    memberships(taxonomies)            # -> {"can": ["BO", "CO", "EC", "PE"], "ca4": [...], ...}
    membership_problems(taxonomies)    # -> [] or ["taxonomies/organizations.yml: ca4...: ..."]

A record's `countries` are the countries whose practice it is (empty for a regional
practice). A regional body is an entry of taxonomies/organizations.yml with a `members`
list (ISO 3166-1 alpha-2 codes, from the body's official published list, cited in
`members_source`: {url, title, note?}). A record that names such a body in `organizations`
applies to its members too: the CAN's Andean Migration Card applies to Bolivia, Colombia,
Ecuador and Peru although its `countries` is []. `applies_to` is that union, sorted; it is
derived, never written in a record, and it is the one definition every view uses (the open
data's `applies_to`, country pages).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from countries import is_country

ORGANIZATIONS_FILE = "taxonomies/organizations.yml"


def memberships(taxonomies: dict) -> dict[str, list[str]]:
    """organisation id -> its member countries, for every organisation with a `members` list."""
    return {
        org_id: list(org["members"])
        for org_id, org in taxonomies["organizations"].items()
        if org.get("members")
    }


def applies_to(record: dict, taxonomies: dict) -> list[str]:
    """The record's own countries plus the members of the regional bodies it names, sorted."""
    members = memberships(taxonomies)
    codes = set(record.get("countries", []))
    for org_id in record.get("organizations", []):
        codes.update(members.get(org_id, []))
    return sorted(codes)


def membership_problems(taxonomies: dict) -> list[str]:
    """Every problem of the membership lists: a code that is not a country, a list without
    its official source (an http(s) URL and a title)."""
    out = []
    for org_id, org in taxonomies["organizations"].items():
        if "members" not in org:
            if "members_source" in org:
                out.append(
                    f"{ORGANIZATIONS_FILE}: {org_id}.members_source: a source without "
                    "members (expected a members list next to it)"
                )
            continue
        where = f"{ORGANIZATIONS_FILE}: {org_id}"
        members = org["members"]
        if not isinstance(members, list) or not members:
            out.append(
                f"{where}.members: not a list of countries (got {members!r}; "
                "expected ISO 3166-1 alpha-2 codes like PA)"
            )
            continue
        for i, code in enumerate(members):
            if not (isinstance(code, str) and is_country(code)):
                out.append(
                    f"{where}.members[{i}]: unknown country (got {code!r}; "
                    "expected ISO 3166-1 alpha-2)"
                )
        if len(set(members)) != len(members):
            out.append(f"{where}.members: repeated items (got {members!r}; expected each once)")
        source = org.get("members_source")
        url = source.get("url") if isinstance(source, dict) else None
        title = source.get("title") if isinstance(source, dict) else None
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            out.append(
                f"{where}.members_source.url: missing (got {url!r}; expected the http(s) "
                "URL of the body's official published member list)"
            )
        if not isinstance(title, str) or not title.strip():
            out.append(
                f"{where}.members_source.title: missing (got {title!r}; expected the "
                "title of that page)"
            )
    return out
