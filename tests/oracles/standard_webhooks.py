"""Standard Webhooks' oracle: ``standardwebhooks.Webhook.sign``."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from standardwebhooks import webhooks

from tests.oracles.capture import expected, signed


def oracle(case: dict[str, object]) -> dict[str, object]:
    body, message_id = str(case.get("body", "")), str(case.get("message_id", ""))
    timestamp = int(str(case["timestamp"]))
    hook = webhooks.Webhook(str(case["secret"]))
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    string, header = signed(webhooks, lambda: hook.sign(message_id, when, body))
    digest = base64.b64decode(header.removeprefix("v1,"))
    steps = {"message_id": message_id, "timestamp": str(timestamp), "body": body}
    return expected(steps, string, digest)
