"""The OpenStack Compute API v2.1: paste pipeline, middleware, routes, handlers."""
