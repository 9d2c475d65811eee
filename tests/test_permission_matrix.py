"""Every URL × every persona, one test per URL name, so one page's answers can be run alone:

    pytest "tests/test_permission_matrix.py::test_url_answers_every_persona[evidence:item-detail]"

The URL names come from the resolver at collection time. The cases need rows (a notice, an
action, an issued report…), so the world is built once for the module inside a transaction
that is rolled back at the end; each test, and each request in it, rolls back its own writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from pytest_django import DjangoDbBlocker

from measures.services import department_observer_add
from measures.tests.factories import make_user
from tests.permission_matrix import LOGIN, PERSONAS, UrlCase
from tests.personas import Personas, make_personas

# URL names outside the matrix, each for a reason.
NOT_IN_MATRIX = {
    "login": "the sign-in page itself is public",
    "logout": "signing out is allowed for anyone",
}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":  # Django's admin has its own staff-only checks
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names - set(NOT_IN_MATRIX)


def _url_case_modules() -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.url_cases"))
        except ModuleNotFoundError:
            continue
    return modules


def _pdf_url_names() -> set[str]:
    """URLs whose allowed requests build a PDF with WeasyPrint (an app's url_cases lists them in BUILDS_PDF)."""
    return {name for module in _url_case_modules() for name in getattr(module, "BUILDS_PDF", ())}


URL_NAMES = sorted(project_url_names())
PDF_URL_NAMES = _pdf_url_names()


def all_cases(world: Personas) -> list[UrlCase]:
    return [case for module in _url_case_modules() for case in module.url_cases(world)]


@dataclass(frozen=True)
class Matrix:
    world: Personas
    cases: list[UrlCase]
    # A DfE official who observes every notice (measures.DepartmentObserver): answered as the observer is.
    department_observer: User

    def cases_for(self, name: str) -> list[UrlCase]:
        return [case for case in self.cases if case.name == name]


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: DjangoDbBlocker, matrix_media: Path) -> Iterator[Matrix]:
    """The personas and every app's cases, made once; rolled back when the module is done."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=matrix_media), transaction.atomic():
        world = make_personas()
        everywhere = make_user("dfe.everywhere")
        department_observer_add(user=everywhere)
        yield Matrix(world=world, cases=all_cases(world), department_observer=everywhere)
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings, matrix_media: Path) -> Path:
    """The files the world stored (evidence, minutes, issued reports) stay where the cases put them."""
    settings.MEDIA_ROOT = matrix_media
    return matrix_media


def request(client: Client, case: UrlCase) -> HttpResponseBase:
    with transaction.atomic():
        response = getattr(client, case.method)(case.url, case.data)
        transaction.set_rollback(True)  # a write allowed for one persona must not change the next one's answer
    return response


@pytest.mark.django_db
def test_every_url_of_the_app_is_in_the_permission_matrix(matrix: Matrix) -> None:
    covered = {case.name for case in matrix.cases}
    assert set(URL_NAMES) - covered == set(), "add these URLs to their app's tests/url_cases.py"
    # A case naming no URL of the app would never run below.
    assert covered - set(URL_NAMES) == set(), "these cases name no URL of the app"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=pytest.mark.pdf) if name in PDF_URL_NAMES else name for name in URL_NAMES]
)
def test_url_answers_every_persona(client: Client, matrix: Matrix, name: str) -> None:
    cases = matrix.cases_for(name)
    assert cases, f"{name} is not in the matrix: add it to its app's tests/url_cases.py"
    wrong = []
    for case in cases:
        assert set(case.expect) == set(PERSONAS), f"{case.name}: give an answer for every persona"
        response = request(client, case)
        if isinstance(case.anonymous, int):
            if response.status_code != case.anonymous:
                wrong.append(
                    f"anonymous {case.method.upper()} {case.name}: {response.status_code}, expected {case.anonymous}"
                )
        elif case.anonymous == LOGIN:
            if response.status_code != 302 or "/accounts/login/" not in response.get("Location", ""):
                wrong.append(
                    f"anonymous {case.method.upper()} {case.name}: {response.status_code}, expected sign-in redirect"
                )
        for persona in PERSONAS:
            client.force_login(matrix.world[persona])
            got = request(client, case).status_code
            if got != case.expect[persona]:
                wrong.append(
                    f"{persona} {case.method.upper()} {case.name} {case.url}: {got}, expected {case.expect[persona]}"
                )
            client.logout()
        client.force_login(matrix.department_observer)
        got = request(client, case).status_code
        if got != case.expect["observer"]:
            wrong.append(
                f"DfE observer of every notice {case.method.upper()} {case.name}: {got}, expected {case.expect['observer']}"
            )
        client.logout()
    assert wrong == []
