"""Signals of the events app: how apps above it add to what it shows."""

from django.dispatch import Signal

#: Sent by the private feed view with ``user=``; each receiver returns a list of
#: ``icalendar.Event`` components for that person (the meetings app adds their meetings).
#: A signal, because apps above events add to the feed without events importing them.
feed_components = Signal()
