"""The trust resolver, as the explanation modules import it (one implementation: ``scoring.names``)."""

from scoring.names import resolve_trust

__all__ = ["resolve_trust"]
