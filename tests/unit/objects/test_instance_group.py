"""InstanceGroup: where its members are, as the scheduler and the compute read it."""
from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import vm_states
from nova_lite.db import api as db_api
from nova_lite.objects import instance_group


def test_member_placements(make_instance, admin_context):
    group = objects.InstanceGroup(admin_context, name='g', user_id='demo',
                                  project_id='demo-project', policy='anti-affinity')
    group.create()
    active = make_instance(host='h1', vm_state=vm_states.ACTIVE, task_state=None)
    sent = make_instance(host='h2')  # building/scheduling, sent to h2
    unplaced = make_instance()
    deleted = make_instance(host='h3')
    make_instance(host='h1')  # not a member
    with db_api.writer() as session:
        instance_group.add_members(session, group.uuid,
                                   [i.uuid for i in (active, sent, unplaced, deleted)])
    deleted.destroy()

    on_h1 = {'host': 'h1', 'vm_state': vm_states.ACTIVE, 'task_state': None}
    on_h2 = {'host': 'h2', 'vm_state': vm_states.BUILDING,
             'task_state': task_states.SCHEDULING}
    placements = group.get_member_placements()
    assert sorted(placements, key=lambda p: p['host']) == [on_h1, on_h2]
    assert group.get_member_placements(exclude=[active.uuid]) == [on_h2]
    assert group.get_member_placements(exclude=[active.uuid, sent.uuid]) == []
    assert sorted(group.get_hosts()) == ['h1', 'h2']  # what the scheduler reads
