"""The GraphQL enums of the contract.

The core's enums (``governance.enums``) are published as they are (GraphQL names are the
member names), so a kind, role, stage or severity has one definition; the others exist
only at the API's edge.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.enums import (
    ApprovalDecision,
    BodyKind,
    BodyStatus,
    CaseStage,
    CaseTrack,
    OrganisationKind,
    Role,
    Severity,
)

__all__ = [
    "ApprovalDecision", "ApprovalStatus", "BodyKind", "BodyStatus", "CaseStage", "CaseTrack", "Language",
    "OrganisationKind", "Role", "Severity",
]

# strawberry.enum marks the core's classes in place, so they stay the classes (and the types) they are.
strawberry.enum(OrganisationKind, description="What kind of party an organisation is.")
strawberry.enum(BodyKind, description="What kind of body (enhed) this is.")
strawberry.enum(BodyStatus, description="FORMING until constituted, then ACTIVE; DISSOLVED at the end.")
strawberry.enum(Role, description="The role a person holds in a body.")
strawberry.enum(Severity, description="ERROR: invalid or refused; WARNING: allowed but flagged; INFO: shown to help.")
strawberry.enum(CaseStage, description="The stages a case moves through.")
strawberry.enum(
    CaseTrack,
    description="POLITICAL: hearing, consolidation, statement, decision by the policy group, approval by the Byråd and the "
    "concerned boards. GROUP: a matter the originating groups handle themselves; it may go to hearing and ends CONCLUDED.",
)
strawberry.enum(ApprovalDecision, description="A body's answer to a required approval.")


@strawberry.enum(description="The language of messages: Danish (default) or English.")
class Language(Enum):
    DA = "da"
    EN = "en"


@strawberry.enum(description="Where a required approval stands.")
class ApprovalStatus(Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"
