"""Sections that apps higher up add to the pages of apps below them.

A dataset page belongs to the catalogue, but "similar datasets" and "who might need
this" come from matching, which sits above it: the page sends ``detail_panels`` and
shows whatever HTML the receivers return, without importing them (as pretix plugins add
to pages through signals).
"""

from django.dispatch import Signal
from django.utils.safestring import SafeString, mark_safe

#: Sent with ``sender`` = the kind of page ("opportunity", "dataset", "datarequest"),
#: ``request`` and ``obj``; each receiver returns rendered, safe HTML or "".
detail_panels = Signal()


def extra_panels(request, kind: str, obj) -> SafeString:
    """The HTML every receiver adds to one detail page, in receiver order."""
    parts = [html for _receiver, html in detail_panels.send(sender=kind, request=request, obj=obj) if html]
    return mark_safe("".join(parts))
