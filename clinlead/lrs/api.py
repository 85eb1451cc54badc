"""The Learning Record Store's door: making clients (for the management command and tests)."""

from .clients import SCOPES, BadScope, ClientData, make_client

__all__ = ["SCOPES", "BadScope", "ClientData", "make_client"]
