"""The per-host image cache: Glance images downloaded once into [libvirt]
images_path, verified by their checksum, checked for what qemu-img finds in
them, and converted to qcow2 when they are neither raw nor qcow2. Instances
use a cached file read-only, as the backing file of their own overlay; the
image cache manager (remove_unused) deletes the files no instance uses."""
import hashlib
import json
import os
import re
import subprocess
import threading
import time

from oslo_log import log as logging

from nova_lite import exception

LOG = logging.getLogger(__name__)

BASE_FORMATS = ('raw', 'qcow2')
_CHUNK = 1024 * 1024
CONVERTED_SUFFIX = '.qcow2'
# what path_of names, and its converted copy; anything else in the folder is not ours
_CACHED_NAME = re.compile(r'^[0-9a-f]{40}(%s)?$' % re.escape(CONVERTED_SUFFIX))


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


def backing_file(path):
    """The backing file of a disk image (None if it has none); -U reads the disk
    of a running guest, which qemu holds locked."""
    info = json.loads(qemu_img('info', '-U', '--output', 'json', path))
    return info.get('full-backing-filename') or info.get('backing-filename')


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
        converted = source + CONVERTED_SUFFIX
        with self._lock(converted):
            if os.path.exists(converted):
                os.utime(converted)
            else:
                qemu_img('convert', '-f', found['format'], '-O', 'qcow2', source,
                         converted + '.part')
                os.replace(converted + '.part', converted)
        return converted, 'qcow2'

    def remove_unused(self, used_paths, min_age, clock=time.time):
        """Delete the cached files not in used_paths (a base and its converted copy
        go together) whose last use is more than min_age seconds ago; returns
        the removed paths. The check is under the file's lock, so a file fetch()
        is handing out stays."""
        used = {os.path.basename(p).removesuffix(CONVERTED_SUFFIX) for p in used_paths}
        try:
            names = sorted(os.listdir(self.base_dir))
        except FileNotFoundError:
            return []
        removed = []
        for name in names:
            if not _CACHED_NAME.match(name) or name.removesuffix(CONVERTED_SUFFIX) in used:
                continue
            path = os.path.join(self.base_dir, name)
            with self._lock(path):
                try:
                    age = clock() - os.stat(path).st_mtime
                except FileNotFoundError:
                    continue
                if age < min_age:
                    continue
                LOG.info('Removing %s from the image cache: unused for %ds', name, age)
                _remove(path)
                removed.append(path)
        return removed


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
