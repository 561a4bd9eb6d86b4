"""The GraphQL enums of the contract.

The core's enums (``governance.enums``) are published as they are (GraphQL names are the
member names), so a kind, role, stage or severity has one definition; the others exist
only at the API's edge.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from governance import enums

OrganisationKind = strawberry.enum(enums.OrganisationKind, description="What kind of party an organisation is.")
BodyKind = strawberry.enum(enums.BodyKind, description="What kind of body (enhed) this is.")
BodyStatus = strawberry.enum(enums.BodyStatus, description="FORMING until constituted, then ACTIVE; DISSOLVED at the end.")
Role = strawberry.enum(enums.Role, description="The role a person holds in a body.")
Severity = strawberry.enum(
    enums.Severity, description="ERROR: invalid or refused; WARNING: allowed but flagged; INFO: shown to help."
)
CaseStage = strawberry.enum(enums.CaseStage, description="The stages a case moves through.")
CaseTrack = strawberry.enum(
    enums.CaseTrack,
    description="POLITICAL: hearing, consolidation, statement, decision by the policy group, approval by the Byråd and the "
    "concerned boards. GROUP: a matter the originating groups handle themselves; it may go to hearing and ends CONCLUDED.",
)
ApprovalDecision = strawberry.enum(enums.ApprovalDecision, description="A body's answer to a required approval.")


@strawberry.enum(description="The language of messages: Danish (default) or English.")
class Language(Enum):
    DA = "da"
    EN = "en"


@strawberry.enum(description="Where a required approval stands.")
class ApprovalStatus(Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"
