"""The loaded rule set: its rules with their metadata and message templates, its version, its problems."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from governance.engine.ruleset import Problem, RuleMeta, RuleSet, Variant
from governance.rulebook import Published, Timeline, parsed
from governance.rulediff import rule_changes
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
        return _pick(default.messages, lang)


@strawberry.type(description="A problem in the rule files: where it is and what clingo or the loader said.")
class RuleProblem:
    file: str
    line: int
    column: int
    message: str

    @classmethod
    def from_problem(cls, problem: Problem) -> RuleProblem:
        return cls(file=problem.file, line=problem.line, column=problem.column, message=problem.message)


@strawberry.type(name="RuleSet", description="A rule set: a published version with its days in force, or a draft.")
class RuleSetInfo:
    version: str = strawberry.field(description="A digest of the rule files (a draft's starts with draft-); every rule-based answer carries it.")
    rules: list[Rule] = strawberry.field(description="Ordered by id.")
    problems: list[RuleProblem] = strawberry.field(
        description="Why a newer version of the files was refused (the version above keeps answering); empty when none was."
    )
    in_force_from: date | None = strawberry.field(default=None, description="The first day it is in force; null for a draft.")
    in_force_until: date | None = strawberry.field(default=None, description="Its last day in force; null while no later version is published.")
    published_at: datetime | None = None
    published_by: str | None = None
    justification: str | None = strawberry.field(default=None, description="Why it was published: the decision behind it.")
    added: list[str] = strawberry.field(default_factory=list, description="Rule ids it adds against the version before.")
    changed: list[str] = strawberry.field(default_factory=list, description="Rule ids whose metadata or statements it changes.")
    retired: list[str] = strawberry.field(default_factory=list, description="Rule ids of the version before that it no longer has.")

    @classmethod
    def from_rule_set(cls, rule_set: RuleSet, problems: list[Problem], **published: Any) -> RuleSetInfo:
        return cls(
            version=rule_set.version,
            rules=[Rule.from_meta(meta) for _, meta in sorted(rule_set.rules.items())],
            problems=[RuleProblem.from_problem(p) for p in problems],
            **published,
        )


async def rule_set_info(info: ContextInfo, as_of: date | None = None) -> RuleSetInfo:
    """The rule set in force on a day (default today) with its publication, or the draft."""
    rules = info.context.governance.rules
    day = as_of or date.today()

    def find() -> RuleSetInfo:
        if rules.draft:
            return RuleSetInfo.from_rule_set(rules.on(day), rules.problems)
        timeline = rules.timeline()
        return published_info(timeline, timeline.entry_on(day))

    return await offload(info.context.lang, find)


def published_info(timeline: Timeline, entry: Published) -> RuleSetInfo:
    """A published version, with what it changed against the one published before it."""
    index = timeline.versions.index(entry)
    changes = rule_changes(parsed(timeline.versions[index - 1]) if index else None, parsed(entry))
    return RuleSetInfo.from_rule_set(
        parsed(entry), [], in_force_from=entry.in_force_from, in_force_until=entry.in_force_until,
        published_at=entry.published_at, published_by=entry.published_by, justification=entry.justification,
        added=list(changes.added), changed=list(changes.changed), retired=list(changes.retired),
    )


@strawberry.type
class RuleQuery:
    @strawberry.field(
        extensions=[requires(Action.READ)],
        name="ruleSet",
        description="The rule set in force on asOf (default today), with its rules' ids, severities, sources, "
        "interpretations and templates; under a draft (serve --rules), the draft.",
    )
    async def rule_set(self, info: ContextInfo, as_of: date | None = None) -> RuleSetInfo:
        return await rule_set_info(info, as_of)


def _reload(governance: Governance, actor: str) -> tuple[RuleSet, list[Problem]]:
    """Look at the rule files now; the entry records the version that answers and any problems of a refused one."""
    rules = governance.rules
    rules.refresh()
    current, problems = rules.current(), rules.problems
    request = {"directory": str(rules.directory or "published rule sets"), "problems": [str(p) for p in problems]}
    with governance.database.unit_of_work(write=True) as session:
        governance.record_entry(session, actor, "reloadRules", request, set(), not problems, [], None)
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
