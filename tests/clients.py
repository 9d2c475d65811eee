"""The test client every test uses: Django's, reading a streamed download to its end.

Django closes a FileResponse's file only when its stream is read to the end; a test that checks
only the headers would leave the file open (a ResourceWarning). Reading it here closes it, and
the content stays readable as `streaming_content`.
"""

from __future__ import annotations

from typing import Any

from django.test import Client


class ReadingClient(Client):
    def request(self, **request: Any) -> Any:  # django-stubs' private response type
        response = super().request(**request)
        if response.streaming:
            content = b"".join(response.streaming_content)  # type: ignore[attr-defined]  # a streaming response
            response.streaming_content = [content]  # type: ignore[attr-defined]
        return response
