"""MkDocs hook (mkdocs.yml `hooks:`): a 404 page in each language.

mkdocs writes the theme's 404.html to the site root in every build, and mkdocs-static-i18n
builds each extra language after the default one (or beside it: i18n_adapter), so the root
404 page came out in the last language built (English). This hook keeps the default
language's page at the root (what a static host serves for any missing address): each other
language's build writes its page into its own folder, e.g. en/404.html, and leaves the root
alone (an empty output, which MkDocs does not write):

    404.html      Spanish (<html lang="es">), links to the Spanish pages
    en/404.html   English

The page itself is overrides/404.html.
"""

from __future__ import annotations

from pathlib import Path

import i18n_adapter as i18n


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name != "404.html":
        return output_content
    language = config.theme["language"]
    if language == i18n.default_language(config):
        return output_content
    target = Path(config.site_dir) / language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    return ""  # MkDocs writes no empty output: the root keeps the default language's page
