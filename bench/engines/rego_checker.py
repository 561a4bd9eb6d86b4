"""The five seat rules in Rego (``seats.rego``), evaluated by rego-cpp through regopy, input as JSON."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import regopy

from bench.seats import Finding, SeatData

POLICY = Path(__file__).with_name("seats.rego")


def document(data: SeatData) -> dict[str, Any]:
    """The rows as one JSON document, grouped by platform as a policy author would shape it."""
    platforms: dict[str, dict[str, Any]] = defaultdict(lambda: {"organisations": {}, "bodies": []})
    for o in data.organisations:
        platforms[o.platform]["organisations"][o.key] = o.kind
    bodies: dict[str, dict[str, Any]] = {}
    for b in data.bodies:
        bodies[b.key] = {"key": b.key, "kind": b.kind, "status": b.status, "memberships": []}
        platforms[b.platform]["bodies"].append(bodies[b.key])
    for m in data.memberships:
        bodies[m.body]["memberships"].append({
            "person": m.person, "role": m.role, "on_behalf_of": m.on_behalf_of,
            "appointed_by": m.appointed_by, "starts": m.starts, "ends": m.ends,
        })
    listed = [{"key": key, **platform} for key, platform in platforms.items()]
    return {"as_of": data.as_of, "cap": data.cap, "platforms": listed}


def check(data: SeatData) -> set[Finding]:
    interpreter = regopy.Interpreter()
    interpreter.add_module("seats", POLICY.read_text(encoding="utf-8"))
    interpreter.set_input(regopy.Input(document(data)))
    output = interpreter.query("data.boliv.seats.violations")
    if not output.ok():
        raise RuntimeError(f"rego: {output}")
    [violations] = json.loads(str(output))["expressions"]
    return {(rule, body, severity, tuple(str(a) for a in args)) for rule, body, severity, args in violations}
