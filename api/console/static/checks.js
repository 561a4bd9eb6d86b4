// Checking changes before they are taken: checkChanges, then applyChanges, and the findings in words.
// Shared by the what-if form (what-if.js) and the pages' change forms (changes.js).
(() => {
  "use strict";
  const { ui, lang, gql } = window.boliv;
  const words = JSON.parse(document.getElementById("boliv-words").textContent);
  const LANG = lang.toUpperCase();

  const violationFields = (explain) => "rule severity introduced source message(lang: $lang)" + (explain ? " explanation(lang: $lang)" : "");
  const checkDocument = (explain) => `query Check($changes: [ChangeInput!]!, $asOf: Date, $lang: Language) {
    checkChanges(changes: $changes, asOf: $asOf) { allowed ruleSetVersion violations { ${violationFields(explain)} } } }`;
  const APPLY = `mutation Apply($changes: [ChangeInput!]!, $asOf: Date, $justification: String, $lang: Language) {
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

  function group(title, list, level) {
    if (!list.length) return [];
    const items = element("ul", "violations");
    items.append(...list.map(violationItem));
    return [element(level || "h3", null, title), items];
  }

  // What a check found: what the changes introduce and what stands already.
  function findingNodes(check, level) {
    const introduced = check.violations.filter((v) => v.introduced);
    const standing = check.violations.filter((v) => !v.introduced);
    const nodes = [...group(ui.introduces, introduced, level), ...group(ui.already_standing, standing, level)];
    if (!nodes.length) nodes.push(element("p", null, ui.nothing_found));
    if (check.ruleSetVersion) nodes.push(element("p", "meta", ui.rule_set_version + " " + check.ruleSetVersion));
    return nodes;
  }

  const check = (changes, asOf, explain = true) => gql(checkDocument(explain), { changes, asOf, lang: LANG });
  const apply = (changes, asOf, justification) => gql(APPLY, { changes, asOf, justification, lang: LANG });

  window.boliv.checks = { element, findingNodes, check, apply };
})();
