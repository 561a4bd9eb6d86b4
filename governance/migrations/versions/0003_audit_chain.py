"""A keyed audit chain: each entry names the entry before it and carries an HMAC of its
content and of that entry's digest (``governance.audit_chain``). Entries written before the
chain existed are sealed here, in id order, with the key of ``governance.audit_key``.

The append-only triggers are lifted for the sealing and put back as they were.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from governance.audit_chain import CHAINED, chained_values, seal
from governance.audit_key import audit_key

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = "uq_audit_entries_previous_id"
# The entries as this revision reads them: typed, so dates and JSON come back as the services wrote them.
ENTRIES = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer()), sa.column("previous_id", sa.Integer()), sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()), sa.column("action", sa.String()), sa.column("request", sa.JSON()),
    sa.column("body_keys", sa.JSON()), sa.column("allowed", sa.Boolean()), sa.column("violations", sa.JSON()),
    sa.column("rule_set_version", sa.String()), sa.column("justification", sa.Text()), sa.column("override", sa.Boolean()),
    sa.column("digest", sa.String()),
)


@contextmanager
def _triggers_lifted() -> Iterator[None]:
    """The append-only triggers off for the block: disabled on PostgreSQL, dropped and re-created on SQLite."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER USER")
        yield
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER USER")
        return
    triggers = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries' ORDER BY name")
    ).all()
    for name, _sql in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        op.execute(str(sql))


def _seal_existing() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(*(ENTRIES.c[name] for name in CHAINED)).order_by(ENTRIES.c.id)).mappings().all()
    if not rows:
        return
    key = audit_key(bind).secret
    previous: tuple[int, str] | None = None
    for row in rows:
        values = {**row, "previous_id": previous[0] if previous else None}
        digest = seal(key, previous[1] if previous else None, chained_values(values))
        bind.execute(sa.update(ENTRIES).where(ENTRIES.c.id == row["id"]).values(previous_id=values["previous_id"], digest=digest))
        previous = (row["id"], digest)


def upgrade() -> None:
    with _triggers_lifted():
        with op.batch_alter_table("audit_entries") as batch_op:
            batch_op.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        _seal_existing()
        with op.batch_alter_table("audit_entries") as batch_op:
            batch_op.alter_column("digest", existing_type=sa.String(length=64), nullable=False)
            batch_op.create_unique_constraint(UNIQUE, ["previous_id"])


def downgrade() -> None:
    with _triggers_lifted(), op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_constraint(UNIQUE, type_="unique")
        batch_op.drop_column("digest")
        batch_op.drop_column("previous_id")
