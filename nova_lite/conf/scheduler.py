"""[scheduler] and [filter_scheduler] options."""
from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')
filter_group = cfg.OptGroup('filter_scheduler', title='Filter scheduler options')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one build: the chosen one plus alternates.'),
    cfg.FloatOpt('host_state_cache_seconds', default=1.0, min=0.0,
                 help='Reuse the host states read from the conductor for this long '
                      '(claims are atomic in the database, so a stale view costs at most a '
                      'lost claim and a try on the next host); 0 reads them every time.'),
]

filter_opts = [
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'AvailabilityZoneFilter', 'RamFilter', 'CoreFilter',
                         'DiskFilter', 'ImagePropertiesFilter', 'TraitsFilter',
                         'ServerGroupAffinityFilter', 'ServerGroupAntiAffinityFilter'],
                help='Filters applied in order to every host.'),
    cfg.ListOpt('weight_classes',
                default=['RAMWeigher', 'CPUWeigher', 'DiskWeigher', 'NumInstancesWeigher',
                         'BuildFailureWeigher', 'ServerGroupSoftAffinityWeigher',
                         'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers that rank the hosts that passed the filters.'),
    cfg.StrOpt('placement_policy', default='weighed',
               choices=[('weighed', 'the weighers decide (upstream Nova)'),
                        ('least_loaded', 'the host with the fewest instances'),
                        ('random', 'any host that passed the filters'),
                        ('random_in_zone', 'any such host of one zone (the requested one, '
                                           'else a random zone)')],
               help='How a host is chosen among those that passed the filters.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Positive spreads by free RAM, negative stacks.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Positive spreads by free vCPUs, negative stacks.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Positive spreads by free disk, negative stacks.'),
    cfg.FloatOpt('num_instances_weight_multiplier', default=0.0,
                 help='Positive prefers hosts with more instances, negative fewer.'),
    cfg.FloatOpt('build_failure_weight_multiplier', default=1000000.0,
                 help='How strongly hosts with recent failed builds are avoided (0: not).'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='Weight of the soft-affinity group policy.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='Weight of the soft-anti-affinity group policy.'),
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
