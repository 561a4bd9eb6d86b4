// The pages' change forms (form.change-form: ending a membership, carrying out a repair):
// "Check" asks checkChanges and shows what the rules say; only an allowed check enables
// the button that applies the same changes (applyChanges) with the justification typed.
(() => {
  "use strict";
  const { ui, token } = window.boliv;
  const { element, findingNodes, check, apply } = window.boliv.checks;

  const dayAfter = (iso) => {
    const day = new Date(iso + "T12:00:00Z");
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  };

  function wanted(form) {
    const changes = JSON.parse(form.dataset.changes);
    const field = form.dataset.dateField;
    if (!field) return { changes, asOf: form.dataset.asOf };
    const day = form.elements.day.value;
    for (const change of changes) for (const inner of Object.values(change)) inner[field] = day;
    // an end is judged on the first day without the member
    return { changes, asOf: field === "endsOn" ? dayAfter(day) : day };
  }

  function setUp(form) {
    const line = form.querySelector(".verdict-line");
    const findings = form.querySelector(".findings");
    const applyButton = form.querySelector(".apply-button");
    const status = form.querySelector(".apply-status");
    let checked = null;

    function forget() {
      checked = null;
      applyButton.disabled = true;
    }

    form.querySelector(".check-button").addEventListener("click", async () => {
      status.textContent = "";
      if (form.dataset.dateField && !form.elements.day.value) {
        form.elements.day.focus();
        return;
      }
      const asked = wanted(form);
      line.className = "verdict-line";
      line.textContent = ui.checking;
      const answer = await check(asked.changes, asked.asOf);
      if (answer.errors) {
        forget();
        line.className = "verdict-line refused";
        line.textContent = ui.check_failed;
        findings.replaceChildren(...answer.errors.map((e) => element("p", "notice notice-error", e.message)));
        return;
      }
      const result = answer.data.checkChanges;
      line.className = "verdict-line " + (result.allowed ? "allowed" : "refused");
      line.textContent = result.allowed ? ui.allowed : ui.refused;
      findings.replaceChildren(...findingNodes(result, "h4"));
      checked = result.allowed ? asked : null;
      applyButton.disabled = !checked;
    });

    // a changed day is a new question: check it again before applying
    form.addEventListener("input", (event) => { if (event.target.name === "day") forget(); });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!checked) return;
      if (!token()) {
        status.textContent = ui.sign_in_to_act;
        document.getElementById("signin-token").focus();
        return;
      }
      const justification = form.elements.justification.value.trim();
      if (!justification) {
        status.textContent = ui.justification_needed;
        form.elements.justification.focus();
        return;
      }
      applyButton.disabled = true;
      status.textContent = ui.applying;
      const answer = await apply(checked.changes, checked.asOf, justification);
      if (answer.errors) {
        status.textContent = answer.errors.map((e) => e.message).join(" ");
        applyButton.disabled = false;
        return;
      }
      const result = answer.data.applyChanges;
      if (result.__typename === "Applied") {
        status.replaceChildren(ui.applied.replace("{id}", result.auditId) + " ");
        const again = element("a", null, ui.reload);
        again.href = location.href;
        status.append(again);
        checked = null; // the same changes again would be a new question
      } else {
        status.textContent = ui.refused_on_save.replace("{id}", result.refusal ?? "–");
        findings.replaceChildren(...findingNodes({ violations: result.violations }, "h4"));
        checked = null;
      }
    });
  }

  document.querySelectorAll("form.change-form").forEach(setUp);
})();
