// Sigscope's page behaviour. Everything here is an enhancement: without JavaScript the form
// posts and the whole page renders. No inline handlers (the CSP forbids them) and no storage:
// the secret never goes to localStorage, a URL the page navigates to, or history.
(function () {
  "use strict";

  const form = () => document.getElementById("sign-form");
  // The fields a share link carries are the ones the page marks `data-share` (the secret
  // never is: it goes in only when "Include secret" is ticked), less those of other schemes
  // (a custom description is not carried by a link to an ActionStreamer request).
  const forScheme = (field, scheme) => {
    const owner = field.closest("[data-schemes]");
    return !owner || owner.dataset.schemes.split(" ").includes(scheme);
  };
  const sharedNames = () => {
    const scheme = form().elements.scheme.value;
    const fields = Array.from(form().querySelectorAll("[data-share]")).filter((field) => forScheme(field, scheme));
    return new Set(fields.map((field) => field.name));
  };

  function changed(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function showSchemeFields() {
    const scheme = form().elements.scheme.value;
    document.querySelectorAll("[data-schemes]").forEach((element) => {
      element.hidden = !element.dataset.schemes.split(" ").includes(scheme);
    });
  }

  function setHeader(lines, name, value) {
    const index = lines.findIndex((line) => line.split(":")[0].trim().toLowerCase() === name.toLowerCase());
    const line = `${name}: ${value}`;
    if (index >= 0) lines[index] = line; else lines.push(line);
  }

  // "Add the SDK's own headers": the headers a variant's clients add, as its declaration
  // lists them (`data-headers`), with the API key, the time and a fresh nonce filled in.
  function addOwnHeaders(button) {
    const f = form();
    const values = {
      api_key: f.elements.api_key ? f.elements.api_key.value : "",
      now: String(Math.floor(Date.now() / 1000)),
      nonce: crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2),
    };
    const headers = f.elements.headers;
    const lines = headers.value.split(/\r?\n/).filter((line) => line.trim() !== "");
    for (const [name, template] of JSON.parse(button.dataset.headers)) {
      setHeader(lines, name, template.replace(/\{(api_key|now|nonce)\}/g, (_, key) => values[key]));
    }
    headers.value = lines.join("\n");
    changed(headers);
  }

  function encodeState(includeSecret) {
    const f = form();
    const state = {};
    for (const name of sharedNames()) {
      const field = f.elements[name];
      if (field) state[name] = field.type === "checkbox" && !field.checked ? "" : field.value;
    }
    if (includeSecret) state.secret = f.elements.secret.value;
    const bytes = new TextEncoder().encode(JSON.stringify(state));
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeState(text) {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(padded + "===".slice((padded.length + 3) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function restoreFromFragment() {
    const match = location.hash.match(/^#state=([A-Za-z0-9_-]+)$/);
    if (!match) return;
    let state;
    try {
      state = decodeState(match[1]);
    } catch (error) {
      document.getElementById("status").textContent = "This link's request could not be read.";
      return;
    }
    const f = form();
    for (const [name, value] of Object.entries(state)) {
      const field = f.elements[name];
      if (!field || typeof value !== "string") continue;
      if (field instanceof RadioNodeList) {
        field.forEach((radio) => { radio.checked = radio.value === value; });
      } else if (field.type === "checkbox") {
        field.checked = value === field.value;
      } else {
        field.value = value;
        // A field restored inside a closed section (Compare strings) opens it.
        const section = field.closest("details");
        if (section && value) section.open = true;
      }
    }
    if (!("secret" in state)) f.elements.secret.value = "";
    // Keep the state (and any secret in it) out of the address bar and this history entry.
    history.replaceState(null, "", location.pathname);
    showSchemeFields();
    changed(f.elements.scheme);
  }

  // Copy buttons (copy.js) say "Copied", or why not.
  function copyText(text, button) {
    window.sigscopeCopy(text, button);
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    if (target.name === "break_signature") {
      // "Break it": send the mistaken signature, and watch the diagnosis find the mistake.
      event.preventDefault();
      const field = form().elements.signature;
      field.value = target.value;
      changed(field);
      return;
    }
    if (target.dataset.headers) addOwnHeaders(target);
    if (target.dataset.nowFor) {
      const field = document.getElementById(target.dataset.nowFor);
      field.value = String(Math.floor(Date.now() / 1000));
      changed(field);
    }
    if (target.id === "copy-link") {
      const includeSecret = document.getElementById("share-secret").checked;
      const link = `${location.origin}${location.pathname}#state=${encodeState(includeSecret)}`;
      document.getElementById("share-link").value = link;
      copyText(link, target);
    }
  });

  document.addEventListener("change", (event) => {
    const id = event.target.id;
    if (event.target.name === "scheme") {
      showSchemeFields();
      // The opening example's signature is ActionStreamer's: under another scheme it would
      // be a false "Mismatch" for someone who only picked a scheme.
      if (document.getElementById("opening")) form().elements.signature.value = "";
    }
    if (id === "show-secret") form().elements.secret.type = event.target.checked ? "text" : "password";
    if (id === "share-secret") {
      document.getElementById("share-warning").hidden = !event.target.checked;
      document.getElementById("share-link").value = "";
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    showSchemeFields();
    restoreFromFragment();
  });
})();
