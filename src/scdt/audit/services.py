"""The audit log: every service records what it changed, who did it and on what."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from scdt.audit.models import AuditEntry


def log_action(action: str, *, actor=None, target=None, **data) -> AuditEntry:
    """Write one audit entry. Call it inside the service's transaction."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(action=action, actor=actor, data=json.loads(json.dumps(data, cls=DjangoJSONEncoder)))
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry
