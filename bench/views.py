"""Django's floor: the cheapest page a signed-in user can get, to measure every real page against."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """Does nothing beyond what every page pays: the middleware stack, the session and the user."""
    return HttpResponse("ok", content_type="text/plain")
