"""The core's vocabulary of kinds: one enum per concept, from the register to the API.

Each is a ``StrEnum`` whose values are the words the rules use (``forming``, ``member``,
``draft``; a severity its upper-case name), so a member is converted only where facts are
made (``governance.engine.facts``) and where strawberry publishes it (``schema.enums``,
GraphQL names are the member names). The tables store the member names (``governance.model``).
"""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    HOUSING_ORGANISATION = "housing_organisation"
    OTHER = "other"


class BodyKind(StrEnum):
    COUNCIL = "council"
    BOARD = "board"
    POLICY_GROUP = "policy_group"
    SECRETARIAT = "secretariat"
    FORUM = "forum"
    THEME_GROUP = "theme_group"
    ADHOC_GROUP = "adhoc_group"
    STEERING_GROUP = "steering_group"
    AREA_GROUP = "area_group"


class BodyStatus(StrEnum):
    FORMING = "forming"
    ACTIVE = "active"
    DISSOLVED = "dissolved"


class Role(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    EX_OFFICIO = "ex_officio"
    DAILY_LEADER = "daily_leader"
    ANALYST = "analyst"
    PR_OFFICER = "pr_officer"
    SECRETARY = "secretary"
    PROJECT_STAFF = "project_staff"


class Severity(StrEnum):
    """How much a violation weighs; the rules derive ``error``, ``warning`` or ``info``."""

    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"

    @property
    def blocks(self) -> bool:
        """The one place that decides what a violation stops: an ERROR refuses a change, a constitution, a verdict."""
        return self is Severity.ERROR

    @property
    def rank(self) -> int:
        """The order a list of violations is shown in: errors first."""
        return list(Severity).index(self)


class CaseStage(StrEnum):
    """The stages of a case, in the order of the flow (rules/cases.lp decides what may follow what)."""

    DRAFT = "draft"
    HEARING = "hearing"
    CONSOLIDATION = "consolidation"
    STATEMENT = "statement"
    DECISION = "decision"
    APPROVAL = "approval"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    CONCLUDED = "concluded"
    WITHDRAWN = "withdrawn"


class CaseTrack(StrEnum):
    """POLITICAL: the full flow to decision and approvals; GROUP: the originating groups handle it themselves."""

    POLITICAL = "political"
    GROUP = "group"


class ApprovalDecision(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


class EventKind(StrEnum):
    STEERING_MEETING = "steering_meeting"
    CONFERENCE = "conference"
    EVALUATION = "evaluation"


class DocumentKind(StrEnum):
    GOALS = "goals"  # Løget's joint steering group: "opstilling af mål og succeskriterier"
    COMMUNICATION_STRATEGY = "communication_strategy"  # "en formidlingsstrategi"
