"""Events of a plan that the apps above it act on (the plan's floor names none of them)."""

from django.dispatch import Signal

#: Sent inside :func:`campaigns.services.copy_campaign`'s transaction, with ``source`` and ``campaign`` (the new
#: draft copy), after the plan's own parts are copied. A receiver copies its app's part of the plan; an exception
#: rolls the whole copy back.
campaign_copied = Signal()
