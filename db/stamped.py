"""Small reference tables read on every write (the working calendar, the deadline rules),
kept in memory per database and read again only when their stamp changes.

A stamp is one cheap aggregate query over the table (row counts, the last update, the sum
of versions) that changes whenever a change the loaders care about is committed, or made
in the reading transaction itself. The cached value is shared by every thread of the
process, so loaders must return immutable values.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, Select
from sqlalchemy.orm import Session

T = TypeVar("T")

_lock = threading.Lock()
#: engine → name → (stamp, value); an engine disposed and collected takes its entries along
_cache: weakref.WeakKeyDictionary[Engine, dict[str, tuple[Hashable, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def cached(session: Session, name: str, stamp: Select, load: Callable[[Session], T]) -> T:
    """`load(session)`, or the value loaded earlier for this database under the same stamp."""
    engine = _engine(session)
    current = tuple(session.execute(stamp).one())
    with _lock:
        entry = _cache.get(engine, {}).get(name)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = load(session)
    with _lock:
        _cache.setdefault(engine, {})[name] = (current, value)
    return value
