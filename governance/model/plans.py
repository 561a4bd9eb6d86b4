"""Løget's budgets and action plans, the yearly duties' events, and the documents bodies adopt."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from governance.enums import DocumentKind, EventKind
from governance.model.base import Base, enum_column


class ActivityPool(Base):
    """An approved overall budget of a joint steering group and the activity pool within it (whole kroner)."""

    __tablename__ = "activity_pools"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    overall_budget: Mapped[int]
    amount: Mapped[int]
    approved_on: Mapped[date] = mapped_column(Date)


class PoolShare(Base):
    """A steering sub-group's share of an activity pool."""

    __tablename__ = "pool_shares"
    __table_args__ = (UniqueConstraint("pool_id", "body_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pool_id: Mapped[int] = mapped_column(ForeignKey("activity_pools.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    amount: Mapped[int]


class DetailBudget(Base):
    """A sub-group's detail budget within its share, and when it was presented to the joint group (if yet)."""

    __tablename__ = "detail_budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    pool_id: Mapped[int] = mapped_column(ForeignKey("activity_pools.id"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    amount: Mapped[int]
    made_on: Mapped[date] = mapped_column(Date)
    presented_on: Mapped[date | None] = mapped_column(Date)


class ActionPlan(Base):
    """A steering sub-group's annual action plan, and when it was presented to the joint group (if yet)."""

    __tablename__ = "action_plans"
    __table_args__ = (UniqueConstraint("body_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    year: Mapped[int]
    presented_on: Mapped[date | None] = mapped_column(Date)


class Event(Base):
    """A dated event a duty asks for: a steering meeting, the joint conference, the yearly evaluation."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")


class Document(Base):
    """A document the source asks a body to set out: goals and success criteria, the communication strategy."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"), index=True)
    adopted_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200), default="")

