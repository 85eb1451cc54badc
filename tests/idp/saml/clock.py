"""The IdP's clock, which a test can set wrong (clock_offset_seconds) to make stale or future responses.

pysaml2 reads the time only through saml2.time_util, whose functions call that module's own `time` and
`datetime` names. We replace those two names with versions that add an offset taken from a context
variable. Each IdP sets the variable in the threads that serve its requests, so an IdP with no offset (and
anything else in the process, such as python3-saml, which never uses saml2.time_util) sees the true time.
"""

import datetime as real_datetime
import time as real_time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import Any

import saml2.time_util

_offset_seconds: ContextVar[float] = ContextVar("saml_idp_clock_offset_seconds", default=0.0)


class _OffsetTimeModule:
    """The time module, but with time() and gmtime() moved by the current offset."""

    def __init__(self, real: ModuleType) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def time(self) -> float:
        return float(self._real.time()) + _offset_seconds.get()

    def gmtime(self, seconds: float | None = None) -> real_time.struct_time:
        return real_time.gmtime(self.time() if seconds is None else seconds)


class _OffsetDatetime(real_datetime.datetime):
    """datetime.datetime, but with now() and utcnow() moved by the current offset."""

    @classmethod
    def now(cls, tz: real_datetime.tzinfo | None = None) -> real_datetime.datetime:  # type: ignore[override]
        return real_datetime.datetime.now(tz) + real_datetime.timedelta(seconds=_offset_seconds.get())

    @classmethod
    def utcnow(cls) -> real_datetime.datetime:  # type: ignore[override]
        return cls.now(real_datetime.UTC).replace(tzinfo=None)


def _install() -> None:
    if not isinstance(saml2.time_util.time, _OffsetTimeModule):
        saml2.time_util.time = _OffsetTimeModule(real_time)
        saml2.time_util.datetime = _OffsetDatetime


@contextmanager
def offset_clock(seconds: float) -> Iterator[None]:
    """Within this block (in this thread or task), pysaml2 believes it is `seconds` later than it is."""
    _install()
    token = _offset_seconds.set(seconds)
    try:
        yield
    finally:
        _offset_seconds.reset(token)
