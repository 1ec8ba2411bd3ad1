"""The commands set up oslo.log as a daemon does: a handler on the root logger that
writes to stderr (here the test's capture, closed after it) and the levels of the
loggers. Each test leaves logging as it found it: else every INFO record of the
tests after it failed to write ("--- Logging error ---")."""
import logging

import pytest


@pytest.fixture(autouse=True)
def logging_left_as_found():
    root = logging.getLogger()
    handlers, levels = root.handlers[:], {
        name: logger.level for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)}
    root_level = root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(root_level)
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            logger.setLevel(levels.get(name, logging.NOTSET))
