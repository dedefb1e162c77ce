"""The concept vocabulary of search (taxonomies/concepts.yml, scripts/concepts.py) and the
browser's reading of a query (docs/assets/query.js, run in Node).

Every concept has its label and terms in both languages and cites the IOM or UNHCR page its
terms come from; check() names each kind of mistake; a practice carries a concept when its
title, summary or description has one of the concept's terms as whole words, in either
language, case and accents ignored, but not through a query-only term ("se trata de") nor
when the vocabulary excepts it; query.js splits words exactly as concepts.py does, reads a
query's concepts (longest term first, stopwords dropped, a concept named twice once) and
keeps the practices that match every group, else the best partial matches, said to be partial.
The built site has a page per concept listing its practices, a "Conceptos" row of tags on
practice pages and datos/conceptos.json as query.js reads it."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest

from catalogue import PRACTICES_DIR, ROOT, TAXONOMIES_DIR, load_practices
from concepts import FILE, InvalidVocabulary, Vocabulary, check, load, tokens
from paths import LANGUAGES
from site_helpers import lang_prefix
from yamlsafe import load_yaml

QUERY_JS = ROOT / "docs" / "assets" / "query.js"
RAW, _ = load_yaml(TAXONOMIES_DIR / FILE)
VOCABULARY = load()


def record(**texts) -> dict:
    """A record with only the texts concepts are looked for in: title="es|en", ..."""
    out = {"id": "a-practice"}
    for name, value in texts.items():
        es, en = value.split("|")
        out[name] = {"es": es, "en": en}
    return out


def node(script: str, data) -> object:
    """Run `script` in Node with query.js as `Q` and `data` as `input`; its JSON output."""
    exe = shutil.which("node")
    assert exe, "these tests need Node.js (Debian package nodejs) to run docs/assets/query.js"
    program = (
        f"const Q = require({json.dumps(str(QUERY_JS))});\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        f"{script}\n"
    )
    result = subprocess.run(
        [exe, "-e", program], input=json.dumps(data), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- the vocabulary ------------------------------------------------------------------------


def test_the_vocabulary_is_valid():
    assert check(RAW) == []
    assert len(VOCABULARY) >= 20


def test_every_concept_has_both_languages_and_a_glossary_source():
    for concept, entry in VOCABULARY.items():
        for lang in LANGUAGES:
            assert entry["label"][lang].strip(), (concept, lang)
            assert entry["terms"][lang], (concept, lang)
        source = entry["source"]
        assert source["url"].startswith("https://"), concept
        # IOM's Glossary on Migration and the IOM pages that use it, or UNHCR's terminology
        assert any(name in source["title"] for name in ("IOM", "OIM", "UNHCR")), concept


def test_the_issue_s_variants_name_their_concepts():
    """children / niñez / niños, niñas y adolescentes / menores; trafficking / trata; return /
    retorno / reintegración; climate / clima / desastres (issue 18)."""
    named = {
        "children": ["children", "niñez", "niños, niñas y adolescentes", "menores"],
        "trafficking": ["trafficking", "trata"],
        "return": ["return", "retorno", "reintegración"],
        "climate": ["climate", "clima", "desastres"],
    }
    for concept, words in named.items():
        terms = {
            " ".join(tokens(t))
            for lang in LANGUAGES
            for t in RAW["concepts"][concept]["terms"][lang]
        }
        for word in words:
            assert " ".join(tokens(word)) in terms, (concept, word)


def test_excepted_practices_exist():
    ids = {path.stem for path in PRACTICES_DIR.glob("*.yml")}
    for concept, entry in VOCABULARY.items():
        for practice in entry.get("match", {}).get("except", {}):
            assert practice in ids, (concept, practice)


def test_every_concept_is_carried_by_a_practice_of_the_catalogue():
    carried = {c for r in load_practices() for c in VOCABULARY.concepts_of(r)}
    assert set(VOCABULARY) - carried == set(), "a concept no practice carries: check its terms"


def broken(change) -> list[str]:
    data = copy.deepcopy(RAW)
    change(data)
    return check(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["concepts"]["children"]["label"].pop("en"), "concepts.children.label"),
        (lambda d: d["concepts"]["children"]["terms"].pop("es"), "concepts.children.terms"),
        (lambda d: d["concepts"]["children"]["terms"].update(en=[]), "terms.en: expected"),
        (lambda d: d["concepts"]["children"].pop("source"), "concepts.children.source: missing"),
        (
            lambda d: d["concepts"]["children"]["source"].update(url="ftp://x"),
            "source.url: expected an http(s) address",
        ),
        (
            lambda d: d["concepts"]["return"]["terms"]["en"].append("Children"),
            "also names the concept 'children'",
        ),
        (
            lambda d: d["concepts"]["return"]["terms"]["es"].append("de la"),
            "has no word but stopwords",
        ),
        (lambda d: d["concepts"].update({"Bad_Id": d["concepts"]["return"]}), "kebab-case"),
        (
            lambda d: d["concepts"]["trafficking"]["match"]["query_only"].update(en=["slavery"]),
            "'slavery' is not one of its terms",
        ),
        (
            lambda d: d["concepts"]["children"]["match"]["except"].update({"convenio-ca4": ""}),
            "say why",
        ),
        (lambda d: d["concepts"]["children"].update(notes="x"), "notes: unknown key"),
        (lambda d: d.pop("stopwords"), "expected the keys stopwords and concepts"),
    ],
)
def test_check_names_each_mistake(change, expected):
    problems = broken(change)
    assert any(expected in p for p in problems), problems


def test_load_reports_every_problem_with_the_file(tmp_path):
    data = copy.deepcopy(RAW)
    data["concepts"]["children"]["label"].pop("en")
    data["concepts"]["return"].pop("source")
    (tmp_path / FILE).write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    with pytest.raises(InvalidVocabulary) as error:
        load(tmp_path)
    assert len(error.value.problems) == 2
    assert all(str(tmp_path / FILE) in p for p in error.value.problems)


# -- how a practice gets its concepts ------------------------------------------------------


def test_a_term_in_either_language_tags_the_practice():
    manual = record(
        title="Manual sobre el delito|Manual for the Investigation of Trafficking, especially "
        "Women, Boys, Girls and Adolescents"
    )
    assert VOCABULARY.concepts_of(manual) == ["children", "trafficking"]  # vocabulary order
    assert VOCABULARY.concepts_of(record(summary="NIÑEZ migrante|x")) == ["children"]
    assert VOCABULARY.concepts_of(record(summary="ninez migrante|x")) == ["children"]
    assert VOCABULARY.concepts_of(record(description="x|Returnees are welcomed")) == ["return"]


def test_only_whole_words_and_never_across_fields():
    assert VOCABULARY.concepts_of(record(title="Envases retornables|Returnable bottles")) == []
    assert VOCABULARY.concepts_of(record(title="Medio ambiente|x", summary="x|y")) == ["climate"]
    assert VOCABULARY.concepts_of(record(title="Medio|x", summary="ambiente|y")) == []


def test_query_only_terms_and_exceptions_do_not_tag():
    # "trata" alone is query-only: "se trata de" is not about trafficking
    assert VOCABULARY.concepts_of(record(summary="Se trata de un programa|A programme")) == []
    assert VOCABULARY.concepts_of(record(summary="Contra la trata de personas|x")) == [
        "trafficking"
    ]
    ca4 = next(r for r in load_practices() if r["id"] == "convenio-ca4")
    assert "menores de edad" in " ".join(ca4["description"]["es"].split())
    assert "children" not in VOCABULARY.concepts_of(ca4)  # excepted, with its reason


def test_the_catalogue_s_known_concepts():
    by_id = {r["id"]: VOCABULARY.concepts_of(r) for r in load_practices()}
    assert "children" in by_id["manual-investigacion-trata-venezuela"]  # "Boys, Girls"
    assert "return" in by_id["plan-vuelta-a-la-patria"]
    assert "return" in by_id["centro-atencion-migrantes-retornados-el-salvador"]
    assert "labour-migration" in by_id["normativa-migratoria-supranacional-can"]
    assert "climate" in by_id["plan-reduccion-riesgo-desastres-argentina"]


def test_a_vocabulary_with_no_terms_of_a_language_matches_nothing_there():
    vocabulary = Vocabulary(
        {"x": {"label": {"es": "X", "en": "X"}, "terms": {"es": ["equis"], "en": []}}},
        {"es": [], "en": []},
    )
    assert vocabulary.concepts_of(record(title="equis|equis")) == ["x"]
    assert vocabulary.concepts_of(record(title="nada|equis")) == []


# -- the browser's reading (docs/assets/query.js in Node) ----------------------------------


def test_query_js_splits_words_as_concepts_py_does():
    samples = [t for e in RAW["concepts"].values() for lang in LANGUAGES for t in e["terms"][lang]]
    samples += [
        "Niños, Niñas y Adolescentes",
        "migración—laboral_2023 (CA-4)",
        "İstanbul ÉTRM café",
        "Ｆｕｌｌ-width ﬁ",
        "a\u0301b  \u0301  c",
    ]
    got = node("console.log(JSON.stringify(input.map(Q.tokens)));", samples)
    assert got == [tokens(s) for s in samples]
    # a query's words (no vocabulary loaded: each distinct word a group) split the same way
    read = node(
        "console.log(JSON.stringify(input.map(q => Q.parse(q).map(g => g.word))));", samples
    )
    assert read == [list(dict.fromkeys(tokens(s))) for s in samples]


READ = """
Q.prepare(input.vocabulary);
console.log(JSON.stringify(input.queries.map(function (q) { return Q.parse(q); })));
"""


def test_query_js_reads_concepts_longest_first_and_drops_stopwords():
    queries = [
        "return and reintegration",
        "Niños, niñas y adolescentes",
        "trata de personas niños",
        "labour migration",
        "retorno Uruguay",
        "de la",
        "Darién",
    ]
    got = node(READ, {"vocabulary": VOCABULARY.as_json(), "queries": queries})
    assert got[0] == [{"concept": "return", "text": "return reintegration"}]
    assert got[1] == [{"concept": "children", "text": "Niños niñas y adolescentes"}]  # as typed
    assert [g.get("concept") for g in got[2]] == ["trafficking", "children"]
    assert got[3] == [{"concept": "labour-migration", "text": "labour migration"}]
    assert got[4] == [
        {"concept": "return", "text": "retorno"},
        {"word": "uruguay", "text": "Uruguay"},
    ]
    assert got[5] == [{"word": "de", "text": "de"}, {"word": "la", "text": "la"}]  # only stopwords
    assert got[6] == [{"word": "darien", "text": "Darién"}]


COMBINE = """
const groups = input.groups;
const maps = input.found.map(function (pairs) { return new Map(pairs); });
const r = Q.combine(groups, maps);
console.log(JSON.stringify({ids: r.ids, partial: r.partial, matched: r.matched, need: r.need}));
"""


def test_query_js_keeps_full_matches_else_the_best_partial_ones():
    groups = [{"word": "a"}, {"word": "b"}, {"word": "c"}]
    full = node(
        COMBINE,
        {"groups": groups, "found": [[["x", 1], ["y", 2]], [["y", 1]], [["y", 1], ["x", 5]]]},
    )
    assert full == {"ids": ["y"], "partial": False, "matched": [0, 1, 2], "need": 3}
    partial = node(
        COMBINE,
        {"groups": groups, "found": [[["x", 1], ["z", 1]], [["z", 4]], [["x", 5], ["w", 9]]]},
    )
    # x and z match two groups each: x scores 6, z 5; w matches one only
    assert partial == {"ids": ["x", "z"], "partial": True, "matched": [0, 1, 2], "need": 2}
    nothing = node(COMBINE, {"groups": groups, "found": [[], [], []]})
    assert nothing == {"ids": [], "partial": False, "matched": [], "need": 3}


# -- the built site --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_concept_pages_list_the_practices_that_carry_them(built_site, lang):
    records = built_site.records
    for concept, entry in VOCABULARY.items():
        page = built_site.html(f"{lang_prefix(lang)}conceptos/{concept}/")
        assert page.h1.get_text(strip=True) == entry["label"][lang], concept
        listed = {
            a["href"].rstrip("/").split("/")[-1]
            for a in page.select(".bp-practice-list a[href*='practicas/']")
        }
        assert listed == {r["id"] for r in records if concept in VOCABULARY.concepts_of(r)}, concept
    overview = built_site.html(f"{lang_prefix(lang)}conceptos/")
    assert len(overview.select(".bp-overview a")) == len(VOCABULARY)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_pages_show_their_concepts_as_tags(built_site, lang):
    for r in built_site.records:
        page = built_site.html(f"{lang_prefix(lang)}practicas/{r['id']}/")
        tags = page.select("[data-field=concepts] a[data-concept]")
        assert [a["data-concept"] for a in tags] == VOCABULARY.concepts_of(r), r["id"]
        for a in tags:
            assert a.get_text(strip=True) == VOCABULARY[a["data-concept"]]["label"][lang]
            assert a["href"].endswith(f"conceptos/{a['data-concept']}/")
            assert a["data-pagefind-filter"] == f"concept:{a['data-concept']}"


def test_the_build_writes_the_vocabulary_for_the_browser(built_site):
    data = json.loads((built_site.root / "datos" / "conceptos.json").read_text("utf-8"))
    assert {k: data[k] for k in ("stopwords", "concepts")} == VOCABULARY.as_json()
    assert data["licence"]["id"] == "CC-BY-4.0"
