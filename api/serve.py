"""``boliv serve``: prepare the database, then run the app under uvicorn."""

from __future__ import annotations

import os

import uvicorn

from governance.services import Governance


def serve(host: str, port: int, database: str | None, rules: str | None, workers: int = 1) -> None:
    """Create, migrate and lay down the structure when the database is new, then serve.

    The workers build their app with ``api.app:app_from_env``; the database and rule
    folder reach them through the environment (the administrator token is already there).
    """
    governance = Governance.open(database, rules)
    os.environ["BOLIV_DATABASE_URL"] = governance.database.url
    if rules:  # a draft (governance.rulesource); without it the published versions answer
        os.environ["BOLIV_RULES_DIR"] = str(governance.rules.directory)
    governance.database.dispose()
    uvicorn.run("api.app:app_from_env", factory=True, host=host, port=port, workers=workers)
