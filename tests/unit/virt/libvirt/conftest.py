"""Fixtures of the libvirt driver tests: a LibvirtDriver on the fake libvirt
module, a recording image API and qemu-img calls recorded instead of run."""
import hashlib
import types

import pytest

from nova_lite.virt.libvirt import driver as libvirt_driver
from nova_lite.virt.libvirt import host as libvirt_host
from nova_lite.virt.libvirt import imagecache
from tests.unit.virt.libvirt import fakelibvirt

KERNEL, RAMDISK, DISK = b'kernel bytes', b'ramdisk bytes', b'\0' * 4096


class FakeImageAPI:
    def __init__(self, images):
        self.images = images  # id -> (record, data)
        self.downloads = []
        self.uploads = {}  # id -> bytes

    def show(self, context, image_id):
        return self.images[image_id][0]

    def download(self, context, image_id, path):
        self.downloads.append(image_id)
        with open(path, 'wb') as out:
            out.write(self.images[image_id][1])

    def update(self, context, image_id, values):
        self.images[image_id][0].update(values)

    def upload(self, context, image_id, data):
        self.uploads[image_id] = data.read()
        self.images[image_id][0]['status'] = 'active'


def _image(image_id, data, **props):
    record = dict(id=image_id, disk_format='raw', status='active', os_hash_algo='sha512',
                  os_hash_value=hashlib.sha512(data).hexdigest())
    record.update(props)
    return image_id, (record, data)


@pytest.fixture
def images():
    return FakeImageAPI(dict([_image('aki', KERNEL, disk_format='aki'),
                              _image('ari', RAMDISK, disk_format='ari'),
                              _image('disk', DISK, kernel_id='aki', ramdisk_id='ari'),
                              _image('plain', DISK),
                              _image('snap', b'', status='queued')]))


@pytest.fixture
def qemu_img(monkeypatch):
    """qemu-img calls recorded; info says raw, 4 KiB (unit tests run no binaries);
    create and convert write their output file (convert: 'converted <source>')."""
    calls = []

    def fake_qemu_img(*args):
        calls.append(args)
        if args[0] == 'create':
            open(args[-2], 'wb').close()
        if args[0] == 'convert':
            with open(args[-1], 'w') as out:
                out.write('converted %s' % args[-2])
        return ''
    monkeypatch.setattr(imagecache, 'qemu_img', fake_qemu_img)
    monkeypatch.setattr(imagecache, 'image_info',
                        lambda path, fmt=None: {'format': 'raw', 'virtual-size': 4096})
    return calls


@pytest.fixture
def lv(conf, tmp_path, images, qemu_img):
    conf('state_path', str(tmp_path))
    conf('virt_type', 'qemu', 'libvirt')
    fake = fakelibvirt.FakeLibvirt()
    drv = libvirt_driver.LibvirtDriver(libvirt_host.Host('', fake), images)
    drv.init_host('node-a')
    yield types.SimpleNamespace(driver=drv, libvirt=fake, images=images, qemu_img=qemu_img)
    drv.cleanup_host('node-a')


def fake_instance(id=1, image_ref='plain'):
    return types.SimpleNamespace(
        name='instance-%08x' % id, uuid='6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a29%02d' % id,
        display_name='vm', image_ref=image_ref, kernel_id=None, ramdisk_id=None,
        flavor=types.SimpleNamespace(memory_mb=128, vcpus=1, root_gb=1))


def domain_of(lv, instance):
    return lv.libvirt.connection.domains[instance.name]
