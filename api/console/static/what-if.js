// The what-if form: checkChanges as the person types, applyChanges when "appoint" is pressed.
(() => {
  "use strict";
  const form = document.getElementById("what-if");
  const { ui, token } = window.boliv;
  const explain = form.dataset.explanations === "yes";
  const verdictLine = document.getElementById("verdict-line");
  const findings = document.getElementById("findings");
  const appoint = document.getElementById("appoint");
  const appointStatus = document.getElementById("appoint-status");
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

  const { element, findingNodes } = window.boliv.checks;

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
    findings.replaceChildren(...findingNodes(check));
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
    const answer = await window.boliv.checks.check([{ appoint: wanted }], wanted.startsOn, explain);
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
    const answer = await window.boliv.checks.apply([{ appoint: wanted }], wanted.startsOn, value("justification"));
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
