"""Compiled templates are kept for the next build (templating.BytecodeCache, in
build/cache/jinja/): a new process loads them instead of compiling; an edited template, or a
cache file that is not bytecode, is compiled again."""

from __future__ import annotations

import jinja2

from templating import BytecodeCache


def environment(templates, cache_dir, compiled: list[str], **options) -> jinja2.Environment:
    """A new environment and cache, as a new process has; `compiled` lists what it compiles."""

    class Counting(jinja2.Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    loader = jinja2.FileSystemLoader(str(templates))
    return Counting(loader=loader, bytecode_cache=BytecodeCache(cache_dir), **options)


def test_a_new_process_loads_what_the_last_one_compiled(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / "cache" / "jinja"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ word }}</p>", encoding="utf-8")
    compiled: list[str] = []
    first = environment(templates, cache, compiled).get_template("page.html")
    assert first.render(word="uno") == "<p>uno</p>" and compiled == ["page.html"]
    assert len(list(cache.iterdir())) == 1  # the folder is made

    again = environment(templates, cache, compiled).get_template("page.html")
    assert again.render(word="dos") == "<p>dos</p>" and compiled == ["page.html"]

    (templates / "page.html").write_text("<b>{{ word }}</b>", encoding="utf-8")
    edited = environment(templates, cache, compiled).get_template("page.html")
    assert edited.render(word="tres") == "<b>tres</b>" and len(compiled) == 2

    (kept,) = cache.iterdir()
    kept.write_bytes(b"not bytecode")
    broken = environment(templates, cache, compiled).get_template("page.html")
    assert broken.render(word="cuatro") == "<b>cuatro</b>" and len(compiled) == 3


def test_a_cache_that_cannot_be_written_only_compiles(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    compiled: list[str] = []
    env = environment(templates, tmp_path / "file" / "jinja", compiled)  # under a file
    assert env.get_template("page.html").render() == "2" and compiled == ["page.html"]


def test_an_environment_set_up_otherwise_compiles_its_own(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("{% if x %}\n{{ x }}{% endif %}", encoding="utf-8")
    compiled: list[str] = []
    plain = environment(templates, cache, compiled).get_template("page.html")
    assert plain.render(x="<a>") == "\n<a>"
    trimmed = environment(templates, cache, compiled, trim_blocks=True, autoescape=True)
    assert trimmed.get_template("page.html").render(x="<a>") == "&lt;a&gt;"
    assert len(compiled) == 2 and len(list(cache.iterdir())) == 2
