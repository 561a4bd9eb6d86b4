// The what-if form: checkChanges as the person types, applyChanges when "appoint" is pressed.
(() => {
  "use strict";
  const form = document.getElementById("what-if");
  const { ui, lang, gql, token } = window.boliv;
  const words = JSON.parse(document.getElementById("what-if-words").textContent);
  const explain = form.dataset.explanations === "yes";
  const verdictLine = document.getElementById("verdict-line");
  const findings = document.getElementById("findings");
  const appoint = document.getElementById("appoint");
  const appointStatus = document.getElementById("appoint-status");
  const LANG = lang.toUpperCase();
  let asked = 0;
  let allowed = false;
  let timer = null;

  const value = (name) => form.elements[name].value.trim() || null;

  function appointment() {
    return {
      person: value("person"), body: value("body"), role: value("role"), onBehalfOf: value("onBehalfOf"),
      appointedBy: value("appointedBy"), startsOn: value("startsOn"), endsOn: value("endsOn"),
    };
  }

  const VIOLATION = "rule severity introduced source message(lang: $lang)" + (explain ? " explanation(lang: $lang)" : "");
  const CHECK = `query WhatIf($changes: [ChangeInput!]!, $asOf: Date, $lang: Language) {
    checkChanges(changes: $changes, asOf: $asOf) { allowed ruleSetVersion violations { ${VIOLATION} } } }`;
  const APPLY = `mutation Appoint($changes: [ChangeInput!]!, $asOf: Date, $justification: String, $lang: Language) {
    applyChanges(changes: $changes, asOf: $asOf, justification: $justification) {
      __typename
      ... on Applied { auditId membershipIds }
      ... on Rejected { refusal: auditId violations { rule severity introduced message(lang: $lang) } } } }`;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function violationItem(v, index) {
    const item = element("li", "violation severity-" + v.severity.toLowerCase());
    const line = element("p");
    line.append(element("span", "severity", words.severity[v.severity] || v.severity), " ",
      element("code", "rule", v.rule), " ", v.message || "");
    item.append(line);
    if (v.source) item.append(element("p", "source", ui.source + ": " + v.source));
    if (v.explanation) {
      const details = element("details");
      details.open = index === 0 && v.introduced && v.severity === "ERROR"; // why not, at once
      details.append(element("summary", null, ui.why), element("pre", "explanation", v.explanation));
      item.append(details);
    }
    return item;
  }

  function group(title, list) {
    if (!list.length) return [];
    const heading = element("h3", null, title);
    const items = element("ul", "violations");
    items.append(...list.map(violationItem));
    return [heading, items];
  }

  function showErrors(errors) {
    allowed = false;
    appoint.disabled = true;
    verdictLine.className = "verdict-line refused";
    verdictLine.textContent = ui.check_failed;
    findings.replaceChildren(...errors.map((e) => element("p", "notice notice-error", e.message)));
  }

  function showCheck(check) {
    allowed = check.allowed;
    appoint.disabled = !allowed;
    verdictLine.className = "verdict-line " + (allowed ? "allowed" : "refused");
    verdictLine.textContent = allowed ? ui.allowed : ui.refused;
    const introduced = check.violations.filter((v) => v.introduced);
    const standing = check.violations.filter((v) => !v.introduced);
    const nodes = [...group(ui.introduces, introduced), ...group(ui.already_standing, standing)];
    if (!nodes.length) nodes.push(element("p", null, ui.nothing_found));
    nodes.push(element("p", "meta", ui.rule_set_version + " " + check.ruleSetVersion));
    findings.replaceChildren(...nodes);
  }

  async function check() {
    const wanted = appointment();
    appointStatus.textContent = "";
    if (!wanted.person || !wanted.body || !wanted.role || !wanted.appointedBy) {
      allowed = false;
      appoint.disabled = true;
      verdictLine.className = "verdict-line";
      verdictLine.textContent = ui.fill_in;
      findings.replaceChildren();
      return;
    }
    const mine = ++asked;
    verdictLine.textContent = ui.checking;
    const answer = await gql(CHECK, { changes: [{ appoint: wanted }], asOf: wanted.startsOn, lang: LANG });
    if (mine !== asked) return; // a newer question is on its way
    if (answer.errors) showErrors(answer.errors);
    else showCheck(answer.data.checkChanges);
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  }

  // A person usually represents, and is appointed by, their own organisation: offer that.
  function offerOwnOrganisation() {
    const chosen = form.elements.person.selectedOptions[0];
    const organisation = chosen ? chosen.dataset.organisation : "";
    if (organisation && !form.elements.onBehalfOf.value) form.elements.onBehalfOf.value = organisation;
    if (organisation && !form.elements.appointedBy.value) form.elements.appointedBy.value = organisation;
  }
  form.elements.person.addEventListener("change", offerOwnOrganisation);
  // The justification does not change the verdict: typing it (or leaving it) asks nothing.
  const asks = (event) => { if (event.target.name !== "justification") soon(); };
  form.addEventListener("change", asks);
  form.addEventListener("input", asks);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!allowed) return;
    if (!token()) {
      appointStatus.textContent = ui.sign_in_first;
      document.getElementById("signin-token").focus();
      return;
    }
    const wanted = appointment();
    appoint.disabled = true;
    appointStatus.textContent = ui.appointing;
    const answer = await gql(APPLY, {
      changes: [{ appoint: wanted }], asOf: wanted.startsOn, justification: value("justification"), lang: LANG,
    });
    if (answer.errors) {
      appointStatus.textContent = answer.errors.map((e) => e.message).join(" ");
      appoint.disabled = !allowed;
      return;
    }
    const result = answer.data.applyChanges;
    if (result.__typename === "Applied") {
      appointStatus.replaceChildren(ui.appointed.replace("{id}", result.auditId) + " ");
      const link = element("a", null, ui.see_body);
      link.href = "/bodies/" + encodeURIComponent(wanted.body) + (wanted.startsOn ? "?asOf=" + wanted.startsOn : "");
      appointStatus.append(link);
      allowed = false; // the same appointment again would be a second seat: check anew first
    } else {
      appointStatus.textContent = ui.refused_on_apply.replace("{id}", result.refusal ?? "–");
      showCheck({ allowed: false, ruleSetVersion: "", violations: result.violations });
      appoint.disabled = true;
    }
  });

  // The form may be filled before this script runs (a page asked for again with the token,
  // a restored form): offer the person's organisation and check what is there.
  offerOwnOrganisation();
  check();
})();
