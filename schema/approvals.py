"""Why a body must approve a case, worded from what the case services derive.

The rules (``rules/cases.lp``) require the approval of the council of the platform's
municipality and of the board of every housing organisation the case concerns. The
case view gives the approver, the rule and the organisations concerned; the approver's
kind and organisation come from the register. When the case services hand out an
explanation of their own (``ApprovalView.explanation``), that one is used instead.
"""

from __future__ import annotations

from collections.abc import Callable

from governance.cases_views import ApprovalView, CaseView
from governance.engine.ruleset import RuleMeta
from governance.register import BodyRow

_TEXT = {
    "da": {
        "conclusion": "{approver} skal godkende sagen »{title}« ({key}); godkendelsen er {status}.",
        "rule": "Regel {id} (afsnittet »{source}«)",
        "council": "{approver} er byrådet i {org}, platformens kommune",
        "board": "{approver} er bestyrelsen i boligorganisationen {org}",
        "concerns": "Sagen berører {orgs}",
        "PENDING": "afventende",
        "APPROVED": "givet",
        "REFUSED": "nægtet",
    },
    "en": {
        "conclusion": "{approver} must approve the case \"{title}\" ({key}); the approval is {status}.",
        "rule": "Rule {id} (section \"{source}\")",
        "council": "{approver} is the council of {org}, the platform's municipality",
        "board": "{approver} is the board of the housing organisation {org}",
        "concerns": "The case concerns {orgs}",
        "PENDING": "pending",
        "APPROVED": "given",
        "REFUSED": "refused",
    },
}


def approval_explanation(
    case: CaseView, approval: ApprovalView, approver: BodyRow | None, meta: RuleMeta | None,
    name_of: Callable[[str], str], lang: str,
) -> str:
    """The conclusion first, then the rule and the facts it rests on, one a line."""
    explained: Callable[[str], str] | None = getattr(approval, "explanation", None)
    if explained is not None:
        return explained(lang)
    text = _TEXT["en" if lang == "en" else "da"]
    approver_name = name_of(approval.approver)
    lines = [text["conclusion"].format(approver=approver_name, title=case.title, key=case.key, status=text[approval.status])]
    if meta is not None:
        interpretation = meta.interpretation.get(lang) or meta.interpretation.get("da", "")
        lines.append(f"  ⟵ {text['rule'].format(id=meta.id, source=meta.source)}: {interpretation}")
    if approver is not None and approver.kind in ("council", "board") and approver.organisation:
        lines.append(f"  ⟵ {text[approver.kind].format(approver=approver_name, org=name_of(approver.organisation))}")
    if case.concerns:
        lines.append(f"  ⟵ {text['concerns'].format(orgs=', '.join(name_of(org) for org in case.concerns))}")
    return "\n".join(lines)
