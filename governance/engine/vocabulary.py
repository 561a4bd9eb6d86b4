"""The predicates the engine supplies as facts: what rules may read without deriving.

``boliv rules lint`` checks every predicate a rule body uses against these and the
predicates the rules themselves derive; a test checks that the facts the engine writes
use only these.
"""

from __future__ import annotations

SUPPLIED: dict[tuple[str, int], str] = {
    ("as_of", 1): "the date the question is asked for (YYYYMMDD)",
    ("platform", 1): "a collaboration platform",
    ("setting", 3): "a platform's own value from structure.yaml",
    ("org", 3): "an organisation, its kind and platform",
    ("org_name", 2): "an organisation's display name",
    ("person", 2): "a person and their organisation",
    ("qualification", 2): "a person's qualification tag",
    ("body", 3): "a body, its kind and status",
    ("body_platform", 2): "the platform a body belongs to",
    ("body_org", 2): "the organisation a council or board belongs to",
    ("parent", 2): "a body is a sub-group of another",
    ("topic", 2): "the area a body works on",
    ("expires_on", 2): "the last day a body exists",
    ("member", 8): "a membership: id, person, body, role, on behalf of, appointed by, first and last day",
    ("touched", 1): "a body the question is about",
}
