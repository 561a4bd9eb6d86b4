"""``boliv serve``: prepare the database (or, with ``--no-migrate``, check it), then run the app under uvicorn."""

from __future__ import annotations

import dataclasses
import logging.config
import os
import sys
import tempfile
from pathlib import Path

import uvicorn

from api.factory import import_string
from api.logs import logging_config
from api.settings import Settings
from governance import Governance
from governance.migration_state import pending_upgrade
from governance.rulesource import rules_directory
from governance.store import Database


def serve(settings: Settings, host: str, port: int, workers: int = 1, *, migrate: bool = True) -> int:
    """Create, migrate and lay down the structure when the database is new (unless ``migrate`` is off), then serve.

    The workers build their app from ``settings``, written to a private file that lives as
    long as the server (``api.factory``). Returns 2, with the reason on stderr, when the
    database refuses to serve.
    """
    config = logging_config(settings.log_format, settings.log_level)
    if migrate:
        opened = Governance.open(settings=settings)
        url = opened.database.url
        opened.database.dispose()
    else:
        checked = Database(settings=settings)
        url, due = checked.url, pending_upgrade(checked)
        checked.dispose()
        if due:
            print(f"boliv serve: {due}", file=sys.stderr)
            return 2
    rules = str(rules_directory(settings.rules_dir)) if settings.rules_dir else None  # a draft; else the published versions
    served = dataclasses.replace(settings, database_url=url, rules_dir=rules)
    logging.config.dictConfig(config)
    handle, name = tempfile.mkstemp(prefix="boliv-settings-", suffix=".json")  # mode 0600: it may hold the tokens and key
    settings_file = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as written:
            written.write(served.to_json())
        # httptools and uvloop (both in the dependencies): about 1.5 ms less per request than h11 and asyncio.
        uvicorn.run(import_string(settings_file), factory=True, host=host, port=port, workers=workers,
                    log_config=config, access_log=False, loop="uvloop", http="httptools")
    finally:
        settings_file.unlink(missing_ok=True)
    return 0
