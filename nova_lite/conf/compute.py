"""Options of nova-lite-compute: the driver, resource reporting and allocation ratios."""
from oslo_config import cfg

compute_opts = [
    cfg.StrOpt('compute_driver', default='fake.FakeDriver',
               help="Driver for guests, relative to nova_lite.virt: 'fake.FakeDriver' "
                    "(tests, scale runs) or 'libvirt.LibvirtDriver'."),
    cfg.IntOpt('update_resources_interval', default=10, min=1,
               help='Seconds between resource reports of the compute node.'),
    cfg.FloatOpt('cpu_allocation_ratio', default=4.0, min=0.0,
                 help='Virtual CPUs schedulable per physical CPU.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual RAM schedulable per MiB of physical RAM.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk schedulable per GiB of physical disk.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='RAM kept back for the host.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0, help='Disk kept back for the host.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0, help='CPUs kept back for the host.'),
    cfg.IntOpt('instance_delete_timeout', default=300, min=0,
               help='Seconds an instance may stay in task_state deleting before the '
                    'conductor finishes the delete itself: again on its compute host (three '
                    'times at most, then ERROR with a fault), or locally when that host is '
                    'down (0 never).'),
    cfg.IntOpt('instance_build_timeout', default=600, min=0,
               help='Seconds an instance may stay in building before it is put in ERROR '
                    '(0 waits forever).'),
    cfg.IntOpt('reclaim_instance_interval', default=0, min=0,
               help='Seconds a deleted server stays SOFT_DELETED (restorable) before '
                    'compute reclaims it; 0 deletes at once.'),
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help='Seconds a SHELVED server keeps its place on the host before it is '
                    'offloaded; 0 offloads at once, -1 never.'),
    cfg.IntOpt('shelved_poll_interval', default=3600, min=1,
               help='Seconds between checks for shelved servers to offload.'),
    cfg.IntOpt('running_deleted_instance_poll_interval', default=1800, min=0,
               help='Seconds between checks for guests still running for an instance '
                    'that is deleted (deleted by the API while this host looked down); '
                    'they are destroyed. 0 never.'),
    cfg.IntOpt('sync_power_state_interval', default=600, min=-1,
               help='Seconds between syncs of the power states the hypervisor reports '
                    'into the database (guests that changed behind nova\'s back); -1 '
                    'never. The libvirt driver also syncs a guest at once on its '
                    'lifecycle events.'),
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
