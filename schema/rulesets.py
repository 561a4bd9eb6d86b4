"""Published rule sets over GraphQL: ``ruleSets`` (the history) and ``publishRuleSet`` (staff, admin)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from governance import deadline
from governance.impact import BodyImpact
from governance.publish import Publication, publish
from governance.rulebook import read_timeline
from schema.context import ContextInfo
from schema.enums import Language
from schema.offload import offload
from schema.permissions import Action, requires
from schema.rules import RuleSetInfo, published_info
from schema.types import Violation, violations


@strawberry.input(description="One rule file: its name in the folder (tests/NAME for a scenario file) and its text.")
class RuleFileInput:
    name: str
    text: str


@strawberry.type(description="Why a publication was refused.")
class PublicationReason:
    code: str = strawberry.field(description="LINT, SCENARIO, COVERAGE, LOST_RULE, RETIRE, IN_FORCE_FROM, JUSTIFICATION, FILES or RACE.")
    messages: strawberry.Private[dict[str, str]]

    @strawberry.field
    def message(self, lang: Language | None = Language.DA) -> str:
        return self.messages[(lang or Language.DA).value]


@strawberry.type(description="A body whose verdict changes on the day the new version comes into force.")
class BodyImpactReport:
    body: str
    valid_before: bool
    valid_after: bool
    appear: list[Violation] = strawberry.field(description="The violations the new version adds.")
    disappear: list[Violation] = strawberry.field(description="The violations it no longer finds.")

    @classmethod
    def from_impact(cls, found: BodyImpact) -> BodyImpactReport:
        return cls(
            body=found.body, valid_before=found.valid_before, valid_after=found.valid_after,
            appear=violations(list(found.appear)), disappear=violations(list(found.disappear)),
        )


@strawberry.type(description="The outcome of publishRuleSet: published, refused with every reason, or a dry run.")
class RuleSetPublication:
    published: bool
    dry_run: bool
    version: str = strawberry.field(description="The files' digest; empty when they could not be read.")
    in_force_from: date
    reasons: list[PublicationReason]
    added: list[str]
    changed: list[str]
    retired: list[str]
    impact: list[BodyImpactReport]
    audit_id: int
    seconds: float = strawberry.field(description="How long the gate took.")

    @classmethod
    def from_publication(cls, result: Publication) -> RuleSetPublication:
        return cls(
            published=result.published, dry_run=result.dry_run, version=result.version, in_force_from=result.in_force_from,
            reasons=[PublicationReason(code=r.code, messages={"da": r.da, "en": r.en}) for r in result.reasons],
            added=list(result.added), changed=list(result.changed), retired=list(result.retired),
            impact=[BodyImpactReport.from_impact(i) for i in result.impact], audit_id=result.audit_id, seconds=result.seconds,
        )


@strawberry.type
class PublishedRuleQuery:
    @strawberry.field(
        extensions=[requires(Action.READ)], name="ruleSets",
        description="Every published version, oldest first, with its days in force and what it changed.",
    )
    async def rule_sets(self, info: ContextInfo) -> list[RuleSetInfo]:
        governance = info.context.governance

        def history() -> list[RuleSetInfo]:
            with governance.database.unit_of_work() as session:
                timeline = read_timeline(session)
            return [published_info(timeline, entry) for entry in timeline.versions]

        return await offload(info.context.lang, history)


@strawberry.type
class PublishedRuleMutation:
    @strawberry.mutation(
        extensions=[requires(Action.PUBLISH_RULES)],
        description="Publish rule files as the version in force from inForceFrom. Refused, with every reason, when lint "
        "finds an error, a scenario fails, a rule is not shown both holding and failing, or a rule of the version in "
        "force is gone without being named in retire. Every attempt leaves an audit entry.",
    )
    async def publish_rule_set(
        self, info: ContextInfo, files: list[RuleFileInput], in_force_from: date, justification: str,
        retire: list[str] | None = None, dry_run: bool = False,
    ) -> RuleSetPublication:
        context = info.context
        result = await offload(
            context.lang, _publish_whole, context.governance, {f.name: f.text for f in files}, in_force_from, justification,
            context.caller.name, tuple(retire or ()), dry_run,
        )
        return RuleSetPublication.from_publication(result)


def _publish_whole(*args: Any) -> Publication:
    """A publication runs its whole gate, every scenario included, beyond a request's time budget.

    It is staff's rare act, one at a time (``governance.publish``); stopping it halfway
    would refuse a sound rule set for being slow to prove sound.
    """
    with deadline.within(None):
        return publish(*args)
