"""The keystone pipeline with keystonemiddleware's auth_token in front, against a fake
Keystone on loopback (tests/fakes/keystone.py): a good token reaches the API, an
expired one gets auth_token's 401 with upstream's body."""
import datetime

import pytest

from nova_lite.api import app as api_app
from tests.fakes import keystone as fake_keystone
from tests.functional import conftest as fx

UNAUTHORIZED = {'error': {'code': 401, 'title': 'Unauthorized',
                          'message': 'The request you have made requires authentication.'}}
TOKENS = {
    'gAAAAA-good': ('demo', 'demo-project', ['member', 'reader'],
                    datetime.timedelta(hours=1)),
    'gAAAAA-expired': ('demo', 'demo-project', ['member', 'reader'],
                       -datetime.timedelta(minutes=5)),
}
AUTHTOKEN_FILTER = ('[filter:authtoken]\n'
                    'paste.filter_factory = keystonemiddleware.auth_token:filter_factory\n')


@pytest.fixture
def keystone():
    fake = fake_keystone.FakeKeystone(TOKENS).start()
    yield fake
    fake.stop()


@pytest.fixture
def keystone_cloud(make_cloud, keystone, tmp_path):
    """The packaged keystone pipeline; auth_token reads [keystone_authtoken] from a
    file of its own (oslo_config_project), so the options of its password plugin are
    registered on a ConfigOpts of its own and not on the tests' global one."""
    authtoken_conf = tmp_path / 'authtoken.conf'
    authtoken_conf.write_text(
        '[keystone_authtoken]\nwww_authenticate_uri = {0}\nauth_url = {0}\n'
        'auth_type = password\nusername = nova\npassword = secret\n'
        'project_name = service\nuser_domain_name = Default\n'
        'project_domain_name = Default\n'.format(keystone.endpoint))
    packaged = (api_app.PACKAGED_ETC / 'api-paste.ini').read_text()
    assert AUTHTOKEN_FILTER in packaged
    paste = tmp_path / 'api-paste.ini'
    paste.write_text(packaged.replace(AUTHTOKEN_FILTER, AUTHTOKEN_FILTER + (
        'oslo_config_project = nova-lite\noslo_config_file = %s\n' % authtoken_conf)))
    return make_cloud([('auth_strategy', 'keystone', 'api'),
                       ('api_paste_config', str(paste), 'wsgi')])


def _get(cloud, path, token=None):
    headers = {'X-Auth-Token': token} if token else {}
    return fx.APIClient(cloud.app).get(path, headers=headers, token=False)


def test_a_valid_token_reaches_the_api(keystone_cloud, keystone):
    resp = _get(keystone_cloud, '/v2.1/servers', 'gAAAAA-good')
    assert resp.status == 200, resp
    assert resp.body == {'servers': []}
    assert keystone.validated == ['gAAAAA-good']


@pytest.mark.parametrize('token', ['gAAAAA-expired', 'gAAAAA-forged', None])
def test_expired_forged_or_no_token_is_401(keystone_cloud, keystone, token):
    resp = _get(keystone_cloud, '/v2.1/servers', token)
    assert resp.status == 401, resp
    assert resp.body == UNAUTHORIZED
    assert resp.headers['WWW-Authenticate'] == 'Keystone uri="%s"' % keystone.endpoint
    # Keystone was asked about the token: the expired one was refused for its expiry
    assert keystone.validated == ([token] if token else [])
