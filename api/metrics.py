"""Prometheus metrics at ``GET /metrics`` (the ``prometheus-client`` library).

Each process keeps its own counters (one registry per app): scrape every ``boliv serve``
process on its own port (``docs/operations.md``). Rule reload failures and database
errors are counted from the ERROR lines of the ``boliv.rules`` and ``boliv.database``
loggers, so a failure is counted exactly when it is logged.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import weakref
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.request_record import RequestRecord
from governance import Governance, RuleSetError

MAX_OPERATION_NAMES = 200  # distinct operation labels per process; later names count as "other"


class RuleSetCollector(Collector):
    """The rule set in force, read at each scrape: ``boliv_rule_set_info{version}`` and whether newer files were refused."""

    def __init__(self, governance: Governance):
        self.governance = governance

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily("boliv_rule_set_info", "The rule set in force (its version as a label)", labels=["version"])
        with contextlib.suppress(RuleSetError):  # no rule set in force: the family without a sample
            info.add_metric([self.governance.rule_set.version], 1)
        yield info
        refused = GaugeMetricFamily("boliv_rule_files_refused", "1 while a newer version of the rule files is refused")
        refused.add_metric([], 1 if self.governance.rules.problems else 0)
        yield refused


class Metrics:
    def __init__(self, governance: Governance, token: str | None = None):
        self.token = token
        self.registry = CollectorRegistry()
        self.requests = Counter("boliv_graphql_requests", "GraphQL requests by operation and outcome",
                                ["operation", "type", "outcome"], registry=self.registry)
        self.http = Counter("boliv_http_requests", "HTTP requests by route and status class",
                            ["route", "status"], registry=self.registry)
        self.latency = Histogram("boliv_latency_seconds", "Duration of GraphQL requests doing checks, audits and explanations",
                                 ["kind"], registry=self.registry,
                                 buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
        self.reload_failures = Counter("boliv_rule_reload_failures", "Rule files refused on reload (logged by boliv.rules)",
                                       registry=self.registry)
        self.database_errors = Counter("boliv_database_errors", "Database failures (logged by boliv.database)",
                                       registry=self.registry)
        self.registry.register(RuleSetCollector(governance))
        self._names: set[str] = set()
        _COUNTING.metrics.add(self)
        count_logged_failures()

    def observe(self, record: RequestRecord, path: str, status: int, seconds: float) -> None:
        route = path if path in ("/graphql", "/health", "/metrics") else "other"
        self.http.labels(route, f"{status // 100}xx").inc()
        operation = record.operation
        if operation is None:
            return
        name = operation.name
        if name not in self._names and len(self._names) >= MAX_OPERATION_NAMES:
            name = "other"
        self._names.add(name)
        self.requests.labels(name, operation.type, record.outcome or "-").inc()
        for kind in operation.kinds:
            self.latency.labels(kind).observe(seconds)

    def count_log(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.ERROR:
            return
        if record.name.startswith("boliv.rules"):
            self.reload_failures.inc()
        elif record.name.startswith("boliv.database"):
            self.database_errors.inc()

    async def endpoint(self, request: Request) -> Response:
        """``GET /metrics``: open, or with ``BOLIV_METRICS_TOKEN`` only for ``Authorization: Bearer <that token>``."""
        if self.token:
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {self.token}".encode()):
                return PlainTextResponse("metrics need Authorization: Bearer <BOLIV_METRICS_TOKEN>\n", status_code=401,
                                         headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        body = await run_in_threadpool(generate_latest, self.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)


class _CountingHandler(logging.Handler):
    """One handler on the ``boliv`` logger that passes ERROR records to every live ``Metrics``."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.metrics: weakref.WeakSet[Metrics] = weakref.WeakSet()

    def emit(self, record: logging.LogRecord) -> None:
        for metrics in list(self.metrics):
            metrics.count_log(record)


_COUNTING = _CountingHandler()


def count_logged_failures() -> None:
    """Attach the counting handler (again, after a ``dictConfig`` replaced the ``boliv`` logger's handlers)."""
    logger = logging.getLogger("boliv")
    if _COUNTING not in logger.handlers:
        logger.addHandler(_COUNTING)
