"""RequestContext: what crosses every API call and RPC message."""
import datetime

from nova_lite import context as nl_context


def _context(**kwargs):
    values = dict(user_id='demo', project_id='demo-project', roles=['member', 'reader'],
                  request_id='req-0f4c2a8e-6a2d-4d8e-9d1f-2b3c4d5e6f70',
                  global_request_id='req-11111111-2222-4333-8444-555555555555',
                  auth_token='token', user_name='demo-user', project_name='demo',
                  timestamp=datetime.datetime(2024, 5, 6, 7, 8, 9, 123456))
    values.update(kwargs)
    return nl_context.RequestContext(**values)


def test_round_trip_keeps_every_field():
    original = _context(read_deleted='yes')
    copy = nl_context.RequestContext.from_dict(original.to_dict())
    for name in ('user_id', 'project_id', 'roles', 'is_admin', 'read_deleted', 'timestamp',
                 'request_id', 'global_request_id', 'auth_token', 'user_name',
                 'project_name'):
        assert getattr(copy, name) == getattr(original, name), name
    assert copy.timestamp == datetime.datetime(2024, 5, 6, 7, 8, 9, 123456)


def test_to_dict_is_plain_data():
    values = _context().to_dict()
    assert values['timestamp'] == '2024-05-06T07:08:09.123456'
    assert values['user_id'] == 'demo' and values['project_id'] == 'demo-project'
    assert values['roles'] == ['member', 'reader'] and values['is_admin'] is False


def test_round_trip_of_an_admin_context():
    admin = nl_context.get_admin_context(read_deleted='only')
    copy = nl_context.RequestContext.from_dict(admin.to_dict())
    assert copy.is_admin is True and copy.read_deleted == 'only'
    assert copy.request_id == admin.request_id and copy.timestamp == admin.timestamp


def test_from_dict_accepts_the_legacy_user_and_tenant_keys():
    copy = nl_context.RequestContext.from_dict({'user': 'u1', 'tenant': 'p1'})
    assert (copy.user_id, copy.project_id) == ('u1', 'p1')
    assert copy.read_deleted == 'no' and copy.roles == [] and copy.is_admin is False
    assert copy.request_id.startswith('req-')


def test_from_dict_normalises_an_aware_timestamp_to_naive_utc():
    values = _context().to_dict()
    values['timestamp'] = '2024-05-06T09:08:09.5+02:00'
    assert nl_context.RequestContext.from_dict(values).timestamp == datetime.datetime(
        2024, 5, 6, 7, 8, 9, 500000)


def test_admin_role_makes_an_admin_context():
    assert _context(roles=['admin']).is_admin
    assert not _context(roles=['member']).is_admin


def test_default_timestamp_and_request_id():
    ctxt = nl_context.RequestContext(user_id='u', project_id='p')
    assert isinstance(ctxt.timestamp, datetime.datetime)
    assert ctxt.request_id.startswith('req-')
    assert ctxt.read_deleted == 'no'


def test_elevated_is_an_admin_copy():
    user = _context()
    admin = user.elevated()
    assert admin.is_admin and 'admin' in admin.roles
    assert (admin.user_id, admin.project_id, admin.request_id) == (
        user.user_id, user.project_id, user.request_id)
    assert admin.read_deleted == 'no'
    assert not user.is_admin and user.roles == ['member', 'reader']


def test_elevated_can_read_deleted_and_keeps_one_admin_role():
    admin = _context(roles=['admin']).elevated(read_deleted='yes')
    assert admin.read_deleted == 'yes'
    assert admin.roles.count('admin') == 1


def test_get_admin_context():
    admin = nl_context.get_admin_context()
    assert admin.is_admin and admin.user_id is None and admin.project_id is None
