"""A rule folder as data: the files a published rule set holds, and the folder again from them.

A version holds what the engine reads (the top-level ``*.lp`` and ``*.yaml`` files, whose
digest is the version) and the scenarios in ``tests/`` that showed it sound.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
from pathlib import Path

from governance.engine.ruleset import digest, program_files

_FOLDERS = Path(tempfile.mkdtemp(prefix="boliv-rule-sets-"))  # this process's copies of published versions
_LOCK = threading.Lock()
_NAME = re.compile(r"(?:tests/)?[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.yaml|[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}\.lp")


class BadFileName(ValueError):
    """A name a rule folder cannot hold: only NAME.lp, NAME.yaml and tests/NAME.yaml."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name[:80]


def folder_files(directory: Path) -> dict[str, str]:
    """File name -> text of every file a version keeps, in name order (scenarios as ``tests/NAME``)."""
    paths = program_files(directory) + sorted(directory.glob("*.yaml")) + sorted((directory / "tests").glob("*.yaml"))
    return {str(path.relative_to(directory)): path.read_text(encoding="utf-8") for path in paths}


def write_folder(files: dict[str, str], directory: Path) -> Path:
    """The files laid down in ``directory`` (made when missing)."""
    for name, text in files.items():
        if not _NAME.fullmatch(name):
            raise BadFileName(name)
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


def folder_of(files: dict[str, str]) -> Path:
    """A folder holding these files, one per version and process, made the first time it is asked for."""
    with _LOCK:
        staging = Path(tempfile.mkdtemp(dir=_FOLDERS))
        write_folder(files, staging)
        final = _FOLDERS / f"v-{digest(staging)}-{_tests_digest(files)}"
        if final.exists():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.rename(final)
        return final


def _tests_digest(files: dict[str, str]) -> str:
    sha = hashlib.sha256()
    for name in sorted(n for n in files if n.startswith("tests/")):
        sha.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return sha.hexdigest()[:12]

