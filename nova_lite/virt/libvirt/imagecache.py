"""The per-host image cache: Glance images downloaded once into [libvirt]
images_path, verified by their checksum, checked for what qemu-img finds in
them, and converted to qcow2 when they are neither raw nor qcow2. Instances
use a cached file read-only, as the backing file of their own overlay."""
import hashlib
import json
import os
import subprocess
import threading

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

BASE_FORMATS = ('raw', 'qcow2')
_CHUNK = 1024 * 1024


def qemu_img(*args):
    result = subprocess.run(['qemu-img', *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise exception.NovaLiteException(
            'qemu-img %s failed: %s' % (args[0], result.stderr.strip()[-500:]))
    return result.stdout


def image_info(path, fmt=None):
    """What qemu-img says of the file: format, virtual-size, backing-filename."""
    args = ['info', '--output', 'json'] + (['-f', fmt] if fmt else []) + [path]
    return json.loads(qemu_img(*args))


def file_hash(path, algorithm):
    digest = hashlib.new(algorithm)
    with open(path, 'rb') as data:
        for chunk in iter(lambda: data.read(_CHUNK), b''):
            digest.update(chunk)
    return digest.hexdigest()


def verify_checksum(image, path):
    """Glance's multihash (os_hash_algo/os_hash_value), else its md5 checksum."""
    algorithm, expected = image.get('os_hash_algo'), image.get('os_hash_value')
    if not (algorithm and expected):
        algorithm, expected = 'md5', image.get('checksum')
    if not expected:
        raise exception.ImageUnacceptable(image_id=image['id'], reason='Glance has no checksum')
    actual = file_hash(path, algorithm)
    if actual != expected:
        raise exception.ImageUnacceptable(
            image_id=image['id'],
            reason='%s of the download is %s, Glance says %s' % (algorithm, actual, expected))


class ImageCache:
    def __init__(self, base_dir, image_api):
        self.base_dir = base_dir
        self.image_api = image_api
        self._locks = {}
        self._locks_lock = threading.Lock()

    def _lock(self, name):
        with self._locks_lock:
            return self._locks.setdefault(name, threading.Lock())

    def path_of(self, image_id):
        # a hash, as upstream names its bases: an image id never becomes a path
        return os.path.join(self.base_dir, hashlib.sha1(image_id.encode()).hexdigest())

    def fetch(self, context, image):
        """Path of the verified cached file of image (a Glance record); downloads once."""
        path = self.path_of(image['id'])
        with self._lock(path):
            if os.path.exists(path):
                os.utime(path)  # last use, for the removal of unused bases
                return path
            os.makedirs(self.base_dir, exist_ok=True)
            partial = path + '.part'
            LOG.info('Downloading image %s into the image cache', image['id'])
            try:
                self.image_api.download(context, image['id'], partial)
                verify_checksum(image, partial)
            except Exception:
                _remove(partial)
                raise
            os.replace(partial, path)
            return path

    def fetch_base(self, context, image):
        """(path, format) of a disk image's base: raw or qcow2, checked, converted if need be."""
        source = self.fetch(context, image)
        declared = image.get('disk_format')
        found = image_info(source)
        if found.get('backing-filename'):
            raise exception.ImageUnacceptable(image_id=image['id'],
                                              reason='it has a backing file')
        if declared == 'raw' and found['format'] != 'raw':
            raise exception.ImageUnacceptable(
                image_id=image['id'], reason='disk_format raw, but qemu-img finds %s' %
                found['format'])
        if found['format'] in BASE_FORMATS:
            return source, found['format']
        converted = source + '.qcow2'
        with self._lock(converted):
            if not os.path.exists(converted):
                qemu_img('convert', '-f', found['format'], '-O', 'qcow2', source,
                         converted + '.part')
                os.replace(converted + '.part', converted)
        return converted, 'qcow2'


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
