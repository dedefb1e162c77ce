"""Every touch of mkdocs-static-i18n's internals, in one place (its future is uncertain: MkDocs
2.0 drops plugins, and Material's successor has no plugin API yet).

mkdocs-static-i18n (mkdocs.yml `plugins: i18n`) builds the default language, then, from its
own on_post_build, runs MkDocs' whole build again once per other language, with the same
config object reconfigured (site_name, theme language, nav titles...). What the hooks need of
it, and what it needs of the pages they generate:

    language(config)          the language being built (the default outside the plugin)
    default_language(config)  the plugin's default language (es)
    inner_build(config)       True inside the plugin's loop over the other languages: the
                              last on_post_build of a build is the one where this is False
    localize(file, lang, urls)  what the plugin gives its own files, given to a generated
                              File: locale, alternates ({lang: the page in that language}),
                              the suffix-free source path it groups translations by
    list_in_sitemap(config, lang, file)  add a generated page to the plugin's per-language
                              list, which its sitemap.xml template prints
    site_names(config)        {lang: site_name}: the plugin's per-language site_name (its
                              mkdocs.yml options), else mkdocs.yml's, known before any build
    reset_language_switcher(config)  before a language's templates render (on_env): Material's
                              language switcher back to the language homes; the plugin sets
                              it per page (its on_page_context) and leaves the last page's
                              for the 404 page of the next language otherwise
    merge_sitemaps(first, then)   one sitemap.xml of two of the plugin's (below)
    fork_other_languages(config)  (`make site`) build the other languages in a forked child
                              process while this one builds the default language: the
                              plugin's own loop, run there (OtherLanguages)
    skip_other_languages(config)  (`make serve`, a save that changes nothing in the other
                              languages: preview.Plan.untouched) leave the plugin's loop out:
                              their pages as the last build wrote them (SkippedLanguages)
    dirty_inner_builds()      whether the plugin's inner builds are dirty: it decides that from
                              sys.argv ("--dirty"), not from the build it runs in

The plugin builds the languages one after the other into one folder; the only files two
languages both write are sitemap.xml (the last language's lists every language: the plugin
keeps a list of each language's pages) and 404.html (notfound_hook keeps the default
language's at the root), and the theme's assets (the same bytes). So the other languages can
be built in a child process beside the default one: forked at the default language's on_files
(the plugin has listed its pages; the child inherits the list), the child runs the plugin's
loop (the same `build(config)` per language, the folder not cleaned), and the parent sets the
plugin's `building` flag, so that its on_post_build skips that loop. Each process then writes
the sitemap of its own languages' pages (the plugin's template skips pages not built there):
the hooks keep the parent's and join both (merge_sitemaps) once the child is done. Set
BP_BUILD_SHORTCUTS=0 for the plain sequential build: tests/test_site_build_cache.py builds
both ways and finds every file the same.

Nothing else in scripts/ reads the plugin's attributes or sets a file's i18n attributes.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from copy import deepcopy
from types import SimpleNamespace

from catalogue import LANGUAGES

PLUGIN = "i18n"  # its name in mkdocs.yml `plugins:`


def _plugin(config):
    return config.plugins.get(PLUGIN)


def language(config) -> str:
    return getattr(_plugin(config), "current_language", None) or LANGUAGES[0]


def default_language(config) -> str:
    plugin = _plugin(config)
    return getattr(plugin, "default_language", None) or config.theme["language"]


def inner_build(config) -> bool:
    return bool(getattr(_plugin(config), "building", False))


def localize(file, lang: str, urls: dict[str, str]) -> None:
    """Give a generated File (its src_uri ending in .md or .<lang>.md) what the plugin's
    on_files gives its own: `urls` is the page's address in every language."""
    file.locale = file.locale_alternate_of = lang
    file.localization = None if lang == LANGUAGES[0] else lang
    stem = file.src_uri.removesuffix(".md").removesuffix(f".{lang}")
    file.norm_src_uri = stem + ".md"
    file.alternates = {
        other: file if other == lang else SimpleNamespace(url=urls[other], page=None)
        for other in LANGUAGES
    }


