"""The LinkChecker that scripts/linkcheck_plugins/ were written against, and what they use of it.

causes.py and politeness.py patch LinkChecker from the inside (names, signatures and call sites
that LinkChecker does not promise to keep), so pyproject.toml pins it exactly and both plugins
name that version (LINKCHECKER_VERSION). When a LinkChecker update is due: move the pin, run
`make lock`, and these tests say, each in its own words, what the new version changed of what
the plugins use. Re-read that part of the new LinkChecker's source, adapt the plugin, then set
its LINKCHECKER_VERSION to the new version. The end-to-end tests (test_links_politeness.py,
test_links_check.py) then show whether the plugins still do their job.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import shutil
import tomllib

import pytest
from packaging.requirements import Requirement

from catalogue import ROOT
from linkcheck_plugins import causes, politeness

PLUGINS = ROOT / "scripts" / "linkcheck_plugins"
UPDATE = (
    "scripts/linkcheck_plugins/ were written against LinkChecker {pinned}, and the installed one "
    "changed what they use: {what}. Re-read that in the new LinkChecker's source, adapt the "
    "plugin, then set its LINKCHECKER_VERSION"
)


def pinned() -> str:
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = [
        Requirement(item)
        for item in groups["dependency-groups"]["links"]
        if isinstance(item, str) and Requirement(item).name.lower() == "linkchecker"
    ]
    assert len(found) == 1, "pyproject.toml's links group must name LinkChecker once"
    specs = list(found[0].specifier)
    assert len(specs) == 1 and specs[0].operator == "==", (
        f"LinkChecker must be pinned exactly (==) in pyproject.toml, not {found[0].specifier}: "
        "the plugins in scripts/linkcheck_plugins/ rely on its internals"
    )
    return specs[0].version


def fail_unless(condition: bool, what: str) -> None:
    assert condition, UPDATE.format(pinned=pinned(), what=what)


def test_the_pin_is_the_version_the_plugins_name_and_the_locked_one():
    version = pinned()
    for plugin in (causes, politeness):
        assert plugin.LINKCHECKER_VERSION == version, (
            f"{plugin.__name__} names LinkChecker {plugin.LINKCHECKER_VERSION}, pyproject.toml "
            f"pins {version}: " + UPDATE.format(pinned=plugin.LINKCHECKER_VERSION, what="it")
        )
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = [p["version"] for p in lock["package"] if p["name"] == "linkchecker"]
    assert locked == [version], f"uv.lock has LinkChecker {locked}, not {version}: run make lock"


def test_the_installed_linkchecker_is_the_pinned_one():
    installed = importlib.metadata.version("LinkChecker")
    assert installed == pinned(), (
        f"LinkChecker {installed} is installed, pyproject.toml pins {pinned()}: reinstall from the "
        "lock (rm .venv/.group-* and run make test); to move the pin, see this file's docstring"
    )


def test_plugins_are_found_and_configured_as_the_plugins_expect(tmp_path, monkeypatch):
    """scripts/linkcheck_run.py copies both plugins into $XDG_DATA_HOME/linkchecker/plugins and
    enables each by a configuration section named as its class, with its options."""
    from linkcheck.configuration import Configuration

    folder = tmp_path / "data" / "linkchecker" / "plugins"
    folder.mkdir(parents=True)
    for name in ("causes.py", "politeness.py"):
        shutil.copy(PLUGINS / name, folder / name)
    for path in (tmp_path, *folder.parents[:3], folder):
        os.chmod(path, 0o755)  # LinkChecker refuses plugin folders others can write to
    rc = tmp_path / "linkcheckerrc"
    rc.write_text("[HostPoliteness]\nper_host=3\nrate=4.5\n\n[ErrorCause]\n", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    config = Configuration()
    fail_unless(
        str(folder) in config["pluginfolders"],
        "configuration.get_plugin_folders (the plugins are copied to "
        "$XDG_DATA_HOME/linkchecker/plugins)",
    )
    config.read([str(rc)])
    fail_unless(
        {"HostPoliteness", "ErrorCause"} <= set(config["enabledplugins"]),
        "configuration/confparse.py read_plugin_config (a section named as a plugin class "
        "enables it; the classes subclass linkcheck.plugins._ConnectionPlugin)",
    )
    fail_unless(
        config["HostPoliteness"] == {"per_host": "3", "rate": "4.5"},
        "read_plugin_config's call of the plugin's read_config(configparser)",
    )


def innermost(function):
    """The function under LinkChecker's decorators (`synchronized` keeps it in a closure)."""
    while True:
        inner = [
            cell.cell_contents
            for cell in function.__closure__ or ()
            if inspect.isfunction(cell.cell_contents)
            and cell.cell_contents.__name__ == function.__name__
        ]
        if not inner:
            return function
        function = inner[0]


