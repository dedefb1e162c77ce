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
    dirty_inner_builds()      whether the plugin's inner builds are dirty: it decides that from
                              sys.argv ("--dirty"), not from the build it runs in

Nothing else in scripts/ reads the plugin's attributes or sets a file's i18n attributes.
"""

from __future__ import annotations

import sys
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
