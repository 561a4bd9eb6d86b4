"""Write the served schema's SDL to schema/schema.graphql: ``python -m schema.export``."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from schema.schema import schema

SDL_FILE = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    return print_schema(schema) + "\n"


def main() -> None:
    SDL_FILE.write_text(sdl(), encoding="utf-8")
    print(f"wrote {SDL_FILE}")


if __name__ == "__main__":
    main()
