import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_lockout_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An API client signed in with a user's token, as a machine would be."""

    def _client(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client
