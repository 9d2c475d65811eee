"""The test provider's clients that misbehave on purpose (validator.py), named for both processes."""

EXPIRED_CLIENT = "expired"  # its ID tokens expired ten minutes before they were issued
OTHER_AUDIENCE_CLIENT = "other-audience"  # its ID tokens are for another service
