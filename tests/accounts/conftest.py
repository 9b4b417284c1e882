import pytest
from tests.accounts.mail_links import PASSWORD, link_path

from scdt.accounts import services


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks, mailoutbox):
    """Sign a person up through the service; returns the user and their verification path."""

    def _sign_up(email="new.person@example.org", password=PASSWORD, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            user = services.sign_up(email=email, password=password, **kwargs)
        return user, link_path(mailoutbox[-1], "/accounts/verify/")

    return _sign_up
