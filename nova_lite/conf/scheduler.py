"""[scheduler] and [filter_scheduler] options."""
from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler options')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one build: the chosen one plus alternates.'),
]

filter_opts = [
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'AvailabilityZoneFilter', 'RamFilter', 'CoreFilter',
                         'DiskFilter', 'ServerGroupAffinityFilter',
                         'ServerGroupAntiAffinityFilter'],
                help='Filters applied in order to every host.'),
    cfg.ListOpt('weight_classes', default=['RAMWeigher'],
                help='Weighers that rank the hosts that passed the filters.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Positive spreads by free RAM, negative stacks.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick at random among this many best hosts.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)


def list_opts():
    return {scheduler_group: scheduler_opts, filter_group: filter_opts}
