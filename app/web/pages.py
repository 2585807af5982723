"""The debugger page. One view: the whole page for a normal request (and for htmx history
restores), only the result fragment for htmx's live updates. Without JavaScript the form
posts and the whole page renders, so the page works either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import Blueprint, current_app, render_template, request

from app.core.diagnose import Diagnosis, diagnose
from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.presets import PRESETS, PRESETS_BY_ID
from app.core.signing import SignResult, sign
from app.settings import input_limits
from app.web.form import LINE_ENDINGS, SCHEME_CHOICES, FormState

bp = Blueprint("pages", __name__)

DEFAULT_FORM = FormState(
    method="GET",
    path="/v1/devices",
    headers="Accept: application/json",
    params="limit=10",
    api_key="AKIDEXAMPLE",
)


@dataclass(frozen=True)
class PageResult:
    """What the result panel shows; every part is optional."""

    result: SignResult | None = None
    error: InputError | None = None
    diagnosis: Diagnosis | None = None
    diagnosis_error: InputError | None = None


def _wants_fragment() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _compute(form: FormState) -> PageResult:
    if not form.secret:
        return PageResult()  # nothing to sign yet: the page invites the user to type a secret
    try:
        given = parse_sign_input(form.to_input(), limits=input_limits(current_app.config))
    except InputError as error:
        return PageResult(error=error)
    result = sign(given.scheme, given.recipe, given.server_time, given.window)
    if not form.signature.strip():
        return PageResult(result)
    try:
        found = diagnose(
            given.scheme, given.recipe, form.signature, given.server_time, given.window
        )
    except InputError as error:
        return PageResult(result, diagnosis_error=error)
    return PageResult(result, diagnosis=found)


def _form() -> FormState:
    if request.method == "POST":
        form = FormState.from_mapping(request.form)
        # "Break it" without JavaScript: the button submits the mistaken signature.
        broken = request.form.get("break_signature")
        return replace(form, signature=broken) if broken else form
    preset = PRESETS_BY_ID.get(request.args.get("preset", ""))
    return FormState().merged(preset.fields) if preset else DEFAULT_FORM


@bp.route("/", methods=["GET", "POST"])
def index() -> tuple[str, int]:
    form = _form()
    page = _compute(form)
    context = {
        "form": form,
        "result": page.result,
        "error": page.error,
        "diagnosis": page.diagnosis,
        "diagnosis_error": page.diagnosis_error,
        "presets": PRESETS,
        "scheme_choices": SCHEME_CHOICES,
        "line_endings": LINE_ENDINGS,
    }
    status = 400 if page.error else 200
    if _wants_fragment():
        return render_template("partials/_result.html", **context), status
    return render_template("pages/index.html", **context), status
