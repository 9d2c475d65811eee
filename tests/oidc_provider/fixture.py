"""The test OpenID Connect provider (django-oauth-toolkit, tests/oidc_provider/) in its own process,
once per test session, and the settings that point Notice Tracker at it.

A plugin loaded by the root conftest.py. The provider gets its own SQLite database in a temporary
folder, an RSA key made now, one well-behaved client and two that misbehave on purpose
(validator.py), and the people below. Its port is chosen by the system and read from its first line.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from tests.oidc_provider.names import EXPIRED_CLIENT, OTHER_AUDIENCE_CLIENT

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_PASSWORD = "council-password-1"
CALLBACK = "/accounts/sso/callback/"
# People at the council's provider: username -> what it says about them.
PEOPLE = {
    "c.holt": {"email": "chair@medway.example", "email_verified": True, "amr": ["pwd", "mfa"]},
    "o.fficer": {"email": "officer@medway.example", "email_verified": True, "amr": ["pwd"]},
    "u.nverified": {"email": "unverified@medway.example", "email_verified": False, "amr": ["pwd"]},
    "s.tranger": {"email": "stranger@medway.example", "email_verified": True, "amr": ["pwd"]},
    "f.ormer": {"email": "former@medway.example", "email_verified": True, "amr": ["pwd"]},
}
GOOD_CLIENT = "notice-tracker"


@dataclass
class TestProvider:
    url: str
    clients: dict[str, tuple[str, str]]  # name -> (client id, secret)

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/o/.well-known/openid-configuration"

    def configure(self, settings, client: str = GOOD_CLIENT, **extra) -> None:
        """Point Notice Tracker's settings at this provider, as the named client."""
        client_id, secret = self.clients[client]
        settings.SSO_ENABLED = True
        settings.OIDC_RP_CLIENT_ID = client_id
        settings.OIDC_RP_CLIENT_SECRET = secret
        settings.OIDC_OP_DISCOVERY_URL = self.discovery_url
        for name, value in extra.items():
            setattr(settings, name, value)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestProvider]:
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    clients = {
        name: (f"{name}-{secrets.token_hex(4)}", secrets.token_urlsafe(32))
        for name in (GOOD_CLIENT, EXPIRED_CLIENT, OTHER_AUDIENCE_CLIENT)
    }
    config = {
        "database": str(folder / "provider.sqlite3"),
        "rsa_private_key": pem,
        "password": PROVIDER_PASSWORD,
        "users": PEOPLE,
        "clients": [{"name": n, "client_id": i, "client_secret": s} for n, (i, s) in clients.items()],
        # Django's test client, and the live server on any loopback port (RFC 8252 7.3).
        "redirect_uris": [f"http://testserver{CALLBACK}", f"http://localhost{CALLBACK}", f"http://127.0.0.1{CALLBACK}"],
    }
    (folder / "config.json").write_text(json.dumps(config))
    environment = {**os.environ, "TEST_PROVIDER_CONFIG": str(folder / "config.json")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    assert process.stdout is not None
    port = process.stdout.readline().strip()  # the first line once it is ready; "" if it died
    if not port.isdigit():
        process.wait()
        log.close()
        pytest.fail("The test OIDC provider did not start:\n" + (folder / "provider.log").read_text())
    try:
        yield TestProvider(url=f"http://127.0.0.1:{port}", clients=clients)
    finally:
        process.terminate()
        process.wait()
        log.close()


def provider_sign_in(start_url: str, username: str, password: str = PROVIDER_PASSWORD) -> str:
    """A person at the provider: from the authorisation request to the redirect back to us (its URL)."""
    browser = requests.Session()
    url = start_url
    while True:
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "/accounts/login/" in url:  # the provider's sign-in page
            response = browser.post(
                url,
                data={
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                },  # "next" stays in the query string
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code == 302, f"{url}: {response.status_code} {response.text[:500]}"
        url = urljoin(url, response.headers["Location"])
        if not url.startswith(start_url.split("/o/")[0]):
            return url  # leaving the provider: back to the relying party


def sso_sign_in(client: Client, username: str, *, next_url: str = ""):
    """Sign in through the provider with Django's test client; the answer of our callback."""
    start = reverse("accounts:sso-start") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302, response
    back = provider_sign_in(response["Location"], username)
    assert back.startswith(f"http://testserver{CALLBACK}"), back
    return client.get(back.removeprefix("http://testserver"))
