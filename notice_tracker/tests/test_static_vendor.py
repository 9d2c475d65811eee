"""Bootstrap is served from our own static files, and they are Bootstrap 5.3.8's own bytes.

The files come from a Python package (requirements.txt), so set-up needs no Node.js; these
checksums are those of the files Bootstrap publishes for 5.3.8 (the same as npm's `bootstrap@5.3.8`
dist/), so a package that shipped anything else would fail here.
"""

import hashlib

import pytest
from django.contrib.staticfiles import finders

BOOTSTRAP_5_3_8 = {
    "vendor/bootstrap/css/bootstrap.min.css": "d85327d99c7a3ee1f9b5d0500d1370acea3ad2db39c163c2f51f232baedbdede",
    "vendor/bootstrap/js/bootstrap.bundle.min.js": "e4fd49181388c48ec5040bd3fe66f57c29c8e67fcd8502b3354b96ec7ab47cc7",
}


@pytest.mark.parametrize(("path", "sha256"), BOOTSTRAP_5_3_8.items())
def test_bootstrap_is_the_pinned_release(path, sha256):
    found = finders.find(path)
    assert found, f"{path} is not among the static files"
    with open(found, "rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == sha256
