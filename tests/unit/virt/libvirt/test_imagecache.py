"""The image cache manager: cached images no instance uses go once old enough."""
import os
import time

import pytest

from nova_lite.virt.libvirt import imagecache
from tests.unit.virt.libvirt.conftest import fake_instance

DAY = 86400


def _cached(cache, image_id, age, suffix=''):
    path = cache.path_of(image_id) + suffix
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as cached:
        cached.write(image_id)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_remove_unused_keeps_used_young_and_foreign_files(tmp_path):
    cache = imagecache.ImageCache(str(tmp_path / '_base'), image_api=None)
    used = _cached(cache, 'used', 2 * DAY)
    used_converted = _cached(cache, 'used', 2 * DAY, imagecache.CONVERTED_SUFFIX)
    old = _cached(cache, 'old', 2 * DAY)
    old_converted = _cached(cache, 'old', 2 * DAY, imagecache.CONVERTED_SUFFIX)
    young = _cached(cache, 'young', 60)
    foreign = tmp_path / '_base' / 'not-a-cached-image'
    foreign.write_text('')
    os.utime(foreign, (0, 0))

    removed = cache.remove_unused({used}, DAY)
    assert sorted(removed) == sorted([old, old_converted])
    assert sorted(os.listdir(tmp_path / '_base')) == sorted(
        os.path.basename(p) for p in (used, used_converted, young, str(foreign)))


def test_a_converted_copy_in_use_keeps_its_source(tmp_path):
    cache = imagecache.ImageCache(str(tmp_path / '_base'), image_api=None)
    source = _cached(cache, 'img', 2 * DAY)
    converted = _cached(cache, 'img', 2 * DAY, imagecache.CONVERTED_SUFFIX)
    assert cache.remove_unused({converted}, DAY) == []
    assert os.path.exists(source)


def test_no_cache_folder_yet(tmp_path):
    assert imagecache.ImageCache(str(tmp_path / 'none'), None).remove_unused(set(), 0) == []


def test_fetch_marks_a_cached_image_used(lv):
    cache = lv.driver.image_cache
    path = _cached(cache, 'plain', 2 * DAY)
    assert cache.fetch(None, lv.images.show(None, 'plain')) == path
    assert cache.remove_unused(set(), DAY) == []


@pytest.fixture
def backing_files(monkeypatch):
    """disk path -> the base qemu-img says backs it (no qemu-img in unit tests)."""
    files = {}
    monkeypatch.setattr(imagecache, 'backing_file', lambda path: files.get(path))
    return files


def test_manager_pass_keeps_the_images_of_the_instances_and_their_disks(lv, tmp_path,
                                                                        backing_files):
    cache = lv.driver.image_cache
    mine = fake_instance(1, image_ref='disk')
    mine.kernel_id, mine.ramdisk_id = 'aki', 'ari'
    for image_id in ('disk', 'aki', 'ari', 'rescue', 'gone'):
        _cached(cache, image_id, 2 * DAY)
    # a rescue disk on this host is backed by the rescue image's base
    rescue_disk = tmp_path / 'instances' / mine.uuid / 'disk.rescue'
    rescue_disk.parent.mkdir(parents=True)
    rescue_disk.write_text('')
    backing_files[str(rescue_disk)] = cache.path_of('rescue')

    lv.driver.manage_image_cache(None, [mine])
    assert sorted(os.listdir(cache.base_dir)) == sorted(
        os.path.basename(cache.path_of(i)) for i in ('disk', 'aki', 'ari', 'rescue'))


def test_manager_pass_can_be_told_to_keep_everything(lv, conf, backing_files):
    conf('remove_unused_base_images', False, 'image_cache')
    gone = _cached(lv.driver.image_cache, 'gone', 2 * DAY)
    lv.driver.manage_image_cache(None, [])
    assert os.path.exists(gone)


def test_manager_pass_keeps_everything_when_a_disk_cannot_be_read(lv, tmp_path, monkeypatch):
    gone = _cached(lv.driver.image_cache, 'gone', 2 * DAY)
    disk = tmp_path / 'instances' / fake_instance().uuid / 'disk'
    disk.parent.mkdir(parents=True)
    disk.write_text('')

    def unreadable(path):
        raise imagecache.exception.NovaLiteException('qemu-img info failed')
    monkeypatch.setattr(imagecache, 'backing_file', unreadable)
    lv.driver.manage_image_cache(None, [])
    assert os.path.exists(gone)


def test_manager_age_comes_from_the_option(lv, conf, backing_files):
    conf('remove_unused_original_minimum_age_seconds', 3600, 'image_cache')
    hours_old = _cached(lv.driver.image_cache, 'gone', 2 * 3600)
    lv.driver.manage_image_cache(None, [])
    assert not os.path.exists(hours_old)
