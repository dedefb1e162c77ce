"""Check a record made from a proposal issue as CI would, and write its pull request's body:
`python scripts/proposal_check.py RECORD --number N [--pending FILE] > pr-body.md`.

A pull request opened with a workflow's token starts no workflow (GitHub's rule), so CI does not
run on the proposal bot's pull requests by itself. The proposal workflow
(.github/workflows/propuesta.yml) runs this script before it opens or updates the pull request,
and the body says what it found:

- validation: scripts/validate.py (`make validate`) on a copy of practices/ with the record.
  The translations pending (--pending: the paths whose text scripts/issue_to_record.py left as
  the placeholder, one per line) are expected problems and become the maintainers' checklist;
  any other problem fails the check;
- the build: scripts/build_site.py (`make site`: mkdocs --strict, the search index, the open
  data) with the record, in temporary folders. A record with translations pending is built with
  the other language's text in their place (a preview only: the record keeps its placeholders,
  which CI refuses, so main never holds a one-language record). Not run when validation found
  another problem.

The body is in Spanish and English. Each line of the validator's or the build's output is an
inline code span (templating.code_span: one line, no backtick, so no Markdown, link or
@mention), so nothing the proposer typed acts in it. It also says how a maintainer lets CI run.
Exit status 0: the record is valid (but for its translations) and builds; 1: it is not (the body
says why); 2: usage error.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from catalogue import LANGUAGES, PRACTICES_DIR, ROOT, practice_files
from issue_to_record import form_field
from issueform import elements
from recordyaml import dump
from templating import code_span
from yamlsafe import load_yaml

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<field>\S+): (?P<message>.*)$")
MAX_LINES = 40  # lines of output shown; the rest is counted
TIMEOUT = 1200  # seconds for each of validation and the build

CI_NOTE = (
    "El CI no corre solo en este pull request: lo abrió el flujo de trabajo con su token, y "
    "GitHub no inicia otros flujos por él. Para que corra, ciérrelo y vuelva a abrirlo, o suba "
    "un commit a su rama (por ejemplo, la traducción). / CI does not run on this pull request "
    "by itself: the workflow opened it with its token, and GitHub starts no other workflow for "
    "it. To run it, close and reopen it, or push a commit to its branch (for instance, the "
    "translation)."
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT
    )


def catalogue_with(record_id: str, text: str, folder: Path) -> Path:
    """folder/practices: a copy of practices/ with the record (replacing one of its id)."""
    practices = folder / "practices"
    practices.mkdir(parents=True)
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, practices / file.name)
    path = practices / f"{record_id}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def preview(record: dict, pending: list[str]) -> dict:
    """The record with each translation pending replaced by the other language's text."""
    for path in pending:
        name, _, lang = path.partition(".")
        texts = record.get(name)
        other = next(o for o in LANGUAGES if o != lang)
        if isinstance(texts, dict) and lang in LANGUAGES and isinstance(texts.get(other), str):
            texts[lang] = texts[other]
    return record


def shown(lines: list[str]) -> list[str]:
    out = [f"  - {code_span(line, 300)}" for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        out.append(f"  - … (+{len(lines) - MAX_LINES})")
    return out


def check(record_path: Path, pending: list[str]) -> tuple[bool, list[str]]:
    """(passed, the check's lines of Markdown)."""
    text = record_path.read_text(encoding="utf-8")
    record = load_yaml(record_path)[0]
    record_id = record["id"]
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bp-proposal-check-") as tmp:
        path = catalogue_with(record_id, text, Path(tmp) / "validate")
        result = run(str(ROOT / "scripts" / "validate.py"), str(path.parent))
        folder = str(path.parent) + "/"
        found = [line.replace(folder, "practices/") for line in result.stdout.splitlines()]
        expected, others = [], []
        for line in found:
            match = PROBLEM.match(line)
            translation = (
                match
                and match["file"] == f"practices/{record_id}.yml"
                and match["field"] in pending
                and match["message"].startswith("placeholder not filled in")
            )
            (expected if translation else others).append(line)
        valid = result.returncode in (0, 1) and not others and len(expected) == len(pending)
        if valid and pending:
            lines.append(
                "- ✅ Validación / Validation: la ficha cumple las reglas del catálogo, salvo las "
                "traducciones pendientes. / the record follows the catalogue's rules, but for the "
                "translations pending."
            )
        elif valid:
            lines.append(
                "- ✅ Validación / Validation: la ficha cumple las reglas del catálogo. / the "
                "record follows the catalogue's rules."
            )
        else:
            lines.append(
                "- ❌ Validación / Validation: la ficha no cumple las reglas del catálogo. / the "
                "record does not follow the catalogue's rules."
            )
            lines += shown(others or result.stderr.splitlines())
        if not valid:
            lines.append(
                "- ⏭️ Construcción del sitio / Site build: no se hizo, la validación falló. / not "
                "run, validation failed."
            )
            return False, lines
        built = catalogue_with(
            record_id, dump(preview(record, pending)), Path(tmp) / "build"
        ).parent
        result = run(
            str(ROOT / "scripts" / "build_site.py"),
            "--practices",
            str(built),
            "--site-dir",
            str(Path(tmp) / "site"),
        )
        if result.returncode == 0:
            note = (
                " (con el texto de la otra lengua en lugar de las traducciones pendientes / with "
                "the other language's text in place of the translations pending)"
                if pending
                else ""
            )
            lines.append(
                f"- ✅ Construcción del sitio / Site build: el sitio se construye con la ficha"
                f"{note}. / the site builds with the record."
            )
            return True, lines
        lines.append(
            "- ❌ Construcción del sitio / Site build: el sitio no se construye con la ficha. / "
            "the site does not build with the record."
        )
        output = (result.stdout + result.stderr).replace(str(tmp) + "/", "").splitlines()
        lines += shown([line for line in output if line.strip()][-MAX_LINES:])
        return False, lines


def translations(pending: list[str]) -> list[str]:
    """The checklist of the translations pending, with the issue form's labels."""
    fields = elements()
    out = []
    for path in pending:
        label = fields[form_field(path)]["attributes"]["label"]
        out.append(f"- [ ] {code_span(path)}: {label}")
    return out


def body(number: int, lines: list[str], pending: list[str]) -> str:
    parts = [
        f"Ficha propuesta en el issue #{number} / Record proposed in issue #{number}.",
        "",
        f"Closes #{number}",
        "",
    ]
    if pending:
        parts += [
            "### Traducción pendiente / Translation pending",
            "",
            "La propuesta llegó en una sola lengua. Antes de aceptarla, un responsable escribe en "
            "esta rama la traducción de: / The proposal came in one language only. Before "
            "merging, a maintainer writes on this branch the translation of:",
            "",
            *translations(pending),
            "",
        ]
    parts += [
        "### Comprobación / Check",
        "",
        "Antes de abrir este pull request, el flujo de trabajo validó la ficha con el catálogo y "
        "construyó el sitio con ella: / Before opening this pull request, the workflow validated "
        "the record with the catalogue and built the site with it:",
        "",
        *lines,
        "",
        CI_NOTE,
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("record", type=Path, metavar="RECORD")
    parser.add_argument("--number", type=int, required=True, help="the proposal issue's number")
    parser.add_argument(
        "--pending", type=Path, metavar="FILE", help="paths of the translations pending"
    )
    args = parser.parse_args(argv)
    pending = []
    if args.pending and args.pending.exists():
        text = args.pending.read_text(encoding="utf-8")
        pending = [line.strip() for line in text.splitlines() if line.strip()]
    passed, lines = check(args.record, pending)
    sys.stdout.write(body(args.number, lines, pending))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
