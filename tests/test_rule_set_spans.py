"""A check whose changes take effect on days under different rule set versions names each
version: the answer lists every version that judged, each violation the version of the day it
was found on, and the audit entry of applyChanges records them (over GraphQL over HTTP)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from api_client import Api, anyio_backend, api  # noqa: F401
from rule_edits import reword_fku_cap

from boliv.cli import main
from governance.engine.ruleset import DEFAULT_RULES_DIR, digest

pytestmark = pytest.mark.anyio

FIRST = digest(DEFAULT_RULES_DIR)
NEW_FROM = "2027-01-01"
AS_OF = "2026-12-01"
CHECK = """query($c: [ChangeInput!]!, $d: Date) {
  checkChanges(changes: $c, asOf: $d) { allowed ruleSetVersion ruleSetVersions violations { rule ruleSetVersion } }
}"""
APPLY = """mutation($c: [ChangeInput!]!, $d: Date) {
  applyChanges(changes: $c, asOf: $d) {
    __typename
    ... on Rejected { auditId violations { rule ruleSetVersion } }
  }
}"""
AUDIT = "query { auditLog(limit: 1) { action allowed ruleSetVersion ruleSetVersions violations { rule ruleSetVersion } } }"


def _ninth_fku_seat(starts_on: str, ends_on: str | None = None) -> dict[str, Any]:
    seat = {"person": "jakob-friis", "body": "fku", "role": "MEMBER", "appointedBy": "vejle-kommune",
            "onBehalfOf": "vejle-kommune", "startsOn": starts_on}
    return {"appoint": {**seat, "endsOn": ends_on} if ends_on else seat}


def _cap_version(violations: list[dict[str, Any]]) -> str:
    [version] = [v["ruleSetVersion"] for v in violations if v["rule"] == "fku.cap"]
    return version


@pytest.fixture
async def two_versions(api: Api, tmp_path: Path, database_url: str) -> str:
    """A second version (fku.cap reworded) in force from 2027-01-01, published by the CLI; its version."""
    reworded = tmp_path / "reworded"
    shutil.copytree(DEFAULT_RULES_DIR, reworded)
    reword_fku_cap(reworded)
    api.app.state.governance.rules.interval = 0
    assert main(["rules", "publish", "--database", database_url, "--rules", str(reworded), "--in-force-from", NEW_FROM,
                 "--justification", "FKU-beskeden omformuleret", "--by", "Ida Staff"]) == 0
    return digest(reworded)


async def test_a_check_across_a_new_version_names_the_version_of_each_day(api: Api, two_versions: str) -> None:
    # the seat starts under the first version and its end takes effect under the new one
    spanning = (await api.post(CHECK, {"c": [_ninth_fku_seat(AS_OF, "2027-01-31")], "d": AS_OF}))["data"]["checkChanges"]
    assert spanning["allowed"] is False
    assert (spanning["ruleSetVersion"], spanning["ruleSetVersions"]) == (FIRST, [FIRST, two_versions])
    assert _cap_version(spanning["violations"]) == FIRST  # found on the first day
    assert {v["ruleSetVersion"] for v in spanning["violations"]} <= {FIRST, two_versions}

    # a seat that starts under the new version: asOf's version answers, the new one found the breach
    later = (await api.post(CHECK, {"c": [_ninth_fku_seat("2027-01-15")], "d": AS_OF}))["data"]["checkChanges"]
    assert (later["ruleSetVersion"], later["ruleSetVersions"]) == (FIRST, [FIRST, two_versions])
    assert _cap_version(later["violations"]) == two_versions

    # one day, one version
    alone = (await api.post(CHECK, {"c": [_ninth_fku_seat("2027-02-01")], "d": "2027-02-01"}))["data"]["checkChanges"]
    assert (alone["ruleSetVersion"], alone["ruleSetVersions"], _cap_version(alone["violations"])) == (
        two_versions, [two_versions], two_versions)


async def test_the_audit_entry_of_apply_changes_records_every_version_that_judged(api: Api, two_versions: str) -> None:
    refused = (await api.post(APPLY, {"c": [_ninth_fku_seat("2027-01-15")], "d": AS_OF}))["data"]["applyChanges"]
    assert refused["__typename"] == "Rejected" and _cap_version(refused["violations"]) == two_versions
    [entry] = (await api.post(AUDIT))["data"]["auditLog"]
    assert (entry["action"], entry["allowed"], entry["ruleSetVersion"]) == ("applyChanges", False, FIRST)
    assert entry["ruleSetVersions"] == [FIRST, two_versions]
    assert _cap_version(entry["violations"]) == two_versions
