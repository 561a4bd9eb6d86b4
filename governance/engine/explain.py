"""Explanations: a violation's derivation, from its conclusion down to the stored facts.

The rules say what a violation rests on with ``because(Rule, Body, Args, Label, Fact)``;
this module only words each fact, with its dates and who appointed whom, in Danish or
English.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from governance.engine.facts import from_day
from governance.engine.ruleset import RuleMeta, RuleSet
from governance.engine.solve import Finding, Value, Word
from governance.engine.wording import date_text, definite_body, join, number_text, qualification_word
from governance.register import Register

_TEXT = {
    "da": {
        "rule": "Regel {id} (afsnittet »{source}«)",
        "member": "{person} sidder som {role} i {body}{behalf}{by}, {period}",
        "behalf": ", på vegne af {org}",
        "by": ", udpeget af {org}",
        "period": "fra {start} til og med {end}",
        "open": "fra {start}, uden slutdato",
        "proposed": " (foreslået)",
        "body": "{name}{kind} har status {status}{expires}{parent}",
        "kind": " ({kind})",
        "expires": ", eksisterer til og med {date}",
        "parent": ", undergruppe af {parent}",
        "person": "{name} hører til {org}{tags}",
        "no_org": "ingen organisation",
        "tags": ", kvalifikationer: {tags}",
        "org": "{name} er {kind}",
        "param": "{name} er {value}",
        "setting": "{name} ligger hos {value}",
        "as_of": "Spørgsmålet gælder {date}",
    },
    "en": {
        "rule": "Rule {id} (section \"{source}\")",
        "member": "{person} sits as {role} in {body}{behalf}{by}, {period}",
        "behalf": ", on behalf of {org}",
        "by": ", appointed by {org}",
        "period": "from {start} through {end}",
        "open": "from {start}, with no end date",
        "proposed": " (proposed)",
        "body": "{name}{kind} has the status {status}{expires}{parent}",
        "kind": " ({kind})",
        "expires": ", existing through {date}",
        "parent": ", a sub-group of {parent}",
        "person": "{name} belongs to {org}{tags}",
        "no_org": "no organisation",
        "tags": ", qualifications: {tags}",
        "org": "{name} is {kind}",
        "param": "{name} is {value}",
        "setting": "{name} lies with {value}",
        "as_of": "The question concerns {date}",
    },
}


class _Words:
    """Names of keys, words of constants, and dates, in one language."""

    def __init__(self, register: Register, rule_set: RuleSet, lang: str):
        self.register, self.rule_set, self.lang = register, rule_set, lang
        self.text = _TEXT[lang]

    def name(self, key: Value) -> str:
        return self.register.name_of(str(key)) or str(key)

    def the(self, key: Value) -> str:
        """A body as running text names it (its definite form); anything else by its name."""
        body = self.register.bodies.get(str(key))
        return definite_body(self.rule_set, body.name, body.kind, self.lang) if body else self.name(key)

    def word(self, constant: Value) -> str:
        return self.rule_set.word(str(constant), self.lang)

    def kind(self, constant: Value) -> str:
        """A kind's word as the complement of "is": with its article in English ("a forum", "an ad hoc group")."""
        word = self.word(constant)
        if self.lang == "da":
            gender = self.rule_set.form(str(constant), "da", "gender")
            return {"common": "en ", "neuter": "et "}.get(gender or "", "") + word
        if word.startswith("the "):
            return word
        if word.startswith("other "):
            return "an" + word
        return ("an " if word[:1].lower() in "aeiou" else "a ") + word

    def date(self, value: object) -> str:
        return date_text(value, self.lang) if isinstance(value, date) else str(value)

    def amount(self, value: int) -> str:
        return number_text(value, self.lang)

    def value(self, value: Value) -> str:
        if isinstance(value, tuple):
            return ", ".join(self.value(v) for v in value)
        if isinstance(value, Word):
            return self.word(value)
        if isinstance(value, str):
            return self.name(value)
        as_date = from_day(value) if isinstance(value, int) and 19000101 <= value <= 99991231 else None
        return date_text(as_date, self.lang) if as_date else str(value)


