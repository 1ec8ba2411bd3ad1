"""The compute's check of a hard server group policy at build start: the pure rule,
then through ComputeManager.build_and_run_instance."""
import threading

import pytest

from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import group_policy
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.db import api as db_api
from nova_lite.objects import instance_group
from tests.unit.compute import conftest as compute_conftest

HOST = compute_conftest.HOST
ALTERNATES = [{'host': 'host2', 'nodename': 'host2', 'compute_node_id': 99}]


def _member(host, vm_state=vm_states.ACTIVE, task_state=None):
    return {'host': host, 'vm_state': vm_state, 'task_state': task_state}


def _group_of(policy, rules=None):
    return objects.InstanceGroup(policy=policy, rules=rules or {})


AWAITING = _member('h1', vm_states.BUILDING, task_states.SCHEDULING)


@pytest.mark.parametrize('policy, rules, placements, violated', [
    ('anti-affinity', None, [], None),
    ('anti-affinity', None, [_member('h2')], None),
    ('anti-affinity', None, [_member('h1')], 'Anti-affinity'),
    ('anti-affinity', None, [_member('h1', vm_states.ERROR)], 'Anti-affinity'),
    ('anti-affinity', None, [_member('h1', vm_states.BUILDING, task_states.SPAWNING)],
     'Anti-affinity'),
    ('anti-affinity', None, [AWAITING], None),  # checked after this one: it yields
    ('anti-affinity', {'max_server_per_host': 2}, [_member('h1')], None),
    ('anti-affinity', {'max_server_per_host': 2}, [_member('h1'), _member('h1')],
     'Anti-affinity'),
    ('affinity', None, [], None),
    ('affinity', None, [_member('h1')], None),
    ('affinity', None, [_member('h2')], 'Affinity'),
    ('affinity', None, [_member('h2', vm_states.BUILDING, task_states.SCHEDULING)],
     'Affinity'),  # across hosts every member counts
    ('affinity', None, [_member('h1'), _member('h2')], None),
    ('soft-anti-affinity', None, [_member('h1')], None),
    ('soft-affinity', None, [_member('h2')], None),
])
def test_violated_policy(policy, rules, placements, violated):
    assert group_policy.violated_policy('h1', _group_of(policy, rules), placements) == violated


# Through the compute manager.

def _group(context, policy):
    group = objects.InstanceGroup(context, name=policy, user_id='demo',
                                  project_id='demo-project', policy=policy, rules={})
    group.create()
    return group


def _join(context, group, instance, spec=None):
    with db_api.writer() as session:
        instance_group.add_members(session, group.uuid, [instance.uuid])
    if spec is not None:
        spec.instance_group = objects.InstanceGroup.get_by_uuid(context, group.uuid)


def _reload(context, instance):
    return objects.Instance.get_by_uuid(context, instance.uuid, expected_attrs=['fault'])


def _failed_builds(context, node):
    return objects.ComputeNode.get_by_id(context, node.id).failed_builds


def test_anti_affinity_violation_is_rescheduled_not_counted(compute, scheduled, make_instance,
                                                            request_context, node):
    group = _group(request_context, 'anti-affinity')
    _join(request_context, group, make_instance(host=HOST, vm_state=vm_states.ACTIVE,
                                                task_state=None))
    instance, spec = scheduled('second')
    _join(request_context, group, instance, spec)
    compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)

    assert compute.compute_task_api.reschedules == [(instance.uuid, instance.uuid, ALTERNATES)]
    loaded = _reload(request_context, instance)
    assert (loaded.vm_state, loaded.task_state, loaded.host) == (
        vm_states.BUILDING, task_states.SCHEDULING, None)
    assert loaded.fault.message == 'Anti-affinity instance group policy was violated'
    assert compute.driver.list_instances() == []
    assert _failed_builds(request_context, node) == 0  # not the host's fault


def test_affinity_violation_without_alternates_is_error(compute, scheduled, make_instance,
                                                        request_context):
    group = _group(request_context, 'affinity')
    _join(request_context, group, make_instance(host='host2', vm_state=vm_states.ACTIVE,
                                                task_state=None))
    instance, spec = scheduled('apart')
    _join(request_context, group, instance, spec)
    compute.build_and_run_instance(request_context, instance, spec, HOST, [])

    loaded = _reload(request_context, instance)
    assert loaded.vm_state == vm_states.ERROR
    assert loaded.fault.message == 'Affinity instance group policy was violated'


def test_members_that_keep_the_policy_build(compute, scheduled, make_instance,
                                            request_context):
    group = _group(request_context, 'affinity')
    _join(request_context, group, make_instance(host=HOST, vm_state=vm_states.ACTIVE,
                                                task_state=None))
    instance, spec = scheduled('together')
    _join(request_context, group, instance, spec)
    compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)
    assert _reload(request_context, instance).vm_state == vm_states.ACTIVE
    assert compute.compute_task_api.reschedules == []


def test_builds_outside_hard_groups_make_no_extra_call(compute, scheduled, request_context,
                                                       monkeypatch):
    def forbidden(self, exclude=None):
        raise AssertionError('get_member_placements called')
    monkeypatch.setattr(objects.InstanceGroup, 'get_member_placements', forbidden)
    plain, spec = scheduled('plain')
    compute.build_and_run_instance(request_context, plain, spec, HOST, [])
    soft, spec = scheduled('soft')
    _join(request_context, _group(request_context, 'soft-anti-affinity'), soft, spec)
    compute.build_and_run_instance(request_context, soft, spec, HOST, [])
    assert {_reload(request_context, i).vm_state for i in (plain, soft)} == {vm_states.ACTIVE}


def test_of_two_racing_anti_affinity_members_one_stays(compute, scheduled, request_context):
    """Both were sent here by a scheduler that saw neither: the compute lets exactly
    one build and reschedules the other, whichever it checks first."""
    group = _group(request_context, 'anti-affinity')
    builds = []
    for name in ('a', 'b'):
        instance, spec = scheduled(name)
        _join(request_context, group, instance, spec)
        builds.append((instance, spec))
    for _instance, spec in builds:  # the group as each request saw it: both members
        spec.instance_group = objects.InstanceGroup.get_by_uuid(request_context, group.uuid)
    barrier = threading.Barrier(2)

    def build(instance, spec):
        barrier.wait()
        compute.build_and_run_instance(request_context, instance, spec, HOST, ALTERNATES)

    threads = [threading.Thread(target=build, args=b) for b in builds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    states = sorted(_reload(request_context, i).vm_state for i, _ in builds)
    assert states == [vm_states.ACTIVE, vm_states.BUILDING]
    assert len(compute.compute_task_api.reschedules) == 1


def test_check_raises_before_the_block(request_context, db, make_instance):
    group = _group(request_context, 'anti-affinity')
    _join(request_context, group, make_instance(host='h1', vm_state=vm_states.ACTIVE,
                                                task_state=None))
    instance = make_instance()
    spec = objects.RequestSpec(request_context, instance_uuid=instance.uuid)
    _join(request_context, group, instance, spec)
    ran = []
    with pytest.raises(exception.GroupAffinityViolation):
        with group_policy.GroupPolicyCheck('h1').checked(instance, spec):
            ran.append(True)
    assert ran == []
    with group_policy.GroupPolicyCheck('h2').checked(instance, spec):
        ran.append(True)
    assert ran == [True]
