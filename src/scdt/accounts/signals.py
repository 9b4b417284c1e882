"""Signals of the accounts app: the documented way other apps react to account events.

Each signal is sent inside the transaction of the service that sends it, so a receiver's
writes commit or roll back together with the account change.
"""

from django.dispatch import Signal

email_verified = Signal()
"""Sent by ``verify_email`` once a user's address is verified.

Arguments: ``sender=User``, ``user`` (the verified user), ``after_verify`` (the ``dict``
given to ``sign_up``/``send_verification_email``, or ``None``). Receivers use
``after_verify`` to finish what the person started before verifying, e.g.
``{"register_event": 12}``. The dict travelled in a signed link: it is authentic but
may be old, so receivers re-check what they act on.
"""

collect_user_data = Signal()
"""Sent by ``export_user_data`` to gather the person's data from every app.

Arguments: ``sender=User``, ``user``. Each receiver returns a tuple
``(section_name: str, data)`` where ``data`` is JSON-serialisable (ISO strings for
dates), or ``None`` to add nothing. Section names must be unique across apps.
"""

user_erasing = Signal()
"""Sent by ``delete_account`` just before the user row is deleted.

Arguments: ``sender=User``, ``user``. Receivers delete or anonymise what their app holds
about the person (e.g. future registrations deleted, past ones kept without the user).
They run inside the erasing transaction: raising aborts the whole erasure.
"""
