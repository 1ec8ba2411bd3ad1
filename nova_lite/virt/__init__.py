"""Hypervisor drivers behind one ComputeDriver interface."""
