"""Where the engine gets its rule set: a folder, loaded once per version."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from governance.engine.ruleset import DEFAULT_RULES_DIR, RuleSet, load_rule_set


def rules_directory(explicit: str | None = None) -> Path:
    """``--rules``, else ``BOLIV_RULES_DIR``, else the project's own ``rules/``."""
    return Path(explicit or os.environ.get("BOLIV_RULES_DIR") or DEFAULT_RULES_DIR).resolve()


class RuleSource:
    """Holds the last good rule set of a folder. Loading is lazy and thread-safe."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = rules_directory(str(directory) if directory else None)
        self._lock = threading.Lock()
        self._current: RuleSet | None = None

    def current(self) -> RuleSet:
        if self._current is None:
            with self._lock:
                if self._current is None:
                    self._current = load_rule_set(self.directory)
        return self._current
