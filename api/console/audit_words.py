"""Audit entries for people: the action in words ("Udpegning", "Sag sendt i høring") and each
change as a sentence with the names of bodies, persons and organisations, not keys and JSON."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_KINDS = {"Appoint": "appoint", "EndMembership": "endMembership", "CreateBody": "createBody", "DissolveBody": "dissolveBody"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def changes_of(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """An applyChanges entry's changes as ``{"kind": "appoint", snake_case fields}``.

    The service records them described (``{"kind": "Appoint", ...}``); a request refused before
    it reached the service is recorded with its GraphQL arguments (``{"appoint": {...}}``).
    """
    request = entry.get("request") or {}
    listed = request.get("changes") or (request.get("arguments") or {}).get("changes") or []
    found = []
    for change in listed:
        if not isinstance(change, dict):
            continue
        if "kind" in change:  # a described CreateBody's own kind (ADHOC_GROUP, …) took the place of its type
            kind = _KINDS.get(change["kind"]) or "createBody"
            found.append({**change, "kind": kind, "body_kind": change["kind"] if kind == "createBody" else None})
        else:
            for kind, fields in change.items():
                fields = {_snake(k): v for k, v in (fields or {}).items()}
                found.append({**fields, "body_kind": fields.get("kind"), "kind": kind})
    as_of = request.get("asOf") or (request.get("arguments") or {}).get("asOf")
    return [{**c, "starts_on": c.get("starts_on") or as_of} if c["kind"] == "appoint" else c for c in found]


def _arguments(entry: dict[str, Any]) -> dict[str, Any]:
    request = entry.get("request") or {}
    return request.get("arguments") or request


@dataclass(frozen=True)
class Words:
    """What wording an entry needs: the console's words, names by key, the vocabulary, dates."""

    t: dict[str, str]
    name: Callable[[str | None], str]
    word: Callable[[str], str]
    long_date: Callable[[Any], str]
    membership: Callable[[Any], str]  # "Anja Stokholm i FKU" for a membership id


def action_words(entry: dict[str, Any], words: Words) -> str:
    t, action = words.t, entry["action"]
    if action == "applyChanges":
        kinds = list(dict.fromkeys(c["kind"] for c in changes_of(entry)))
        return ", ".join(t.get(f"action_{k}", k) for k in kinds) or t["action_other"].format(action=action)
    if action == "advanceCase" and _arguments(entry).get("to") == "hearing":
        return t["action_advanceCase_hearing"]
    return t.get(f"action_{action}") or t["action_other"].format(action=action)


def _change_sentence(change: dict[str, Any], words: Words) -> str:
    t, name, dated = words.t, words.name, words.long_date
    kind = change["kind"]
    if kind == "appoint":
        behalf = t["repair_behalf"].format(org=name(change.get("on_behalf_of"))) if change.get("on_behalf_of") else ""
        ends = t["said_ends"].format(day=dated(change["ends_on"])) if change.get("ends_on") else ""
        return t["said_appoint"].format(
            person=name(change.get("person")), role=words.word(str(change.get("role", "")).lower()), body=name(change.get("body")),
            behalf=behalf, by=name(change.get("appointed_by")), starts=dated(change.get("starts_on")) or "–", ends=ends,
        )
    if kind == "endMembership":
        return t["said_endMembership"].format(membership=words.membership(change.get("membership")), day=dated(change.get("ends_on")))
    if kind == "createBody":
        return t["said_createBody"].format(name=change.get("name") or name(change.get("key")),
                                           kind=words.word(str(change.get("body_kind") or "").lower()))
    if kind == "dissolveBody":
        return t["said_dissolveBody"].format(body=name(change.get("body")), day=dated(change.get("on")))
    return t["action_other"].format(action=kind)


def sentences(entry: dict[str, Any], words: Words) -> list[str]:
    """What the entry asked for, one sentence a change or step."""
    t, name, action = words.t, words.name, entry["action"]
    if action == "applyChanges":
        return [_change_sentence(c, words) for c in changes_of(entry)]
    a = _arguments(entry)
    key = a.get("key") or a.get("case") or a.get("body")
    said = {
        "constituteBody": lambda: t["said_constituteBody"].format(body=name(a.get("body"))),
        "createPerson": lambda: t["said_createPerson"].format(name=a.get("name") or key),
        "openCase": lambda: t["said_openCase"].format(title=a.get("title") or name(key), originator=name(a.get("originator"))),
        "advanceCase": lambda: t["said_advanceCase"].format(case=name(key), stage=words.word(str(a.get("to", ""))), by=name(a.get("by"))),
        "recordApproval": lambda: t["said_recordApproval"].format(
            approver=name(a.get("approver")), case=name(key),
            decision=t["said_rejected"] if str(a.get("decision", "")).lower() in ("refused", "rejected") else t["said_approved"],
        ),
        "recordHearingAnswer": lambda: t["said_recordHearingAnswer"].format(recipient=name(a.get("recipient")), case=name(key)),
    }.get(action)
    return [said()] if said else []


def keys_named(entries: list[dict[str, Any]]) -> tuple[set[str], set[int]]:
    """The keys (bodies, persons, organisations, cases) and membership ids the entries mention."""
    keys: set[str] = set()
    ids: set[int] = set()
    for entry in entries:
        keys.update(entry.get("bodies") or [])
        for change in changes_of(entry):
            for field in ("person", "body", "on_behalf_of", "appointed_by", "key"):
                if isinstance(change.get(field), str):
                    keys.add(change[field])
            if str(change.get("membership", "")).isdigit():
                ids.add(int(change["membership"]))
        a = _arguments(entry)
        keys.update(v for f in ("case", "key", "body", "by", "approver", "recipient", "originator") if isinstance(v := a.get(f), str))
    return keys, ids
