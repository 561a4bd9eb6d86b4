"""A draft rule set: a folder served for every date, reloaded when its files change.

``boliv serve --rules DIR`` (and every command given ``--rules``) answers with the
folder's files instead of the published versions (``governance.rulebook``); every
answer's version then starts with ``draft-``. A good change is picked up without a
restart; a broken one (one the loader or lint calls an error) is refused, logged with
file:line:col, and the last good rule set keeps answering.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Literal

from governance.engine.lint import errors_of
from governance.engine.ruleset import DEFAULT_RULES_DIR, Problem, RuleSet, digest, read_rule_folder
from governance.errors import RuleSetError
from governance.rulefiles import folder_files

log = logging.getLogger("boliv.rules")


def rules_directory(given: str | None = None) -> Path:
    """The folder given (``CoreSettings.rules_dir``), else the project's own ``rules/``."""
    return Path(given or DEFAULT_RULES_DIR).resolve()


DRAFT = "draft-"


class RuleSource:
    """Holds the last good rule set of a folder and looks for changes at most once per interval.

    With ``guard`` (the server's draft) a new version must also keep every rule id of the
    last good one and pass the folder's scenarios (``governance.gate``) before it serves;
    the scenarios run beside the requests, and until they pass the last good set answers.
    """

    draft: Literal[True] = True

    def __init__(self, directory: str | Path | None = None, interval: float = 1.0, guard: bool = False):
        self.directory = rules_directory(str(directory) if directory else None)
        self.interval = interval
        self.guard = guard
        self._lock = threading.Lock()
        self._current: RuleSet | None = None
        self._refused: tuple[str, list[Problem]] | None = None
        self._pending: str | None = None  # the version whose scenarios are running
        self._checked_at = 0.0
        self._served = ""
        self.lost: list[str] = []
        self.failing: list[str] = []

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

    def timeline(self) -> RuleSource:
        """A draft has one rule set for every day: the source answers for itself."""
        return self

    def on(self, _day: date) -> RuleSet:
        return self.current()

    def current(self) -> RuleSet:
        if time.monotonic() - self._checked_at >= self.interval or self._current is None:
            self.refresh()
        if self._current is None:
            raise RuleSetError(self.problems)
        return self._current

    def _key(self) -> str:
        """The folder's content: the rule files and, when guarded, the scenarios that judge them."""
        if not self.guard:
            return digest(self.directory)
        return hashlib.sha256(repr(sorted(folder_files(self.directory).items())).encode()).hexdigest()[:16]

    def refresh(self) -> bool:
        """Load the folder when its content changed; True when a new rule set now answers."""
        with self._lock:
            self._checked_at = time.monotonic()
            key = self._key()
            if self._current is not None and key == self._served:
                self._refused, self.lost, self.failing = None, [], []
                return False
            if (self._refused is not None and self._refused[0] == key) or self._pending == key:
                return False
            self.lost, self.failing = [], []
            rule_set, problems = read_rule_folder(self.directory)
            if rule_set is not None:  # what the loader takes may still be unfit to serve: lint's errors, lost rules
                problems = errors_of(rule_set) + (self._lost_problems(rule_set) if self.guard and self._current else [])
                rule_set = None if problems else rule_set
            if rule_set is None:
                self._refuse(key, problems)
                return False
            if self.guard and self._current is not None:
                self._pending = key
                threading.Thread(target=self._judge_scenarios, args=(key, rule_set), daemon=True).start()
                return False
            self._serve(key, rule_set)
            return True

    def _lost_problems(self, rule_set: RuleSet) -> list[Problem]:
        assert self._current is not None
        self.lost = sorted(set(self._current.rules) - set(rule_set.rules))
        return [
            Problem(self._current.rules[rule].file, self._current.rules[rule].line, 1, f"rule {rule} is gone from the files")
            for rule in self.lost
        ]

    def _judge_scenarios(self, key: str, rule_set: RuleSet) -> None:
        from governance.gate import run_scenarios  # the gate runs scenarios through the services, which use this module

        try:
            report = run_scenarios(self.directory, rule_set)
            problems = [Problem(f"tests/{file}", 0, 0, f"the scenario fails: {name}: {'; '.join(why)}") for file, name, why in report.failed]
        except Exception as error:  # a scenario file that cannot be read refuses the version like a failing one
            problems = [Problem("tests", 0, 0, f"the scenarios could not run: {error}")]
        with self._lock:
            self._pending = None
            if problems:
                self.failing = [p.message.split(": ", 2)[1] for p in problems if p.file != "tests"]
                self._refuse(key, problems)
            else:
                self._serve(key, rule_set)

    def _refuse(self, key: str, problems: list[Problem]) -> None:
        self._refused = (key, problems)
        log.error(
            "rule files refused; %s: %s",
            "still serving " + self._current.version if self._current else "nothing to serve",
            "; ".join(str(p) for p in problems),
        )

    def _serve(self, key: str, rule_set: RuleSet) -> None:
        if self._current is not None:
            log.info("rule set %s replaces %s", rule_set.version, self._current.version)
        self._current, self._refused, self._served = replace(rule_set, version=DRAFT + rule_set.version), None, key
        self.lost, self.failing = [], []
