"""Published rule sets: the rule files with the day they are in force from, append-only
like the audit trail. A register that exists already gets its current rule files as the
first version, in force from the first day.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from governance.engine.ruleset import digest
from governance.rulefiles import folder_files
from governance.rulesource import rules_directory

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "published rule sets are append-only: they cannot be changed or removed"
FIRST_JUSTIFICATION = "The rule files the register was served with before rule sets were published."

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER rule_set_versions_no_{verb.lower()} BEFORE {verb} ON rule_set_versions "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRESQL_TRIGGERS = [
    "CREATE FUNCTION rule_set_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
    "CREATE TRIGGER rule_set_versions_append_only BEFORE UPDATE OR DELETE ON rule_set_versions "
    "FOR EACH ROW EXECUTE FUNCTION rule_set_versions_append_only()",
    "CREATE TRIGGER rule_set_versions_no_truncate BEFORE TRUNCATE ON rule_set_versions "
    "FOR EACH STATEMENT EXECUTE FUNCTION rule_set_versions_append_only()",
]


def upgrade() -> None:
    table = op.create_table(
        "rule_set_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=80), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("in_force_from", sa.Date(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=120), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("retired", sa.JSON(), nullable=False),
        sa.Column("reports", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    bind = op.get_bind()
    for statement in POSTGRESQL_TRIGGERS if bind.dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)
    if bind.execute(sa.text("SELECT count(*) FROM platforms")).scalar():  # a new database gets its files on creation
        directory = rules_directory()
        op.bulk_insert(table, [{
            "version": digest(directory), "files": folder_files(directory), "in_force_from": date.min,
            "published_at": datetime.now(UTC), "published_by": "migration 0006",
            "justification": FIRST_JUSTIFICATION, "retired": [], "reports": {},
        }])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER rule_set_versions_no_truncate ON rule_set_versions")
        op.execute("DROP TRIGGER rule_set_versions_append_only ON rule_set_versions")
        op.execute("DROP FUNCTION rule_set_versions_append_only()")
    op.drop_table("rule_set_versions")
