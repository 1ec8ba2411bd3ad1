"""Database access: only nova-lite-conductor and nova-lite-manage use this package."""
