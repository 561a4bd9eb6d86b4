"""The loaded rule set: its rules with their metadata and message templates, its version, its problems."""

from __future__ import annotations

import strawberry

from governance.engine.ruleset import Problem, RuleMeta, RuleSet, Variant
from governance.services import Governance
from schema.context import ContextInfo
from schema.enums import Language, Severity
from schema.offload import offload
from schema.permissions import Action, requires


def _pick(texts: dict[str, str], lang: Language | None) -> str:
    return texts.get((lang or Language.DA).value) or texts.get("da", "")


@strawberry.type(description="One message template of a rule; a rule with several cases has one per case.")
class RuleVariant:
    name: str = strawberry.field(description="The case's name; empty for a rule's only template.")
    args: list[str] = strawberry.field(description="The placeholders the template may use, in the rule's order.")
    messages: strawberry.Private[dict[str, str]]

    @classmethod
    def from_meta(cls, name: str, variant: Variant) -> RuleVariant:
        return cls(name=name, args=list(variant.args), messages=variant.messages)

    @strawberry.field(description="The template in the asked language, with {placeholders}.")
    def message(self, lang: Language | None = Language.DA) -> str:
        return _pick(self.messages, lang)


@strawberry.type(description="A rule of the loaded set, as its metadata states it.")
class Rule:
    id: str = strawberry.field(description="The stable id violations carry, e.g. fku.cap.")
    severity: Severity
    forming_severity: Severity | None = strawberry.field(description="The severity while the body is FORMING, when it differs.")
    source: str = strawberry.field(description="The section of the source document the rule comes from.")
    file: str = strawberry.field(description="The rule file that states it.")
    line: int
    variants: list[RuleVariant]
    interpretations: strawberry.Private[dict[str, str]]

    @classmethod
    def from_meta(cls, meta: RuleMeta) -> Rule:
        return cls(
            id=meta.id, severity=Severity(meta.severity.upper()),
            forming_severity=Severity(meta.forming_severity.upper()) if meta.forming_severity else None,
            source=meta.source, file=meta.file, line=meta.line,
            variants=[RuleVariant.from_meta(name, variant) for name, variant in meta.variants.items()],
            interpretations=meta.interpretation,
        )

    @strawberry.field(description="How the rule reads the source, in the asked language.")
    def interpretation(self, lang: Language | None = Language.DA) -> str:
        return _pick(self.interpretations, lang)

    @strawberry.field(description="The rule's message template: its default case's, else its first case's.")
    def message(self, lang: Language | None = Language.DA) -> str:
        default = next((v for v in self.variants if v.name == ""), self.variants[0])
        return default.message(lang)


@strawberry.type(description="A problem in the rule files: where it is and what clingo or the loader said.")
class RuleProblem:
    file: str
    line: int
    column: int
    message: str

    @classmethod
    def from_problem(cls, problem: Problem) -> RuleProblem:
        return cls(file=problem.file, line=problem.line, column=problem.column, message=problem.message)


@strawberry.type(name="RuleSet", description="The rule set that answers now.")
class RuleSetInfo:
    version: str = strawberry.field(description="A digest of the rule files; every rule-based answer carries it.")
    rules: list[Rule] = strawberry.field(description="Ordered by id.")
    problems: list[RuleProblem] = strawberry.field(
        description="Why a newer version of the files was refused (the version above keeps answering); empty when none was."
    )

    @classmethod
    def from_rule_set(cls, rule_set: RuleSet, problems: list[Problem]) -> RuleSetInfo:
        return cls(
            version=rule_set.version,
            rules=[Rule.from_meta(meta) for _, meta in sorted(rule_set.rules.items())],
            problems=[RuleProblem.from_problem(p) for p in problems],
        )


async def rule_set_info(info: ContextInfo) -> RuleSetInfo:
    rules = info.context.governance.rules
    current = await offload(info.context.lang, rules.current)
    return RuleSetInfo.from_rule_set(current, rules.problems)


@strawberry.type
class RuleQuery:
    @strawberry.field(
        extensions=[requires(Action.READ)],
        name="ruleSet",
        description="The loaded rules with their ids, severities, sources, interpretations and templates.",
    )
    async def rule_set(self, info: ContextInfo) -> RuleSetInfo:
        return await rule_set_info(info)


def _reload(governance: Governance, actor: str) -> tuple[RuleSet, list[Problem]]:
    """Look at the rule files now; the entry records the version that answers and any problems of a refused one."""
    rules = governance.rules
    rules.refresh()
    current, problems = rules.current(), rules.problems
    request = {"directory": str(rules.directory), "problems": [str(p) for p in problems]}
    with governance.database.unit_of_work(write=True) as session:
        governance._record(session, actor, "reloadRules", request, set(), not problems, [], None)
    return current, problems


@strawberry.type
class RuleMutation:
    @strawberry.mutation(
        extensions=[requires(Action.RELOAD_RULES)],
        description="Read the rule files now rather than within a second: a good version answers from now on, a broken "
        "one is refused and listed in problems while the last good set keeps answering.",
    )
    async def reload_rules(self, info: ContextInfo) -> RuleSetInfo:
        context = info.context
        current, problems = await offload(context.lang, _reload, context.governance, context.caller.name)
        return RuleSetInfo.from_rule_set(current, problems)
