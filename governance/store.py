"""The database: connecting, creating, units of work, and reading a register scope."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Engine, create_engine, event, null, select, union_all, update
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, aliased, sessionmaker

import governance.audit_chain  # noqa: F401  (its flush hook seals every audit entry a session writes)
from governance import migrations
from governance.audit_key import KEY_OPTION
from governance.errors import BadValue, DatabaseUnavailable, DuplicateKey
from governance.model import (
    ActionPlan,
    ActivityPool,
    AuditEntry,
    Body,
    Case,
    CaseApproval,
    CaseConcern,
    CaseCoOriginator,
    CaseStep,
    DetailBudget,
    Document,
    Event,
    HearingAnswer,
    Membership,
    Organisation,
    Person,
    Platform,
    PoolShare,
)
from governance.register import (
    ActionPlanRow,
    ActivityPoolRow,
    ApprovalRow,
    BodyRow,
    CaseRow,
    CaseStepRow,
    DetailBudgetRow,
    DocumentRow,
    EventRow,
    HearingAnswerRow,
    MembershipRow,
    OrganisationRow,
    PersonRow,
    Register,
)
from governance.settings import CoreSettings

DEFAULT_DATABASE_URL = "sqlite:///boliv.db"


def database_url(given: str | None = None) -> str:
    """The URL given (``CoreSettings.database_url``), else an SQLite file in the working directory."""
    url = given or DEFAULT_DATABASE_URL
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


class Database:
    """One engine and its sessions. Writes are serialised per platform (see ``lock_platforms``)."""

    def __init__(self, url: str | None = None, settings: CoreSettings | None = None):
        """The database at ``url``, else at ``settings.database_url``; without settings, the environment's.

        The engine carries ``settings.audit_key`` to the audit chain (``governance.audit_key``).
        """
        self.settings = settings if settings is not None else CoreSettings.from_env(database_url=url)
        self.url = database_url(url or self.settings.database_url)
        self.is_sqlite = self.url.startswith("sqlite")
        options: dict[str, Any] = {"pool_pre_ping": True, "execution_options": {KEY_OPTION: self.settings.audit_key}}
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30, "check_same_thread": False}
        else:
            options["connect_args"] = {"connect_timeout": 5}
        self.engine: Engine = create_engine(self.url, **options)
        if self.is_sqlite:
            _sqlite_transactions(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._open = threading.local()  # ``sessions``: the units of work this thread has open

    def create_schema(self) -> bool:
        """Create or migrate the tables to the newest revision (``governance.migrations``); True when the database was new."""
        with typed_failures():
            return migrations.upgrade(self.engine, Platform.__tablename__)

    @contextmanager
    def unit_of_work(self, write: bool = False, unique: DuplicateKey | None = None) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.

        A writing unit on SQLite begins with ``BEGIN IMMEDIATE`` so it holds the write lock
        from its first read, and checks and writes see the same state. What goes wrong in the
        database comes out typed: a value it cannot hold is ``BadValue``, a lost or refused
        connection ``DatabaseUnavailable``, and a unique key another writer took first the
        ``unique`` error the caller names (without one it stays the bug it is).
        """
        with typed_failures(unique), self._sessions() as session:
            session.connection(execution_options={"boliv_write": write})  # begins the transaction
            self._open.sessions = [*self.open_sessions, session]
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                self._open.sessions = self.open_sessions[:-1]

    @property
    def open_sessions(self) -> list[Session]:
        """The sessions of the units of work the calling thread holds open, the innermost last.

        Work inside a unit reads through its session rather than open a second unit: that
        would wait for a pooled connection while holding one (and perhaps a platform's
        lock), and enough such threads together take every connection of the pool and
        wait on each other.
        """
        return list(getattr(self._open, "sessions", ()))

    def ping(self) -> None:
        with typed_failures(), self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def typed_failures(unique: DuplicateKey | None = None) -> Iterator[None]:
    """The database's failures as boliv's errors: a value it cannot hold is ``BadValue``, a lost or
    refused connection ``DatabaseUnavailable``, and a unique key another writer took first the
    ``unique`` error the caller names (without one it stays the bug it is)."""
    try:
        yield
    except (DataError, OverflowError) as error:  # a value the database cannot hold or compare
        raise BadValue("unstorable") from error
    except OperationalError as error:
        raise DatabaseUnavailable(error.orig) from error
    except IntegrityError as error:
        if unique is None or not _is_unique_violation(error):
            raise
        raise unique from error


