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
from governance.errors import BolivError, DatabaseUnavailable, InputError
from schema.errors import ApiError, InvalidInput

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("boliv.database")  # its ERROR lines are counted as database errors (api.metrics)


async def offload(lang: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)`` in a thread; bad input, a silent database, unusable rules or a spent budget become ``ApiError``s."""
    try:
        deadline.check()
        return await run_in_threadpool(work, *args, **kwargs)
    except InputError as error:
        raise InvalidInput(error, lang) from None
    except OperationalError as error:  # a database reached around the store's typed failures
        log.error("database unavailable: %s", error.orig)
        raise ApiError(DatabaseUnavailable(error.orig), lang) from error
    except DatabaseUnavailable as error:
        log.error("database unavailable: %s", error.orig or error)
        raise ApiError(error, lang) from error
    except BolivError as error:  # a stopped request, unusable rules, no audit key
        raise ApiError(error, lang) from error
