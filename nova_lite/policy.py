"""The policy enforcer: authorize(context, rule, target) or PolicyNotAuthorized (403)."""
import threading
import time

from oslo_config import cfg
from oslo_policy import policy

from nova_lite import exception
from nova_lite import policies

CONF = cfg.CONF
_ENFORCER = None
_LOCK = threading.Lock()
# how often the policy file and policy.d are looked for and checked for changes
RECHECK_SECONDS = 1.0


class _Enforcer(policy.Enforcer):
    """oslo.policy's enforcer, which looks for the policy file and policy.d in every
    config folder and stats them on every check (about 5% of a short request's time):
    here at most once a second, so an edited file still counts within a second."""

    _next_check = 0.0

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if force_reload or now >= self._next_check:
            super().load_rules(force_reload)
            self._next_check = now + RECHECK_SECONDS


def get_enforcer():
    """The enforcer, with the defaults registered (also oslo.policy's entry point)."""
    global _ENFORCER
    if _ENFORCER is not None:  # the usual case, without the lock
        return _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = _Enforcer(CONF)
            enforcer.register_defaults(policies.list_rules())
            _ENFORCER = enforcer  # only once complete: others read it without the lock
    return _ENFORCER


def reset():
    global _ENFORCER, _ANSWERS
    with _LOCK:
        _ENFORCER = None
        _ANSWERS = (None, {})


# the rules in force, and the answers given under them (for a credentials and a target)
_ANSWERS = (None, {})
_MAX_ANSWERS = 10000


def _enforce(enforcer, action, target, context):
    """The enforcer's answer, kept for the rules in force: every request of a user
    asks the same few questions, and oslo.policy inspects the signature of each check
    on every call (a tenth of a short request's time)."""
    global _ANSWERS
    enforcer.load_rules()  # looks at the files at most once a second (_Enforcer)
    rules, answers = _ANSWERS
    if rules is not enforcer.rules:  # a reload makes a new Rules
        rules, answers = _ANSWERS = (enforcer.rules, {})
    try:
        key = (action, frozenset(target.items()), frozenset(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in context.to_policy_values().items()))
    except TypeError:  # a target with a list in it: not kept
        key = None
    allowed = answers.get(key)
    if allowed is None:
        try:
            allowed = bool(enforcer.authorize(action, target, context, do_raise=False))
        except policy.InvalidScope:
            allowed = False
        if key is not None:
            if len(answers) >= _MAX_ANSWERS:
                answers.clear()
            answers[key] = allowed
    return allowed


def authorize(context, action, target=None, fatal=True):
    """Whether context may do action on target ({'project_id': ...} by default).
    The answer is also kept on the context (one request), since a list asks the same
    question of every item it shows."""
    target = target if target is not None else {'project_id': context.project_id,
                                                'user_id': context.user_id}
    enforcer = get_enforcer()
    cache = getattr(context, '_nl_policy_answers', None)
    if cache is None or cache[0] is not enforcer:
        cache = context._nl_policy_answers = (enforcer, {})
    try:
        key = (action, frozenset(target.items()), context.is_admin, tuple(context.roles))
    except TypeError:  # a target with a list in it: not kept
        key = None
    allowed = cache[1].get(key)
    if allowed is None:
        allowed = _enforce(enforcer, action, target, context)
        if key is not None:
            cache[1][key] = allowed
    if not allowed and fatal:
        raise exception.PolicyNotAuthorized(action=action)
    return allowed
