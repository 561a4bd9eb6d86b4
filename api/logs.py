"""Structured logs: one format for boliv's and uvicorn's lines, the request id on each, one line per request.

``--log-format text`` (the default) writes ``time level logger [request id] message
key=value…``; ``--log-format json`` writes one JSON object a line with the same fields.
``boliv serve`` hands ``logging_config`` to uvicorn, so every worker logs the same way.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from api.request_record import RequestRecord, request_id

FORMATS = ("text", "json")
LEVELS = ("debug", "info", "warning", "error")  # the metrics count ERROR lines (api.metrics): never above error
ACCESS = logging.getLogger("boliv.access")
FIELDS = ("method", "path", "operation", "operation_type", "status", "duration_ms", "role", "outcome")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or ``-``) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in FIELDS if getattr(record, name, None) is not None}


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{name}={value}" for name, value in _fields(record).items())
        line = f"{_time(record)} {record.levelname} {record.name} [{getattr(record, 'request_id', '-')}] {record.getMessage()}"
        line += f" {fields}" if fields else ""
        return line + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _time(record), "level": record.levelname, "logger": record.name,
            "request_id": getattr(record, "request_id", "-"), "message": record.getMessage(), **_fields(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(log_format: str = "text", level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for boliv and uvicorn (uvicorn's own access lines are replaced by ours)."""
    if log_format not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {log_format!r}")
    if level not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    formatter = "api.logs.JsonFormatter" if log_format == "json" else "api.logs.TextFormatter"
    handler = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.logs.RequestIdFilter"}},
        "formatters": {"boliv": {"()": formatter}},
        "handlers": {"default": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                 "formatter": "boliv", "filters": ["request_id"]}},
        "loggers": {
            "boliv": handler,
            "uvicorn": handler,
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def log_request(record: RequestRecord, method: str, path: str, status: int, seconds: float, role: str) -> None:
    """The one line of a finished request (INFO; WARNING for a 5xx)."""
    operation = record.operation
    ACCESS.log(
        logging.WARNING if status >= 500 else logging.INFO, "request",
        extra={
            "method": method, "path": path, "status": status, "duration_ms": round(seconds * 1000, 1), "role": role,
            "operation": operation.name if operation else None,
            "operation_type": operation.type if operation else None, "outcome": record.outcome,
        },
    )
