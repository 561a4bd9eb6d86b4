"""The GraphQL enums of the contract.

The register's enums are published as they are (GraphQL names are the member names), so
a kind or role has one definition; the others exist only at the API's edge.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from governance import model

OrganisationKind = strawberry.enum(model.OrganisationKind, description="What kind of party an organisation is.")
BodyKind = strawberry.enum(model.BodyKind, description="What kind of body (enhed) this is.")
BodyStatus = strawberry.enum(model.BodyStatus, description="FORMING until constituted, then ACTIVE; DISSOLVED at the end.")
Role = strawberry.enum(model.Role, description="The role a person holds in a body.")


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


CaseTrack = strawberry.enum(
    model.CaseTrack,
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
