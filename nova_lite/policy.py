"""The policy enforcer: authorize(context, rule, target) or PolicyNotAuthorized (403)."""
import threading

from oslo_config import cfg
from oslo_policy import policy

from nova_lite import exception
from nova_lite import policies

CONF = cfg.CONF
_ENFORCER = None
_LOCK = threading.Lock()


def get_enforcer():
    """The enforcer, with the defaults registered (also oslo.policy's entry point)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            _ENFORCER = policy.Enforcer(CONF)
            _ENFORCER.register_defaults(policies.list_rules())
    return _ENFORCER


def reset():
    global _ENFORCER
    with _LOCK:
        _ENFORCER = None


def authorize(context, action, target=None, fatal=True):
    """Whether context may do action on target ({'project_id': ...} by default)."""
    target = target if target is not None else {'project_id': context.project_id,
                                                'user_id': context.user_id}
    try:
        return get_enforcer().authorize(action, target, context, do_raise=fatal,
                                        exc=exception.PolicyNotAuthorized, action=action)
    except policy.InvalidScope:
        if fatal:
            raise exception.PolicyNotAuthorized(action=action)
        return False
