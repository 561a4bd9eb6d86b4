"""The public contract: every operation of ../shared/contract/ that we serve validates against the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from schema.schema import schema

CONTRACT_DIR = Path(__file__).resolve().parents[2] / "shared" / "contract"
SERVED = ["operations.graphql", "explain.graphql", "security.graphql", "cases.graphql"]
SERVED_LATER: dict[str, str] = {}


@pytest.fixture(scope="module")
def contract_dir() -> Path:
    if not CONTRACT_DIR.is_dir():
        pytest.skip(f"the contract is not beside the repository: {CONTRACT_DIR} is missing")
    return CONTRACT_DIR


@pytest.mark.parametrize("name", SERVED)
def test_the_schema_accepts_the_contract_exactly(contract_dir: Path, name: str) -> None:
    document = parse((contract_dir / name).read_text(encoding="utf-8"))
    errors = validate(schema._schema, document)
    assert not errors, "\n".join(f"{name}: {error.message} {error.locations}" for error in errors)


def test_every_contract_file_is_served_or_listed_as_later(contract_dir: Path) -> None:
    files = {path.name for path in contract_dir.glob("*.graphql")}
    assert set(SERVED) <= files
    assert files - set(SERVED) <= set(SERVED_LATER), f"unlisted contract files: {sorted(files - set(SERVED) - set(SERVED_LATER))}"
