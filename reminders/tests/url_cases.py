"""'My work' × every persona: every signed-in person has a page of their own, outsiders included."""

from django.urls import reverse

from tests.permission_matrix import UrlCase, everyone


def url_cases(world) -> list[UrlCase]:
    return [UrlCase("reminders:my-work", reverse("reminders:my-work"), everyone(200, outsider=200))]
