"""WSGI entry points for running the APIs in any WSGI container."""
