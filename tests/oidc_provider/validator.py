"""What the test provider says about its users, and two clients that misbehave on purpose.

Each user's e-mail address, whether it is verified and the `amr` of their sign-in come from the
provider's configuration. The client named "expired" issues ID tokens that expired ten minutes
ago; the client named "other-audience" issues them for another service. Both are signed with the
provider's own key, so only the relying party's checks can refuse them.
"""

import time

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.names import EXPIRED_CLIENT, OTHER_AUDIENCE_CLIENT
from tests.oidc_provider.settings import CONFIG


class TestProviderValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request):
        person = CONFIG["users"][request.user.username]
        claims = {"email": person["email"], "email_verified": person["email_verified"]}
        if person.get("amr"):
            claims["amr"] = person["amr"]
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if request.client.name == EXPIRED_CLIENT:
            now = int(time.time())
            claims.update(iat=now - 1200, exp=now - 600, auth_time=now - 1200)
        elif request.client.name == OTHER_AUDIENCE_CLIENT:
            claims["aud"] = "another-service"
        return claims, expiration_time
