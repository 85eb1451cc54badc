"""Mail back ends for the tests of the grant's email: one that always fails, one that fails once."""

import smtplib
import threading
from collections.abc import Sequence
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class Refusing(BaseEmailBackend):
    """A mail server that answers every message with an error."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


_failed_once = threading.Event()


class FailingOnce(LocmemBackend):
    """Fails the first message after `reset()`, then delivers to mail.outbox."""

    @staticmethod
    def reset() -> None:
        _failed_once.clear()

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        if not _failed_once.is_set():
            _failed_once.set()
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if not hasattr(mail, "outbox"):
            mail.outbox = []
        return super().send_messages(email_messages)
