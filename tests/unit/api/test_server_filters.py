"""GET /servers query parameters -> instance filters (server_filters.build)."""
import pytest
import webob.exc

from nova_lite import context as nl_context
from nova_lite.api import wsgi
from nova_lite.api.handlers import server_filters


def _req(query, admin=False, version='2.1'):
    req = wsgi.Request.blank('/v2.1/servers?' + query)
    req.headers['OpenStack-API-Version'] = 'compute %s' % version
    roles = ['member', 'reader'] + (['admin'] if admin else [])
    req.environ[wsgi.CONTEXT_KEY] = nl_context.RequestContext(
        user_id='admin' if admin else 'demo', project_id='demo-project', roles=roles,
        is_admin=admin)
    return req


@pytest.fixture
def build(conf, max_microversion):
    max_microversion('2.60')

    def _build(query, admin=False, version='2.1', all_tenants=False):
        return server_filters.build(_req(query, admin, version), all_tenants)
    return _build


def test_a_user_sees_own_undeleted_servers_by_name_and_image(build):
    assert build('name=^web&image=http://glance/images/abc') == {
        'deleted': False, 'name_regex': '^web', 'image_ref': 'abc',
        'project_id': 'demo-project'}


def test_status_becomes_vm_and_task_states(build):
    filters = build('status=HARD_REBOOT')
    assert filters['vm_state'] == ['active']
    assert set(filters['task_state']) == {'rebooting_hard', 'reboot_pending_hard',
                                          'reboot_started_hard'}
    assert 'task_state' not in build('status=SHUTOFF')


def test_an_unknown_status_matches_nothing_then_400_from_2_38(build):
    assert build('status=NOPE', version='2.37') is server_filters.NOTHING
    with pytest.raises(webob.exc.HTTPBadRequest):
        build('status=NOPE', version='2.38')


def test_deleted_and_host_are_for_admins_only(build):
    assert build('deleted=true&host=h1', admin=True, all_tenants=True) == {
        'deleted': True, 'host': 'h1'}
    assert build('deleted=true&host=h1') == {'deleted': False,
                                             'project_id': 'demo-project'}
    with pytest.raises(webob.exc.HTTPForbidden):
        build('status=deleted')


def test_changes_since_keeps_deleted_servers_and_must_be_a_time(build):
    filters = build('changes-since=2026-01-02T03:04:05Z')
    assert 'deleted' not in filters
    assert filters['changes_since'].isoformat() == '2026-01-02T03:04:05'
    with pytest.raises(webob.exc.HTTPBadRequest):
        build('changes-since=yesterday')


def test_tag_filters_from_2_26(build):
    assert 'tags' not in build('tags=a,b', version='2.25')
    filters = build('tags=a,b&tags-any=c&not-tags=d&not-tags-any=e,f', version='2.26')
    assert (filters['tags'], filters['tags_any'], filters['not_tags'],
            filters['not_tags_any']) == (['a', 'b'], ['c'], ['d'], ['e', 'f'])


def test_ip_and_an_unknown_flavor_match_nothing(build, db):
    assert build('ip=10.0.0.1') is server_filters.NOTHING
    assert build('ip6=::1') is server_filters.NOTHING
    assert build('flavor=no-such-flavor') is server_filters.NOTHING
    assert build('flavor=1')['instance_type_id'] > 0


def test_all_tenants_may_name_a_project(build):
    assert build('project_id=p2', admin=True, all_tenants=True)['project_id'] == 'p2'
    assert 'project_id' not in build('', admin=True, all_tenants=True)
