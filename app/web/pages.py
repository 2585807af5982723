"""The debugger page. One view: the whole page for a normal request (and for htmx history
restores), only the result fragment for htmx's live updates. Without JavaScript the form
posts and the whole page renders, so the page works either way.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.presets import PRESETS, PRESETS_BY_ID
from app.core.signing import SignResult, sign
from app.web.form import LINE_ENDINGS, SCHEME_CHOICES, FormState

bp = Blueprint("pages", __name__)

DEFAULT_FORM = FormState(
    method="GET",
    path="/v1/devices",
    headers="Accept: application/json",
    params="limit=10",
    api_key="AKIDEXAMPLE",
)


def _wants_fragment() -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _compute(form: FormState) -> tuple[SignResult | None, InputError | None]:
    if not form.secret:
        return None, None  # nothing to sign yet: the page invites the user to type a secret
    try:
        given = parse_sign_input(form.to_input())
    except InputError as error:
        return None, error
    return sign(given.scheme, given.recipe, given.server_time, given.window), None


@bp.route("/", methods=["GET", "POST"])
def index() -> tuple[str, int]:
    if request.method == "POST":
        form = FormState.from_mapping(request.form)
    elif (preset := PRESETS_BY_ID.get(request.args.get("preset", ""))) is not None:
        form = FormState().merged(preset.fields)
    else:
        form = DEFAULT_FORM
    result, error = _compute(form)
    context = {
        "form": form,
        "result": result,
        "error": error,
        "presets": PRESETS,
        "scheme_choices": SCHEME_CHOICES,
        "line_endings": LINE_ENDINGS,
    }
    status = 400 if error else 200
    if _wants_fragment():
        return render_template("partials/_result.html", **context), status
    return render_template("pages/index.html", **context), status