def _membership(words: _Words, membership_id: int) -> str:
    text = words.text
    m = words.register.memberships.get(membership_id)
    if m is None:
        return str(membership_id)
    period = (
        text["open"].format(start=words.date(m.starts_on))
        if m.ends_on is None
        else text["period"].format(start=words.date(m.starts_on), end=words.date(m.ends_on))
    )
    line = text["member"].format(
        person=words.name(m.person), role=words.word(m.role), body=words.the(m.body),
        behalf=text["behalf"].format(org=words.name(m.on_behalf_of)) if m.on_behalf_of else "",
        by=text["by"].format(org=words.name(m.appointed_by)) if m.appointed_by else "",
        period=period,
    )
    return line + (text["proposed"] if membership_id < 0 else "")


def _body(words: _Words, key: str) -> str:
    b = words.register.bodies.get(key)
    if b is None:
        return words.name(key)
    name, kind = words.the(key), words.word(b.kind)
    if name.isupper():  # an abbreviation ("FKU") says too little on the body's own line
        name = f"{b.name} ({name})"
    return (words.text["body"].format(
        name=name, kind="" if _names_kind(words, b.kind, name) else words.text["kind"].format(kind=kind), status=words.word(b.status),
        expires=words.text["expires"].format(date=words.date(b.expires_on)) if b.expires_on else "",
        parent=words.text["parent"].format(parent=words.the(b.parent)) if b.parent else "",
    ))


def _names_kind(words: _Words, kind: str, name: str) -> bool:
    """Whether a body's name already says its kind ("Vejle Byråd", "den boligpolitiske gruppe")."""
    lowered = name.lower()
    return any(form and form.lower() in lowered for form in (words.word(kind), words.rule_set.form(kind, words.lang, "def")))


def _person(words: _Words, key: str) -> str:
    p = words.register.persons.get(key)
    if p is None:
        return words.name(key)
    tags = words.text["tags"].format(tags=join([qualification_word(words.rule_set, q, words.lang) for q in p.qualifications], words.lang)) if p.qualifications else ""
    org = words.name(p.organisation) if p.organisation else words.text["no_org"]
    return words.text["person"].format(name=p.name, org=org, tags=tags)


def _fact(words: _Words, fact: Value, params: dict[str, Value]) -> str:
    """One stored fact in words; anything the rules name that is not a stored fact, as its values."""
    if not isinstance(fact, tuple) or not fact or not isinstance(fact[0], Word):
        return words.value(fact)
    kind, values = str(fact[0]), fact[1:]
    if kind == "member" and len(values) == 1 and isinstance(values[0], int):
        return _membership(words, values[0])
    if kind == "body" and len(values) == 1:
        return _body(words, str(values[0]))
    if kind == "person" and len(values) == 1:
        return _person(words, str(values[0]))
    if kind == "org" and len(values) == 1:
        org = words.register.organisations.get(str(values[0]))
        return words.text["org"].format(name=words.name(values[0]), kind=words.kind(org.kind)) if org else words.name(values[0])
    if kind == "param" and len(values) == 1:
        return words.text["param"].format(name=words.word(values[0]), value=words.value(params.get(str(values[0]), "?")))
    if kind == "setting" and len(values) == 2:
        value = words.register.platforms.get(str(values[0]), {}).get(str(values[1]), "?")
        return words.text["setting"].format(name=words.word(values[1]), value=words.name(value))
    if kind == "as_of" and len(values) == 1:
        return words.text["as_of"].format(date=words.value(values[0]))
    record = _RECORDS.get((kind, len(values)))
    if record is not None:
        return record(words, *values)
    return f"{words.word(kind)}: {words.value(values)}"


def explainer(
    finding: Finding, meta: RuleMeta | None, messages: dict[str, str], register: Register, rule_set: RuleSet,
    params: dict[str, Value], supports: Callable[[Finding], tuple[tuple[Value, Value], ...]] | None = None,
) -> Callable[[str], str]:
    """A function that words the finding's derivation in a language, when asked.

    The facts it rests on are the finding's own ``support``, or else what ``supports`` derives.
    """

    def explain(lang: str) -> str:
        words = _Words(register, rule_set, lang if lang in _TEXT else "da")
        lines = [messages.get(words.lang) or messages["da"]]
        if meta is not None:
            rule_line = words.text["rule"].format(id=meta.id, source=meta.source)
            interpretation = meta.interpretation.get(words.lang)
            lines.append(f"  ⟵ {rule_line}" + (f": {interpretation}" if interpretation else ""))
        order = {label: n for n, label in enumerate(("body", *rule_set.label_order.get(finding.rule, ())))}
        support = finding.support or (supports(finding) if supports else ())
        for label, fact in sorted(support, key=lambda item: (order.get(str(item[0]), len(order)), repr(item[1]))):
            lines.append(f"  ⟵ {words.word(label)}: {capital(_fact(words, fact, params))}")
        return "\n".join(lines)

    return explain


