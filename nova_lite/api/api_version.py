"""Microversions.

The one list of what each microversion changed, newest last. Raise
MAX_VERSION only when every implemented API honestly behaves at it.

    2.1 - The base of the v2.1 API: servers (create, list, show, delete),
          flavors (list, show), os-services (list), os-hypervisors (list,
          detail, show).
"""
import re

from nova_lite import exception

MIN_VERSION = '2.1'
MAX_VERSION = '2.1'

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
