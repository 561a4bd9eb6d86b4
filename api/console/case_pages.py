"""``/cases``: a board of cases by stage; ``/cases/<key>``: one case. Both read GraphQL ``cases``/``case``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from api.console.gql import execute, served
from api.console.web import Page, language, render
from governance.model import CaseStage
from governance.services import Governance

STAGES = [stage.name for stage in CaseStage]


def case_fields(why: bool) -> str:
    """What the pages show of a case; ``why`` adds each required approval's explanation (explain.graphql)."""
    return (
        "key title stage originator { key name } concerns { key name } "
        f"requiredApprovals {{ approver {{ key name }} status rule{' explanation(lang: $lang)' if why else ''} }} "
        "allowedTransitions { to by { key name } } hearingAnswers { recipient { key name } text on }"
    )


BOARD = f"query ConsoleCases {{ cases {{ {case_fields(False)} }} }}"


def one_case(why: bool) -> str:
    variables = "$case: String!, $lang: Language" if why else "$case: String!"
    return f"query ConsoleCase({variables}) {{ case(key: $case) {{ {case_fields(why)} history {{ stage by {{ key name }} on }} }} }}"


def cases_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        cases = (await execute(request, governance, BOARD))["cases"]
        columns = [(stage, [c for c in cases if c["stage"] == stage]) for stage in STAGES]
        return render(request, governance, "cases.html", {"columns": columns, "count": len(cases)})

    return page


def case_page(governance: Governance) -> Page:
    async def page(request: Request) -> Response:
        why = served("RequiredApproval", "explanation")
        variables = {"case": request.path_params["key"], **({"lang": language(request).upper()} if why else {})}
        case = (await execute(request, governance, one_case(why), variables))["case"]
        return render(request, governance, "case.html", {"case": case, "stages": STAGES})

    return page