def signature(function) -> str:
    """The parameters' names and kinds, without annotations: "(self, request, **kwargs)"."""
    function = innermost(function)
    stars = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
    names = [
        stars.get(p.kind, "") + p.name for p in inspect.signature(function).parameters.values()
    ]
    return f"({', '.join(names)})"


def calls(function, name: str) -> bool:
    """Whether `function`'s own code uses the attribute or global `name`."""
    return name in innermost(function).__code__.co_names


def test_what_causes_py_uses():
    from linkcheck.checker.urlbase import UrlBase
    from linkcheck.plugins import _ConnectionPlugin

    fail_unless(
        signature(UrlBase.handle_exception) == "(self)"
        and calls(UrlBase.local_check, "handle_exception")
        and calls(UrlBase.check_content, "handle_exception"),
        "checker/urlbase.py UrlBase.handle_exception(self), which causes.py wraps: called "
        "inside the `except` of local_check and check_content, the exception in sys.exc_info()",
    )
    fail_unless(
        signature(UrlBase.add_info) == "(self, s)",
        "checker/urlbase.py UrlBase.add_info(self, s), which adds the 'Cause: ...' line",
    )
    fail_unless(
        signature(_ConnectionPlugin.__init__) == "(self, config)"
        and signature(_ConnectionPlugin.read_config) == "(configparser)"
        and {"applies_to", "check"} <= set(vars(_ConnectionPlugin.__mro__[1])),
        "plugins/__init__.py _ConnectionPlugin (__init__(config), applies_to, check, "
        "read_config(configparser))",
    )


def test_what_politeness_py_uses():
    import requests
    from linkcheck.checker.httpurl import HttpUrl
    from linkcheck.checker.urlbase import UrlBase
    from linkcheck.director import aggregator, checker

    fail_unless(
        signature(requests.Session.send) == "(self, request, **kwargs)"
        and calls(HttpUrl._send_request, "send")
        and calls(aggregator.new_request_session, "Session"),
        "checker/httpurl.py _send_request (every request goes through self.session.send of a "
        "plain requests.Session made by director/aggregator.py new_request_session), which "
        "politeness.py gates",
    )
    fail_unless(
        signature(aggregator.Aggregate.wait_for_host) == "(self, host)"
        and calls(HttpUrl.send_request, "wait_for_host"),
        "director/aggregator.py Aggregate.wait_for_host(self, host), LinkChecker's own throttle "
        "called by HttpUrl.send_request, which politeness.py switches off",
    )
    fail_unless(
        signature(UrlBase.close_connection) == "(self)"
        and calls(checker.check_url, "close_connection"),
        "checker/urlbase.py UrlBase.close_connection(self), called by director/checker.py "
        "check_url after each URL, where politeness.py frees the host's slot",
    )


@pytest.mark.parametrize("plugin", [causes, politeness], ids=["causes", "politeness"])
def test_each_plugin_names_its_linkchecker(plugin):
    assert f"Written against LinkChecker {plugin.LINKCHECKER_VERSION}" in " ".join(
        plugin.__doc__.split()
    )
