"""The predicates the engine supplies as facts, and those it reads from the rules' answer.

``boliv rules lint`` checks every predicate a rule body uses against ``SUPPLIED`` and the
predicates the rules themselves derive, and warns of a derived predicate that neither a
rule nor the engine (``READ``) reads; a test checks that the facts the engine writes use
only ``SUPPLIED``.
"""

from __future__ import annotations

SUPPLIED: dict[tuple[str, int], str] = {
    ("as_of", 1): "the day the register is looked at (YYYYMMDD)",
    ("asked", 1): "the day the question is about (YYYYMMDD): as_of, or earlier when a check looks at the later days its changes take effect; duties fall due by it",
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
    ("proposed_constitution", 2): "a proposal to constitute a body (it is judged as active), and the status it stands at before",
    ("case", 3): "a case, its originating body and its stage",
    ("case_track", 2): "a case's track: political or group",
    ("case_co_originator", 2): "a body that drafted a case with its originating body",
    ("case_concerns", 2): "an organisation a case names as concerned",
    ("case_step", 5): "a step of a case's history: case, number, stage reached, body that moved it, day",
    ("case_answer", 3): "a hearing answer: case, recipient that answered, day",
    ("case_approval", 4): "an approver's decision on a case: case, approver, approved or refused, day",
    ("proposed_open", 1): "the case being opened (its case facts are laid over the register)",
    ("proposed_move", 3): "a proposed move: case, stage, body that moves it",
    ("proposed_answer", 2): "a proposed hearing answer: case, recipient",
    ("proposed_approval", 3): "a proposed decision: case, approver, approved or refused",
    ("activity_pool", 5): "an approved overall budget: pool, body, overall budget, activity pool, day approved",
    ("pool_share", 3): "a sub-group's share of an activity pool: pool, sub-group, amount",
    ("detail_budget", 6): "a detail budget: key, pool, sub-group, amount, day made, day presented (open: not yet)",
    ("action_plan", 3): "an annual action plan: sub-group, year, day presented (open: not yet)",
    ("event", 3): "a dated event: steering_meeting, conference or evaluation; body; day",
    ("document", 3): "a document set out: goals (and success criteria) or communication_strategy; body; day adopted",
}

# The predicates the engine reads from the rules' answer: derived, but read by no rule.
READ: dict[tuple[str, int], str] = {
    ("report", 4): "the violations of the bodies a question reaches (core.lp)",
    ("because", 5): "a line of a violation's explanation, grounded only when one is asked for",
    ("param", 2): "a parameter in force, for messages and explanations",
    ("case_concerned", 2): "the housing organisations a case concerns",
    ("may_move", 3): "the bodies that may move a case to a stage",
    ("hearing_recipient", 2): "the bodies a case's hearing goes to",
    ("blocked_transition", 2): "a next stage of a case's flow that nobody may take now",
    ("blocked_mover", 3): "a body the flow names for a blocked next stage",
    ("blocked_reason", 6): "a violation that stands in the way of a blocked next stage: case, stage, rule, body, severity, args",
    ("adopted_for", 2): "a housing organisation an adopted case binds",
    ("required_approval", 4): "an approval a case needs, its status and the rule that requires it",
    ("approval_because", 4): "a line of the explanation of a required approval",
    ("case_involves", 2): "a case that involves a body, for lists by body",
    ("next_stage", 2): "the stage a proposed step leads to",
    ("theme_seat_holder", 3): "a forum seat holder who sits in a standing theme group",
    ("outside_seat", 2): "a person sitting in a forum outside its seats (the secretariat's leader)",
}
