"""The compute periodic tasks of the lifecycle, called as their timer would:
reclaim_queued_deletes deletes the SOFT_DELETED servers older than
reclaim_instance_interval; poll_shelved_instances offloads the SHELVED ones
older than shelved_offload_time. Their age is set in the past in the database."""
import datetime

from oslo_utils import timeutils

from nova_lite import context as nl_context
from nova_lite import objects
from tests.functional import conftest as fx

HOUR = 3600


def _instance(server_id):
    return objects.Instance.get_by_uuid(nl_context.get_admin_context(), server_id)


def _ago(seconds):
    return timeutils.utcnow() - datetime.timedelta(seconds=seconds)


def _two_servers(cloud):
    """Two ACTIVE servers on the same host: (host, first id, second id)."""
    first = cloud.boot('first')
    host = first['OS-EXT-SRV-ATTR:host']
    resp = cloud.admin.create_server('second', availability_zone='nova:%s' % host)
    assert resp.status == 202, resp
    second = cloud.wait_for_state(resp.body['server']['id'], 'ACTIVE')
    assert second['OS-EXT-SRV-ATTR:host'] == host
    return host, first['id'], second['id']


def test_reclaim_queued_deletes(make_cloud):
    cloud = make_cloud([('reclaim_instance_interval', HOUR, None)])
    host, old_id, new_id = _two_servers(cloud)
    for server_id in (old_id, new_id):
        assert cloud.admin.delete('/v2.1/servers/%s' % server_id).status == 204
        cloud.wait_for_state(server_id, 'SOFT_DELETED')
    memory_used = cloud.hypervisor(host)['memory_mb_used']
    old = _instance(old_id)
    old.deleted_at = _ago(HOUR + 60)
    old.save()
    _instance(new_id)  # deleted a moment ago: kept
    cloud.compute(host).manager.reclaim_queued_deletes(nl_context.get_admin_context())
    cloud.wait_for_deleted(old_id)
    assert cloud.get_server(new_id)['status'] == 'SOFT_DELETED'
    fx.wait_for(lambda: cloud.hypervisor(host)['memory_mb_used'] == memory_used - 512,
                'the reclaimed server to give its memory back')
    # the reclaimed server is gone for good: it cannot be restored
    resp = cloud.admin.post('/v2.1/servers/%s/action' % old_id, {'restore': None})
    assert resp.status == 404
    assert cloud.admin.post('/v2.1/servers/%s/action' % new_id,
                            {'restore': None}).status == 202
    cloud.wait_for_state(new_id, 'ACTIVE')


def test_reclaim_does_nothing_without_an_interval(cloud):
    server = cloud.boot('kept')
    instance = _instance(server['id'])
    instance.vm_state = 'soft-delete'
    instance.deleted_at = _ago(10 * HOUR)
    instance.save()
    host = server['OS-EXT-SRV-ATTR:host']
    cloud.compute(host).manager.reclaim_queued_deletes(nl_context.get_admin_context())
    assert cloud.get_server(server['id'])['status'] == 'SOFT_DELETED'


def test_poll_shelved_instances(make_cloud):
    cloud = make_cloud([('shelved_offload_time', HOUR, None)])
    host, old_id, new_id = _two_servers(cloud)
    for server_id in (old_id, new_id):
        assert cloud.admin.post('/v2.1/servers/%s/action' % server_id,
                                {'shelve': None}).status == 202
        cloud.wait_for_state(server_id, 'SHELVED')
    old = _instance(old_id)
    old.system_metadata = dict(old.system_metadata, shelved_at=_ago(HOUR + 60).isoformat())
    old.save()
    cloud.compute(host).manager.poll_shelved_instances(nl_context.get_admin_context())
    offloaded = cloud.wait_for_state(old_id, 'SHELVED_OFFLOADED')
    assert offloaded['OS-EXT-SRV-ATTR:host'] is None
    kept = cloud.get_server(new_id)
    assert (kept['status'], kept['OS-EXT-SRV-ATTR:host']) == ('SHELVED', host)
    # the offloaded one gave its place back; the shelved one keeps it
    fx.wait_for(lambda: cloud.hypervisor(host)['memory_mb_used'] == fx.RESERVED_MB + 512,
                'one server left claimed on %s' % host)


def test_deleting_a_soft_deleted_server_again_restarts_its_clock(make_cloud):
    """Upstream soft-deletes a SOFT_DELETED server again (its deleted_at is now):
    the reclaim waits a whole interval more; forceDelete is what deletes at once."""
    cloud = make_cloud([('reclaim_instance_interval', HOUR, None)])
    server = cloud.boot('twice-deleted')
    host = server['OS-EXT-SRV-ATTR:host']
    assert cloud.admin.delete('/v2.1/servers/%s' % server['id']).status == 204
    cloud.wait_for_state(server['id'], 'SOFT_DELETED')
    instance = _instance(server['id'])
    instance.deleted_at = _ago(HOUR + 60)
    instance.save()
    resp = cloud.admin.delete('/v2.1/servers/%s' % server['id'])
    assert resp.status == 204
    cloud.wait_for_state(server['id'], 'SOFT_DELETED')
    assert _instance(server['id']).deleted_at.replace(tzinfo=None) > _ago(60)
    cloud.compute(host).manager.reclaim_queued_deletes(nl_context.get_admin_context())
    assert cloud.get_server(server['id'])['status'] == 'SOFT_DELETED'
    actions = objects.InstanceActionList.get_by_instance_uuid(
        nl_context.get_admin_context(), server['id'])
    assert [a.action for a in actions] == ['delete', 'delete', 'create']
    assert cloud.admin.post('/v2.1/servers/%s/action' % server['id'],
                            {'forceDelete': None}).status == 202
    cloud.wait_for_deleted(server['id'])