def list_in_sitemap(config, lang: str, file) -> None:
    listed = getattr(_plugin(config), "i18n_files_per_language", {}).get(lang)
    if listed is not None:
        listed.append(file)


def site_names(config) -> dict[str, str]:
    plugin = _plugin(config)
    names = {lang: config.site_name for lang in LANGUAGES}
    for entry in getattr(getattr(plugin, "config", None), "languages", None) or []:
        if entry.locale in names and entry.site_name:
            names[entry.locale] = entry.site_name
    return names


def dirty_inner_builds() -> bool:
    return "--dirty" in sys.argv or "--dirtyreload" in sys.argv


class SkippedLanguages:
    """The other languages not built by this process: the plugin's loop (its on_post_build)
    is left out (skip_other_languages: the last build's pages of the other languages stand,
    and its sitemap.xml)."""

    built = False  # whether this build writes the other languages' pages and sitemap

    def __init__(self, config):
        self.plugin = _plugin(config)
        self.languages = list(self.plugin.build_languages)
        self.plugin.building = True  # the plugin's on_post_build skips its loop

    def wait(self) -> str | None:
        """None, or the error of the other languages' build. Leaves the plugin as its loop
        does: not building, on the last language."""
        self.plugin.building = False
        self.plugin.current_language = self.languages[-1]
        return None

    def stop(self) -> None:
        """The build failed: the plugin is not building any more."""
        self.plugin.building = False


class OtherLanguages(SkippedLanguages):
    """The child process building every language but the default one (fork_other_languages)."""

    built = True

    def __init__(self, config):
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_build_others, args=(config, send), daemon=True)
        self.process.start()
        send.close()
        super().__init__(config)  # here, after the fork: the child runs the plugin's loop

    def wait(self) -> str | None:
        """Wait for the child; its error (traceback) or None."""
        try:
            error = self.receive.recv()
        except EOFError:
            error = "the build of the other languages ended without a word"
        self.process.join()
        self.receive.close()
        super().wait()
        if error is None and self.process.exitcode != 0:
            error = f"exit status {self.process.exitcode}"
        return error

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.receive.close()
        super().stop()


def _other_languages(config) -> bool:
    plugin = _plugin(config)
    return plugin is not None and not plugin.building and len(plugin.build_languages) > 1


def fork_other_languages(config) -> OtherLanguages | None:
    """Start the other languages' build in a child (call at the default language's on_files,
    with no other thread running: a fork copies only the calling thread)."""
    return OtherLanguages(config) if _other_languages(config) else None


def skip_other_languages(config) -> SkippedLanguages | None:
    """Build the default language only (call at its on_files): for a rebuild of `mkdocs
    serve --dirty` that changes no page of the other languages."""
    return SkippedLanguages(config) if _other_languages(config) else None


def _build_others(config, send) -> None:
    from mkdocs import utils
    from mkdocs.commands.build import build

    plugin = _plugin(config)
    default = plugin.current_language
    utils.clean_directory = lambda directory: None  # as the plugin's loop: the folder is shared
    try:
        for locale in plugin.build_languages:
            if locale == default:
                continue
            plugin.current_language = locale
            plugin.building = True
            build(config)
    except BaseException as exc:
        send.send(f"{exc}\n{traceback.format_exc()}")
        raise SystemExit(1) from None
    send.send(None)


def merge_sitemaps(first: str, then: str) -> str:
    """The plugin's sitemap.xml as one build of every language writes it, from the parent's
    (`first`: its languages' <url> entries) and the child's (`then`): the same header, the
    entries of both in the order of the languages, the same end."""
    head, _end, _rest = first.rpartition("\n</urlset>")
    start = then.index(">", then.index("<urlset")) + 1
    return head + then[start:]


def reset_language_switcher(config) -> None:
    initial = getattr(_plugin(config), "extra_alternate", None)
    if initial:
        config.extra.alternate = deepcopy(initial)  # as the plugin sets it per page
