"""The evidence part of the permission matrix, on its own (the project-wide test runs every app's)."""

from evidence.tests.url_cases import url_cases
from tests.permission_matrix import LOGIN, PERSONAS
from tests.test_permission_matrix import request


def test_every_evidence_url_answers_every_persona_as_the_matrix_says(client, personas):
    wrong = []
    for case in url_cases(personas):
        assert set(case.expect) == set(PERSONAS), case.name
        response = request(client, case)
        if case.anonymous == LOGIN and (response.status_code != 302 or "/accounts/login/" not in response["Location"]):
            wrong.append(f"anonymous {case.method.upper()} {case.name}: {response.status_code}")
        for persona in PERSONAS:
            client.force_login(personas[persona])
            got = request(client, case).status_code
            if got != case.expect[persona]:
                wrong.append(f"{persona} {case.method.upper()} {case.name} {case.url}: {got}, expected {case.expect[persona]}")
            client.logout()
    assert wrong == []
