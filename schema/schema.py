"""The served schema: queries, mutations, limits, error masking and caches."""

from __future__ import annotations

from typing import ClassVar

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from schema.audit import AuditQuery
from schema.cases import CaseMutation, CaseQuery
from schema.cost import CostLimit
from schema.documents import DocumentMutation
from schema.errors import is_server_side, should_mask
from schema.mutation import RegisterMutation
from schema.platforms import PlatformQuery
from schema.query import RegisterQuery
from schema.refusals import AuditFailedMutations, AuditRefusedMutations
from schema.rejections import InputRejected
from schema.rules import RuleMutation, RuleQuery
from schema.rulesets import PublishedRuleMutation, PublishedRuleQuery
from schema.text_guard import CheckedDocuments, GuardText

MAX_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 30
CACHE_SIZE = 256  # documents kept parsed, validated and literal-checked
CHECKED_DOCUMENTS = CheckedDocuments(CACHE_SIZE)


class Limits(AddValidationRules):
    """Depth and alias limits as validation rules.

    The rule classes are built once: the validation cache keys on them, so limiters
    constructed per request would never hit it.
    """

    RULES: ClassVar[list[type[ASTValidationRule]]] = [
        *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
        *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    ]

    def __init__(self) -> None:
        super().__init__(self.RULES)


class Schema(strawberry.Schema):
    """Logs what operators must see (bugs, an unavailable database), not the clients' mistakes."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        super().process_errors([error for error in errors if is_server_side(error)], execution_context)


Query = merge_types("Query", (RegisterQuery, PlatformQuery, CaseQuery, RuleQuery, PublishedRuleQuery, AuditQuery))
Mutation = merge_types("Mutation", (RegisterMutation, CaseMutation, DocumentMutation, RuleMutation, PublishedRuleMutation))

schema = Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        Limits,
        AuditRefusedMutations,
        AuditFailedMutations,
        lambda: MaskErrors(should_mask_error=should_mask),
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: GuardText(CHECKED_DOCUMENTS),  # after ValidationCache: it adds to the errors that one sets
        CostLimit,  # after GuardText: it counts lists already within their limit
    ],
    exception_handlers=[InputRejected()],
)
