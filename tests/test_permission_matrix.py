import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permission_matrix import LOGIN, PERSONAS, UrlCase

# URL names outside the matrix, each for a reason.
NOT_IN_MATRIX = {
    "login": "the sign-in page itself is public",
    "logout": "signing out is allowed for anyone",
}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":  # Django's admin has its own staff-only checks
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names - set(NOT_IN_MATRIX)


def all_cases(world) -> list[UrlCase]:
    cases = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.url_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.url_cases(world))
    return cases


def request(client, case: UrlCase):
    with transaction.atomic():
        response = getattr(client, case.method)(case.url, case.data)
        transaction.set_rollback(True)  # a write allowed for one persona must not change the next one's answer
    return response


@pytest.mark.django_db
def test_every_url_of_the_app_is_in_the_permission_matrix(personas):
    covered = {case.name for case in all_cases(personas)}
    assert project_url_names() - covered == set(), "add these URLs to their app's tests/url_cases.py"


@pytest.mark.django_db
def test_every_url_answers_every_persona_as_the_matrix_says(client, personas):
    cases = all_cases(personas)
    wrong = []
    for case in cases:
        assert set(case.expect) == set(PERSONAS), f"{case.name}: give an answer for every persona"
        response = request(client, case)
        if case.anonymous == LOGIN:
            if response.status_code != 302 or "/accounts/login/" not in response.get("Location", ""):
                wrong.append(
                    f"anonymous {case.method.upper()} {case.name}: {response.status_code}, expected sign-in redirect"
                )
        for persona in PERSONAS:
            client.force_login(personas[persona])
            got = request(client, case).status_code
            if got != case.expect[persona]:
                wrong.append(
                    f"{persona} {case.method.upper()} {case.name} {case.url}: {got}, expected {case.expect[persona]}"
                )
            client.logout()
    assert wrong == []
