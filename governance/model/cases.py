"""Cases on their way from the originating body to final political treatment, with their approvals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.enums import ApprovalDecision, CaseStage, CaseTrack
from governance.model.base import Base, enum_column


class Case(Base):
    """A proposal on its way from the originating body to final political treatment.

    Required approvals are never stored: the rules derive them from the organisations
    the case concerns (``CaseConcern``; none means every housing organisation).
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    originator_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    stage: Mapped[CaseStage] = mapped_column(enum_column(CaseStage), default=CaseStage.DRAFT)
    track: Mapped[CaseTrack] = mapped_column(enum_column(CaseTrack), default=CaseTrack.POLITICAL, server_default=CaseTrack.POLITICAL.name)


class CaseCoOriginator(Base):
    """A body that drafted a case together with its originating body."""

    __tablename__ = "case_co_originators"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), primary_key=True)


class CaseConcern(Base):
    """An organisation a case names as concerned."""

    __tablename__ = "case_concerns"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)


class CaseStep(Base):
    """One dated step of a case's history: the stage it reached and the body that moved it there."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[CaseStage] = mapped_column(enum_column(CaseStage))
    by_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    taken_on: Mapped[date] = mapped_column(Date)


class HearingAnswer(Base):
    """An answer to a case's hearing; it returns to the originating body and stays with the case."""

    __tablename__ = "hearing_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    text: Mapped[str] = mapped_column(Text)
    answered_on: Mapped[date] = mapped_column(Date)


class CaseApproval(Base):
    """A required approver's decision on a case: at most one per approver."""

    __tablename__ = "case_approvals"
    __table_args__ = (UniqueConstraint("case_id", "approver_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    approver_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    decision: Mapped[ApprovalDecision] = mapped_column(enum_column(ApprovalDecision))
    decided_on: Mapped[date] = mapped_column(Date)

