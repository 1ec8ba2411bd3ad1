"""Settings of one thread for the length of a block (a threading.local's attribute)."""
import contextlib


@contextlib.contextmanager
def setting(local, name, value, default=None):
    """local.<name> is value in this thread inside the block, then what it was before
    (default if it was unset), so that blocks nest."""
    outer = getattr(local, name, default)
    setattr(local, name, value)
    try:
        yield
    finally:
        setattr(local, name, outer)
