from django.urls import reverse

from measures import services
from measures.models import Membership
from tests.permission_matrix import UrlCase, everyone, only

ADMIN = {"administrator"}


def people_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    target = Membership.objects.get(notice=notice, user=world["lead_member"])
    args = [notice.pk, target.pk]
    invitation = services.invitation_send(
        notice=notice, name="Ivy Invited", email="ivy@example.org", role="officer", organisation=None
    )
    token = "a-token-for-the-matrix"
    invitation.token_sha256 = services.invitation_token_hash(token)
    invitation.save(update_fields=["token_sha256"])
    invitation_args = [notice.pk, invitation.pk]
    return [
        UrlCase(
            "measures:invitation-resend",
            reverse("measures:invitation-resend", args=invitation_args),
            only(ADMIN, 302),
            method="post",
        ),
        UrlCase(
            "measures:invitation-cancel",
            reverse("measures:invitation-cancel", args=invitation_args),
            only(ADMIN, 302),
            method="post",
        ),
        # The e-mailed link: public, for someone with no account yet; the same page for anyone.
        UrlCase(
            "measures:invitation",
            reverse("measures:invitation", args=[token]),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        UrlCase(
            "measures:invitation",
            reverse("measures:invitation", args=["no-such-token"]),
            everyone(410, outsider=410),
            anonymous="public",
        ),
        # Accepting: whoever is signed in; members already on the notice are refused (410), an
        # outsider is given the role (302 to the notice).
        UrlCase(
            "measures:invitation-accept",
            reverse("measures:invitation-accept", args=[token]),
            everyone(410, outsider=302),
            method="post",
        ),
        UrlCase("measures:people", reverse("measures:people", args=[notice.pk]), only(ADMIN)),
        UrlCase("measures:person-add", reverse("measures:person-add", args=[notice.pk]), only(ADMIN)),
        UrlCase(
            "measures:person-add",
            reverse("measures:person-add", args=[notice.pk]),
            only(ADMIN, 302),
            method="post",
            data={
                "name": "New Person",
                "email": "newbie@example.org",
                "role": "officer",
                "organisation": world.organisation.pk,
            },
        ),
        UrlCase("measures:person-edit", reverse("measures:person-edit", args=args), only(ADMIN)),
        UrlCase(
            "measures:person-edit",
            reverse("measures:person-edit", args=args),
            only(ADMIN, 302),
            method="post",
            data={"role": "officer", "organisation": world.organisation.pk},
        ),
        UrlCase(
            "measures:person-remove", reverse("measures:person-remove", args=args), only(ADMIN, 302), method="post"
        ),
    ]
