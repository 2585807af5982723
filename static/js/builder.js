// The `custom` scheme's builder: the parts of the string to sign, in order, and every option,
// as controls drawn from the description model's menus (app/web/builder.py, in the builder's
// `data-builder`). The description's JSON text area stays the source of truth: each control
// writes it and fires its `input`, so the page's live update signs it like any field; typing
// in it redraws the controls once it parses. Without JavaScript the text area is the editor.
(function () {
  "use strict";

  let root = null;
  let model = null;
  let kinds = new Map();
  // The description being built: the JSON text's object, as parsed.
  let description = {};
  // While the builder writes the text area, its own `input` must not redraw the builder.
  let writing = false;
  // The text before the last "Load" or import, for "Undo".
  let previous = null;
  // The text the controls were last drawn from: the same text is not drawn again.
  let lastRead = null;
  // Separators being typed ("other…" picked): their text field stays, whatever they hold.
  const typingOther = new Set();
  // Which parts' options are open, by index, across redraws.
  let open = new Set();

  const textarea = () => document.getElementById("f-description");

  // --- DOM helpers: text goes in as text, never as HTML.

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") element.textContent = value;
      else if (name === "class") element.className = value;
      else if (name === "value" || name === "checked") element[name] = value;
      else element.setAttribute(name, value === true ? "" : value);
    }
    element.append(...children.filter((child) => child !== null && child !== ""));
    return element;
  }

  // `code` spans of a model's help, as <code>.
  function withCode(text) {
    return text.split("`").map((piece, index) => (index % 2 ? h("code", { text: piece }) : piece));
  }

  // --- Text options are typed with escapes: a newline separator is `\n`.

  const ESCAPE = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\" };
  const UNESCAPE = { n: "\n", r: "\r", t: "\t", "\\": "\\" };
  const shown = (text) => String(text).replace(/[\n\r\t\\]/g, (c) => ESCAPE[c]);
  const typed = (text) => text.replace(/\\([nrt\\])/g, (_, c) => UNESCAPE[c]);

  // --- Paths into the description: `travel.place.headers`, `parts.2.sort`.

  function get(path) {
    return path.split(".").reduce((node, name) => (node && typeof node === "object" ? node[name] : undefined), description);
  }

  function has(path) {
    const names = path.split(".");
    const parent = names.length > 1 ? get(names.slice(0, -1).join(".")) : description;
    return parent !== null && typeof parent === "object" && Object.prototype.hasOwnProperty.call(parent, names[names.length - 1]);
  }

  function set(path, value) {
    const names = path.split(".");
    let node = description;
    for (const name of names.slice(0, -1)) {
      if (!node[name] || typeof node[name] !== "object") node[name] = {};
      node = node[name];
    }
    const last = names[names.length - 1];
    if (value === undefined) delete node[last]; else node[last] = value;
  }

  // --- The JSON text: one line per part (and per own mistake), as the shipped files read.

  function compact(value) {
    if (Array.isArray(value)) return `[${value.map(compact).join(", ")}]`;
    if (value && typeof value === "object") {
      return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`).join(", ")}}`;
    }
    return JSON.stringify(value);
  }

  function format(object) {
    const lines = Object.entries(object).map(([key, value]) => {
      const head = `  ${JSON.stringify(key)}: `;
      if (Array.isArray(value) && value.some((item) => item && typeof item === "object")) {
        return `${head}[\n${value.map((item) => `    ${compact(item)}`).join(",\n")}\n  ]`;
      }
      return head + compact(value);
    });
    return lines.length ? `{\n${lines.join(",\n")}\n}` : "{}";
  }

  function announce(message, undo) {
    document.getElementById("b-status").textContent = message;
    document.getElementById("b-undo").hidden = !undo;
  }

  // The builder's description, written to the text area; its `input` starts the live update.
  function write(message) {
    const field = textarea();
    writing = true;
    field.value = format(description);
    lastRead = field.value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    writing = false;
    if (message) announce(message, false);
  }

  // Text put in the text area whole ("Load", an imported file, "Undo"): the old one kept.
  function replaceText(text, message) {
    const field = textarea();
    previous = field.value;
    writing = true;
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    writing = false;
    open = new Set();
    readText();
    announce(message, true);
  }

  // --- Reading the text area: the controls follow it when it parses; otherwise they wait,
  // disabled, and the text stays as typed.

  function invalid(message) {
    const note = document.getElementById("b-invalid");
    note.textContent = message;
    note.hidden = false;
    document.getElementById("b-controls").disabled = true;
  }

  function readText() {
    const text = textarea().value;
    if (text === lastRead) return;
    lastRead = text;
    let parsed;
    try {
      parsed = text.trim() ? JSON.parse(text) : {};
    } catch (error) {
      invalid(`✖ The JSON does not parse yet (${error.message}). The builder waits for it to parse; your text stays as typed.`);
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      invalid("✖ A description is a JSON object: { \"title\": …, \"parts\": […] }. The builder waits for one.");
      return;
    }
    description = parsed;
    document.getElementById("b-invalid").hidden = true;
    document.getElementById("b-controls").disabled = false;
    render();
  }

  // --- Drawing the controls.

  function choiceWords(option, value) {
    const found = (option.choices || []).find(([choice]) => choice === value);
    return found ? found[1] : shown(value);
  }

  function control(option, path, value, id) {
    const help = option.help ? `${id}-help` : null;
    const label = h("label", { for: id, text: option.label });
    const described = { "aria-describedby": help, "data-path": path, "data-control": option.control, "data-focus": id, id };
    let input;
    if (option.control === "check") {
      input = h("input", { type: "checkbox", checked: value === true, ...described });
      return h("div", { class: "b-option b-check" }, h("label", { for: id }, input, ` ${option.label}`), helpText(option, help));
    }
    if (option.control === "choice") {
      const known = option.choices.some(([choice]) => choice === value);
      input = h("select", described,
        ...option.choices.map(([choice, words]) => h("option", { value: choice, text: words })),
        known ? null : h("option", { value: "", text: `${shown(JSON.stringify(value))} (not allowed)` }));
      input.value = known ? value : "";
    } else if (option.control === "separator") {
      return separator(option, path, value, id, help);
    } else if (option.control === "names") {
      return names(option, path, value, id, help, described);
    } else {
      const text = value === null || value === undefined ? "" : option.control === "text" ? shown(value) : String(value);
      input = h("input", { value: text, spellcheck: "false", autocapitalize: "off", inputmode: option.control === "number" ? "numeric" : null, ...described });
    }
    return h("div", { class: option.path === "title" ? "b-option b-wide" : "b-option" }, label, input, helpText(option, help));
  }

  function helpText(option, id) {
    return id ? h("p", { class: "hint", id }, ...withCode(option.help)) : null;
  }

  // The separator: the common ones in a menu (the line endings first), any other typed.
  function separator(option, path, value, id, help) {
    const preset = typingOther.has(path) ? undefined : option.presets.find(([text]) => text === value);
    const menu = h("select", { id, "data-path": path, "data-control": "separator", "data-focus": id, "aria-describedby": help },
      ...option.presets.map(([text, words], index) => h("option", { value: String(index), text: words })),
      h("option", { value: "other", text: "other…" }));
    menu.value = preset ? String(option.presets.indexOf(preset)) : "other";
    const other = preset ? null : h("input", {
      id: `${id}-other`, value: shown(value === undefined ? "" : value), "data-path": path, "data-control": "text",
      "data-focus": `${id}-other`, "aria-label": `${option.label}: other separator`, spellcheck: "false",
    });
    return h("div", { class: "b-option" }, h("label", { for: id, text: option.label }), menu, other, helpText(option, help));
  }

  // A list of names, comma-separated; one that may be `null` ("every header") has a checkbox.
  function names(option, path, value, id, help, described) {
    const every = option.nullable && (value === null || value === undefined);
    const input = every ? null : h("input", { value: Array.isArray(value) ? value.join(", ") : shown(JSON.stringify(value)), spellcheck: "false", autocapitalize: "off", ...described });
    const all = option.nullable ? h("label", { class: "check" },
      h("input", { type: "checkbox", checked: every, "data-path": path, "data-control": "every", "data-focus": `${id}-every`, id: `${id}-every` }),
      " every one the request has") : null;
    return h("div", { class: "b-option" }, h("label", { for: every ? `${id}-every` : id, text: option.label }), all, input, helpText(option, help));
  }

  function summary(part, kind) {
    if (!kind) return "";
    const words = [];
    for (const name of kind.options) {
      if (!Object.prototype.hasOwnProperty.call(part, name) || part[name] === kind.defaults[name]) continue;
      const option = model.part_options[name];
      const value = part[name];
      if (option.control === "choice") words.push(choiceWords(option, value));
      else if (option.control === "check") words.push(value ? option.label.toLowerCase() : `not: ${option.label.toLowerCase()}`);
      else if (Array.isArray(value)) words.push(value.join(", "));
      else words.push(`${name.replace(/_/g, " ")} ${JSON.stringify(value)}`);
    }
    return words.join(" · ");
  }

  function moveButton(symbol, action, index, label, disabled) {
    return h("button", { type: "button", class: "secondary b-icon", "data-action": action, "data-index": String(index), "data-focus": `${action}-${index}`, "aria-label": label, title: label, disabled, text: symbol });
  }

  function partItem(part, index, count) {
    const kind = kinds.get(part && part.kind);
    const title = kind ? kind.title : `Unknown kind ${shown(JSON.stringify(part && part.kind))}`;
    const n = index + 1;
    const named = `part ${n} (${title})`;
    const options = kind
      ? kind.options.map((name) => {
        const option = model.part_options[name];
        const value = Object.prototype.hasOwnProperty.call(part, name) ? part[name] : kind.defaults[name];
        return control(option, `parts.${index}.${name}`, value, `b-p${index}-${name.replace(/_/g, "-")}`);
      })
      : [h("p", { class: "hint", text: `Kinds: ${model.kinds.map((k) => k.kind).join(", ")}. Fix it in the JSON, or remove this part.` })];
    const details = h("details", { class: "b-part", "data-index": String(index) },
      h("summary", { "data-focus": `summary-${index}` },
        h("span", { class: "b-n", text: `${n}.` }), " ", h("strong", { text: title }),
        h("span", { class: "b-summary", text: summary(part || {}, kind) })),
      kind && kind.help ? h("p", { class: "hint" }, ...withCode(kind.help)) : null,
      h("div", { class: "b-options" }, ...options));
    details.open = open.has(index);
    return h("li", { class: "b-item", "data-index": String(index) }, details,
      h("div", { class: "b-move" },
        moveButton("↑", "up", index, `Move ${named} up`, index === 0),
        moveButton("↓", "down", index, `Move ${named} down`, index === count - 1),
        moveButton("✕", "remove", index, `Remove ${named}`, false)));
  }

  // A section is drawn when each optional section it is inside is switched on.
  function reachable(section) {
    return model.sections.every((outer) => !outer.optional || outer === section || !section.path.startsWith(`${outer.path}.`) || has(outer.path));
  }

  function sectionSet(section, index) {
    const on = !section.optional || (has(section.path) && get(section.path) !== null);
    const id = `b-s${index}`;
    const legend = section.optional
      ? h("legend", {}, h("label", { class: "check" }, h("input", { type: "checkbox", id, checked: on, "data-section": String(index), "data-focus": id }), ` ${section.legend}`))
      : h("legend", { text: section.legend });
    const options = on ? section.options.map((option) => {
      const value = has(option.path) ? get(option.path) : option.default;
      return control(option, option.path, value, `b-${option.path.replace(/[._]/g, "-")}`);
    }) : [];
    return h("fieldset", { class: on ? "b-section" : "b-section b-off" }, legend,
      section.help && on ? h("p", { class: "hint" }, ...withCode(section.help)) : null,
      options.length ? h("div", { class: "b-options" }, ...options) : null);
  }

  function render(focus) {
    const key = focus || (root.contains(document.activeElement) && document.activeElement.dataset.focus);
    const parts = Array.isArray(description.parts) ? description.parts : [];
    document.getElementById("b-parts").replaceChildren(...parts.map((part, index) => partItem(part, index, parts.length)));
    document.getElementById("b-sections").replaceChildren(
      ...model.sections.map((section, index) => (reachable(section) ? sectionSet(section, index) : null)).filter(Boolean));
    if (key) {
      const target = root.querySelector(`[data-focus="${CSS.escape(key)}"]`);
      if (target && !target.disabled) target.focus();
    }
    markError();
  }

  // --- What the controls do.

  function valueOf(input) {
    const kind = input.dataset.control;
    if (kind === "check") return input.checked;
    if (kind === "every") return input.checked ? undefined : [];
    if (kind === "names") return input.value.split(",").map((name) => name.trim()).filter(Boolean);
    if (kind === "number") return /^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value;
    if (kind === "text") {
      const option = optionAt(input.dataset.path);
      return option && option.nullable && input.value === "" ? undefined : typed(input.value);
    }
    return input.value;
  }

  function optionAt(path) {
    const name = path.split(".").pop();
    if (path.startsWith("parts.")) return model.part_options[name];
    for (const section of model.sections) {
      const found = section.options.find((option) => option.path === path);
      if (found) return found;
    }
    return null;
  }

  function onInput(event) {
    event.stopPropagation();  // the builder's fields are not the form's: the text area is
    const input = event.target;
    if (!input.dataset.path || input.tagName === "SELECT" || input.type === "checkbox") return;
    set(input.dataset.path, valueOf(input));
    write();
    const item = input.closest(".b-item");
    if (item) {
      const index = Number(item.dataset.index);
      item.querySelector(".b-summary").textContent = summary(description.parts[index], kinds.get(description.parts[index].kind));
    }
  }

  function onChange(event) {
    event.stopPropagation();
    const input = event.target;
    if (input.id === "b-file") return importFile(input);
    if (input.dataset.section !== undefined) {
      const section = model.sections[Number(input.dataset.section)];
      set(section.path, input.checked ? JSON.parse(JSON.stringify(section.starter)) : undefined);
      write(`${section.legend}: ${input.checked ? "on" : "off"}.`);
      render(input.dataset.focus);
      return;
    }
    if (!input.dataset.path || !(input.tagName === "SELECT" || input.type === "checkbox")) return;
    if (input.dataset.control === "separator") {
      const option = optionAt(input.dataset.path);
      const preset = option.presets[Number(input.value)];
      if (preset) {
        typingOther.delete(input.dataset.path);
        set(input.dataset.path, preset[0]);
      } else {
        typingOther.add(input.dataset.path);
        render(`${input.id}-other`);
        return;
      }
    } else if (input.value !== "" || input.type === "checkbox") {
      set(input.dataset.path, valueOf(input));
    }
    write();
    render(input.dataset.focus);
  }

  function move(index, by) {
    const parts = description.parts;
    const [part] = parts.splice(index, 1);
    parts.splice(index + by, 0, part);
    const wasOpen = open.has(index);
    const other = open.has(index + by);
    open.delete(index); open.delete(index + by);
    if (wasOpen) open.add(index + by);
    if (other) open.add(index);
    const kind = kinds.get(part && part.kind);
    write(`Moved ${kind ? kind.title : "the part"} ${by < 0 ? "up" : "down"}: now part ${index + by + 1} of ${parts.length}.`);
    const edge = index + by === 0 || index + by === parts.length - 1;
    const action = by < 0 ? "up" : "down";
    render(edge ? `${action === "up" ? "down" : "up"}-${index + by}` : `${action}-${index + by}`);
  }

  function remove(index) {
    const [part] = description.parts.splice(index, 1);
    open = new Set(Array.from(open, (i) => (i > index ? i - 1 : i)).filter((i) => i !== index));
    const kind = kinds.get(part && part.kind);
    write(`Removed ${kind ? kind.title : "the part"}.`);
    const left = description.parts.length;
    render(left ? `remove-${Math.min(index, left - 1)}` : "b-kind");
  }

  function add() {
    const kind = kinds.get(document.getElementById("b-kind").value);
    if (!Array.isArray(description.parts)) description.parts = [];
    description.parts.push(JSON.parse(JSON.stringify(kind.starter)));
    const index = description.parts.length - 1;
    open.add(index);
    write(`Added ${kind.title}: part ${index + 1}.`);
    render(`summary-${index}`);
  }

  function fileName() {
    const title = typeof description.title === "string" ? description.title : "";
    return `${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "scheme"}.json`;
  }

  function download() {
    const url = URL.createObjectURL(new Blob([textarea().value], { type: "application/json" }));
    const link = h("a", { href: url, download: fileName(), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(`Downloaded ${link.download}.`, false);
  }

  function importFile(input) {
    const [file] = input.files;
    if (!file) return;
    file.text().then((text) => replaceText(text, `Imported ${file.name}.`));
    input.value = "";
  }

  function load() {
    const start = model.starts.find((s) => s.id === document.getElementById("b-start").value);
    if (start) replaceText(format(JSON.parse(start.text)), `Loaded ${start.title}.`);
  }

  function undo() {
    if (previous === null) return;
    replaceText(previous, "Undone: the description is back as it was.");
    document.getElementById("b-undo").hidden = true;
  }

  const ACTIONS = {
    "b-add": add,
    "b-load": load,
    "b-download": download,
    "b-copy": (button) => window.sigscopeCopy(textarea().value, button),
    "b-import": () => document.getElementById("b-file").click(),
    "b-undo": undo,
  };

  function onClick(event) {
    const button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    const index = Number(button.dataset.index);
    if (button.dataset.action === "up") move(index, -1);
    else if (button.dataset.action === "down") move(index, 1);
    else if (button.dataset.action === "remove") remove(index);
    else if (ACTIONS[button.id]) ACTIONS[button.id](button);
  }

  // --- The model's error (`parts[2].sort` ...), as the result or the field shows it: the
  // part it names is marked, and the message repeated in the builder.

  // The message's nodes (its code spans kept): under the field, or in the result.
  function modelError() {
    const flagged = document.getElementById("error-description");
    if (flagged) return Array.from(flagged.childNodes, (node) => node.cloneNode(true));
    const shownError = document.querySelector('#result [data-error-field="description"]');
    return shownError ? ["✖ ", ...withCode(shownError.dataset.errorMessage)] : [];
  }

  function markError() {
    if (!root) return;
    // A text that does not parse is said once, by the builder (`b-invalid`).
    const nodes = document.getElementById("b-controls").disabled ? [] : modelError();
    const note = document.getElementById("b-model-error");
    note.hidden = !nodes.length;
    note.replaceChildren(...nodes);
    const match = /\bparts\[(\d+)\]/.exec(note.textContent);
    root.querySelectorAll(".b-item").forEach((item) => {
      item.classList.toggle("b-error", match !== null && item.dataset.index === match[1]);
    });
  }

  function init() {
    root = document.getElementById("builder");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    lastRead = null;
    model = JSON.parse(root.dataset.builder);
    kinds = new Map(model.kinds.map((kind) => [kind.kind, kind]));
    open = new Set();
    root.hidden = false;
    root.addEventListener("input", onInput);
    root.addEventListener("change", onChange);
    root.addEventListener("click", onClick);
    root.addEventListener("toggle", (event) => {
      const index = Number(event.target.dataset.index);
      if (event.target.open) open.add(index); else open.delete(index);
    }, true);
    readText();
  }

  // The text area typed in, or filled by a share link (which then fires the menu's `input`).
  function follow(event) {
    if (writing || !root || !event.target.closest) return;
    if (event.target.id === "f-description" || event.target.name === "scheme") readText();
  }

  document.addEventListener("input", follow);
  document.addEventListener("change", follow);
  document.addEventListener("DOMContentLoaded", init);
  // An import swaps the whole page, the builder with it.
  document.addEventListener("htmx:afterSettle", () => { init(); markError(); });
  document.addEventListener("htmx:afterRequest", () => setTimeout(markError, 0));
})();
