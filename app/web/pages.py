"""The debugger page. One view: the whole page for a normal request (and for htmx history
restores), only the result fragment for htmx's live updates, and one pane of it when htmx
asks for a ``part`` ("Show all", a lens card opening). Without JavaScript the form posts and
the whole page renders (with the pane asked for whole), so the page works either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, abort, render_template, request

from app.core.compare import ActualSignature, Comparison, actual_signature, compare
from app.core.diagnose import Diagnosis, diagnose
from app.core.errors import InputError
from app.core.importers import ImportResult, import_text
from app.core.inputs import SignInput, parse_sign_input
from app.core.logged import Logged
from app.core.presets import OPENING, PRESETS, PRESETS_BY_ID
from app.core.s3error import signed_text, wanted_part
from app.core.signing import SignResult, sign
from app.core.snippets import Snippet, snippets
from app.web import view
from app.web.context import limits, wants_fragment
from app.web.fields import choices, first_choice
from app.web.form import (
    LINE_ENDINGS,
    FormState,
    compare_text,
    header_choices,
    imported,
    line_endings_note,
)

bp = Blueprint("pages", __name__)


@dataclass(frozen=True)
class PageResult:
    """What the result panel shows; every part is optional."""

    result: SignResult | None = None
    error: InputError | None = None
    diagnosis: Diagnosis | None = None
    diagnosis_error: InputError | None = None
    comparison: Comparison | None = None
    comparison_error: InputError | None = None
    #: the HMAC of the actual string, with the form's secret (once one is typed)
    actual_signature: ActualSignature | None = None
    #: No secret yet: ``result`` was signed with a stand-in key, so the page shows its string
    #: to sign and steps but not its HMAC, lens or verdict.
    keyless: bool = False


#: The key the page signs with before a secret is typed: the string to sign and the steps do
#: not depend on it, and the HMAC it gives is never shown.
_STAND_IN_KEY = "no secret yet"
#: What of the comparison a keyless page shows: the strings compared, never a signature.
_UNKEYED = frozenset({"comparison", "comparison_error"})


def _diagnosis(form: FormState, given: SignInput) -> dict[str, object]:
    if not form.signature.strip():
        return {}
    try:
        found = diagnose(given.scheme, given.recipe, form.signature, given.context)
    except InputError as error:
        return {"diagnosis_error": error}
    return {"diagnosis": found}


def _form_string(result: SignResult, actual: str) -> str:
    """The form's side of a comparison: its string to sign, or the step S3's error body
    holds (its canonical request)."""
    part = wanted_part(actual)
    steps = {step.id: step.output for step in result.outcome.steps}
    return steps.get(part or "", result.outcome.string_to_sign)


def _comparison(form: FormState, result: SignResult | None) -> dict[str, object]:
    """Compare the two strings of the "Compare strings" panel, once the actual one is given,
    and sign the actual one as the form signs its own string."""
    if not form.compare_actual:
        return {}
    escapes = bool(form.compare_escapes)
    try:
        actual = compare_text(form.compare_actual, escapes, "Actual", "compare_actual")
        if form.compare_expected_source == "form":
            if result is None:
                return {}
            expected = Logged(_form_string(result, actual.text))
        else:
            expected = compare_text(form.compare_expected, escapes, "Expected", "compare_expected")
    except InputError as error:
        return {"comparison_error": error}
    choice = choices().get(form.scheme)
    scheme, variant = (choice.scheme, choice.variant) if choice else (None, "")
    notes = [side.note for side in (expected, actual) if side.note]
    found: dict[str, object] = {
        "comparison": compare(expected.text, actual.text, scheme, variant, notes)
    }
    if result is not None:
        found["actual_signature"] = actual_signature(
            result.scheme, result.recipe, signed_text(actual.text), form.signature
        )
    return found


def _signed(form: FormState) -> PageResult:
    """The form signed (with its lens), or what is wrong with it; nothing else."""
    if not form.secret:
        return PageResult(error=InputError("secret", "Type the secret key first."))
    return _compute(replace(form, signature="", compare_actual=""))


def _compute(form: FormState, *, with_lens: bool = True) -> PageResult:
    """The result panel for ``form``. ``with_lens=False``: htmx's live updates, whose lens
    follows in a second request (``part`` ``lens-section``) so the HMAC shows sooner."""
    keyless = not form.secret
    try:
        given = parse_sign_input(
            replace(form, secret=_STAND_IN_KEY).to_input() if keyless else form.to_input(),
            limits=limits(),
        )
    except InputError as error:
        return PageResult(error=error, keyless=keyless)
    if keyless:
        # The string to sign, the steps and Compare need no secret: show them at once. Of the
        # comparison, only the strings: nothing signed with the stand-in key is shown.
        result = sign(given.scheme, given.recipe, given.context, with_lens=False)
        strings = {k: v for k, v in _comparison(form, result).items() if k in _UNKEYED}
        return PageResult(result, keyless=True, **strings)  # type: ignore[arg-type]
    result = sign(given.scheme, given.recipe, given.context, with_lens=with_lens)
    return PageResult(result, **_diagnosis(form, given), **_comparison(form, result))  # type: ignore[arg-type]


def _code(page: PageResult) -> dict[str, object]:
    """The Code panel's programs (none until asked for: they are the request several times
    over); a keyless page has them too, since a program reads its secret when it runs."""
    if page.result is None or page.result.scheme.program is None:
        return {}
    code: list[Snippet] = snippets(page.result.scheme, page.result.recipe)
    return {"code": code, "code_scheme": page.result.scheme.title}


def _expand() -> str:
    """The pane or lens card to show whole: the "Show all" button that posted the form."""
    return request.form.get("expand", "") if request.method == "POST" else ""


def _form() -> FormState:
    if request.method == "POST":
        form = FormState.from_mapping(request.form)
        # "Break it" without JavaScript: the button submits the mistaken signature.
        broken = request.form.get("break_signature")
        return replace(form, signature=broken) if broken else form
    # The page opens on a working example: a demo secret and a rejected signature, diagnosed.
    preset = PRESETS_BY_ID.get(request.args.get("preset", ""), OPENING)
    form = FormState.from_mapping(preset.fields)
    return form if form.scheme else replace(form, scheme=first_choice())


def _opening(form: FormState) -> bool:
    """Whether the form is still the example the page opens on, its demo secret untouched: an
    import then drops that secret, so the user's own request is never signed with it."""
    if form.secret != OPENING.fields.get("secret"):
        return False
    if request.method == "GET":
        return request.args.get("preset", "") not in PRESETS_BY_ID
    return bool(request.form.get("opening"))