# -- cases, budgets and yearly events (rules/cases.lp, loeget_budget.lp, yearly.lp) -----------

_RECORD_TEXT = {
    "da": {
        "case": "Sagen »{title}« er på trinnet »{stage}«, åbnet af {originator}; {concerns}",
        "concerns": "den nævner {orgs}",
        "all_concerned": "den nævner ingen organisation og berører derfor alle platformens boligorganisationer",
        "step": "Trin {n} i »{title}«: {by} førte sagen til trinnet »{stage}« den {on}",
        "opened": "Trin 1 i »{title}«: {by} åbnede sagen den {on}",
        "open": "{by} vil den {on} åbne sagen »{title}«",
        "move": "{by} vil den {on} flytte »{title}« til trinnet »{stage}«",
        "answer": "{by} vil den {on} afgive høringssvar om »{title}«",
        "approval": "{by} vil den {on} registrere afgørelsen »{decision}« om »{title}«",
        "answered": "{by} afgav høringssvar om »{title}« den {on}",
        "decided": "{by} registrerede afgørelsen »{decision}« om »{title}« den {on}",
        "pool": "{name} hos {body} er på {amount} kr. af et overordnet budget på {overall} kr., godkendt den {on}; andele: {shares}",
        "share": "{body} {amount} kr.",
        "no_shares": "ingen",
        "detail": "Detailbudgettet {name} fra {body} i {pool} er på {amount} kr., lavet den {on}, {presented}",
        "presented": "forelagt den {on}",
        "not_presented": "ikke forelagt",
        "plan": "Handleplanen for {year} fra {body} er {presented}",
        "event": "{body}: {kind} den {on}",
    },
    "en": {
        "case": "The case \"{title}\" is at the stage \"{stage}\", opened by {originator}; {concerns}",
        "concerns": "it names {orgs}",
        "all_concerned": "it names no organisation, so it concerns every housing organisation of the platform",
        "step": "Step {n} of \"{title}\": {by} took the case to the stage \"{stage}\" on {on}",
        "opened": "Step 1 of \"{title}\": {by} opened the case on {on}",
        "open": "{by} proposes on {on} to open the case \"{title}\"",
        "move": "{by} proposes on {on} to move \"{title}\" to the stage \"{stage}\"",
        "answer": "{by} proposes on {on} to record a hearing answer on \"{title}\"",
        "approval": "{by} proposes on {on} to record the decision \"{decision}\" on \"{title}\"",
        "answered": "{by} answered the hearing on \"{title}\" on {on}",
        "decided": "{by} recorded the decision \"{decision}\" on \"{title}\" on {on}",
        "pool": "{name} of {body} is {amount} kr. of an overall budget of {overall} kr., approved on {on}; shares: {shares}",
        "share": "{body} {amount} kr.",
        "no_shares": "none",
        "detail": "The detail budget {name} of {body} in {pool} is {amount} kr., made on {on}, {presented}",
        "presented": "presented on {on}",
        "not_presented": "not presented",
        "plan": "The action plan for {year} of {body} is {presented}",
        "event": "{body}: {kind} on {on}",
    },
}


def _case(words: _Words, key: Value) -> str:
    """case(C): the case's title, stage, originator and the organisations it concerns."""
    case, text = words.register.cases.get(str(key)), _RECORD_TEXT[words.lang]
    if case is None:
        return words.name(key)
    concerns = (
        text["concerns"].format(orgs=", ".join(words.name(o) for o in case.concerns)) if case.concerns else text["all_concerned"]
    )
    return text["case"].format(title=case.title, stage=words.word(case.stage), originator=words.the(case.originator), concerns=concerns)


def _step(words: _Words, key: Value, n: Value) -> str:
    """step(C, N): the N-th step of the case's history (from 1): the stage it reached, who moved it, when."""
    case = words.register.cases.get(str(key))
    if case is None or not isinstance(n, int) or not 1 <= n <= len(case.history):
        return f"{words.name(key)}: {n}"
    step = case.history[n - 1]
    return _RECORD_TEXT[words.lang]["opened" if n == 1 and step.stage == "draft" else "step"].format(
        n=n, title=case.title, by=words.the(step.by), stage=words.word(step.stage), on=words.date(step.on)
    )


