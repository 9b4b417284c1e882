"""Showing a service's ValidationError on the form that collected the input.

Services validate and raise ``ValidationError`` keyed by their argument names; views show
those errors next to the fields of the same name, the rest above the form.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError


def show_service_errors(
    form: forms.Form, error: ValidationError, *, rename: Callable[[str], str] | None = None
) -> None:
    """Add ``error`` to ``form``: per field where the form has one (after ``rename``), else above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = rename(field) if rename else field
        form.add_error(name if name in form.fields else None, errors)
