"""Scaffold a new practice record: `python scripts/new_practice.py ID [options]`, or `make new`.

    python scripts/new_practice.py ventanilla-unica-migrantes \\
        --title-es "Ventanilla única para personas migrantes" --theme local-governments --country PA

Writes practices/ID.yml from templates/practice.yml.jinja, with the yaml-language-server comment
so editors complete and check the fields. Options not given are asked for when run in a terminal;
otherwise they stay as TODO placeholders, which `make validate` reports one by one until they are
filled in. An existing record is never overwritten (exit status 1, file untouched).
Exit status: 0 written, 1 refused (existing record, bad value), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from catalogue import PRACTICES_DIR, load_taxonomies
from countries import is_country
from recordyaml import quote
from rules import ID_PATTERN, PLACEHOLDER
from templating import environment


def latest_event(taxonomies: dict) -> str:
    """The default --event: the latest meeting of taxonomies/events.yml (by its start)."""
    return max(taxonomies["events"], key=lambda k: str(taxonomies["events"][k]["start"]))


def todo(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def ask(prompt: str, choices: list[str] | None = None) -> str:
    hint = f" [{', '.join(choices)}]" if choices else ""
    return input(f"{prompt}{hint}: ").strip()


def render(args, taxonomies: dict) -> str:
    event = taxonomies["events"][args.event]
    env = environment(
        autoescape=False, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True
    )
    return env.get_template("practice.yml.jinja").render(
        id=args.id,
        title_es=quote(args.title_es or todo("nombre de la práctica en español")),
        title_en=quote(args.title_en or todo("name of the practice in English")),
        summary_es=quote(todo("resumen en español, 1 a 4 frases, solo hechos de la fuente")),
        summary_en=quote(todo("summary in English, a faithful translation of the Spanish")),
        type=quote(args.type or todo("type")),
        themes=", ".join(quote(t) for t in args.theme) or quote(todo("theme")),
        countries=", ".join(args.country),
        country_codes=args.country,
        scope=quote(args.scope or todo("scope")),
        url=quote(args.url or todo("https://... the source's link, or write links: []")),
        event=args.event,
        section=quote(todo("section")),
        mention=quote(todo("the source's words that mention the practice, verbatim")),
        type_ids=", ".join(taxonomies["types"]),
        theme_ids=", ".join(taxonomies["themes"]),
        section_ids=", ".join(event["sections"]),
    )


def check_args(args, taxonomies: dict) -> list[str]:
    errors = []
    if not ID_PATTERN.match(args.id):
        errors.append(f"ID: invalid (got {args.id!r}; expected kebab-case ASCII like my-practice)")
    if args.type and args.type not in taxonomies["types"]:
        errors.append(f"--type: unknown (got {args.type!r}; expected one of the ids above)")
    for theme in args.theme:
        if theme not in taxonomies["themes"]:
            errors.append(
                f"--theme: unknown (got {theme!r}; expected: {', '.join(taxonomies['themes'])})"
            )
    for code in args.country:
        if not is_country(code):
            errors.append(f"--country: unknown (got {code!r}; expected ISO 3166-1 alpha-2 like PA)")
    if args.event not in taxonomies["events"]:
        errors.append(
            f"--event: unknown (got {args.event!r}; expected an id of taxonomies/events.yml)"
        )
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("id", metavar="ID", help="kebab-case id, also the file name")
    parser.add_argument("--title-es")
    parser.add_argument("--title-en")
    parser.add_argument("--type")
    parser.add_argument("--theme", action="append", default=[], help="repeatable")
    parser.add_argument("--country", action="append", default=[], help="repeatable, e.g. PA")
    parser.add_argument(
        "--scope", choices=["local", "national", "regional", "international", "unspecified"]
    )
    parser.add_argument("--url")
    parser.add_argument("--event", help="an id of taxonomies/events.yml (default: the latest)")
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.country = [c.upper() for c in args.country]
    taxonomies = load_taxonomies()
    args.event = args.event or latest_event(taxonomies)

    path = args.practices / f"{args.id}.yml"
    if path.exists():
        print(
            f"{path}: already exists; not overwritten (choose another ID or edit it)",
            file=sys.stderr,
        )
        return 1
    if sys.stdin.isatty():
        args.title_es = args.title_es or ask("Nombre en español / Spanish name")
        args.title_en = args.title_en or ask("English name")
        args.type = args.type or ask("Tipo / type", list(taxonomies["types"]))
        if not args.theme:
            args.theme = ask("Temas / themes (comma-separated)", list(taxonomies["themes"])).split(
                ","
            )
            args.theme = [t.strip() for t in args.theme if t.strip()]
        if not args.country:
            answer = ask("Países / countries (ISO codes, comma-separated, empty for none)")
            args.country = [c.strip().upper() for c in answer.split(",") if c.strip()]
    errors = check_args(args, taxonomies)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
            out.write(render(args, taxonomies))
    except FileExistsError:
        print(f"{path}: already exists; not overwritten", file=sys.stderr)
        return 1
    print(f"{path}: written. Replace every TODO, then run `make validate`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
