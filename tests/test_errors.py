"""The error tree and its catalogue: every error has its words in both languages, and the store raises the tree.

The API tests (test_api_input, test_api_faults, ...) show the texts and codes clients get;
this file holds the catalogue to its promises and drives the storage layer's failures.
"""

from __future__ import annotations

import re
import string

import pytest
from sqlalchemy.exc import IntegrityError

from governance import error_texts, errors
from governance.error_texts import LANGUAGES, TEXTS, Phrase
from governance.errors import BolivError, DatabaseUnavailable, DuplicateKey, UnknownKey
from governance.model import Person
from governance.store import Database

WORDS = ("NOUN", "THE_NOUN", "SCOPE")  # the catalogue's words: parts of other texts, not errors of their own
# English words a Danish text must not hold (field names like `name` or `justification` are quoted API words, so not here).
ENGLISH = re.compile(r"\b(body|bodies|not|the|must|cannot|already|exists|unknown|is|are|and|of|has|needs|key|case|text|value)\b", re.I)


def _classes(root: type[BolivError] = BolivError) -> list[type[BolivError]]:
    found: list[type[BolivError]] = []
    for sub in root.__subclasses__():
        found += [sub, *_classes(sub)]
    return found


def _fields(template: str) -> set[str]:
    return {name.split(".")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_error_class_is_in_the_tree_of_the_module_and_has_its_text() -> None:
    classes = _classes()
    declared = {value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, BolivError)}
    assert declared == {BolivError, *classes}
    codes = {code for code, _ in TEXTS}
    leaves = [c for c in classes if "code" in vars(c)]
    without_text = sorted(c.__name__ for c in leaves if c.code not in codes)
    assert without_text == [], "each error's code has an entry in governance.error_texts"
    branches = sorted(c.__name__ for c in {BolivError, *classes} if "code" not in vars(c))
    assert branches == ["BolivError", "InputError", "RequestRefused", "WorkStopped"]
    assert all(_classes(vars(errors)[name]) for name in branches), "a class without a code of its own only groups others"


def test_every_text_belongs_to_an_error_or_is_a_word_of_one() -> None:
    codes = {c.code for c in _classes() if "code" in vars(c)}
    orphans = sorted(f"{code}/{variant}" for code, variant in TEXTS if code not in codes and code not in WORDS)
    assert orphans == []


@pytest.mark.parametrize("key", sorted(TEXTS), ids=lambda key: "/".join(key))
def test_each_text_is_in_both_languages_with_the_same_fields(key: tuple[str, str]) -> None:
    text = TEXTS[key]
    assert set(text._fields) == set(LANGUAGES)
    if key[0] != "SCOPE" or key[1]:
        assert text.da.strip() and text.en.strip()
    assert _fields(text.da) == _fields(text.en)
    words = re.sub(r"\{[^}]*\}", "", text.da).strip()
    assert text.da != text.en or key[0] == "NOUN" or not words, "a Danish text is not the English one (a noun may be the same word)"


@pytest.mark.parametrize("key", sorted(TEXTS), ids=lambda key: "/".join(key))
def test_danish_texts_hold_no_english_words(key: tuple[str, str]) -> None:
    danish = re.sub(r"'[^']*'|\{[^}]*\}|<[^>]*>|\([A-Za-z]+\)|--\w+", "", TEXTS[key].da)  # quoted, fields, API words
    assert ENGLISH.findall(danish) == []


def test_errors_carry_facts_and_render_in_the_asked_language() -> None:
    error = DuplicateKey("person", "ada")
    assert (error.code, error.kind, error.key, error.value) == ("DUPLICATE_KEY", "person", "ada", "ada")
    assert error.message("da") == "Personen 'ada' findes allerede."
    assert error.message("en") == "The person 'ada' already exists."
    assert error.message("fr") == error.message("da")  # a language boliv does not speak gets Danish
    assert UnknownKey("membership", "7").messages == {"da": "Ukendt medlemskab: '7'.", "en": "Unknown membership: '7'."}
    assert errors.Forbidden("viewer", "CHANGE_BODIES", "applyChanges", "onBehalfOf", None).message("da") == (
        "Rollen 'viewer' mangler retten 'CHANGE_BODIES' på vegne af ingen organisation, som applyChanges kræver; intet er ændret."
    )


def test_a_phrase_renders_in_the_language_of_its_sentence() -> None:
    facts = {"the_kind": Phrase("THE_NOUN", "case"), "key": "k"}
    assert error_texts.render("DUPLICATE_KEY", "", "da", facts) == "Sagen 'k' findes allerede."
    assert error_texts.render("DUPLICATE_KEY", "", "en", facts) == "The case 'k' already exists."


def test_the_store_raises_a_lost_connection_as_database_unavailable() -> None:
    database = Database("postgresql://boliv@127.0.0.1:1/nowhere")  # no server listens on port 1
    with pytest.raises(DatabaseUnavailable) as raised, database.unit_of_work():
        pass
    assert raised.value.orig is not None and raised.value.code == "DATABASE_UNAVAILABLE"
    with pytest.raises(DatabaseUnavailable):
        database.ping()
    database.dispose()


def test_the_store_raises_a_unique_key_race_as_the_duplicate_its_caller_names(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    with database.unit_of_work(write=True) as session:
        session.add(Person(key="ada", name="Ada"))
    with pytest.raises(DuplicateKey) as raised, database.unit_of_work(write=True, unique=DuplicateKey("person", "ada")) as session:
        session.add(Person(key="ada", name="Ada again"))  # as if another writer came first
    assert raised.value.message("en") == "The person 'ada' already exists."
    with pytest.raises(IntegrityError), database.unit_of_work(write=True) as session:
        session.add(Person(key="ada", name="Ada, unnamed race"))  # a constraint nobody expected stays the bug it is
    database.dispose()
