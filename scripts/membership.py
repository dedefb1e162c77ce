"""The countries a practice applies to, or is proposed for: its own, plus the members of the
regional bodies whose own instrument it is.

    from membership import applies_to, proposed_for, memberships, membership_problems
    applies_to(record, taxonomies)     # -> ["GT", "HN", "NI", "SV"] for practices/convenio-ca4.yml
    proposed_for(record, taxonomies)   # -> the same countries for a record with status: proposed
    unplaced(record, taxonomies)       # -> True for practices/redtram.yml (regional, no country)
    memberships(taxonomies)            # -> {"can": ["BO", "CO", "EC", "PE"], "ca4": [...], ...}
    membership_problems(taxonomies)    # -> [] or ["taxonomies/organizations.yml: ca4...: ..."]

A record's `countries` are the countries whose practice it is (empty for a regional
practice). A regional body is an entry of taxonomies/organizations.yml with a `members`
list (ISO 3166-1 alpha-2 codes, from the body's official published list, cited in
`members_source`: {url, title, note?}). Its membership carries a practice to its members only
when `applies_to_members` is true: the body's practices in this catalogue are its own
instruments or programmes, adopted by its member governments (the CAN's Andean Migration Card
applies to Bolivia, Colombia, Ecuador and Peru although its `countries` is []). Each body with
members says which, and why, in `applies_to_members_why`; SELA's observatory, a study tool of
an economic body, does not make a practice of its 25 members. A practice whose `status` is
`proposed` does not apply anywhere yet: the same countries are what it is proposed for.
`reach` is the union, sorted; `applies_to` and `proposed_for` split it by status. They are
derived, never written in a record, and the one definition every view uses (the open data's
`applies_to` and `proposed_for`, country pages, counts, the catalogue's country filter).

A regional or international practice (`scope` in rules.NO_COUNTRY_SCOPES) whose reach is empty
is `unplaced`: it names no country, and no body whose membership carries it (the Palermo
Protocol, REDTRAM, SELA's observatory...). Nothing says which countries it applies to, so it
is never counted as any country's; every country view shows it apart, in its own group that
says so (the country pages; the catalogue and the search read the build's mark of it, the
catalogue's `data-unplaced` and the search's country-filter value `unplaced_value` of
templates/labels.yml). A practice of unspecified scope with no country is not unplaced: it
may be one country's, which the sources do not name.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from countries import is_country
from rules import NO_COUNTRY_SCOPES

ORGANIZATIONS_FILE = "taxonomies/organizations.yml"


def memberships(taxonomies: dict) -> dict[str, list[str]]:
    """organisation id -> its member countries, for every organisation with a `members` list."""
    return {
        org_id: list(org["members"])
        for org_id, org in taxonomies["organizations"].items()
        if org.get("members")
    }


def carrying(taxonomies: dict) -> dict[str, list[str]]:
    """memberships() of the bodies whose membership carries their practices to their members
    (`applies_to_members: true`)."""
    orgs = taxonomies["organizations"]
    return {k: v for k, v in memberships(taxonomies).items() if orgs[k].get("applies_to_members")}


def reach(record: dict, taxonomies: dict) -> list[str]:
    """The record's own countries plus the members of the bodies in its organizations whose
    membership carries it (carrying()), sorted."""
    members = carrying(taxonomies)
    codes = set(record.get("countries", []))
    for org_id in record.get("organizations", []):
        codes.update(members.get(org_id, []))
    return sorted(codes)


def is_proposal(record: dict) -> bool:
    return record.get("status") == "proposed"


def applies_to(record: dict, taxonomies: dict) -> list[str]:
    """The countries where the practice exists or is in force: reach(), [] for a proposal."""
    return [] if is_proposal(record) else reach(record, taxonomies)


def proposed_for(record: dict, taxonomies: dict) -> list[str]:
    """The countries a proposal (status: proposed) is meant for: reach(); [] otherwise."""
    return reach(record, taxonomies) if is_proposal(record) else []


def unplaced(record: dict, taxonomies: dict) -> bool:
    """A regional or international practice that reaches no country (reach() == []): shown
    apart on every country view, counted on none (the module's docstring)."""
    return record.get("scope") in NO_COUNTRY_SCOPES and not reach(record, taxonomies)


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
        if not isinstance(org.get("applies_to_members"), bool):
            out.append(
                f"{where}.applies_to_members: missing (got {org.get('applies_to_members')!r}; "
                "expected true when the body's practices are its own instruments, adopted by its "
                "members, else false)"
            )
        why = org.get("applies_to_members_why")
        if not isinstance(why, str) or not why.strip():
            out.append(
                f"{where}.applies_to_members_why: missing (got {why!r}; expected why the "
                "membership does or does not carry the body's practices to its members)"
            )
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
