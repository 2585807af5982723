// Keeps the answer where the user is looking. An enhancement like sigscope.js: without
// JavaScript the form posts and the whole page renders, verdict first.
//
// - A live update that fails on a half-typed field (a header without its colon yet) keeps the
//   last good result, dimmed, and shows the error under the field; an error on the line still
//   being typed waits until the field loses focus.
// - "Break it" scrolls to and focuses the verdict it produces; after an import the first field
//   still needed (usually the secret) is focused.
// - A live update brings the HMAC first and the lens a moment later: until it arrives the old
//   lens stays (marked busy) instead of a blank.
(function () {
  "use strict";

  let focusAfterSwap = "";
  let oldLens = null;
  // The lens cards open before an update ("Break it" from a card the presenter opened): the
  // lens that follows opens them again.
  let openCards = [];

  function fieldOf(name) {
    const form = document.getElementById("sign-form");
    const field = form && form.elements[name];
    return field instanceof Element ? field : null;
  }

  // The message of an error held back until its field loses focus, by field.
  const pending = new WeakMap();

  function clearFlag(field) {
    field.removeAttribute("aria-invalid");
    delete field.dataset.pendingError;
    pending.delete(field);
    const message = document.getElementById(`error-${field.name}`);
    if (message) message.remove();
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== `error-${field.name}`);
    if (described.length) field.setAttribute("aria-describedby", described.join(" ")); else field.removeAttribute("aria-describedby");
  }

  function clearFlags() {
    document.querySelectorAll("#sign-form [aria-invalid], #sign-form [data-pending-error]").forEach(clearFlag);
  }

  // `nodes`: the message as the server rendered it (its code spans), after its label.
  function flag(field, nodes) {
    clearFlag(field);
    field.setAttribute("aria-invalid", "true");
    const message = document.createElement("p");
    message.id = `error-${field.name}`;
    message.className = "field-error";
    message.append("✖ ", ...nodes.map((node) => document.importNode(node, true)));
    const anchor = field.closest(".row") || field;
    anchor.after(message);
    field.setAttribute("aria-describedby", `${message.id} ${field.getAttribute("aria-describedby") || ""}`.trim());
  }

  // The error names a line ("Headers, line 3: ..."): is it the last line, the one being typed?
  function onLineBeingTyped(field, text) {
    if (document.activeElement !== field) return false;
    const match = /line (\d+)/.exec(text);
    return match !== null && Number(match[1]) === field.value.split(/\r\n|\r|\n/).length;
  }

  function keepLastResult(event) {
    const detail = event.detail;
    if (detail.xhr.status !== 400) return;
    const result = document.getElementById("result");
    if (!result || !result.querySelector("#sig-hex, #string-to-sign")) return;
    const answer = new DOMParser().parseFromString(detail.serverResponse, "text/html");
    const error = answer.querySelector("[data-error-field]");
    const field = error && fieldOf(error.dataset.errorField);
    if (!field) return;
    detail.shouldSwap = false;
    result.classList.add("stale");
    const text = error.dataset.errorMessage;
    const nodes = Array.from(error.querySelector("p").childNodes).slice(1);
    document.getElementById("status").textContent = `Error: ${text}`;
    if (onLineBeingTyped(field, text)) {
      clearFlag(field);
      field.dataset.pendingError = text;
      pending.set(field, nodes);
    } else {
      flag(field, nodes);
    }
  }

  // Ticking a received header imports again (its own request, on `change`): its `input` must
  // not also start the form's live update, which would replace that request in flight.
  document.addEventListener("input", (event) => {
    if (event.target instanceof Element && event.target.closest("#received-headers")) event.stopPropagation();
  }, true);

  // "Next: type the Secret key": once the field is typed in, the prompt has done its work.
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof Element) || !field.hasAttribute("data-needed")) return;
    field.removeAttribute("data-needed");
    const prompt = document.getElementById(`need-${field.name}`);
    if (prompt) prompt.remove();
    const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== `need-${field.name}`);
    if (described.length) field.setAttribute("aria-describedby", described.join(" ")); else field.removeAttribute("aria-describedby");
  });

  // A secret typed over the opening example's demo one is the user's: an import keeps it.
  document.addEventListener("input", (event) => {
    const opening = document.getElementById("opening");
    if (opening && event.target.name === "secret") opening.remove();
  });

  document.addEventListener("focusout", (event) => {
    const field = event.target;
    if (field instanceof Element && pending.has(field)) flag(field, pending.get(field));
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && button.name === "break_signature") focusAfterSwap = "verdict";
  });

  // What an outerHTML swap replaces is detached afterwards: remember it by id.
  let swapping = "";

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    swapping = target ? target.id : "";
    if (swapping === "result") {
      keepLastResult(event);
      if (event.detail.shouldSwap) {
        oldLens = target.querySelector(".lens:not(.keyless)");
        openCards = Array.from(target.querySelectorAll("details.mistake[open]"), (card) => card.id);
      }
    }
    if (swapping === "lens-slot") {
      // A card opened in the dimmed old lens while the new one was on its way stays open.
      target.querySelectorAll("details.mistake[open]").forEach((card) => {
        if (!openCards.includes(card.id)) openCards.push(card.id);
      });
    }
  });

  function show(element) {
    element.scrollIntoView({ block: "start" });
    element.focus({ preventScroll: true });
  }

  document.addEventListener("htmx:afterSwap", () => {
    if (swapping === "result" || swapping === "page") {
      clearFlags();
      document.getElementById("result").classList.remove("stale");
    }
    if (swapping === "lens-slot") {
      openCards.forEach((id) => {
        const card = document.getElementById(id);
        if (card) card.open = true;
      });
      openCards = [];
    }
    const slot = document.getElementById("lens-slot");
    if (slot && oldLens) {
      // The old lens, dimmed, holds the place until the new one arrives.
      slot.replaceChildren(...oldLens.childNodes);
      slot.setAttribute("aria-busy", "true");
    }
    oldLens = null;
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (focusAfterSwap === "verdict" && swapping === "result") {
      focusAfterSwap = "";
      const verdict = document.getElementById("verdict");
      if (verdict) {
        verdict.tabIndex = -1;
        show(verdict);
      }
    }
    if (swapping === "page") {
      const needed = document.querySelector("[data-needed]");
      if (needed) {
        needed.scrollIntoView({ block: "center" });
        needed.focus({ preventScroll: true });
      }
    }
  });
})();
