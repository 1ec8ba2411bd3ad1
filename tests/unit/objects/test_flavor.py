"""Flavor and FlavorList against a migrated SQLite database."""
import pytest

from nova_lite import exception
from nova_lite import objects

# What the initial migration seeds, as devstack creates them for upstream Nova.
DEFAULT_FLAVORS = {
    '1': ('m1.tiny', 512, 1, 1),
    '2': ('m1.small', 2048, 1, 20),
    '3': ('m1.medium', 4096, 2, 40),
    '4': ('m1.large', 8192, 4, 80),
    '5': ('m1.xlarge', 16384, 8, 160),
    '42': ('m1.nano', 128, 1, 1),
    '84': ('m1.micro', 192, 1, 1),
}


def _create(context, flavorid, name, memory_mb=256, **fields):
    values = dict(flavorid=flavorid, name=name, memory_mb=memory_mb, vcpus=1, root_gb=1,
                  ephemeral_gb=0, swap=0, rxtx_factor=1.0, disabled=False, is_public=True)
    values.update(fields)
    flavor = objects.Flavor(context, **values)
    flavor.create()
    return flavor


def test_migration_seeds_the_default_flavors(db, admin_context):
    flavors = objects.FlavorList.get_all(admin_context)
    seeded = {f.flavorid: (f.name, f.memory_mb, f.vcpus, f.root_gb) for f in flavors}
    assert seeded == DEFAULT_FLAVORS
    assert all(f.is_public and not f.disabled and f.extra_specs == {} for f in flavors)


def test_get_by_flavor_id_and_by_name(db, admin_context):
    by_id = objects.Flavor.get_by_flavor_id(admin_context, '2')
    by_name = objects.Flavor.get_by_name(admin_context, 'm1.small')
    assert (by_id.id, by_id.name, by_id.memory_mb) == (by_name.id, 'm1.small', 2048)
    assert objects.Flavor.get_by_id(admin_context, by_id.id).flavorid == '2'
    assert not by_id.obj_what_changed()


def test_get_missing_flavor_raises_not_found(db, admin_context):
    with pytest.raises(exception.FlavorNotFound) as error:
        objects.Flavor.get_by_flavor_id(admin_context, 'nope')
    assert error.value.code == 404
    with pytest.raises(exception.FlavorNotFoundByName, match='m1.huge'):
        objects.Flavor.get_by_name(admin_context, 'm1.huge')


def test_create_stores_extra_specs(db, admin_context):
    flavor = _create(admin_context, 'gpu', 'g1.large', extra_specs={'hw:cpu_policy': 'dedicated'})
    assert flavor.id is not None
    loaded = objects.Flavor.get_by_flavor_id(admin_context, 'gpu')
    assert loaded.extra_specs == {'hw:cpu_policy': 'dedicated'}
    assert loaded.created_at is not None


@pytest.mark.parametrize('flavorid, name, message', [
    ('1', 'other-name', 'Flavor with ID 1 already exists.'),
    ('new-id', 'm1.tiny', 'Flavor with name m1.tiny already exists.')])
def test_create_duplicate_raises_flavor_exists(db, admin_context, flavorid, name, message):
    with pytest.raises(exception.FlavorExists) as error:
        _create(admin_context, flavorid, name)
    assert error.value.code == 409
    assert error.value.format_message() == message


def test_destroy_removes_the_flavor(db, admin_context):
    flavor = _create(admin_context, 'tmp', 'tmp.flavor', extra_specs={'a': 'b'})
    flavor.destroy()
    with pytest.raises(exception.FlavorNotFound):
        objects.Flavor.get_by_flavor_id(admin_context, 'tmp')


def test_to_dict_from_dict_round_trip(db, admin_context):
    flavor = objects.Flavor.get_by_flavor_id(admin_context, '3')
    copy = objects.Flavor.from_dict(admin_context, flavor.to_dict())
    assert 'created_at' not in flavor.to_dict()
    assert copy.to_dict() == flavor.to_dict()
    assert not copy.obj_what_changed()


def test_list_default_sort_is_flavorid_ascending(db, admin_context):
    flavorids = [f.flavorid for f in objects.FlavorList.get_all(admin_context)]
    assert flavorids == sorted(DEFAULT_FLAVORS)


def test_list_sort_key_and_direction(db, admin_context):
    flavors = objects.FlavorList.get_all(admin_context, sort_key='memory_mb', sort_dir='desc')
    assert [f.memory_mb for f in flavors] == [16384, 8192, 4096, 2048, 512, 192, 128]


def test_list_rejects_unknown_sort_key(db, admin_context):
    with pytest.raises(exception.Invalid):
        objects.FlavorList.get_all(admin_context, sort_key='swap; drop table flavors')


def test_list_filters_min_memory_and_min_disk(db, admin_context):
    big = objects.FlavorList.get_all(admin_context, filters={'min_memory_mb': 4096})
    assert sorted(f.name for f in big) == ['m1.large', 'm1.medium', 'm1.xlarge']
    disk = objects.FlavorList.get_all(admin_context, filters={'min_root_gb': 40,
                                                              'min_memory_mb': 8192})
    assert sorted(f.name for f in disk) == ['m1.large', 'm1.xlarge']


def test_list_filters_is_public_and_hides_disabled(db, admin_context):
    _create(admin_context, 'private', 'private.flavor', is_public=False)
    _create(admin_context, 'old', 'old.flavor', disabled=True)
    private = objects.FlavorList.get_all(admin_context, filters={'is_public': False})
    assert [f.flavorid for f in private] == ['private']
    everyone = objects.FlavorList.get_all(admin_context, filters={'is_public': None})
    assert 'private' in [f.flavorid for f in everyone]
    assert 'old' not in [f.flavorid for f in everyone]
    inactive = objects.FlavorList.get_all(admin_context, inactive=True)
    assert 'old' in [f.flavorid for f in inactive]


def test_list_marker_and_limit_page_through_everything(db, admin_context):
    pages, marker = [], None
    while True:
        page = objects.FlavorList.get_all(admin_context, limit=3, marker=marker)
        if not page:
            break
        pages.append([f.flavorid for f in page])
        marker = page[-1].flavorid
    assert pages == [['1', '2', '3'], ['4', '42', '5'], ['84']]


def test_list_unknown_marker_raises_marker_not_found(db, admin_context):
    with pytest.raises(exception.MarkerNotFound) as error:
        objects.FlavorList.get_all(admin_context, marker='no-such-flavor')
    assert error.value.code == 400
