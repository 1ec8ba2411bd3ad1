"""The scheduler's RPC endpoint: filter, weigh, claim."""
import random
import threading
import time

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import exception
from nova_lite import manager
from nova_lite import objects
from nova_lite.scheduler import filters
from nova_lite.scheduler import host_state
from nova_lite.scheduler import weights

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    target = messaging.Target(version='1.1')

    def __init__(self, host):
        super().__init__(host)
        self.filters = filters.load_filters(CONF.filter_scheduler.enabled_filters)
        self.weighers = weights.load_weighers(CONF.filter_scheduler.weight_classes)
        self._cache_lock = threading.Lock()
        self._choose_lock = threading.Lock()
        self._host_states = None
        self._host_states_read_at = 0.0

    def _get_host_states(self, context):
        """Host states, read from the conductor at most every host_state_cache_seconds.

        Claims made here update the cached states (HostState.consume); a lost claim
        means the view is stale and the next request reads it again.
        """
        with self._cache_lock:
            age = time.monotonic() - self._host_states_read_at
            if self._host_states is None or age >= CONF.scheduler.host_state_cache_seconds:
                self._host_states = host_state.get_host_states(context)
                self._host_states_read_at = time.monotonic()
            return self._host_states

    def _forget_host_states(self):
        with self._cache_lock:
            self._host_states = None

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, request_spec=None, instance_uuids=None,
                            request_specs=None):
        """Place every instance of the request or none: on failure the claims made
        are given back. request_specs: a 1.0 caller's spec per instance (each the same
        but for its instance_uuid).

        The cached host states may be stale towards "full" (a delete since the last
        read): before answering NoValidHost, try once more on a fresh read.
        """
        if request_specs is not None:
            request_spec = request_specs[0] if request_specs else None
            instance_uuids = [spec.instance_uuid for spec in request_specs]
        try:
            return self._place(context, request_spec, instance_uuids,
                               self._get_host_states(context))
        except exception.NoValidHost:
            self._forget_host_states()
            return self._place(context, request_spec, instance_uuids,
                               self._get_host_states(context))

    def _place(self, context, spec, instance_uuids, hosts):
        selections = []
        claimed = []  # (instance uuid, host state, resources) of each claim made
        group_hosts = {}  # server group uuid -> hosts chosen earlier in this request
        try:
            for instance_uuid in instance_uuids:
                # the filters, weighers and the claim read the one being placed
                spec.instance_uuid = instance_uuid
                group = spec.instance_group
                if group is not None:
                    group.hosts = (group.get_hosts(exclude=[spec.instance_uuid]) +
                                   group_hosts.get(group.uuid, []))
                with self._choose_lock:
                    # ranked and the first host's room taken in one step: a request
                    # placed at the same time (another RPC thread) ranks without it
                    ranked = self._rank_hosts(hosts, spec)
                    if ranked:
                        ranked[0].consume(spec.resources)
                chosen = self._claim_first(context, ranked, spec)
                if chosen is None:
                    LOG.info('No host for instance %s among %d hosts (%d passed the filters)',
                             spec.instance_uuid, len(hosts), len(ranked))
                    raise exception.NoValidHost(
                        reason='There are not enough hosts available.')
                claimed.append((spec.instance_uuid, chosen, spec.resources))
                if group is not None:
                    group_hosts.setdefault(group.uuid, []).append(chosen.host)
                alternates = [h for h in ranked if h is not chosen]
                alternates = alternates[:CONF.scheduler.max_attempts - 1]
                selections.append([h.as_selection() for h in [chosen] + alternates])
        except Exception:
            for instance_uuid, host, resources in claimed:
                objects.Allocation.release(context, instance_uuid)
                with self._choose_lock:
                    host.give_back(resources)
            raise
        return selections

    def _rank_hosts(self, hosts, spec):
        candidates = [h for h in hosts if h.host not in spec.ignore_hosts]
        if spec.requested_host or spec.requested_node:
            # 2.74: only the requested host/node, which must pass the filters too
            candidates = [h for h in candidates
                          if spec.requested_host in (None, h.host) and
                          spec.requested_node in (None, h.nodename)]
        if spec.force_hosts or spec.force_nodes:
            # as upstream: a forced host or node ('zone:host:node') skips the filters
            return [h for h in candidates
                    if (not spec.force_hosts or h.host in spec.force_hosts) and
                    (not spec.force_nodes or h.nodename in spec.force_nodes)]
        for host_filter in self.filters:
            candidates = host_filter.filter_all(candidates, spec)
            if not candidates:
                LOG.info('Filter %s returned 0 hosts for %s', type(host_filter).__name__,
                         spec.instance_uuid)
                return []
        return self._order(candidates, spec)

    def _order(self, candidates, spec):
        """Candidates best first, by [filter_scheduler] placement_policy."""
        policy = CONF.filter_scheduler.placement_policy
        if policy == 'least_loaded':
            return sorted(candidates, key=lambda h: (h.num_instances, -h.free_ram_mb))
        if policy in ('random', 'random_in_zone'):
            if policy == 'random_in_zone':
                zone = spec.availability_zone or random.choice(
                    sorted({h.availability_zone for h in candidates}))
                candidates = [h for h in candidates if h.availability_zone == zone]
            return random.sample(candidates, len(candidates))
        ranked = weights.weigh_hosts(self.weighers, candidates, spec)
        subset = CONF.filter_scheduler.host_subset_size
        if subset > 1:
            head = ranked[:subset]
            random.shuffle(head)
            ranked = head + ranked[subset:]
        return ranked

    def _claim_first(self, context, ranked, spec):
        """Claim on the first host that has room; the first host's room is already
        taken in the cached states (_place), the others' as they are tried."""
        for index, host in enumerate(ranked):
            if index:
                with self._choose_lock:
                    host.consume(spec.resources)
            try:
                objects.Allocation.claim(context, host.compute_node_id, spec.instance_uuid,
                                         **spec.resources)
                return host
            except exception.ResourceClaimFailed:
                LOG.debug('Claim on %s lost a race; trying the next host', host)
                with self._choose_lock:
                    host.give_back(spec.resources)
                self._forget_host_states()
        return None
