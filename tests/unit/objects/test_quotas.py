"""Quota counting and checks, on the real schema."""
import threading

import pytest
from oslo_utils import uuidutils

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import power_state
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.db import api as db_api
from nova_lite.objects import quotas


def test_limits_resolve_user_over_project_over_class_over_config(db, admin_context):
    assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 10
    objects.Quotas.update_class_limits(admin_context, 'default', {'instances': 20})
    assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 20
    objects.Quotas.update_limits(admin_context, 'p', {'instances': 5})
    objects.Quotas.update_limits(admin_context, 'p', {'instances': 3}, user_id='u')
    assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 5
    assert objects.Quotas.get_limits(admin_context, 'p', 'u')['instances'] == 3
    objects.Quotas.destroy_all_by_project(admin_context, 'p', user_id='u')
    assert objects.Quotas.get_limits(admin_context, 'p', 'u')['instances'] == 5
    objects.Quotas.destroy_all_by_project(admin_context, 'p')
    assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 20


def test_usage_counts_live_instances_only(db, admin_context, make_instance):
    make_instance(project_id='p', user_id='u')
    make_instance(project_id='p', user_id='other')
    make_instance(project_id='p', user_id='u').destroy()
    usage = objects.Quotas.get_usages(admin_context, 'p')
    assert (usage['instances'], usage['cores'], usage['ram']) == (2, 2, 1024)
    assert objects.Quotas.get_usages(admin_context, 'p', 'u')['instances'] == 1


def test_check_names_every_resource_over_its_limit():
    with pytest.raises(exception.OverQuota) as error:
        quotas.check({'cores': 2, 'ram': 100, 'instances': -1}, {'cores': 1, 'ram': 0},
                     {'cores': 2, 'ram': 100, 'instances': 50})
    assert error.value.kwargs['overs'] == ['cores']


@pytest.mark.parametrize('limits, min_count, max_count, allowed', [
    ({'instances': 10}, 1, 5, 5),
    ({'instances': 3}, 1, 5, 3),
    ({'cores': 4}, 2, 5, 2),       # 2 vcpus each
    ({'ram': -1, 'instances': -1, 'cores': -1}, 1, 50, 50),
])
def test_instances_allowed(db, admin_context, limits, min_count, max_count, allowed):
    objects.Quotas.update_limits(admin_context, 'p', limits)
    with db_api.writer() as session:
        assert quotas.instances_allowed(session, 'p', 'u', 2, 512, min_count,
                                        max_count) == allowed


def test_instances_allowed_refuses_below_min_count_with_upstreams_message(db, admin_context):
    objects.Quotas.update_limits(admin_context, 'p', {'instances': 2, 'cores': 2})
    with db_api.writer() as session, pytest.raises(exception.TooManyInstances) as error:
        quotas.instances_allowed(session, 'p', 'u', 2, 512, 3, 3)
    assert error.value.format_message() == (
        'Quota exceeded for cores, instances: Requested 6, 3, but already used 0, 0 of 2, 2 '
        'cores, instances')
    assert error.value.code == 403


def test_user_limit_applies_too(db, admin_context, make_instance):
    objects.Quotas.update_limits(admin_context, 'demo-project', {'instances': 1},
                                 user_id='demo')
    make_instance(project_id='demo-project', user_id='demo')
    with db_api.writer() as session, pytest.raises(exception.TooManyInstances):
        quotas.instances_allowed(session, 'demo-project', 'demo', 1, 512, 1, 1)
    with db_api.writer() as session:
        assert quotas.instances_allowed(session, 'demo-project', 'alt', 1, 512, 1, 1) == 1


def test_writer_joins_an_outer_transaction_and_rolls_back_with_it(db, admin_context):
    with pytest.raises(RuntimeError):
        with db_api.writer():
            objects.Quotas.update_limits(admin_context, 'p', {'instances': 1})
            assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 1
            raise RuntimeError('undo')
    assert objects.Quotas.get_limits(admin_context, 'p')['instances'] == 10


