"""[fake_driver] options: the host the fake driver pretends to be."""
from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake compute driver')

fake_opts = [
    cfg.IntOpt('vcpus', default=8, min=1, help='CPUs of the fake host.'),
    cfg.IntOpt('memory_mb', default=16384, min=1, help='RAM of the fake host in MiB.'),
    cfg.IntOpt('local_gb', default=600, min=1, help='Disk of the fake host in GiB.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds a spawn takes, to model slow hypervisors.'),
    cfg.FloatOpt('action_delay', default=0.0, min=0.0,
                 help='Seconds every other guest operation (power off/on, reboot, '
                      'pause, suspend, rescue, snapshot...) takes before the guest '
                      'changes: lets a test interrupt an action.'),
    cfg.ListOpt('traits', default=[],
                help='Traits of the fake host (e.g. HW_CPU_X86_AVX2, CUSTOM_GOLD), read when '
                     'its compute service starts; flavors and images can require or '
                     'forbid them (trait:NAME=required).'),
    cfg.ListOpt('fail_spawn_for_names', default=[],
                help='Spawning a server whose name is listed here fails: fault injection '
                     'for tests.'),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
