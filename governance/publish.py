"""Publishing a rule set: the gate, the impact on the day it comes into force, the new version.

Every attempt, published, refused or a dry run, leaves one audit entry. A version is
only ever added: the rollback is publishing earlier files again.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from governance.engine.ruleset import read_rule_folder
from governance.gate import Reason, lint_report, lost_rules, run_scenarios, scenario_reasons
from governance.impact import BodyImpact, impact, impact_report
from governance.model import RuleSetVersion
from governance.rulebook import FIRST_DAY, Timeline, read_timeline
from governance.rulediff import rule_changes
from governance.rulefiles import BadFileName, write_folder
from governance.services import Governance

_LOCK_KEY = 0x72756C6573  # "rules": the PostgreSQL advisory lock that serialises publications


@dataclass(frozen=True)
class Publication:
    version: str
    in_force_from: date
    published: bool
    dry_run: bool
    reasons: list[Reason]
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    impact: list[BodyImpact] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    audit_id: int = 0
    seconds: float = 0.0


def publish(
    governance: Governance, files: dict[str, str], in_force_from: date, justification: str, actor: str,
    retire: tuple[str, ...] = (), dry_run: bool = False,
) -> Publication:
    """Judge the files as the version in force from ``in_force_from``; store them when nothing stands in the way."""
    started = time.monotonic()
    staging = Path(tempfile.mkdtemp(prefix="boliv-publish-"))
    try:
        with governance.database.unit_of_work() as session:
            timeline = read_timeline(session)
        attempt = _judge(governance, write_folder(files, staging), timeline, in_force_from, justification, retire)
    except BadFileName as error:
        attempt = Publication("", in_force_from, False, dry_run, [Reason(
            "FILES", f"'{error.name}' er ikke et regelfilnavn (NAVN.lp, NAVN.yaml eller tests/NAVN.yaml).",
            f"'{error.name}' is not a rule file's name (NAME.lp, NAME.yaml or tests/NAME.yaml).",
        )])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = round(time.monotonic() - started, 2)
    publish_now = not attempt.reasons and not dry_run
    request = {
        "version": attempt.version, "inForceFrom": in_force_from.isoformat(), "retire": list(retire), "dryRun": dry_run,
        "files": sorted(files), "reasons": [r.en for r in attempt.reasons], "seconds": seconds,
    }
    with governance.database.unit_of_work(write=True) as session:
        if governance.database.is_sqlite is False:
            session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        reasons = list(attempt.reasons)
        if publish_now and (session.scalar(select(func.max(RuleSetVersion.id))) or 0) != timeline.top:
            reasons.append(Reason(
                "RACE", "Et andet regelsæt blev offentliggjort imens; prøv igen.",
                "Another rule set was published meanwhile; try again.",
            ))
            request["reasons"] = [r.en for r in reasons]
        published = publish_now and not reasons
        if published:
            session.add(RuleSetVersion(
                version=attempt.version, files=dict(sorted(files.items())), in_force_from=in_force_from, published_by=actor,
                justification=justification, retired=list(attempt.retired), reports={**attempt.report, "seconds": seconds},
            ))
        entry = governance.record_entry(
            session, actor, "publishRuleSet", request, set(), published, [], justification, version=attempt.version or "-",
        )
    if published:
        governance.rules.refresh()
    return Publication(
        attempt.version, in_force_from, published, dry_run, reasons, attempt.added, attempt.changed, attempt.retired,
        attempt.impact, attempt.report, entry.id, seconds,
    )


def _judge(
    governance: Governance, directory: Path, timeline: Timeline, in_force_from: date, justification: str, retire: tuple[str, ...],
) -> Publication:
    reasons = _input_reasons(timeline, in_force_from, justification)
    findings, lint_reasons = lint_report(directory)
    reasons += lint_reasons
    rule_set, _problems = read_rule_folder(directory)
    report: dict[str, Any] = {"lint": findings}
    if rule_set is None:
        return Publication("", in_force_from, False, False, reasons, report=report)
    before = timeline.on(in_force_from) if timeline.versions else None
    scenarios = run_scenarios(directory, rule_set)
    reasons += scenario_reasons(scenarios)
    _lost, retire_reasons = lost_rules(before.rules if before else (), rule_set.rules, retire)
    reasons += retire_reasons
    changes = rule_changes(before, rule_set)
    found = impact(governance, rule_set, in_force_from, before) if before else []
    report.update({
        "scenarios": {"passed": scenarios.passed, "failed": [[*f[:2], list(f[2])] for f in scenarios.failed],
                      "gaps": scenarios.gaps},
        "impact": impact_report(found),
        "added": list(changes.added), "changed": list(changes.changed), "retired": list(changes.retired),
    })
    return Publication(
        rule_set.version, in_force_from, False, False, reasons, changes.added, changes.changed, changes.retired, found, report,
    )


def _input_reasons(timeline: Timeline, in_force_from: date, justification: str) -> list[Reason]:
    reasons = []
    if not justification.strip():
        reasons.append(Reason("JUSTIFICATION", "En offentliggørelse skal have en begrundelse.", "A publication needs a justification."))
    latest = timeline.latest
    if in_force_from <= FIRST_DAY:
        reasons.append(Reason("IN_FORCE_FROM", "Datoen for ikrafttræden er ugyldig.", "The day in force from is not valid."))
    elif latest is not None and in_force_from < latest.in_force_from:
        day = latest.in_force_from.isoformat()
        reasons.append(Reason(
            "IN_FORCE_FROM",
            f"Regelsættet {latest.version} er i kraft fra {day}; et nyt skal være i kraft fra den dag eller senere.",
            f"The rule set {latest.version} is in force from {day}; a new one must be in force from that day or later.",
        ))
    return reasons
