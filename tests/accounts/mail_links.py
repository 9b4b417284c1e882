"""Read links out of the mail the accounts services send."""

import re
from urllib.parse import urlsplit

LINK = re.compile(r"https?://\S+")
PASSWORD = "a-long-passphrase-42"


def link_path(message, fragment: str) -> str:
    """The path of the first link in ``message`` containing ``fragment``."""
    links = [link for link in LINK.findall(message.body) if fragment in link]
    assert links, message.body
    return urlsplit(links[0]).path


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]
