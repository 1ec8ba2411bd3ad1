"""The database layer as the objects reach it: loaded on first use, and never in a
process that blocked it.

The objects' database code runs only in the conductor (and nova-lite-manage). Every
other daemon calls block_access() at start-up, after which any attempt fails loudly
with DBNotAllowed instead of silently opening a second writer; and through these
stand-ins the API, the scheduler and the computes never load SQLAlchemy and the ORM
models at all (about 19 MiB of each one's RSS).
"""
import importlib
import types

from nova_lite import exception

_BLOCKED_BY = None


def block_access(binary):
    """Forbid database access in this process (compute, scheduler, API)."""
    global _BLOCKED_BY
    _BLOCKED_BY = binary


def allow_access():
    global _BLOCKED_BY
    _BLOCKED_BY = None


def check_access():
    if _BLOCKED_BY:
        raise exception.DBNotAllowed(binary=_BLOCKED_BY)


class Module(types.ModuleType):
    """Stands in for a module, imported on the first attribute asked of it; every
    attribute is then the real module's (what a test patches there counts here)."""

    def __init__(self, name):
        super().__init__(name)
        self.__dict__['_module'] = None

    def __getattr__(self, attr):
        check_access()
        module = self.__dict__['_module']
        if module is None:  # racing threads import the same module: harmless
            module = self.__dict__['_module'] = importlib.import_module(self.__name__)
        return getattr(module, attr)


sa = Module('sqlalchemy')
mysql = Module('sqlalchemy.dialects.mysql')  # their INSERT .. ON CONFLICT / DUPLICATE KEY
postgresql = Module('sqlalchemy.dialects.postgresql')
models = Module('nova_lite.db.models')
api = Module('nova_lite.db.api')
