"""Run blocking work (SQL, clingo) in a worker thread and translate its expected failures.

The event loop only awaits: one long check never stalls other requests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from governance import deadline
from governance.deadline import WorkStopped
from governance.engine import RuleSetError
from governance.errors import DatabaseUnavailable, InputError
from schema.errors import InvalidInput, database_unavailable, rules_unavailable, work_stopped

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("boliv.database")  # its ERROR lines are counted as database errors (api.metrics)


async def offload(lang: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)`` in a thread; bad input, a silent database, unusable rules or a spent budget become ``ApiError``s."""
    try:
        deadline.check()
        return await run_in_threadpool(work, *args, **kwargs)
    except WorkStopped as error:
        raise work_stopped(error.reason, error.seconds, lang) from error
    except InputError as error:
        raise InvalidInput(error, lang) from None
    except (OperationalError, DatabaseUnavailable) as error:
        log.error("database unavailable: %s", getattr(error, "orig", None) or error)
        raise database_unavailable(lang) from error
    except RuleSetError as error:
        raise rules_unavailable(lang) from error