def test_project_and_user_usage_are_counted_apart(db, admin_context, make_instance):
    """The project's usage is every user's, a user's only its own (one query counts both)."""
    objects.Quotas.update_limits(admin_context, 'demo-project', {'cores': 3})
    objects.Quotas.update_limits(admin_context, 'demo-project', {'cores': 2},
                                 user_id='demo')
    make_instance(project_id='demo-project', user_id='alt')  # 1 vcpu (m1.tiny)
    make_instance(project_id='demo-project', user_id='alt')
    make_instance(project_id='other-project', user_id='demo')
    with db_api.writer() as session:
        # the project has 1 core left; demo, with none of its own, may use 2 of it
        assert quotas.instances_allowed(session, 'demo-project', 'demo', 1, 512, 1, 5) == 1
    make_instance(project_id='demo-project', user_id='demo')
    with db_api.writer() as session, pytest.raises(exception.TooManyInstances) as error:
        quotas.instances_allowed(session, 'demo-project', 'demo', 1, 512, 1, 1)
    assert 'already used 3 of 3 cores' in error.value.format_message()


def _racing(monkeypatch, *creates):
    """Run creates in threads at once, each held after its usage count until the others
    have counted too (or 2 s passed: a database that serializes them lets one count
    only after the other committed); {create index: its exception or None}."""
    barrier = threading.Barrier(len(creates), timeout=2)
    counted = quotas.count_usage, quotas._instance_usages

    def held(count):
        def _count(*args, **kwargs):
            usage = count(*args, **kwargs)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return usage
        return _count
    monkeypatch.setattr(quotas, 'count_usage', held(counted[0]))
    monkeypatch.setattr(quotas, '_instance_usages', held(counted[1]))
    outcome = {}

    def run(index):
        try:
            creates[index]()
            outcome[index] = None
        except Exception as error:
            outcome[index] = error
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(creates))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


def _instance(context):
    flavor = objects.Flavor.get_by_flavor_id(context, '1')
    return objects.Instance(context, uuid=uuidutils.generate_uuid(), user_id='u',
                            project_id='p', display_name='racer', flavor=flavor,
                            instance_type_id=flavor.id, vcpus=flavor.vcpus,
                            memory_mb=flavor.memory_mb, root_gb=flavor.root_gb,
                            ephemeral_gb=flavor.ephemeral_gb, vm_state=vm_states.BUILDING,
                            task_state=task_states.SCHEDULING,
                            power_state=power_state.NOSTATE, metadata={}, locked=False)


def test_two_racing_boots_of_a_project_cannot_both_pass_its_last_instance(
        db, admin_context, monkeypatch):
    objects.Quotas.update_limits(admin_context, 'p', {'instances': 1})
    outcome = _racing(monkeypatch, *[
        lambda: objects.InstanceList.create_all(admin_context, [_instance(admin_context)], [None])
        for _ in range(2)])
    assert sorted(type(error).__name__ for error in outcome.values()) == [
        'NoneType', 'TooManyInstances']
    assert objects.Quotas.get_usages(admin_context, 'p')['instances'] == 1


def test_two_racing_key_pairs_of_a_user_cannot_both_pass_its_last_one(
        db, admin_context, monkeypatch):
    objects.Quotas.update_limits(admin_context, 'p', {'key_pairs': 1})
    context = nl_context.RequestContext(user_id='u', project_id='p', roles=['member'])

    def create(name):
        return lambda: objects.KeyPair(context, name=name, user_id='u', public_key='ssh-rsa A',
                                       fingerprint='aa:bb', type='ssh').create()
    outcome = _racing(monkeypatch, create('one'), create('two'))
    assert sorted(type(error).__name__ for error in outcome.values()) == [
        'KeypairLimitExceeded', 'NoneType']
    assert len(objects.KeyPairList.get_by_user(context, 'u')) == 1
