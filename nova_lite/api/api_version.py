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
    no personality, 2.58 instance actions paging; 2.73 locked_reason on lock
    (served once MAX_VERSION reaches it).

    Other resources (issue 4): 2.2 keypair type and 201/204, 2.10 keypairs of
    another user (admins), 2.11 forced_down, 2.13 server group project/user,
    2.15 soft (anti-)affinity, 2.28 cpu_info object, 2.33 hypervisor paging,
    2.35 keypair paging, 2.36 no network quotas and limits, 2.39 no
    maxImageMeta, 2.40 usage paging, 2.41 aggregate uuid, 2.50 quota classes
    with server groups, 2.53 service and hypervisor UUIDs, 2.55 flavor
    description, 2.57 no personality quotas; built on to 2.64.

    Consoles (issue 7): 2.6 POST /servers/{id}/remote-consoles replaces the
    os-getVNCConsole action, 2.8 the mks protocol (501 here), 2.31
    os-console-auth-tokens shows any console type (only RDP before).

    2.60 - MAX_VERSION: every implemented API behaves as upstream up to here
           (APIs nova-lite does not have, such as volume attachments or
           migrations, are missing at every version).
"""
import re

from nova_lite import exception

MIN_VERSION = '2.1'
MAX_VERSION = '2.60'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class APIVersionRequest:
    """A microversion such as 2.1, comparable with other versions or strings."""

    def __init__(self, version_string):
        match = _VERSION_RE.match(version_string or '')
        if not match:
            raise exception.InvalidMicroversion(version=version_string)
        self.major, self.minor = int(match.group(1)), int(match.group(2))

    def _tuple(self, other):
        if isinstance(other, str):
            other = APIVersionRequest(other)
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
