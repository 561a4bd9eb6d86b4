"""What a new key may be: one Unicode normal form (NFC) and a small alphabet that is safe in a URL path.

A key is what pages, URLs and audit entries name a person, body or case by. It is
lowercase letters (æ, ø, å, ö and the like included), digits and ``-``, ``_``, ``.``,
starting with a letter or a digit, at most 200 characters: never ``/``, spaces or
markup. Keys are compared in NFC, so a key typed decomposed is the key typed composed.
"""

from __future__ import annotations

import unicodedata

from governance.errors import BadKey

MAX_KEY = 200
PUNCTUATION = frozenset("-_.")


def _allowed(character: str) -> bool:
    return unicodedata.category(character) == "Ll" or character in "0123456789" or character in PUNCTUATION


def new_key(key: str) -> str:
    """``key`` in NFC, or the ``BAD_KEY`` error naming it when it is not a key."""
    normal = unicodedata.normalize("NFC", key)
    if 0 < len(normal) <= MAX_KEY and normal[0] not in PUNCTUATION and all(_allowed(c) for c in normal):
        return normal
    shown = normal if len(normal) <= MAX_KEY else normal[:MAX_KEY] + "…"
    raise BadKey(shown, MAX_KEY)
