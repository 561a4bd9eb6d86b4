// boliv console: the signed-in token (sessionStorage), a GraphQL helper, fragments that need the token.
(() => {
  "use strict";
  const KEY = "boliv-token";
  const ui = JSON.parse(document.getElementById("boliv-ui").textContent);
  const lang = document.documentElement.lang === "en" ? "en" : "da";

  const token = () => sessionStorage.getItem(KEY);
  const authHeaders = () => (token() ? { Authorization: "Bearer " + token() } : {});

  async function gql(query, variables) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": lang, ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  }

  async function whoIs(candidate) {
    const response = await fetch("/session", { headers: candidate ? { Authorization: "Bearer " + candidate } : {} });
    return response.json();
  }

  // Server-rendered fragments that only some roles may see (the audit trail).
  async function loadFragments() {
    for (const holder of document.querySelectorAll(".auth-fragment[data-src]")) {
      if (!token()) {
        holder.replaceChildren(Object.assign(document.createElement("p"), { textContent: ui.audit_sign_in }));
        continue;
      }
      const response = await fetch(holder.dataset.src + "&lang=" + lang, { headers: authHeaders() });
      holder.innerHTML = await response.text(); // our own server's escaped HTML
    }
  }

  const form = document.getElementById("signin");
  const signedIn = document.getElementById("signed-in");
  const status = document.getElementById("signin-status");

  function show(session) {
    const yes = Boolean(session && session.signedIn);
    form.hidden = yes;
    signedIn.hidden = !yes;
    document.getElementById("signed-in-as").textContent = yes ? ui.signed_in_as.replace("{name}", session.name).replace("{role}", session.role) : "";
    document.dispatchEvent(new CustomEvent("boliv:session", { detail: yes ? session : null }));
    loadFragments();
  }

  // Once role tokens exist, pages need a token to read: the server answers a sign-in page
  // (body[data-needs-token]); with a token, ask for the page again with it and show that.
  async function reopenWithToken() {
    if (!document.body.hasAttribute("data-needs-token") || !token()) return false;
    const response = await fetch(location.href, { headers: authHeaders() });
    if (!response.ok) return false;
    const html = await response.text();
    document.open();
    document.write(html);
    document.close();
    return true;
  }

  // A download link (the chart as SVG) fetched with the token, for when reads need one.
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[download]");
    if (!link || !token() || link.href.startsWith("blob:")) return;
    event.preventDefault();
    const response = await fetch(link.href, { headers: authHeaders() });
    if (!response.ok) {
      status.textContent = ui.download_failed;
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const save = Object.assign(document.createElement("a"), { href: url, download: link.getAttribute("download") });
    document.body.append(save);
    save.click();
    save.remove();
    URL.revokeObjectURL(url);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("signin-token");
    const session = await whoIs(input.value.trim());
    if (!session.signedIn) {
      status.textContent = ui.bad_token;
      input.focus();
      return;
    }
    sessionStorage.setItem(KEY, input.value.trim());
    input.value = "";
    status.textContent = "";
    if (await reopenWithToken()) return;
    show(session);
    document.getElementById("signout").focus(); // the sign-in form is gone; the "signed in as" line is announced
  });

  document.getElementById("signout").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    status.textContent = ui.signed_out;
    show(null);
    document.getElementById("signin-token").focus();
  });

  window.boliv = { ui, lang, token, gql };
  (async () => {
    const session = token() ? await whoIs(token()) : null;
    if (token() && !(session && session.signedIn)) sessionStorage.removeItem(KEY);
    if (session && session.signedIn && (await reopenWithToken())) return;
    show(session);
  })();
})();
