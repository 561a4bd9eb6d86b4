"""The GraphQL enums of the contract.

The register's enums are published as they are (GraphQL names are the member names), so
a kind or role has one definition; the others exist only at the API's edge.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from governance.model import BodyKind, BodyStatus, CaseTrack, OrganisationKind, Role

__all__ = [
    "ApprovalDecision", "ApprovalStatus", "BodyKind", "BodyStatus", "CaseStage", "CaseTrack", "Language",
    "OrganisationKind", "Role", "Severity",
]

# strawberry.enum marks the register's classes in place, so they stay the classes (and the types) they are.
strawberry.enum(OrganisationKind, description="What kind of party an organisation is.")
strawberry.enum(BodyKind, description="What kind of body (enhed) this is.")
strawberry.enum(BodyStatus, description="FORMING until constituted, then ACTIVE; DISSOLVED at the end.")
strawberry.enum(Role, description="The role a person holds in a body.")


@strawberry.enum(description="The language of messages: Danish (default) or English.")
class Language(Enum):
    DA = "da"
    EN = "en"


@strawberry.enum(description="ERROR: invalid or refused; WARNING: allowed but flagged; INFO: shown to help.")
class Severity(Enum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


@strawberry.enum(description="The stages a case moves through.")
class CaseStage(Enum):
    DRAFT = "DRAFT"
    HEARING = "HEARING"
    CONSOLIDATION = "CONSOLIDATION"
    STATEMENT = "STATEMENT"
    DECISION = "DECISION"
    APPROVAL = "APPROVAL"
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    CONCLUDED = "CONCLUDED"
    WITHDRAWN = "WITHDRAWN"


strawberry.enum(
    CaseTrack,
    description="POLITICAL: hearing, consolidation, statement, decision by the policy group, approval by the Byråd and the "
    "concerned boards. GROUP: a matter the originating groups handle themselves; it may go to hearing and ends CONCLUDED.",
)


@strawberry.enum(description="A body's answer to a required approval.")
class ApprovalDecision(Enum):
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"


@strawberry.enum(description="Where a required approval stands.")
class ApprovalStatus(Enum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REFUSED = "REFUSED"
