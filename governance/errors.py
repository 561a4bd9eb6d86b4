"""Errors that callers see: bad input, named with the offending key or value."""

from __future__ import annotations


class InputError(Exception):
    """Input the register cannot take (an unknown key, a malformed value); nothing was changed."""

    recorded = False  # set once its refusal has its audit entry, so the API does not write a second one

    def __init__(self, code: str, da: str, en: str, value: str | None = None):
        self.code = code
        self.messages = {"da": da, "en": en}
        self.value = value
        super().__init__(en)

    def message(self, lang: str = "da") -> str:
        return self.messages.get(lang) or self.messages["da"]


def unknown(kind_da: str, kind_en: str, key: str) -> InputError:
    return InputError("UNKNOWN_KEY", f"Ukendt {kind_da}: '{key}'.", f"Unknown {kind_en}: '{key}'.", key)


class DatabaseUnavailable(Exception):
    """The database did not answer; nothing was changed."""
