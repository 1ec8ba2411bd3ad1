"""The API's kept flavors: per flavor id and who may see it, the least recent go."""
import pytest

from nova_lite import context as nl_context
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import flavor_cache
from nova_lite.db import api as db_api


@pytest.fixture
def reads(monkeypatch):
    """The flavor ids read from the database, in order."""
    read = []
    real = objects.Flavor.get_by_flavor_id

    def counting(context, flavorid):
        read.append(flavorid)
        return real(context, flavorid)
    monkeypatch.setattr(objects.Flavor, 'get_by_flavor_id', counting)
    return read


def test_a_flavor_is_read_once_and_handed_out_as_copies(db, admin_context, reads):
    cache = flavor_cache.FlavorCache()
    first, second = cache.get(admin_context, '1'), cache.get(admin_context, '1')
    assert reads == ['1']
    assert first is not second and first.to_dict() == second.to_dict()
    cache.get(admin_context, '1', fresh=True)
    assert reads == ['1', '1']


def test_projects_do_not_share_what_they_may_see(db, admin_context, user_context, reads):
    cache = flavor_cache.FlavorCache()
    other = nl_context.RequestContext(user_id='u', project_id='other', roles=['member'])
    for context in (admin_context, user_context, other, user_context):
        cache.get(context, '1')
    assert reads == ['1', '1', '1']


def test_the_least_recently_used_go_first(db, admin_context, reads):
    cache = flavor_cache.FlavorCache(size=2)
    for flavorid in ('1', '2', '1', '3', '1', '2'):
        cache.get(admin_context, flavorid)
    assert reads == ['1', '2', '3', '2']  # '2' went when '3' came; '1' stayed in use


def test_not_found_is_not_kept(db, admin_context, reads):
    cache = flavor_cache.FlavorCache()
    for _ in range(2):
        with pytest.raises(exception.FlavorNotFound):
            cache.get(admin_context, 'missing')
    assert reads == ['missing', 'missing']


def test_check_current_refuses_a_flavor_that_changed(db, admin_context, user_context):
    flavor = objects.Flavor.get_by_flavor_id(admin_context, '1')
    with db_api.writer() as session:
        objects.flavor.check_current(session, user_context, flavor)  # public: fine
    resized, kept = flavor.obj_clone(), flavor.obj_clone()
    resized.memory_mb += 1
    with db_api.writer() as session, pytest.raises(exception.FlavorChanged):
        objects.flavor.check_current(session, admin_context, resized)
    flavor.update_extra_specs({'k': 'v'})  # the database changes, the kept copy does not
    with db_api.writer() as session, pytest.raises(exception.FlavorChanged):
        objects.flavor.check_current(session, admin_context, kept)
