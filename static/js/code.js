// The Code panel: a language switcher, and Download, which saves the chosen program as the
// file its run command names. The panel comes in by htmx; once shown it stays shown, in the
// language picked, when a live update redraws the result (this page's memory only: nothing
// is stored). Without JavaScript every language is listed and the switcher is hidden.
(function () {
  "use strict";

  let chosen = null;

  function choose(language) {
    const panel = document.getElementById("code-panel");
    if (!panel) return;
    const select = panel.querySelector("[data-code-switch]");
    if (!select || !panel.querySelector(`#snippet-${CSS.escape(language)}`)) return;
    chosen = language;
    select.value = language;
    panel.querySelectorAll(".snippet").forEach((figure) => {
      figure.classList.toggle("chosen", figure.dataset.language === language);
    });
  }

  function download(button) {
    const source = document.getElementById(button.dataset.download);
    if (!source) return;
    const blob = new Blob([source.textContent], { type: "text/plain;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.dataset.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-code-switch]")) choose(event.target.value);
  });

  // "Show the code" asked by the user (not the redraw below): the button is replaced by the
  // panel, so the focus goes to the panel's language switcher instead of the page's top.
  let asked = false;

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-download]");
    if (button) download(button);
    if (event.isTrusted && event.target.closest("button.show-code")) asked = true;
  });

  // After a swap: a freshly fetched panel shows the language last picked; a redrawn result
  // whose panel is back to its button fetches the panel again if it was open.
  document.addEventListener("htmx:afterSettle", () => {
    const panel = document.getElementById("code-panel");
    if (!panel) return;
    const select = panel.querySelector("[data-code-switch]");
    if (select) {
      choose(chosen === null ? select.value : chosen);
      if (asked) select.focus();
      asked = false;
      return;
    }
    const show = panel.querySelector("button.show-code");
    if (show && chosen !== null) show.click();
  });
})();
