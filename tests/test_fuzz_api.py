"""Fuzzing the GraphQL API with schemathesis: whatever arrives, the answer is a GraphQL answer.

Every query and mutation of the served schema gets generated documents (schemathesis
reads the schema by introspection and hypothesis-graphql writes the documents). String
arguments are drawn mostly from the demo register's real keys (so appointments, ends,
cases and compositions reach the rules) and partly at random; dates are mostly near the
demo's dates and sometimes at the ends of the calendar or not dates at all; mutations
go with the administrator's token, a wrong one or none. Each answer must:

- have HTTP status 200 and be a JSON object with ``data`` and/or ``errors``;
- carry no masked bug (``Unexpected error.``): every error raised while resolving is an
  ``ApiError`` with ``extensions.code``; errors without a path describe the document;
- conform to the schema: every requested field there with a value of its declared type,
  nothing else, and ``null`` in a non-null position only under an error on that path.

Bounded for CI: ``EXAMPLES`` documents per operation with a fixed seed, against the
ASGI app over the demo database of the test's back end. Longer runs (docs/robustness.md):
``BOLIV_LONG=1`` (200 per operation), ``BOLIV_FUZZ_EXAMPLES=N``, ``BOLIV_FUZZ_SEED=S``,
and ``BOLIV_FUZZ_SERVER=1`` to fuzz a real ``boliv serve`` on loopback instead.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from api_client import ADMIN_TOKEN, boliv_serve, running_server
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes
from schemathesis.specs.graphql.scalars import CUSTOM_SCALARS

from api.app import create_app
from api.settings import Settings
from governance import store

LONG = os.environ.get("BOLIV_LONG") == "1"
EXAMPLES = int(os.environ.get("BOLIV_FUZZ_EXAMPLES") or (200 if LONG else 12))
SEED = int(os.environ.get("BOLIV_FUZZ_SEED") or 20260601)
ON_SERVER = os.environ.get("BOLIV_FUZZ_SERVER") == "1"
MASKED = "Unexpected error."
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- what the generated arguments are drawn from ------------------------------------------


def _register_keys(database_url: str) -> dict[str, list[str]]:
    database = store.Database(database_url)
    try:
        with database.unit_of_work() as session:
            register = store.load_register(session)
    finally:
        database.dispose()
    return {
        "keys": sorted({*register.persons, *register.bodies, *register.organisations, *register.cases}),
        "memberships": [str(i) for i in sorted(register.memberships)],
        "words": ["legal", "technical", "social", "supervisor", "technical-chief", "fku", "x", ""],
    }


def _scalars(keys: dict[str, list[str]]) -> dict[str, st.SearchStrategy]:
    """Value nodes for String, ID and Date: real keys and dates mostly, the unexpected sometimes.

    The unexpected includes what once broke the server (docs/robustness.md): a NUL
    character, ids beyond the database's integers, the first day of the calendar.
    """
    # Lone surrogates cannot travel in JSON as UTF-8; everything else can.
    characters = st.characters(exclude_categories=["Cs"])
    odd_text = st.text(alphabet=characters, max_size=40)
    known = st.sampled_from(keys["keys"] + keys["words"] + ["nul\x00key"])
    string = st.integers(0, 9).flatmap(lambda n: odd_text if n == 9 else known).map(nodes.String)
    ids = st.one_of(
        st.sampled_from(keys["memberships"]),
        st.sampled_from(keys["memberships"]),
        st.integers(min_value=-(2**31), max_value=2**70).map(str),
        odd_text,
    ).map(nodes.String)
    near = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)).map(date.isoformat)
    edges = st.sampled_from([date.min, date.min + timedelta(days=1), date.max, date.max - timedelta(days=1), date(2000, 2, 29)])
    not_dates = st.sampled_from(["2026-02-30", "2026-13-01", "26-06-01", "", "today", "2026-06-01T00:00:00"])
    # A document holds many dates and one that is not a date stops all of it, so they are rare.
    # (hypothesis favours small numbers: the common case is the smallest)
    dates = st.integers(0, 39).flatmap(lambda n: not_dates if n == 39 else edges.map(date.isoformat) if n > 35 else near)
    return {"String": string, "ID": ids, "Date": dates.map(nodes.String)}


CHANGE_MEMBERS = {"appoint", "endMembership", "createBody", "dissolveBody"}


def _is_change(node: Any) -> bool:
    return isinstance(node, graphql.ObjectValueNode) and bool(node.fields) and {f.name.value for f in node.fields} <= CHANGE_MEMBERS


def _members(node: graphql.ObjectValueNode) -> list[graphql.ObjectFieldNode]:
    return [field for field in node.fields if not isinstance(field.value, graphql.NullValueNode)]


class _OneMember(graphql.Visitor):
    """``ChangeInput`` is ``@oneOf``, which the generator does not know: keep one member of each.

    Changes with no member at all are dropped from their list (the generator makes many);
    the validation of malformed documents is exercised enough by the rest.
    """

    def enter_object_value(self, node: graphql.ObjectValueNode, *_: Any) -> graphql.ObjectValueNode | None:
        if _is_change(node) and len(node.fields) > 1 and _members(node):
            return graphql.ObjectValueNode(fields=tuple(_members(node)[:1]))
        return None

    def leave_list_value(self, node: graphql.ListValueNode, *_: Any) -> graphql.ListValueNode | None:
        kept = tuple(value for value in node.values if not (_is_change(value) and not _members(value)))
        return graphql.ListValueNode(values=kept) if len(kept) != len(node.values) else None


def one_member_each(document: str) -> str:
    try:
        return graphql.print_ast(graphql.visit(graphql.parse(document), _OneMember()))
    except graphql.GraphQLError:
        return document  # sent as generated: the answer must be a syntax error


@contextmanager
def _scalar_strategies(strategies: dict[str, st.SearchStrategy]) -> Iterator[None]:
    """Register the strategies with schemathesis for this test only (its registry is global)."""
    saved = dict(CUSTOM_SCALARS)
    for name, strategy in strategies.items():
        schemathesis.graphql.scalar(name, strategy)
    try:
        yield
    finally:
        CUSTOM_SCALARS.clear()
        CUSTOM_SCALARS.update(saved)


# -- what every answer must be ----------------------------------------------------------------


def _problems(answer: Any, document: str, schema: graphql.GraphQLSchema) -> list[str]:
    """Why an answer is not a well-formed GraphQL answer to this document (empty when it is)."""
    if not isinstance(answer, dict) or not ({"data", "errors"} & set(answer)) or set(answer) - {"data", "errors", "extensions"}:
        return [f"not a GraphQL answer: {answer!r:.300}"]
    problems = []
    errors = answer.get("errors") or []
    error_paths = []
    for error in errors:
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            problems.append(f"malformed error {error!r}")
            continue
        if error["message"] == MASKED:
            problems.append(f"masked server error at {error.get('path')}")
        if error.get("path") is not None:
            error_paths.append(tuple(error["path"]))
            if not (error.get("extensions") or {}).get("code"):
                problems.append(f"error while resolving without a code: {error['message']!r} at {error['path']}")
    data = answer.get("data")
    if data is None:
        if not errors:
            problems.append("no data and no errors")
        return problems
    parsed = graphql.parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, graphql.OperationDefinitionNode))
    fragments = {d.name.value: d for d in parsed.definitions if isinstance(d, graphql.FragmentDefinitionNode)}
    root = schema.mutation_type if operation.operation == graphql.OperationType.MUTATION else schema.query_type
    _Conformance(schema, fragments, error_paths, problems).object(root, [operation.selection_set], data, ())
    return problems


class _Conformance:
    """Walk a response against the document's selections and the schema's types."""

    def __init__(self, schema: graphql.GraphQLSchema, fragments: dict, error_paths: list[tuple], problems: list[str]):
        self.schema, self.fragments, self.error_paths, self.problems = schema, fragments, error_paths, problems

    def fields(self, type_: graphql.GraphQLObjectType, selection_sets: list) -> dict[str, list[graphql.FieldNode]]:
        """Response key -> field nodes, for a runtime object type (fragments applied)."""
        found: dict[str, list[graphql.FieldNode]] = {}
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if isinstance(selection, graphql.FieldNode):
                    key = (selection.alias or selection.name).value
                    found.setdefault(key, []).append(selection)
                    continue
                if isinstance(selection, graphql.FragmentSpreadNode):
                    fragment = self.fragments[selection.name.value]
                    condition, inner = fragment.type_condition, fragment.selection_set
                else:
                    condition, inner = selection.type_condition, selection.selection_set
                if condition is None or self.applies(condition.name.value, type_):
                    for key, nodes_ in self.fields(type_, [inner]).items():
                        found.setdefault(key, []).extend(nodes_)
        return found

    def applies(self, condition: str, type_: graphql.GraphQLObjectType) -> bool:
        named = self.schema.get_type(condition)
        if named is type_:
            return True
        return isinstance(named, graphql.GraphQLUnionType | graphql.GraphQLInterfaceType) and self.schema.is_sub_type(named, type_)

    def object(self, type_: graphql.GraphQLObjectType, selection_sets: list, value: Any, path: tuple) -> None:
        if not isinstance(value, dict):
            self.problems.append(f"{path}: expected an object of {type_.name}, got {value!r:.100}")
            return
        expected = self.fields(type_, selection_sets)
        if set(value) != set(expected):
            self.problems.append(f"{path}: keys {sorted(value)} but the document asks for {sorted(expected)}")
        for key, field_nodes in expected.items():
            if key not in value:
                continue
            name = field_nodes[0].name.value
            if name == "__typename":
                if value[key] != type_.name:
                    self.problems.append(f"{(*path, key)}: __typename {value[key]!r}, expected {type_.name}")
                continue
            definition = type_.fields.get(name)
            if definition is None:
                self.problems.append(f"{(*path, key)}: {type_.name} has no field {name}")
                continue
            subsets = [n.selection_set for n in field_nodes if n.selection_set is not None]
            self.value(definition.type, subsets, value[key], (*path, key))

    def value(self, type_: graphql.GraphQLOutputType, selection_sets: list, value: Any, path: tuple) -> None:
        if isinstance(type_, graphql.GraphQLNonNull):
            if value is None:
                if not any(error[: len(path)] == path for error in self.error_paths):
                    self.problems.append(f"{path}: null in a non-null {type_} with no error there")
                return
            type_ = type_.of_type
        if value is None:
            return
        if isinstance(type_, graphql.GraphQLList):
            if not isinstance(value, list):
                self.problems.append(f"{path}: expected a list, got {value!r:.100}")
                return
            for index, item in enumerate(value):
                self.value(type_.of_type, selection_sets, item, (*path, index))
        elif isinstance(type_, graphql.GraphQLEnumType):
            if value not in type_.values:
                self.problems.append(f"{path}: {value!r} is not a {type_.name}")
        elif isinstance(type_, graphql.GraphQLScalarType):
            self.scalar(type_.name, value, path)
        elif isinstance(type_, graphql.GraphQLObjectType):
            self.object(type_, selection_sets, value, path)
        else:  # a union or interface: the answer must fit one of its object types
            candidates = self.schema.get_possible_types(type_)
            fitting = []
            for candidate in candidates:
                trial: list[str] = []
                _Conformance(self.schema, self.fragments, self.error_paths, trial).object(candidate, selection_sets, value, path)
                if not trial:
                    fitting.append(candidate)
            if not fitting:
                self.problems.append(f"{path}: {value!r:.200} fits none of {[c.name for c in candidates]}")

    def scalar(self, name: str, value: Any, path: tuple) -> None:
        ok = {
            "String": isinstance(value, str),
            "ID": isinstance(value, str),
            "Int": isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31,
            "Float": isinstance(value, int | float) and not isinstance(value, bool),
            "Boolean": isinstance(value, bool),
            "Date": isinstance(value, str) and bool(ISO_DATE.match(value)),
        }.get(name, True)
        if not ok:
            self.problems.append(f"{path}: {value!r:.100} is not a {name}")


# -- the fuzzing itself -------------------------------------------------------------------------


@pytest.fixture
def fuzz_client(demo: Any, database_url: str, tmp_path: Path) -> Iterator[httpx.Client]:
    """A client of the app over the demo database, or of a real server on loopback (``BOLIV_FUZZ_SERVER=1``)."""
    if not ON_SERVER:
        app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN))
        with httpx.Client(transport=_SyncASGI(app), base_url="http://boliv.test", timeout=60) as client:
            yield client
        app.state.governance.database.dispose()
        return
    with served(database_url, tmp_path) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


class _SyncASGI(httpx.BaseTransport):
    """httpx's ASGI transport, driven from synchronous code (hypothesis runs the examples synchronously)."""

    def __init__(self, app: Any):
        import anyio.from_thread

        self._portal_cm = anyio.from_thread.start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            body = b"".join([part async for part in response.aiter_bytes()])
            return httpx.Response(response.status_code, headers=response.headers, content=body)

        return self._portal.call(send)

    def close(self) -> None:
        self._portal_cm.__exit__(None, None, None)


