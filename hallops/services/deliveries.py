"""Sending an event's e-mail and group-robot deliveries (the worker's side of hallops.events).

Each attempt claims the delivery with a conditional update on its attempt count, so a message
delivered twice (acks_late, the resend sweep) sends once. A failure is recorded with the secret
parts of the robot's address masked; it is retried with exponential backoff up to
`Delivery.MAX_ATTEMPTS`, then the delivery is marked failed. Nothing here logs a webhook URL.
"""

import base64
import contextlib
import datetime
import enum
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from hallops.models import Channel, Delivery, DeliveryStatus, Event, WebhookEndpoint, WebhookKind
from hallops.services.audit import audit_record

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
BACKOFF_SECONDS = 30  # 30 s, 1 min, 2 min, 4 min between the five attempts
LEASE = datetime.timedelta(minutes=2)  # an attempt in flight; the resend sweep waits this long
STALE = datetime.timedelta(minutes=10)  # a pending delivery nobody sent: queued again


class DeliveryError(Exception):
    """A send failed; the message is safe to store and show (secrets masked)."""


def backoff(attempt: int) -> int:
    """Seconds to wait after the `attempt`-th failed attempt (1-based)."""
    return BACKOFF_SECONDS * 2 ** (attempt - 1)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def event_text(event: Event, language: str) -> tuple[str, str]:
    """The event's title and message in `language`."""
    with translation.override(language):
        title = str(event.get_code_display())
        message = gettext(event.message_id)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            message = message % event.params if event.params else message
    return title, message


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


# -- webhook ---------------------------------------------------------------------------------

def _signed_url(robot: WebhookEndpoint) -> str:
    """DingTalk's optional signature: timestamp and HMAC-SHA256 of it with the secret."""
    if robot.kind != WebhookKind.DINGTALK or not robot.secret:
        return robot.url
    stamp = str(round(time.time() * 1000))
    digest = hmac.new(robot.secret.encode(), f"{stamp}\n{robot.secret}".encode(),
                      hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in robot.url else "?"
    return f"{robot.url}{joiner}timestamp={stamp}&sign={sign}"


def webhook_post(robot: WebhookEndpoint, content: str) -> None:
    """POST a text message to a WeCom or DingTalk group robot (the same JSON for both)."""
    body = json.dumps({"msgtype": "text", "text": {"content": content}},
                      ensure_ascii=False).encode()
    if not robot.url.startswith(("https://", "http://")):
        raise DeliveryError("the address is not http(s)")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        _signed_url(robot), data=body, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(4096)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise DeliveryError(scrub(f"connection failed: {exc.reason}", robot.secrets())) from None
    except (OSError, ValueError) as exc:
        raise DeliveryError(scrub(f"{type(exc).__name__}: {exc}", robot.secrets())) from None
    try:
        errcode = json.loads(answer or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0  # not JSON: a 2xx from a relay is taken as accepted
    if errcode:
        raise DeliveryError(f"robot refused: errcode {errcode}")


def webhook_content(event: Event) -> str:
    title, message = event_text(event, settings.LANGUAGE_CODE)
    return f"【{title}】{message}"


def webhook_test(*, actor, robot: WebhookEndpoint) -> str:
    """Send a test message now (the admin's button); '' when it went through, else the masked
    error. Audited without the address."""
    with translation.override(settings.LANGUAGE_CODE):
        content = gettext("HallOps test message: this group robot is connected (%(name)s).") % {
            "name": robot.name}
    try:
        webhook_post(robot, content)
        error = ""
    except DeliveryError as exc:
        error = str(exc)
    audit_record(actor=actor, store=robot.store, action="webhook.tested", obj=robot,
                 after={"kind": robot.kind, "sent": not error, "error": error})
    return error


# -- one attempt -----------------------------------------------------------------------------

class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # failed; try again after retry_in seconds
    FAILED = "failed"  # failed for the last time
    SKIP = "skip"  # not pending, or another message holds this attempt


@dataclass
class Attempt:
    outcome: Outcome
    retry_in: int = 0


def _send(delivery: Delivery) -> None:
    event = delivery.event
    if delivery.channel == Channel.WEBHOOK:
        assert delivery.webhook is not None
        webhook_post(delivery.webhook, webhook_content(event))
        return
    if delivery.channel == Channel.EMAIL:
        user = delivery.recipient
        if user is None or not user.email:
            raise DeliveryError("no e-mail address")
        title, message = event_text(event, _language_of(user))
        try:
            send_mail(subject=title[:120], message=message, from_email=None,
                      recipient_list=[user.email], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - SMTP errors are many; recorded, retried
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:400]) from None
        return
    raise DeliveryError(f"nothing to send on {delivery.channel}")


def delivery_attempt(*, delivery_id: int, attempt: int, now=None) -> Attempt:
    """Make attempt number `attempt + 1` of a pending delivery, if nobody else has."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                      attempts=attempt).update(attempts=F("attempts") + 1,
                                                               next_attempt_at=now + LEASE)
    if not claimed:
        return Attempt(Outcome.SKIP)
    delivery = Delivery.objects.select_related("event", "recipient", "webhook").get(
        pk=delivery_id)
    secrets = delivery.webhook.secrets() if delivery.webhook else []
    try:
        if delivery.webhook is not None and not delivery.webhook.is_active:
            raise DeliveryError("group robot switched off")
        _send(delivery)
    except DeliveryError as exc:
        error = scrub(str(exc), secrets)[:500]
        final = delivery.attempts >= Delivery.MAX_ATTEMPTS
        retry_in = 0 if final else backoff(delivery.attempts)
        delivery.history = [*delivery.history, {
            "attempt": delivery.attempts, "at": now.isoformat(), "error": error,
            "retry_in": retry_in}]
        delivery.last_error = error
        delivery.status = DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
        delivery.next_attempt_at = None if final else now + datetime.timedelta(seconds=retry_in)
        delivery.save(update_fields=["history", "last_error", "status", "next_attempt_at"])
        logger.warning("Delivery %s (%s) attempt %s failed: %s", delivery.pk, delivery.channel,
                       delivery.attempts, error)
        return Attempt(Outcome.FAILED if final else Outcome.RETRY, retry_in)
    delivery.history = [*delivery.history, {"attempt": delivery.attempts, "at": now.isoformat(),
                                            "error": "", "retry_in": 0}]
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["history", "status", "sent_at", "next_attempt_at"])
    return Attempt(Outcome.SENT)


def deliveries_resend_stale(*, now=None) -> int:
    """Queue again the pending deliveries nobody is sending (the broker was down when their
    event committed, or a worker died mid-attempt). The attempt count in the message makes a
    second copy harmless."""
    from hallops.events import enqueue

    now = now or timezone.now()
    stale = Delivery.objects.filter(status=DeliveryStatus.PENDING).filter(
        Q(next_attempt_at__lt=now - STALE)
        | Q(next_attempt_at__isnull=True, created_at__lt=now - STALE))
    rows = list(stale.values_list("pk", "attempts")[:500])
    enqueue(rows)
    return len(rows)
