"""The flavors the API looked up for boots, kept: a boot then makes one conductor call
(InstanceList.create_all), not two. A kept flavor may be out of date; create_all checks
the flavor it is sent against the database in its transaction (FlavorChanged), and the
API then forgets it and reads it again (nova_lite.api.handlers.servers)."""
import collections
import threading

from nova_lite import objects

SIZE = 256  # flavors kept, by flavor id and who may see them; the least recent go


class FlavorCache:
    def __init__(self, size=SIZE):
        self._size = size
        self._flavors = collections.OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(context, flavorid):
        # a private flavor is visible to admins and the projects given access only
        return flavorid, None if context.is_admin else context.project_id

    def get(self, context, flavorid, fresh=False):
        """A copy of the flavor (FlavorNotFound as Flavor.get_by_flavor_id); fresh:
        read it from the database again."""
        key = self._key(context, flavorid)
        with self._lock:
            flavor = None if fresh else self._flavors.get(key)
            if flavor is not None:
                self._flavors.move_to_end(key)
        if flavor is None:
            flavor = objects.Flavor.get_by_flavor_id(context, flavorid)
            with self._lock:
                self._flavors[key] = flavor
                while len(self._flavors) > self._size:
                    self._flavors.popitem(last=False)
        return flavor.obj_clone()

    def clear(self):
        with self._lock:
            self._flavors.clear()


CACHE = FlavorCache()
