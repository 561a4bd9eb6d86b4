"""The app factory uvicorn's workers call, named by an import string that carries the settings file's path.

uvicorn starts each worker afresh and gives it only an import string, so ``boliv serve``
writes its ``Settings`` to a private file and names that file in the string:
``api.factory:settings_file_<the path's UTF-8 bytes in hex>``. Nothing reaches the workers
through the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette

from api.app import create_app
from api.settings import Settings

PREFIX = "settings_file_"


def import_string(settings_file: Path) -> str:
    """The factory's name for uvicorn (``factory=True``) that builds the app from ``settings_file``."""
    return f"{__name__}:{PREFIX}{str(settings_file).encode().hex()}"


def __getattr__(name: str) -> Callable[[], Starlette]:
    """``settings_file_<hex>``: a factory reading the settings from that file (PEP 562's module ``__getattr__``)."""
    if not name.startswith(PREFIX):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    path = Path(bytes.fromhex(name.removeprefix(PREFIX)).decode())
    return lambda: create_app(Settings.from_json(path.read_text(encoding="utf-8")))
