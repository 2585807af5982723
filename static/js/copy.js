// Copying the real bytes. The page draws invisible characters as markers (␊, ·, →): the
// markers are CSS generated content and the real characters stay in the page, so a copy
// never takes a marker. Panes marked `data-exact` hold their text and nothing else; a
// selection inside one is copied as exactly those characters (the browser's own copy would
// turn a no-break space into a space and drop a final line feed). Copy buttons copy an
// element's text, the whole string when its pane shows only the start, or that string as an
// escaped literal; when the browser gives the page no clipboard, they say why.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  // The characters a page cannot hold as they are (NUL) carry their code point instead.
  function exactText(contents) {
    contents.querySelectorAll("[data-cp]").forEach((element) => {
      element.textContent = String.fromCodePoint(Number(element.dataset.cp));
    });
    return contents.textContent;
  }

  // A JSON string literal, as JSON.stringify writes it, with invisible characters escaped
  // too: `"POST\n/v1/devices\n..."`.
  const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]/gu;
  const unit = (code) => `\\u${code.toString(16).padStart(4, "0")}`;
  function literal(text) {
    return JSON.stringify(text).replace(INVISIBLE, (char) =>
      char === " " ? char : Array.from(char.split(""), (c) => unit(c.charCodeAt(0))).join(""));
  }

  // The text of the element a button copies: as shown, or fetched whole when its pane is cut
  // ("… more characters not shown"), the way "Show all" fetches it.
  function textFor(button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return Promise.reject(new Error("there is nothing to copy yet"));
    const pane = source.closest(".pane");
    if (!button.dataset.copyPart || !pane || !pane.querySelector(".cut")) {
      return Promise.resolve(exactText(source.cloneNode(true)));
    }
    const form = document.getElementById("sign-form");
    const body = new FormData(form);
    body.set("part", "1");
    body.set("expand", button.dataset.copyPart);
    return fetch(form.getAttribute("action"), { method: "POST", body, credentials: "same-origin" })
      .then((answer) => {
        if (!answer.ok) throw new Error(`the whole string could not be fetched (the server answered ${answer.status})`);
        return answer.text();
      })
      .then((html) => {
        const whole = new DOMParser().parseFromString(html, "text/html").getElementById(source.id);
        if (!whole) throw new Error("the whole string could not be fetched");
        return exactText(whole);
      });
  }

  // Without the Clipboard API (a page served over plain http, not from localhost), the old
  // copy command may still work: it fires a copy event, which puts the text in as it is.
  function legacyCopy(text) {
    const put = (event) => {
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    document.addEventListener("copy", put, { capture: true });
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.removeEventListener("copy", put, { capture: true });
    return copied;
  }

  const BY_HAND = "Select the text and press Ctrl+C (⌘C on a Mac).";

  function whyNot(error) {
    if (error && error.name === "NotAllowedError") return `the browser did not allow it (clipboard permission). ${BY_HAND}`;
    if (error && error.message) return error.message.endsWith(".") ? error.message : `${error.message}.`;
    return `the browser refused. ${BY_HAND}`;
  }

  function noClipboard() {
    return window.isSecureContext
      ? `this browser gives pages no clipboard. ${BY_HAND}`
      : `browsers give a clipboard only to secure pages (https, or localhost), and this one is plain http. ${BY_HAND}`;
  }

  function note(button) {
    let element = button.nextElementSibling;
    if (!element || !element.classList.contains("copy-note")) {
      element = document.createElement("span");
      element.className = "copy-note";
      element.setAttribute("role", "alert");
      button.after(element);
    }
    return element;
  }

  // Copy `text` (a string or a promise of one) and say how it went on `button`.
  function copy(text, button) {
    const pending = Promise.resolve(text);
    const clipboard = navigator.clipboard;
    let written;
    if (clipboard && clipboard.write && window.ClipboardItem) {
      // A promise inside the item keeps the click's permission while the text is fetched.
      const blob = pending.then((value) => new Blob([value], { type: "text/plain" }));
      written = clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    } else if (clipboard && clipboard.writeText) {
      written = pending.then((value) => clipboard.writeText(value));
    } else {
      written = pending.then((value) => {
        if (!legacyCopy(value)) throw new Error(noClipboard());
      });
    }
    written.then(() => {
      const label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.textContent = "Copied";
      note(button).textContent = "";
      setTimeout(() => { button.textContent = label; }, 1500);
    }, (error) => {
      note(button).textContent = `✖ Not copied: ${whyNot(error)}`;
    });
  }
  window.sigscopeCopy = copy;

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const text = textFor(button);
    copy(button.dataset.copyAs === "literal" ? text.then(literal) : text, button);
  });

  document.addEventListener("copy", (event) => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount !== 1 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const start = range.commonAncestorContainer;
    const exact = (start.nodeType === Node.ELEMENT_NODE ? start : start.parentElement).closest("[data-exact]");
    if (!exact || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", exactText(range.cloneContents()));
    event.preventDefault();
  });
})();
