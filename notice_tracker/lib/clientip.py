"""The client's own address, also behind the proxies that end TLS.

Behind a proxy every request comes from the proxy's address, so counting failed sign-ins per
address would lump every user together. Each trusted proxy appends the address it saw to a header
(X-Forwarded-For by default); the client is the entry TRUSTED_PROXY_COUNT from the right. Entries
further left were written by the client itself and are never believed. With no trusted proxy
(the default) the header is ignored and the connection's address is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote  # not through all our proxies: the connection is all we know
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