def _proposed(words: _Words, key: Value, day: Value) -> str:
    """proposed(C, D): the step someone proposes on the case, dated D."""
    proposal = next((p for p in words.register.proposals if p.case == str(key)), None)
    case = words.register.cases.get(str(key))
    if proposal is None or case is None:
        return f"{words.name(key)}: {words.value(day)}"
    by = proposal.body if proposal.action != "open" else case.originator
    return _RECORD_TEXT[words.lang][proposal.action].format(
        by=words.the(by or ""), on=words.value(day), title=case.title,
        stage=words.word(proposal.stage or ""), decision=words.word(proposal.decision or ""),
    )


def _answer(words: _Words, key: Value, recipient: Value) -> str:
    """answer(C, R): the hearing answer R returned on the case, and when."""
    case = words.register.cases.get(str(key))
    answer = next((a for a in case.answers if a.recipient == str(recipient)), None) if case else None
    if case is None or answer is None:
        return f"{words.name(key)}: {words.name(recipient)}"
    return _RECORD_TEXT[words.lang]["answered"].format(by=words.the(recipient), title=case.title, on=words.date(answer.on))


def _approval(words: _Words, key: Value, approver: Value) -> str:
    """approval(C, B): the decision B recorded on the case, and when."""
    case = words.register.cases.get(str(key))
    decision = next((a for a in case.approvals if a.approver == str(approver)), None) if case else None
    if case is None or decision is None:
        return f"{words.name(key)}: {words.name(approver)}"
    return _RECORD_TEXT[words.lang]["decided"].format(
        by=words.the(approver), decision=words.word(decision.decision), title=case.title, on=words.date(decision.on)
    )


def _pool(words: _Words, key: Value) -> str:
    """pool(P): the activity pool, the overall budget it lies in, when it was approved, and the sub-groups' shares."""
    pool, text = words.register.pools.get(str(key)), _RECORD_TEXT[words.lang]
    if pool is None:
        return words.name(key)
    shares = ", ".join(text["share"].format(body=words.the(body), amount=words.amount(amount)) for body, amount in pool.shares)
    return text["pool"].format(
        name=pool.name, body=words.the(pool.body), amount=words.amount(pool.amount), overall=words.amount(pool.overall_budget),
        on=words.date(pool.approved_on), shares=shares or text["no_shares"],
    )


def _detail_budget(words: _Words, key: Value) -> str:
    """detail_budget(K): a sub-group's detail budget, its amount, when it was made and presented."""
    budget, text = words.register.detail_budgets.get(str(key)), _RECORD_TEXT[words.lang]
    if budget is None:
        return words.name(key)
    presented = text["presented"].format(on=words.date(budget.presented_on)) if budget.presented_on else text["not_presented"]
    return text["detail"].format(
        name=budget.name, body=words.the(budget.body), pool=words.name(budget.pool), amount=words.amount(budget.amount),
        on=words.date(budget.made_on), presented=presented,
    )


def _action_plan(words: _Words, body: Value, year: Value) -> str:
    """action_plan(S, Y): the sub-group's action plan for the year, and when it was presented."""
    plan = next((p for p in words.register.action_plans if p.body == str(body) and p.year == year), None)
    text = _RECORD_TEXT[words.lang]
    presented = text["presented"].format(on=words.date(plan.presented_on)) if plan and plan.presented_on else text["not_presented"]
    return text["plan"].format(year=year, body=words.the(body), presented=presented)


def _event(words: _Words, kind: Value, body: Value, day: Value) -> str:
    """event(Kind, B, D): a steering meeting, conference or evaluation held by B on day D."""
    return _RECORD_TEXT[words.lang]["event"].format(body=words.the(body), kind=words.word(kind), on=words.value(day))


def capital(text: str) -> str:
    """A sentence opens with a capital letter ("Den boligpolitiske gruppe ..."); a lone word ("juridisk") stays as it is."""
    return text[:1].upper() + text[1:] if " " in text else text


_RECORDS: dict[tuple[str, int], Callable[..., str]] = {
    ("case", 1): _case,
    ("step", 2): _step,
    ("proposed", 2): _proposed,
    ("answer", 2): _answer,
    ("approval", 2): _approval,
    ("pool", 1): _pool,
    ("detail_budget", 1): _detail_budget,
    ("action_plan", 2): _action_plan,
    ("event", 3): _event,
}
