"""WebOb middleware of the API pipeline (see etc/nova-lite/api-paste.ini)."""
