"""The scheduler: picks hosts for instances and claims their resources."""
