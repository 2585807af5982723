// Keeps what the user is changing next to what it changes. An enhancement: without
// JavaScript the form posts and the whole page renders.
//
// - The server-side inputs beside the window picture edit the form's own fields: typing in
//   one sets the form's field and lets the form's live update run, so the picture moves where
//   the presenter is looking. (Without JavaScript the server reads the edited copy itself.)
// - A comparison that first appears while the user types in the compare section is brought
//   into view; the focus stays in the field being typed in.
(function () {
  "use strict";

  document.addEventListener("input", (event) => {
    const copy = event.target;
    if (!(copy instanceof HTMLInputElement) || !copy.dataset.mirror) return;
    const form = document.getElementById("sign-form");
    const field = form && form.querySelector(`[name="${CSS.escape(copy.dataset.mirror)}"]`);
    if (!(field instanceof HTMLInputElement)) return;
    field.value = copy.value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });

  let comparedBefore = true;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id === "result") comparedBefore = document.getElementById("comparison") !== null;
  });

  document.addEventListener("htmx:afterSettle", () => {
    if (comparedBefore) return;
    comparedBefore = true;
    const comparison = document.getElementById("comparison");
    const typing = document.activeElement;
    if (!comparison || !typing || !typing.closest("#compare-section")) return;
    comparison.scrollIntoView({ block: "nearest" });
    if (document.activeElement !== typing) typing.focus({ preventScroll: true });
  });
})();
