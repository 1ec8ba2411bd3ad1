"""status_from_state against upstream Nova's _STATE_MAP, and its inverse."""
import datetime

import pytest
import webob
import webob.exc

from nova_lite.api import common
from nova_lite.compute import task_states as ts
from nova_lite.compute import vm_states as vs

# Upstream's nova/api/openstack/common.py _STATE_MAP, written out by hand.
DEFAULT_STATUS = {
    vs.ACTIVE: 'ACTIVE', vs.BUILDING: 'BUILD', vs.STOPPED: 'SHUTOFF',
    vs.RESIZED: 'VERIFY_RESIZE', vs.PAUSED: 'PAUSED', vs.SUSPENDED: 'SUSPENDED',
    vs.RESCUED: 'RESCUE', vs.ERROR: 'ERROR', vs.DELETED: 'DELETED',
    vs.SOFT_DELETED: 'SOFT_DELETED', vs.SHELVED: 'SHELVED',
    vs.SHELVED_OFFLOADED: 'SHELVED_OFFLOADED',
}
REBOOT = {ts.REBOOTING: 'REBOOT', ts.REBOOT_PENDING: 'REBOOT', ts.REBOOT_STARTED: 'REBOOT',
          ts.REBOOTING_HARD: 'HARD_REBOOT', ts.REBOOT_PENDING_HARD: 'HARD_REBOOT',
          ts.REBOOT_STARTED_HARD: 'HARD_REBOOT'}
REBUILD = {ts.REBUILDING: 'REBUILD', ts.REBUILD_BLOCK_DEVICE_MAPPING: 'REBUILD',
           ts.REBUILD_SPAWNING: 'REBUILD'}
RESIZE = {ts.RESIZE_PREP: 'RESIZE', ts.RESIZE_MIGRATING: 'RESIZE',
          ts.RESIZE_MIGRATED: 'RESIZE', ts.RESIZE_FINISH: 'RESIZE'}
OVERRIDES = {
    vs.ACTIVE: {**REBOOT, **REBUILD, **RESIZE, ts.UPDATING_PASSWORD: 'PASSWORD',
                ts.MIGRATING: 'MIGRATING'},
    vs.STOPPED: {**RESIZE, **REBUILD},
    vs.RESIZED: {ts.RESIZE_REVERTING: 'REVERT_RESIZE'},
    vs.PAUSED: {ts.MIGRATING: 'MIGRATING'},
    vs.ERROR: REBUILD,
}
# the state values (the modules also hold lists such as ALLOW_HARD_REBOOT)
ALL_TASK_STATES = sorted({v for k, v in vars(ts).items() if k.isupper() and isinstance(v, str)})
ALL_VM_STATES = sorted({v for k, v in vars(vs).items() if k.isupper() and isinstance(v, str)})


def test_every_vm_state_is_mapped():
    assert sorted(DEFAULT_STATUS) == ALL_VM_STATES


@pytest.mark.parametrize('vm_state', ALL_VM_STATES)
def test_status_without_task_state(vm_state):
    assert common.status_from_state(vm_state) == DEFAULT_STATUS[vm_state]
    assert common.status_from_state(vm_state, None) == DEFAULT_STATUS[vm_state]


def test_status_for_every_vm_and_task_state_pair():
    wrong = {}
    for vm_state in ALL_VM_STATES:
        for task_state in ALL_TASK_STATES:
            expected = OVERRIDES.get(vm_state, {}).get(task_state, DEFAULT_STATUS[vm_state])
            status = common.status_from_state(vm_state, task_state)
            if status != expected:
                wrong[(vm_state, task_state)] = (status, expected)
    assert wrong == {}


@pytest.mark.parametrize('vm_state, task_state, status', [
    (vs.ACTIVE, ts.REBOOTING_HARD, 'HARD_REBOOT'),
    (vs.ACTIVE, ts.DELETING, 'ACTIVE'),
    (vs.BUILDING, ts.SPAWNING, 'BUILD'),
    (vs.STOPPED, ts.POWERING_ON, 'SHUTOFF'),
    (vs.RESIZED, ts.RESIZE_CONFIRMING, 'VERIFY_RESIZE'),
    (vs.ERROR, ts.REBUILD_SPAWNING, 'REBUILD'),
])
def test_status_examples(vm_state, task_state, status):
    assert common.status_from_state(vm_state, task_state) == status


def test_unknown_vm_state_is_unknown():
    assert common.status_from_state('banana') == 'UNKNOWN'
    assert common.status_from_state(None, ts.REBOOTING) == 'UNKNOWN'


@pytest.mark.parametrize('vm_state, status', sorted(DEFAULT_STATUS.items()))
def test_status_inverts_to_its_vm_state(vm_state, status):
    vm_states, task_states = common.task_and_vm_state_from_status([status])
    assert vm_states == [vm_state]
    assert 'default' in task_states
    assert common.task_and_vm_state_from_status([status.lower()])[0] == [vm_state]


def test_task_statuses_invert_to_their_task_states():
    assert common.task_and_vm_state_from_status(['REBOOT']) == (
        [vs.ACTIVE], sorted([ts.REBOOTING, ts.REBOOT_PENDING, ts.REBOOT_STARTED]))
    vm_states, task_states = common.task_and_vm_state_from_status(['HARD_REBOOT', 'PAUSED'])
    assert vm_states == sorted([vs.ACTIVE, vs.PAUSED])
    assert ts.REBOOTING_HARD in task_states and 'default' in task_states


def test_unknown_status_inverts_to_nothing():
    assert common.task_and_vm_state_from_status(['NO_SUCH_STATUS']) == ([], [])


def test_isotime_formats():
    assert common.isotime(None) is None and common.isotime_usec(None) is None
    value = datetime.datetime(2013, 9, 23, 13, 37, 0, 880302, tzinfo=datetime.timezone.utc)
    assert common.isotime(value) == '2013-09-23T13:37:00Z'
    assert common.isotime_usec(value) == '2013-09-23T13:37:00.880302'


def _request(query='', project_id='demo-project'):
    request = webob.Request.blank('/v2.1/%s/servers%s' % (project_id, query))
    request.environ['wsgiorg.routing_args'] = ((), {'project_id': project_id})
    request.environ['SCRIPT_NAME'] = '/v2.1'
    return request


@pytest.mark.parametrize('query, expected', [('', (1000, None)), ('?limit=5&marker=m', (5, 'm')),
                                             ('?limit=5000', (1000, None)),
                                             ('?limit=0', (0, None))])
def test_limited_by_marker(conf, query, expected):
    assert common.limited_by_marker(_request(query)) == expected


@pytest.mark.parametrize('query', ['?limit=-1', '?limit=ten'])
def test_limited_by_marker_rejects_bad_limits(conf, query):
    with pytest.raises(webob.exc.HTTPBadRequest):
        common.limited_by_marker(_request(query))


def test_resource_links():
    links = common.resource_links(_request(), 'servers', 'abc')
    assert links == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/demo-project/servers/abc'},
        {'rel': 'bookmark', 'href': 'http://localhost/demo-project/servers/abc'}]


def test_collection_links_only_for_a_full_page():
    items = [{'id': 'a'}, {'id': 'b'}]
    assert common.collection_links(_request(), 'servers', items, 3) == []
    (link,) = common.collection_links(_request('?limit=2'), 'servers', items, 2)
    assert link['rel'] == 'next'
    assert link['href'] == 'http://localhost/v2.1/demo-project/servers?limit=2&marker=b'
