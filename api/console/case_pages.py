"""``/cases``: a board of cases by stage; ``/cases/<key>``: one case. Both read GraphQL ``cases``/``case``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from api.console.gql import execute, served
from api.console.web import Page, language, render
from governance import Governance
from governance.model import CaseStage

STAGES = [stage.name for stage in CaseStage]


def case_fields(why: bool) -> str:
    """What the pages show of a case; ``why`` adds each required approval's explanation (explain.graphql)."""
    return (
        "key title stage originator { key name } concerns { key name } "
        f"requiredApprovals {{ approver {{ key name }} status rule{' explanation(lang: $lang)' if why else ''} }} "
        "allowedTransitions { to by { key name } } hearingAnswers { recipient { key name } text on }"
    )


CASE_FLOW = (  # cases.graphql: what the case page needs to carry the case on
    "track coOriginators { key name } hearingRecipients { key name } adoptedFor { key name } "
    "blockedTransitions { to by { key name } reasons { rule severity message(lang: $lang) } }"
)


BOARD = f"query ConsoleCases {{ cases {{ {case_fields(False)} }} }}"


def one_case(why: bool) -> str:
    return (
        f"query ConsoleCase($case: String!, $lang: Language) {{ case(key: $case) {{ {case_fields(why)} {CASE_FLOW} "
        "history { stage by { key name } on } } }"
    )


def cases_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        cases = (await execute(request, governance, BOARD))["cases"]
        columns = [(stage, [c for c in cases if c["stage"] == stage]) for stage in STAGES]
        return render(request, governance, "cases.html", {"columns": columns, "count": len(cases)})

    return page


def case_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        why = served("RequiredApproval", "explanation")
        variables = {"case": request.path_params["key"], "lang": language(request).upper()}
        case = (await execute(request, governance, one_case(why), variables))["case"]
        answered = {a["recipient"]["key"] for a in case["hearingAnswers"]}
        pending = [a for a in case["requiredApprovals"] if a["status"] == "PENDING"] if case["stage"] == "APPROVAL" else []
        # while approvals are awaited, recording them is what ends the case: no separate move to the end
        ends_by_approval = {"ADOPTED", "REJECTED"} if pending else set()
        moves = [tr for tr in case["allowedTransitions"] if tr["to"] != "WITHDRAWN" and tr["to"] not in ends_by_approval]
        return render(request, governance, "case.html", {
            "case": case, "stages": STAGES, "moves": moves, "pending": pending,
            "withdraw": next((tr for tr in case["allowedTransitions"] if tr["to"] == "WITHDRAWN"), None),
            # the flow's every next stage is allowed or blocked: with neither, the case has ended
            "ended": not case["allowedTransitions"] and not case["blockedTransitions"],
            "awaited": [b for b in case["hearingRecipients"] if b["key"] not in answered] if case["stage"] == "HEARING" else [],
        })

    return page
