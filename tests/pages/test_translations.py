"""Every user-facing string is translated into Finnish, Polish and Lithuanian, and the compiled
catalogues match their sources."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["fi", "pl", "lt"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_source(language):
    po = polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")
    mo = polib.mofile(LOCALE / language / "LC_MESSAGES" / "django.mo")
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{entry.msgid!r}: run `make messages`"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("fi", "Työpajat"), ("pl", "Warsztaty"), ("lt", "Seminarai")])
def test_pages_speak_the_chosen_language(language, word):
    client = Client(headers={"accept-language": language})
    content = client.get("/").content.decode()
    assert f'lang="{language}"' in content
    assert word in content or word.lower() in content.lower()
