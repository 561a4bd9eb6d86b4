"""The register's tables, in SQLAlchemy 2's typed style, and nothing else, one module per concern.

``base`` (the declarative base, enums stored by name, the clock), ``register`` (platforms,
organisations, people, bodies, memberships), ``audit`` (the audit trail, published rule
sets, API tokens), ``cases`` and ``plans`` (Løget's budgets and plans, events, documents).
Importing this package maps every table, so ``Base.metadata`` holds them all.
"""

from governance.enums import (
    ApprovalDecision,
    BodyKind,
    BodyStatus,
    CaseStage,
    CaseTrack,
    DocumentKind,
    EventKind,
    OrganisationKind,
    Role,
)
from governance.model.audit import ApiToken, AppendOnly, AuditEntry, RuleSetVersion, TokenRole
from governance.model.base import MAX_ID, Base, enum_column, utcnow
from governance.model.cases import Case, CaseApproval, CaseConcern, CaseCoOriginator, CaseStep, HearingAnswer
from governance.model.plans import ActionPlan, ActivityPool, DetailBudget, Document, Event, PoolShare
from governance.model.register import Body, Membership, Organisation, Person, Platform

__all__ = [
    "MAX_ID", "ActionPlan", "ActivityPool", "ApiToken", "AppendOnly", "ApprovalDecision", "AuditEntry", "Base", "Body",
    "BodyKind", "BodyStatus", "Case", "CaseApproval", "CaseCoOriginator", "CaseConcern", "CaseStage", "CaseStep",
    "CaseTrack", "DetailBudget", "Document", "DocumentKind", "Event", "EventKind", "HearingAnswer", "Membership",
    "Organisation", "OrganisationKind", "Person", "Platform", "PoolShare", "Role", "RuleSetVersion", "TokenRole",
    "enum_column", "utcnow",
]
