"""nova-lite-manage db archive_deleted_rows and db purge, on SQLite, PostgreSQL and
MariaDB: deleted rows and the rows of deleted instances go to the shadow tables, the rest
stays as it was."""
import datetime

import pytest
import sqlalchemy as sa

from nova_lite import objects
from nova_lite.db import api as db_api
from nova_lite.db import models
from nova_lite.objects import instance_group
from nova_lite.objects import tag as tag_obj
from tests.conftest import on_every_database as pytest_generate_tests  # noqa: F401
from tests.unit.cmd.test_manage import run  # noqa: F401

ROWS_OF_AN_INSTANCE = ('instances', 'instance_actions', 'instance_actions_events',
                       'instance_faults', 'tags')


def _count(name):
    table = models.Base.metadata.tables[name]
    with db_api.reader() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(table))


def _counts(names):
    return {name: _count(name) for name in names}


@pytest.fixture
def server(make_instance, admin_context):
    """server() -> an instance with an action and its event, a fault, a tag and a
    server group membership."""
    group = objects.InstanceGroup(admin_context, name='g', policy='affinity',
                                  project_id='demo-project', user_id='demo')
    group.create()

    def _make():
        instance = make_instance()
        objects.InstanceAction.action_start(admin_context, instance.uuid, 'create',
                                            start_event='compute__do_build_and_run_instance')
        objects.InstanceFault(admin_context, instance_uuid=instance.uuid, code=500,
                              message='boom').create()
        tag_obj.TagList.replace(admin_context, instance.uuid, ['web'])
        with db_api.writer() as session:
            instance_group.add_members(session, group.uuid, [instance.uuid])
        return instance
    return _make


def test_deleted_instances_move_with_their_rows_and_purge_deletes_them(run, server,
                                                                      admin_context):
    kept, gone = server(), server()
    gone.destroy()

    code, out, _ = run('db', 'archive_deleted_rows', '--verbose')

    assert code == 1  # rows were archived
    for name in ROWS_OF_AN_INSTANCE + ('instance_group_member',):
        assert '| %s ' % name in out
    assert _counts(ROWS_OF_AN_INSTANCE) == dict.fromkeys(ROWS_OF_AN_INSTANCE, 1)
    assert _counts('shadow_' + n for n in ROWS_OF_AN_INSTANCE) == dict.fromkeys(
        ('shadow_' + n for n in ROWS_OF_AN_INSTANCE), 1)
    assert _count('instance_group_member') == 1
    # what is not deleted reads as before
    assert objects.Instance.get_by_uuid(admin_context, kept.uuid).uuid == kept.uuid
    assert len(objects.InstanceActionList.get_by_instance_uuid(admin_context,
                                                               kept.uuid)) == 1

    code, out, _ = run('db', 'archive_deleted_rows', '--verbose')
    assert (code, out.strip()) == (0, 'Nothing was archived.')

    code, out, _ = run('db', 'purge', '--all', '--verbose')
    assert code == 0 and 'Deleted 1 rows from shadow_instances' in out
    assert set(_counts('shadow_' + n for n in ROWS_OF_AN_INSTANCE).values()) == {0}
    assert run('db', 'purge', '--all')[0] == 3  # nothing left to purge
    assert _counts(ROWS_OF_AN_INSTANCE) == dict.fromkeys(ROWS_OF_AN_INSTANCE, 1)


def test_max_rows_makes_batches_and_until_complete_runs_them_all(run, make_instance):
    for _ in range(3):
        make_instance().destroy()
    assert run('db', 'archive_deleted_rows', '--max_rows', '2')[0] == 1
    assert (_count('instances'), _count('shadow_instances')) == (1, 2)
    assert run('db', 'archive_deleted_rows', '--max_rows', '1', '--until-complete')[0] == 1
    assert (_count('instances'), _count('shadow_instances')) == (0, 3)


@pytest.fixture
def old_and_recent(make_instance):
    """Two deleted instances: one on 2026-01-01, one now."""
    old, recent = make_instance(), make_instance()
    old.destroy()
    recent.destroy()
    table = models.Instance.__table__
    with db_api.writer() as session:
        session.execute(sa.update(table).where(table.c.uuid == old.uuid).values(
            deleted_at=datetime.datetime(2026, 1, 1)))
    return old, recent


def test_before_takes_only_what_was_deleted_earlier(run, old_and_recent):
    assert run('db', 'archive_deleted_rows', '--before', '2026-06-01')[0] == 1
    assert _count('shadow_instances') == 1
    assert run('db', 'archive_deleted_rows', '--purge')[0] == 1  # the other, then purged
    assert _count('shadow_instances') == 0


def test_purge_before_keeps_what_was_deleted_later(run, old_and_recent):
    _, recent = old_and_recent
    run('db', 'archive_deleted_rows')
    assert run('db', 'purge', '--before', '2026-06-01')[0] == 0
    with db_api.reader() as session:
        left = session.scalars(sa.select(models.SHADOW['instances'].c.uuid)).all()
    assert left == [recent.uuid]


def test_deleted_key_pairs_and_services_are_archived(run, make_service, admin_context):
    key = objects.KeyPair(admin_context, name='k', user_id='demo', public_key='ssh-rsa A',
                          fingerprint='aa', type='ssh')
    key.create()
    objects.KeyPair.destroy_by_name(admin_context, 'demo', 'k')
    make_service('gone-host', binary='nova-scheduler').destroy()
    make_service('kept-host', binary='nova-scheduler')

    assert run('db', 'archive_deleted_rows')[0] == 1

    assert (_count('key_pairs'), _count('shadow_key_pairs')) == (0, 1)
    assert (_count('services'), _count('shadow_services')) == (1, 1)


def test_bad_arguments_are_refused(run):
    code, _, err = run('db', 'archive_deleted_rows', '--max_rows', '0')
    assert code == 1 and '--max_rows' in err
    code, _, err = run('db', 'purge')
    assert code == 1 and '--before DATE or --all' in err
    with pytest.raises(SystemExit):
        run('db', 'purge', '--before', 'yesterday-ish')
