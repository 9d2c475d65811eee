"""An e-mail backend that always fails, as an unreachable mail server would (for the retry test)."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server refused the connection.")
