"""Where the engine gets its rule set: a folder, reloaded when its files change.

A good change is picked up without a restart; a broken one (one the loader or lint
calls an error) is refused, logged with file:line:col, and the last good rule set keeps
answering.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from governance.engine.lint import errors_of
from governance.engine.ruleset import DEFAULT_RULES_DIR, Problem, RuleSet, RuleSetError, digest, read_rule_folder

log = logging.getLogger("boliv.rules")


def rules_directory(explicit: str | None = None) -> Path:
    """``--rules``, else ``BOLIV_RULES_DIR``, else the project's own ``rules/``."""
    return Path(explicit or os.environ.get("BOLIV_RULES_DIR") or DEFAULT_RULES_DIR).resolve()


class RuleSource:
    """Holds the last good rule set of a folder and looks for changes at most once per interval."""

    def __init__(self, directory: str | Path | None = None, interval: float = 1.0):
        self.directory = rules_directory(str(directory) if directory else None)
        self.interval = interval
        self._lock = threading.Lock()
        self._current: RuleSet | None = None
        self._refused: tuple[str, list[Problem]] | None = None
        self._checked_at = 0.0

    @classmethod
    def holding(cls, rule_set: RuleSet) -> RuleSource:
        """A source that always answers with this loaded rule set (scenario runs): no folder is read again."""
        source = cls(rule_set.directory, interval=float("inf"))
        source._current = rule_set
        source._checked_at = time.monotonic()
        return source

    @property
    def problems(self) -> list[Problem]:
        """The problems of the newest version of the files, when it was refused."""
        return list(self._refused[1]) if self._refused else []

    def current(self) -> RuleSet:
        if time.monotonic() - self._checked_at >= self.interval or self._current is None:
            self.refresh()
        if self._current is None:
            raise RuleSetError(self.problems)
        return self._current

    def refresh(self) -> bool:
        """Load the folder when its content changed; True when a new rule set now answers."""
        with self._lock:
            self._checked_at = time.monotonic()
            version = digest(self.directory)
            if self._current is not None and version == self._current.version:
                self._refused = None
                return False
            if self._refused is not None and self._refused[0] == version:
                return False
            rule_set, problems = read_rule_folder(self.directory)
            if rule_set is not None:  # what the loader takes may still be unfit to serve: lint's errors
                problems = errors_of(rule_set)
                rule_set = None if problems else rule_set
            if rule_set is None:
                self._refused = (version, problems)
                log.error(
                    "rule files refused; %s: %s",
                    "still serving " + self._current.version if self._current else "nothing to serve",
                    "; ".join(str(p) for p in problems),
                )
                return False
            if self._current is not None:
                log.info("rule set %s replaces %s", rule_set.version, self._current.version)
            self._current, self._refused = rule_set, None
            return True
