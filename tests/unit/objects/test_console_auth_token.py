"""Console tokens: only a hash is stored; they expire and are good for one connection."""
import hashlib

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite import exception
from nova_lite import objects
from nova_lite.conductor import manager as conductor_manager
from nova_lite.db import api as db_api
from nova_lite.db import models

INSTANCE = uuidutils.generate_uuid()
BASE_URL = 'http://proxy.example:6080/vnc_lite.html'


def _authorize(context, ttl=600, instance_uuid=INSTANCE, console_type='novnc',
               access_url_base=BASE_URL):
    token = objects.ConsoleAuthToken(
        context, console_type=console_type, host='10.0.0.5', port=5901,
        internal_access_path=None, instance_uuid=instance_uuid,
        access_url_base=access_url_base)
    return token, token.authorize(ttl)


def _rows():
    with db_api.reader() as session:
        return list(session.scalars(sa.select(models.ConsoleAuthToken)))


class Clock:
    def __init__(self):
        self.now = 1_800_000_000

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The Unix time tokens are made and checked at, moved by hand."""
    fixed = Clock()
    monkeypatch.setattr(timeutils, 'utcnow_ts', lambda microsecond=False: fixed.now)
    return fixed


def test_only_the_hash_of_the_token_is_stored(db, admin_context):
    obj, token = _authorize(admin_context)
    assert obj.token == token and obj.id
    (row,) = _rows()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(getattr(row, c.name)) for c in row.__table__.columns]


def test_validate_keeps_and_consume_uses_up(db, admin_context):
    _, token = _authorize(admin_context)
    for _ in range(2):
        found = objects.ConsoleAuthToken.validate(admin_context, token)
        assert (found.host, found.port, found.instance_uuid) == ('10.0.0.5', 5901, INSTANCE)
    used = objects.ConsoleAuthToken.consume(admin_context, token)
    assert used.token == token and used.access_url_base == BASE_URL
    for method in (objects.ConsoleAuthToken.consume, objects.ConsoleAuthToken.validate):
        with pytest.raises(exception.InvalidToken) as error:
            method(admin_context, token)
        assert token not in error.value.format_message()
    assert _rows() == []


def test_tokens_expire_after_their_ttl(db, admin_context, clock):
    _, token = _authorize(admin_context, ttl=60)
    clock.advance(59)
    assert objects.ConsoleAuthToken.validate(admin_context, token)
    clock.advance(1)
    with pytest.raises(exception.InvalidToken):
        objects.ConsoleAuthToken.consume(admin_context, token)


def test_cleaning(db, admin_context, clock):
    _authorize(admin_context, ttl=10)
    _, kept = _authorize(admin_context, ttl=100)
    other_instance = uuidutils.generate_uuid()
    _authorize(admin_context, instance_uuid=other_instance)
    clock.advance(10)
    assert objects.ConsoleAuthToken.clean_expired_console_auths(admin_context) == 1
    objects.ConsoleAuthToken.clean_console_auths_for_instance(admin_context, other_instance)
    assert [row.instance_uuid for row in _rows()] == [INSTANCE]
    assert objects.ConsoleAuthToken.validate(admin_context, kept)


def test_a_token_is_authorized_once(db, admin_context):
    obj, _ = _authorize(admin_context)
    with pytest.raises(exception.NovaLiteException):
        obj.authorize(600)


def test_access_urls(db, admin_context):
    obj, token = _authorize(admin_context)
    # noVNC 1.1+ reads the WebSocket's path (with the token) from its 'path' parameter
    assert obj.access_url == BASE_URL + '?path=%3Ftoken%3D' + token
    obj, token = _authorize(admin_context, access_url_base=BASE_URL + '?path=console&x=1')
    assert obj.access_url == BASE_URL + '?path=console%3Ftoken%3D' + token + '&x=1'
    obj, token = _authorize(admin_context, console_type='serial',
                            access_url_base='ws://proxy.example:6083/')
    assert obj.access_url == 'ws://proxy.example:6083/?token=' + token
    assert objects.ConsoleAuthToken(admin_context, console_type='novnc').access_url is None


def test_the_conductor_sweeps_the_expired_tokens(db, fake_rpc, admin_context, clock):
    _authorize(admin_context, ttl=10)
    _, kept = _authorize(admin_context, ttl=100)
    clock.advance(10)
    conductor_manager.ConductorManager('conductor-host')._clean_expired_console_tokens(
        admin_context)
    assert len(_rows()) == 1
    assert objects.ConsoleAuthToken.validate(admin_context, kept)


def test_destroying_the_instance_removes_its_tokens(make_instance, admin_context):
    instance = make_instance()
    _authorize(admin_context, instance_uuid=instance.uuid)
    _authorize(admin_context)  # another instance's
    instance.destroy()
    assert [row.instance_uuid for row in _rows()] == [INSTANCE]
