"""The image service client (Glance v2 through keystoneauth1)."""
