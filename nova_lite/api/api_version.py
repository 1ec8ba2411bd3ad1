"""Microversions.

The one list of what each microversion changed, newest last. Raise
MAX_VERSION only when every implemented API honestly behaves at it.

    2.1 - The base of the v2.1 API: servers (create, list, show, delete),
          flavors (list, show), os-services (list), os-hypervisors (list,
          detail, show).

    Servers (issue 5):
    2.3 extended attributes (reservation_id, hostname, user_data...), 2.9
    locked, 2.16 host_status (admins), 2.17 trigger_crash_dump, 2.19
    description, 2.21 actions of deleted servers, 2.26 tags, 2.32 device
    tags (2.33-2.41 refuse them), 2.36 /images proxy 404, 2.37 networks
    required ('auto'/'none' accepted, nothing recorded), 2.38 unknown status
    filter 400, 2.42 device tags again, 2.45 createImage answers image_id,
    2.46 global request id, 2.47 embedded flavor, 2.51 events for users,
    2.52 tags at create, 2.54 rebuild key_name, 2.57 rebuild user_data and
    no personality, 2.58 instance actions paging.

    Other resources (issue 4): 2.2 keypair type and 201/204, 2.10 keypairs of
    another user (admins), 2.11 forced_down, 2.13 server group project/user,
    2.15 soft (anti-)affinity, 2.28 cpu_info object, 2.33 hypervisor paging,
    2.35 keypair paging, 2.36 no network quotas and limits, 2.39 no
    maxImageMeta, 2.40 usage paging, 2.41 aggregate uuid, 2.50 quota classes
    with server groups, 2.53 service and hypervisor UUIDs, 2.55 flavor
    description, 2.57 no personality quotas.

    Consoles (issue 7): 2.6 POST /servers/{id}/remote-consoles replaces the
    os-getVNCConsole action, 2.8 the mks protocol (501 here), 2.31
    os-console-auth-tokens shows any console type (only RDP before).

    2.60 - Every implemented API behaves as upstream up to here (APIs nova-lite
           does not have, such as volume attachments or migrations, are missing at
           every version, so their microversions change nothing here).
    2.61 - extra_specs in the flavor body (for who may list them).
    2.62 - host (admins) and hostId of each instance action event.
    2.63 - trusted_image_certificates on create and rebuild, shown in the server
           body; recorded only: nova-lite verifies no image signatures (nor does
           upstream unless [glance] verify_glance_signatures is on).
    2.64 - server groups: one 'policy' and 'rules' (max_server_per_host).
    2.65 - nothing: aborting queued live migrations (no migrations API here).
    2.66 - changes-before on GET /servers(/detail) and os-instance-actions (and
           os-migrations upstream, which nova-lite has not).
    2.67 - volume_type in block_device_mapping_v2: no volume service, so no type
           exists and any is upstream's 400 "Volume type ... could not be found."
    2.68 - nothing: no forced live migration or evacuate to take away.
    2.69 - nothing: minimal server/service bodies for down cells (no cells here).
    2.70 - nothing: device tags of os-interface/os-volume_attachments (no such APIs).
    2.71 - server_groups in GET /servers/{id}, PUT and rebuild.
    2.72 - nothing: ports with resource requests (no networking service).
    2.73 - locked_reason on lock, in the server body; the locked filter and sort key.
    2.74 - host and hypervisor_hostname on create (admins), the filters still run.
    2.75 - MAX_VERSION: GET /servers refuses unknown query parameters and ignored
           sort keys (400); PUT and rebuild answer the full server; flavor swap 0
           not ''; os-hypervisors always shows servers when asked.
"""
import functools
import re

from nova_lite import exception

MIN_VERSION = '2.1'
MAX_VERSION = '2.75'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


@functools.lru_cache(maxsize=256)
def _parsed(version_string):
    """(major, minor) of a version the code compares with ('2.47'), parsed once."""
    version = APIVersionRequest(version_string)
    return version.major, version.minor


class APIVersionRequest:
    """A microversion such as 2.1, comparable with other versions or strings."""

    def __init__(self, version_string):
        match = _VERSION_RE.match(version_string or '')
        if not match:
            raise exception.InvalidMicroversion(version=version_string)
        self.major, self.minor = int(match.group(1)), int(match.group(2))

    @staticmethod
    def _tuple(other):
        if isinstance(other, str):
            return _parsed(other)
        return other.major, other.minor

    def __lt__(self, other):
        return (self.major, self.minor) < self._tuple(other)

    def __le__(self, other):
        return (self.major, self.minor) <= self._tuple(other)

    def __gt__(self, other):
        return (self.major, self.minor) > self._tuple(other)

    def __ge__(self, other):
        return (self.major, self.minor) >= self._tuple(other)

    def __eq__(self, other):
        return (self.major, self.minor) == self._tuple(other)

    def __hash__(self):
        return hash((self.major, self.minor))

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__


def from_headers(headers):
    """The microversion a request asks for: 'OpenStack-API-Version: compute X'
    wins over the legacy X-OpenStack-Nova-API-Version; none means the minimum;
    'latest' the maximum. Outside MIN..MAX raises MicroversionNotSupported (406)."""
    requested = None
    for part in headers.get('OpenStack-API-Version', '').split(','):
        service, _, value = part.strip().partition(' ')
        if service.lower() == 'compute' and value.strip():
            requested = value.strip()
    if requested is None:
        requested = headers.get('X-OpenStack-Nova-API-Version', '').strip() or None
    if requested is None:
        return APIVersionRequest(MIN_VERSION)
    if requested.lower() == 'latest':
        return APIVersionRequest(MAX_VERSION)
    version = APIVersionRequest(requested)
    if not APIVersionRequest(MIN_VERSION) <= version <= APIVersionRequest(MAX_VERSION):
        raise exception.MicroversionNotSupported(version=requested, min=MIN_VERSION,
                                                 max=MAX_VERSION)
    return version
