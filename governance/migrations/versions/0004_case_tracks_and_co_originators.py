"""Case flows: a case's track (POLITICAL or GROUP) and the bodies that drafted it with its
originating body (co-originators). The new stages CONCLUDED and WITHDRAWN need no change:
stages are stored as their names in a plain string column.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "track", sa.Enum("POLITICAL", "GROUP", name="casetrack", native_enum=False, length=32),
            server_default="POLITICAL", nullable=False,
        ))
    op.create_table(
        "case_co_originators",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("case_id", "body_id"),
    )


def downgrade() -> None:
    op.drop_table("case_co_originators")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("track")
