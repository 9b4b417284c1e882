"""Signals of the catalogue: how apps above it learn about changes it makes in bulk."""

from django.dispatch import Signal

#: Sent with ``ids`` (dataset pks) after a harvest created, updated or withdrew datasets
#: with bulk statements, which send no post_save (matching refreshes its documents).
datasets_changed = Signal()