@contextmanager
def served(database_url: str, tmp_path: Path) -> Iterator[str]:
    """``boliv serve --workers 2`` over the database on a free loopback port; its base URL."""
    with running_server(boliv_serve(database_url), tmp_path / "serve.log") as base:
        yield base


@dataclass
class _Run:
    client: httpx.Client
    schema: graphql.GraphQLSchema
    failures: list[str] = field(default_factory=list)
    requests: int = 0


def _fuzz(run: _Run, operation: Any) -> None:
    """EXAMPLES generated documents of one operation, each sent with a token, a wrong one or none."""
    tokens = st.sampled_from([ADMIN_TOKEN, ADMIN_TOKEN, ADMIN_TOKEN, None, "not-the-token"])

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @seed(SEED)
    @given(case=operation.as_strategy(), token=tokens)
    def fuzz(case: Any, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        document = one_member_each(case.body)
        response = run.client.post("/graphql", json={"query": document}, headers=headers)
        run.requests += 1
        label = f"{operation.label} with {'no token' if token is None else 'a token'}:\n{document}"
        if response.status_code != 200:
            run.failures.append(f"{label}\n-> HTTP {response.status_code}: {response.text[:300]}")
            return
        try:
            answer = response.json()
        except ValueError:
            run.failures.append(f"{label}\n-> not JSON: {response.text[:300]}")
            return
        problems = _problems(answer, document, run.schema)
        if problems:
            run.failures.append(f"{label}\n-> {problems[:5]}\n   answer: {str(answer)[:500]}")

    fuzz()


def test_generated_documents_get_graphql_answers_never_server_errors(fuzz_client: httpx.Client, database_url: str) -> None:
    keys = _register_keys(database_url)
    introspection = fuzz_client.post("/graphql", json={"query": graphql.get_introspection_query()}).json()
    run = _Run(fuzz_client, graphql.build_client_schema(introspection["data"]))
    operations = [result.ok() for result in schemathesis.graphql.from_dict(introspection).get_all_operations()]
    assert len(operations) >= 16, [o.label for o in operations]
    with _scalar_strategies(_scalars(keys)):
        for operation in operations:
            _fuzz(run, operation)
    assert run.requests >= len(operations)
    assert not run.failures, f"{len(run.failures)} of {run.requests} answers were wrong:\n\n" + "\n\n".join(run.failures[:10])


# -- raw bodies: whatever bytes arrive, the answer is JSON and never a 500 ------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_RAW_BODIES = st.one_of(
    st.binary(max_size=200),  # not JSON, mostly not UTF-8 either
    _JSON_VALUES.map(lambda value: json.dumps(value).encode()),  # JSON, mostly not an object
    st.integers(1, 400).map(lambda depth: ('{"query": "{ __typename }", "variables": {"v": ' + "[" * depth
                                           + "]" * depth + "}}").encode()),  # nested
    st.integers(1, 3).map(lambda n: b'{"query": "' + b"x" * (n * 600_000) + b'"}'),  # huge: past 1 MiB from 2
    st.text(max_size=40).map(lambda text: json.dumps({"query": "{ __typename }", "variables": {"x": text}},
                                                     ensure_ascii=True).replace("a", "\\udc00").encode()),  # surrogates
)


def test_raw_bodies_get_json_answers_never_server_errors(fuzz_client: httpx.Client) -> None:
    failures: list[str] = []

    @settings(max_examples=EXAMPLES * 8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @seed(SEED)
    @given(body=_RAW_BODIES)
    def send(body: bytes) -> None:
        response = fuzz_client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
        shown = f"{body[:80]!r}… ({len(body)} bytes) -> HTTP {response.status_code}: {response.text[:200]}"
        if response.status_code not in (200, 400, 413):
            failures.append(shown)
            return
        try:
            answer = response.json()
        except ValueError:
            failures.append(shown + " (not JSON)")
            return
        if not isinstance(answer, dict) or MASKED in response.text or (response.status_code != 200 and not answer.get("errors")):
            failures.append(shown)

    send()
    assert not failures, f"{len(failures)} raw bodies were answered wrongly:\n" + "\n".join(failures[:10])
