"""``boliv serve``: prepare the database (or, with ``--no-migrate``, check it), then run the app under uvicorn."""

from __future__ import annotations

import logging.config
import os
import sys

import uvicorn

from api.logs import logging_config
from api.settings import Settings, SettingsError
from governance.migration_state import pending_upgrade
from governance.rulesource import rules_directory
from governance.services import Governance
from governance.store import Database


def serve(host: str, port: int, database: str | None, rules: str | None, workers: int = 1, *,
          migrate: bool = True, log_format: str = "text", log_level: str = "info") -> int:
    """Create, migrate and lay down the structure when the database is new (unless ``migrate`` is off), then serve.

    The workers build their app with ``api.app:app_from_env``; the database and rule
    folder reach them through the environment (the administrator token is already there).
    Returns 2, with the reason on stderr, when the settings or the database refuse to serve.
    """
    config = logging_config(log_format, log_level)
    try:
        Settings.from_env()
    except SettingsError as error:
        print(f"boliv serve: {error}", file=sys.stderr)
        return 2
    if migrate:
        opened = Governance.open(database, rules)
        url = opened.database.url
        opened.database.dispose()
    else:
        checked = Database(database)
        url, due = checked.url, pending_upgrade(checked)
        checked.dispose()
        if due:
            print(f"boliv serve: {due}", file=sys.stderr)
            return 2
    logging.config.dictConfig(config)
    os.environ["BOLIV_DATABASE_URL"] = url
    if rules:  # a draft (governance.rulesource); without it the published versions answer
        os.environ["BOLIV_RULES_DIR"] = str(rules_directory(rules))
    uvicorn.run("api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_config=config, access_log=False)
    return 0
