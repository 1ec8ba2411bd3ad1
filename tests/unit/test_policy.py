"""policy.authorize: answers kept for the request's context, and dropped with the
enforcer when the policy changes."""
import os
import threading
import time
import types

import pytest
from oslo_policy import policy as oslo_policy

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import policy

RULE = 'os_compute_api:os-extended-server-attributes'  # admin only by default


@pytest.fixture
def enforcements(conf, monkeypatch):
    calls = []
    enforcer = policy.get_enforcer()
    real = enforcer.authorize
    monkeypatch.setattr(enforcer, 'authorize',
                        lambda rule, *args, **kwargs: calls.append(rule) or real(
                            rule, *args, **kwargs))
    return calls


def test_a_context_asks_the_enforcer_once_per_question(enforcements, user_context):
    for _ in range(3):
        assert policy.authorize(user_context, RULE, fatal=False) is False
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(user_context, RULE)
    assert enforcements == [RULE]
    # another target is another question, and another context asks again
    policy.authorize(user_context, RULE, {'project_id': 'other'}, fatal=False)
    policy.authorize(user_context.elevated(), RULE)
    assert enforcements == [RULE] * 3


def test_a_new_policy_is_asked_again(conf, tmp_path, user_context):
    assert policy.authorize(user_context, RULE, fatal=False) is False
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"%s": "role:member"\n' % RULE)
    conf('policy_file', str(policy_file), 'oslo_policy')
    policy.reset()
    assert policy.authorize(user_context, RULE) is True


def test_an_edited_policy_file_counts_once_the_recheck_interval_is_over(conf, tmp_path,
                                                                      monkeypatch):
    """The policy file is looked at again at most every RECHECK_SECONDS, not on every
    check; an edit (a new mtime) counts from the first check after that."""
    def member_may():  # a new request each time: no answer kept from the last one
        return policy.authorize(nl_context.RequestContext(
            user_id='demo', project_id='demo-project', roles=['member']), RULE, fatal=False)

    clock = [1000.0]
    monkeypatch.setattr(policy, 'time', types.SimpleNamespace(monotonic=lambda: clock[0]))
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('{}\n')
    policy.get_enforcer()  # registers [oslo_policy]
    conf('policy_file', str(policy_file), 'oslo_policy')
    policy.reset()
    assert member_may() is False
    policy_file.write_text('"%s": "role:member"\n' % RULE)
    os.utime(policy_file, (time.time() + 10, time.time() + 10))
    clock[0] += policy.RECHECK_SECONDS / 2
    assert member_may() is False
    clock[0] += policy.RECHECK_SECONDS / 2
    assert member_may() is True


def test_racing_first_callers_all_get_the_defaults(conf, user_context, monkeypatch):
    """The first get_enforcer() of a process is raced by the API's threads: none may
    see the enforcer before its rules are registered (PolicyNotRegistered, a 500)."""
    real_register = oslo_policy.Enforcer.register_defaults
    policy.reset()

    def slow_register(self, rules):
        time.sleep(0.05)  # a window for the others
        real_register(self, rules)
    monkeypatch.setattr(oslo_policy.Enforcer, 'register_defaults', slow_register)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(policy.authorize(
        user_context.elevated(), RULE, fatal=False))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [True] * 8


def test_requests_of_the_same_credentials_share_the_answer(enforcements):
    def request(project_id='demo-project', roles=('member',)):
        return nl_context.RequestContext(user_id='demo', project_id=project_id,
                                         roles=list(roles))
    for _ in range(3):
        assert policy.authorize(request(), RULE, fatal=False) is False
    assert enforcements == [RULE]
    # other credentials are another question
    policy.authorize(request(project_id='other-project'), RULE, fatal=False)
    policy.authorize(request(roles=('admin',)), RULE, fatal=False)
    assert enforcements == [RULE] * 3
