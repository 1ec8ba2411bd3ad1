"""RequestSpec: what the scheduler is asked, kept with the instance."""
import pytest

from nova_lite import exception
from nova_lite import objects


def _spec(context, flavor, **fields):
    values = dict(instance_uuid='5d8f3c2a-1b4e-4f6a-9c0d-7e2b1a3f4c5d', project_id='p',
                  user_id='u', flavor=flavor, image_ref=None, num_instances=1,
                  scheduler_hints={}, ignore_hosts=[], tried_hosts=[])
    values.update(fields)
    return objects.RequestSpec(context, **values)


def _flavor(context, **fields):
    values = dict(flavorid='x', name='x', memory_mb=2048, vcpus=2, root_gb=20,
                  ephemeral_gb=0, swap=0)
    values.update(fields)
    return objects.Flavor(context, **values)


@pytest.mark.parametrize('root, ephemeral, swap, disk', [
    (20, 0, 0, 20), (20, 10, 0, 30), (20, 0, 512, 21), (20, 0, 1024, 21), (20, 5, 1025, 27),
])
def test_resources_sum_disk_with_swap_rounded_up_to_gb(admin_context, root, ephemeral, swap,
                                                       disk):
    spec = _spec(admin_context, _flavor(admin_context, root_gb=root, ephemeral_gb=ephemeral,
                                        swap=swap))
    assert spec.resources == {'vcpus': 2, 'memory_mb': 2048, 'disk_gb': disk}


def test_save_and_get_by_instance_uuid(make_instance, admin_context):
    instance = make_instance(request_spec=True)
    spec = objects.RequestSpec.get_by_instance_uuid(admin_context, instance.uuid)
    assert spec.tried_hosts == [] and not spec.obj_what_changed()
    spec.tried_hosts = ['host1']
    spec.scheduler_hints = {'group': ['g1']}
    spec.save()
    assert not spec.obj_what_changed()
    loaded = objects.RequestSpec.get_by_instance_uuid(admin_context, instance.uuid)
    assert loaded.tried_hosts == ['host1']
    assert loaded.scheduler_hints == {'group': ['g1']}
    assert loaded.flavor.flavorid == '1' and loaded.resources['memory_mb'] == 512


def test_get_without_a_spec_raises_not_found(make_instance, admin_context):
    instance = make_instance(request_spec=False)
    with pytest.raises(exception.NotFound):
        objects.RequestSpec.get_by_instance_uuid(admin_context, instance.uuid)
    with pytest.raises(exception.NotFound):
        objects.RequestSpec.get_by_instance_uuid(admin_context,
                                                 '00000000-0000-4000-8000-000000000000')
