"""Platform registers kept in memory between questions, valid while their version holds.

Reading a platform's register is most of a check's database work; writes bump the
platform's version (``store.lock_platforms``), so one small query tells whether the copy
in memory is still the register.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import fields
from typing import Any, TypeVar, cast

from sqlalchemy.orm import Session

from governance import store
from governance.register import Register

T = TypeVar("T")


class Snapshots:
    def __init__(self, capacity: int = 256):
        self.capacity = capacity
        self._lock = threading.Lock()
        self._registers: OrderedDict[str, tuple[int, Register]] = OrderedDict()
        self._answers: OrderedDict[tuple[int, Hashable], tuple[Register, Any]] = OrderedDict()

    def register(
        self, session: Session, platforms: Iterable[str], person_keys: Iterable[str] = (), known: Mapping[str, int] | None = None
    ) -> Register:
        """The register of these platforms as the session sees it, with the named persons added.

        ``known``: platform versions the session has already read; only the others are asked for.
        """
        wanted = sorted(set(platforms))
        versions = {key: known[key] for key in wanted if key in known} if known else {}
        if len(versions) < len(wanted):
            versions |= store.platform_versions(session, [key for key in wanted if key not in versions])
        parts = [self._platform(session, key, version) for key, version in sorted(versions.items())]
        combined = combine(parts)
        missing = [key for key in set(person_keys) if key not in combined.persons]
        if missing:
            combined = combine([combined, store.load_persons(session, missing)])
        return combined

    def answer(self, register: Register, question: Hashable, compute: Callable[[], T]) -> T:
        """An answer about a cached register, computed once while that register is current."""
        with self._lock:
            cached = any(entry is register for _, entry in self._registers.values())
            found = self._answers.get((id(register), question)) if cached else None
        if found is not None:
            return cast(T, found[1])
        value = compute()
        if cached:
            with self._lock:
                self._answers[(id(register), question)] = (register, value)  # holding it keeps the id unique
                while len(self._answers) > 4 * self.capacity:
                    self._answers.popitem(last=False)
        return value

    def _platform(self, session: Session, key: str, version: int) -> Register:
        with self._lock:
            cached = self._registers.get(key)
            if cached is not None and cached[0] == version:
                self._registers.move_to_end(key)
                return cached[1]
        register = store.load_register(session, [key])
        with self._lock:
            self._registers[key] = (version, register)
            self._registers.move_to_end(key)
            while len(self._registers) > self.capacity:
                self._registers.popitem(last=False)
        return register


def combine(parts: list[Register]) -> Register:
    """One register holding several; a single part is returned as it is (callers copy before changing).

    The same parts (the cached registers of every platform, for an audit) give the same
    combined register, kept while they are the last few asked for, so what the engine made
    of it (``Register.made``) is made once.
    """
    if len(parts) == 1:
        return parts[0]
    key = tuple(id(part) for part in parts)
    with _COMBINED_LOCK:
        found = _COMBINED.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], parts, strict=True)):
            return found[1]
    result = Register()
    for part in parts:
        for field in fields(Register):
            if not field.init:
                continue
            mine, theirs = getattr(result, field.name), getattr(part, field.name)
            if isinstance(mine, dict):
                mine.update(theirs)
            elif isinstance(mine, list):
                mine.extend(theirs)
            else:
                setattr(result, field.name, mine + theirs)
    with _COMBINED_LOCK:
        _COMBINED[key] = (tuple(parts), result)  # holding the parts keeps their ids unique
        while len(_COMBINED) > _COMBINED_KEPT:
            _COMBINED.popitem(last=False)
    return result


_COMBINED_KEPT = 4
_COMBINED_LOCK = threading.Lock()
_COMBINED: OrderedDict[tuple[int, ...], tuple[tuple[Register, ...], Register]] = OrderedDict()
