// Carrying a case: the forms of the case page and the body page (form.case-action) call the
// case mutations with the signed-in token; the rules referee each step. An allowed step
// opens the page again to show where the case stands; a refusal is shown with its rules.
(() => {
  "use strict";
  const { ui, lang, gql, token } = window.boliv;
  const LANG = lang.toUpperCase();
  const RESULT = `__typename ... on Case { key stage } ... on Rejected { violations { rule severity message(lang: $lang) } }`;
  const MUTATIONS = {
    advance: [`mutation Advance($case: String!, $to: CaseStage!, $by: String!, $lang: Language) {
      result: advanceCase(case: $case, to: $to, by: $by) { ${RESULT} } }`,
      (form, data) => ({ case: data.case, to: data.to, by: form.elements.by.value })],
    answer: [`mutation Answer($case: String!, $recipient: String!, $text: String!, $lang: Language) {
      result: recordHearingAnswer(case: $case, recipient: $recipient, text: $text) { ${RESULT} } }`,
      (form, data) => ({ case: data.case, recipient: data.recipient, text: form.elements.text.value.trim() })],
    approve: [`mutation Approve($case: String!, $approver: String!, $decision: ApprovalDecision!, $lang: Language) {
      result: recordApproval(case: $case, approver: $approver, decision: $decision) { ${RESULT} } }`,
      (form, data, submitter) => ({ case: data.case, approver: data.approver, decision: submitter.value })],
    open: [`mutation Open($input: CaseInput!, $lang: Language) { result: openCase(input: $input) { ${RESULT} } }`,
      (form, data) => ({ input: {
        key: form.elements.key.value.trim(), title: form.elements.title.value.trim(), originator: data.originator,
        track: form.elements.track.value,
        coOriginators: [...form.querySelectorAll("input[name=coOriginators]:checked")].map((box) => box.value),
        concerns: [...form.querySelectorAll("input[name=concerns]:checked")].map((box) => box.value),
      } })],
  };

  function say(status, text, violations) {
    status.replaceChildren(Object.assign(document.createElement("p"), { textContent: text }));
    if (!violations || !violations.length) return;
    const list = Object.assign(document.createElement("ul"), { className: "violations" });
    for (const v of violations) {
      const item = Object.assign(document.createElement("li"), { className: "violation severity-" + v.severity.toLowerCase() });
      item.append(v.message + " ", Object.assign(document.createElement("code"), { className: "rule", textContent: v.rule }));
      list.append(item);
    }
    status.append(list);
  }

  for (const form of document.querySelectorAll("form.case-action")) {
    const status = form.querySelector(".case-status");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!token()) {
        say(status, ui.sign_in_to_act);
        document.getElementById("signin-token").focus();
        return;
      }
      const [document_, variablesOf] = MUTATIONS[form.dataset.action];
      const buttons = form.querySelectorAll("button");
      buttons.forEach((button) => { button.disabled = true; });
      say(status, ui.saving);
      const answer = await gql(document_, { ...variablesOf(form, form.dataset, event.submitter), lang: LANG });
      buttons.forEach((button) => { button.disabled = false; });
      if (answer.errors) {
        say(status, answer.errors.map((e) => e.message).join(" "));
        return;
      }
      const result = answer.data.result;
      if (result.__typename === "Rejected") {
        say(status, ui.refused_case, result.violations);
        return;
      }
      location.assign(form.dataset.go === "case" ? "/cases/" + encodeURIComponent(result.key) : location.pathname);
    });
  }
})();