def _render(
    form: FormState,
    *,
    fragment: bool = False,
    found: ImportResult | None = None,
    import_error: InputError | None = None,
) -> tuple[str, int]:
    # htmx's live update leaves the lens to a second request when there is a lens to show.
    defer_lens = fragment and bool(form.secret) and not _expand()
    page = _compute(form, with_lens=not defer_lens)
    context = {
        "form": form,
        "page": page,
        "result": page.result,
        "error": page.error,
        "diagnosis": page.diagnosis,
        "diagnosis_error": page.diagnosis_error,
        "imported": found,
        "import_error": import_error,
        "presets": PRESETS,
        "line_endings": LINE_ENDINGS,
        "expand": _expand(),
        "fragment": fragment,
        "defer_lens": defer_lens,
        **(_code(page) if _expand() == "code" else {}),
        "opening": found is None and _opening(form),
        "needed": view.needed_field(form, found),
        "needed_also": [given.label for given in view.needed_secrets(form)] if found else [],
        **view.form_context(form),
    }
    status = 400 if page.error or import_error else 200
    if fragment:
        return render_template("partials/_result.html", **context), status
    return render_template("pages/index.html", **context), status


def _part_context(key: str, form: FormState) -> dict[str, object] | None:
    """What ``_part.html`` needs to render ``key`` whole, or ``None`` for an unknown key."""
    kind, _, rest = key.partition(":")
    if kind == "comparison":
        page = _compute(replace(form, signature=""))
        return {"page": page, "kind": kind} if page.comparison else None
    if kind == "code":
        page = _compute(replace(form, signature="", compare_actual=""), with_lens=False)
        return {"page": page, "kind": "code" if page.result else "error", **_code(page)}
    page = _signed(form)
    if page.result is None:
        return {"page": page, "kind": "error"}
    outcome = page.result.outcome
    if kind in {"sts", "hex"}:
        return {"page": page, "kind": kind, "text": outcome.string_to_sign}
    if kind == "step":
        step_id, _, side = rest.partition(":")
        step = next((step for step in outcome.steps if step.id == step_id), None)
        shown = {"input": "before", "output": "after"}.get(side)
        return {"page": page, "kind": kind, "step": step, "side": shown} if step and shown else None
    if kind == "lens-section":
        return {"page": page, "kind": kind, "result": page.result, "expand": ""}
    if kind in {"lens", "lens-all"}:
        found = (e for e in page.result.mistakes or () if e.instance.id == rest)
        entry = next(found, None)
        return {"page": page, "kind": kind, "entry": entry} if entry else None
    return None


def _part() -> tuple[str, int]:
    """One long pane whole, or one lens card's diff, for the form as posted: htmx asks for it
    (``part``) when "Show all" is pressed or a card opens. The key travels in the body, like
    the form: a lens key can hold a param name, the user's data."""
    key = request.form.get("expand", "")
    context = _part_context(key, FormState.from_mapping(request.form))
    if context is None:
        abort(404)
    status = 400 if context["kind"] == "error" else 200
    return render_template("partials/_part.html", key=key, **context), status


@bp.route("/", methods=["GET", "POST"])
def index() -> tuple[str, int]:
    if request.method == "POST" and request.form.get("part"):
        return _part()
    return _render(_form(), fragment=wants_fragment())


#: htmx posts the form to the Import button's ``formaction``; the answer is the whole page
#: (the form's fields change), so tell htmx to swap ``#page``, not the form's ``#result``.
_WHOLE_PAGE = {"HX-Retarget": "#page", "HX-Reselect": "#page", "HX-Reswap": "outerHTML"}


@bp.post("/import")
def import_request() -> tuple[str, int, dict[str, str]]:
    """Fill the form from pasted evidence (curl, raw HTTP, HAR, URL)."""
    form = FormState.from_mapping(request.form)
    if _opening(form):
        form = replace(form, secret="")
    try:
        found = import_text(form.evidence, choices=header_choices(request.form))
    except InputError as error:
        return (*_render(form, import_error=error), _WHOLE_PAGE)
    note = line_endings_note(found.request.body)
    if note:
        found = replace(found, notes=(*found.notes, note))
    return (*_render(imported(form, found), found=found), _WHOLE_PAGE)