def _is_unique_violation(error: IntegrityError) -> bool:
    """A duplicate key (PostgreSQL's SQLSTATE 23505, SQLite's UNIQUE constraint), not another broken constraint."""
    return getattr(error.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(error.orig)


def _sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get("boliv_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock_platforms(session: Session, platform_keys: Iterable[str]) -> None:
    """Serialise writes on these platforms and mark their registers changed.

    PostgreSQL takes the platforms' row locks in id order; SQLite already holds the
    database's write lock (``BEGIN IMMEDIATE``). Either way the versions are bumped in the
    same transaction, so a cached register is never older than its version says.
    """
    keys = sorted(set(platform_keys))
    if not keys:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(select(Platform.id).where(Platform.key.in_(keys)).order_by(Platform.id).with_for_update())
    session.execute(update(Platform).where(Platform.key.in_(keys)).values(version=Platform.version + 1))
    session.info.setdefault(_LOCKED, set()).update(keys)


_LOCKED = "boliv_locked_platforms"
_UNVERSIONED = (AuditEntry,)


@event.listens_for(Session, "before_flush")
def _version_unlocked_writes(session: Session, _context: Any, _instances: Any) -> None:
    """A write to the register that did not lock its platforms marks every platform changed."""
    if session.info.get(_LOCKED):
        return
    changed = [o for o in (*session.new, *session.dirty, *session.deleted) if not isinstance(o, (*_UNVERSIONED, Platform))]
    if changed:
        session.execute(update(Platform).values(version=Platform.version + 1))
        session.info[_LOCKED] = {"*"}


@event.listens_for(Session, "do_orm_execute")
def _version_unlocked_statements(state: Any) -> None:
    """The same for UPDATE, DELETE and INSERT statements run without the ORM's unit of work."""
    if not (state.is_update or state.is_delete or state.is_insert) or state.session.info.get(_LOCKED):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name not in {Platform.__tablename__, *(m.__tablename__ for m in _UNVERSIONED)}:
        state.session.info[_LOCKED] = {"*"}
        state.session.execute(update(Platform).values(version=Platform.version + 1))


def platform_versions(session: Session, keys: Iterable[str] | None = None) -> dict[str, int]:
    """Platform key -> version for these platforms (those that exist), or for every platform in the order laid down."""
    query = select(Platform.key, Platform.version)
    query = query.order_by(Platform.id) if keys is None else query.where(Platform.key.in_(list(set(keys))))
    return dict(session.execute(query).all())


def platforms_reached(session: Session, body_keys: Iterable[str]) -> tuple[str, dict[str, str], dict[str, int]]:
    """In one query: the default platform (the first laid down: where a body created without a parent belongs),
    body key -> platform key for the bodies that exist, and the versions of those platforms."""
    first = select(Platform.id).order_by(Platform.id).limit(1).scalar_subquery()
    default = select(null().label("body"), Platform.key, Platform.version).where(Platform.id == first)
    bodies = (
        select(Body.key, Platform.key, Platform.version)
        .join(Platform, Body.platform_id == Platform.id)
        .where(Body.key.in_(list(set(body_keys))))
    )
    found, platforms, versions = "", dict[str, str](), dict[str, int]()
    rows = cast(list[tuple[str | None, str, int]], session.execute(union_all(default, bodies)).all())
    for body, platform, version in rows:
        versions[platform] = version
        if body is None:
            found = platform
        else:
            platforms[body] = platform
    return found, platforms, versions


def platforms_of_bodies(session: Session, body_keys: Iterable[str]) -> dict[str, str]:
    """Body key -> platform key for the bodies that exist."""
    keys = list(set(body_keys))
    if not keys:
        return {}
    rows = session.execute(select(Body.key, Platform.key).join(Platform, Body.platform_id == Platform.id).where(Body.key.in_(keys)))
    return dict(rows.all())


def load_register(session: Session, platform_keys: Iterable[str] | None = None, person_keys: Iterable[str] = ()) -> Register:
    """The register of some platforms (all when None), with the named persons added."""
    register = Register()
    platform_query = select(Platform)
    if platform_keys is not None:
        platform_query = platform_query.where(Platform.key.in_(list(set(platform_keys))))
    platforms = session.scalars(platform_query).all()
    ids = [p.id for p in platforms]
    register.platforms = {p.key: dict(p.settings or {}) for p in platforms}
    platform_key = {p.id: p.key for p in platforms}

    org_key: dict[int | None, str] = dict(session.execute(select(Organisation.id, Organisation.key)).all())
    for org in session.scalars(select(Organisation).where(Organisation.platform_id.in_(ids))):
        register.organisations[org.key] = OrganisationRow(org.key, org.name, org.kind, platform_key[org.platform_id])

    parent = aliased(Body)
    bodies = session.execute(
        select(Body, parent.key).outerjoin(parent, Body.parent_id == parent.id).where(Body.platform_id.in_(ids))
    )
    for body, parent_key in bodies:
        register.bodies[body.key] = BodyRow(
            body.key, body.name, body.kind, body.status, platform_key[body.platform_id],
            org_key.get(body.organisation_id), parent_key, body.topic, body.expires_on, body.dissolved_on,
        )

    memberships = session.execute(
        select(Membership, Person.key, Body.key)
        .join(Person, Membership.person_id == Person.id)
        .join(Body, Membership.body_id == Body.id)
        .where(Body.platform_id.in_(ids))
    )
    wanted_persons = set(person_keys)
    for m, person_key, body_key in memberships:
        register.memberships[m.id] = MembershipRow(
            m.id, person_key, body_key, m.role, org_key.get(m.on_behalf_of_id),
            org_key.get(m.appointed_by_id), m.starts_on, m.ends_on,
        )
        wanted_persons.add(person_key)

    in_platform_orgs = select(Organisation.id).where(Organisation.platform_id.in_(ids))
    persons = session.scalars(
        select(Person).where(Person.key.in_(list(wanted_persons)) | Person.organisation_id.in_(in_platform_orgs))
    )
    for person in persons:
        register.persons[person.key] = PersonRow(
            person.key, person.name, org_key.get(person.organisation_id), tuple(person.qualifications or ())
        )
    _add_outside_organisations(session, register)
    body_keys = dict(session.execute(select(Body.id, Body.key)).all())
    _add_cases(session, register, ids, platform_key, body_keys, org_key)
    _add_duties(session, register, ids, body_keys)
    return register


def _add_cases(
    session: Session, register: Register, platform_ids: list[int], platform_key: dict[int, str],
    body_key: dict[int, str], org_key: dict[int | None, str],
) -> None:
    """The platforms' cases with the organisations they name, their history, hearing answers and approvals."""
    cases = session.scalars(select(Case).where(Case.platform_id.in_(platform_ids)).order_by(Case.id)).all()
    case_ids = [c.id for c in cases]
    concerns: dict[int, list[str]] = defaultdict(list)
    for case_id, org_id in session.execute(select(CaseConcern.case_id, CaseConcern.organisation_id).where(CaseConcern.case_id.in_(case_ids))):
        concerns[case_id].append(org_key[org_id])
    history: dict[int, list[CaseStepRow]] = defaultdict(list)
    for step in session.scalars(select(CaseStep).where(CaseStep.case_id.in_(case_ids)).order_by(CaseStep.id)):
        history[step.case_id].append(CaseStepRow(step.stage, body_key[step.by_id], step.taken_on))
    answers: dict[int, list[HearingAnswerRow]] = defaultdict(list)
    for answer in session.scalars(select(HearingAnswer).where(HearingAnswer.case_id.in_(case_ids)).order_by(HearingAnswer.id)):
        answers[answer.case_id].append(HearingAnswerRow(body_key[answer.recipient_id], answer.text, answer.answered_on))
    approvals: dict[int, list[ApprovalRow]] = defaultdict(list)
    for approval in session.scalars(select(CaseApproval).where(CaseApproval.case_id.in_(case_ids)).order_by(CaseApproval.id)):
        approvals[approval.case_id].append(ApprovalRow(body_key[approval.approver_id], approval.decision, approval.decided_on))
    co_originators: dict[int, list[str]] = defaultdict(list)
    for case_id, body_id in session.execute(select(CaseCoOriginator.case_id, CaseCoOriginator.body_id).where(CaseCoOriginator.case_id.in_(case_ids))):
        co_originators[case_id].append(body_key[body_id])
    for case in cases:
        register.cases[case.key] = CaseRow(
            case.key, case.title, platform_key[case.platform_id], body_key[case.originator_id], case.stage,
            tuple(sorted(concerns[case.id])), tuple(history[case.id]), tuple(answers[case.id]), tuple(approvals[case.id]),
            case.track, tuple(sorted(co_originators[case.id])),
        )


def _add_duties(session: Session, register: Register, platform_ids: list[int], body_key: dict[int, str]) -> None:
    """Løget's activity pools, shares, detail budgets and action plans, and the dated events duties ask for."""
    in_platforms = select(Body.id).where(Body.platform_id.in_(platform_ids))
    pools = session.scalars(select(ActivityPool).where(ActivityPool.body_id.in_(in_platforms)).order_by(ActivityPool.id)).all()
    pool_key = {p.id: p.key for p in pools}
    shares: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for share in session.scalars(select(PoolShare).where(PoolShare.pool_id.in_(list(pool_key))).order_by(PoolShare.id)):
        shares[share.pool_id].append((body_key[share.body_id], share.amount))
    for pool in pools:
        register.pools[pool.key] = ActivityPoolRow(
            pool.key, pool.name, body_key[pool.body_id], pool.overall_budget, pool.amount, pool.approved_on, tuple(shares[pool.id])
        )
    for budget in session.scalars(select(DetailBudget).where(DetailBudget.pool_id.in_(list(pool_key))).order_by(DetailBudget.id)):
        register.detail_budgets[budget.key] = DetailBudgetRow(
            budget.key, budget.name, pool_key[budget.pool_id], body_key[budget.body_id], budget.amount,
            budget.made_on, budget.presented_on,
        )
    for plan in session.scalars(select(ActionPlan).where(ActionPlan.body_id.in_(in_platforms)).order_by(ActionPlan.id)):
        register.action_plans.append(ActionPlanRow(body_key[plan.body_id], plan.year, plan.presented_on))
    for held in session.scalars(select(Event).where(Event.body_id.in_(in_platforms)).order_by(Event.id)):
        register.events.append(EventRow(held.kind, body_key[held.body_id], held.held_on))
    for document in session.scalars(select(Document).where(Document.body_id.in_(in_platforms)).order_by(Document.id)):
        register.documents.append(DocumentRow(document.kind, body_key[document.body_id], document.adopted_on))


def load_persons(session: Session, keys: Iterable[str]) -> Register:
    """Persons by key, with their organisations: people a change names from outside the platforms loaded."""
    register = Register()
    rows = session.execute(
        select(Person, Organisation.key).outerjoin(Organisation, Person.organisation_id == Organisation.id).where(Person.key.in_(list(keys)))
    ).all()
    for person, org in rows:
        register.persons[person.key] = PersonRow(person.key, person.name, org, tuple(person.qualifications or ()))
    _add_outside_organisations(session, register)
    return register


def _add_outside_organisations(session: Session, register: Register) -> None:
    """Organisations that persons or memberships name but that belong to another platform."""
    named = {p.organisation for p in register.persons.values()}
    named |= {m.on_behalf_of for m in register.memberships.values()} | {m.appointed_by for m in register.memberships.values()}
    missing = [key for key in named if key and key not in register.organisations]
    if not missing:
        return
    rows = session.execute(
        select(Organisation, Platform.key).join(Platform).where(Organisation.key.in_(missing))
    )
    for org, platform in rows:
        register.organisations[org.key] = OrganisationRow(org.key, org.name, org.kind, platform)


def platforms_of_memberships(session: Session, membership_ids: Iterable[int]) -> set[str]:
    ids = list(set(membership_ids))
    if not ids:
        return set()
    rows = session.scalars(
        select(Platform.key).join(Body, Body.platform_id == Platform.id).join(Membership, Membership.body_id == Body.id).where(Membership.id.in_(ids))
    )
    return set(rows.all())
