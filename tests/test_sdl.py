"""schema/schema.graphql is the served schema, printed."""

from __future__ import annotations

from schema.export import SDL_FILE, sdl


def test_the_exported_sdl_is_the_served_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema/schema.graphql differs from the served schema; regenerate it with `python -m schema.export` "
        "and review the difference: removing or renaming what the contract uses breaks clients"
    )
