"""Version of the nova-lite package."""
from importlib import metadata

try:
    version_string = metadata.version('nova-lite')
except metadata.PackageNotFoundError:  # running from a source tree
    version_string = '0.0.0'
