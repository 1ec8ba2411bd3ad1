"""The compute service: one per hypervisor host."""
