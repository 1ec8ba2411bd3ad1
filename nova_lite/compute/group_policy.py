"""The compute's own check of a hard server group policy when a build starts
(upstream's _validate_instance_group_policy).

The scheduler enforces the policies, but two boots into one group scheduled at the
same moment each see the group without the other, and both may pass its filters. So
a build into an affinity or anti-affinity group checks the members again here, and a
violation reschedules it (GroupAffinityViolation, through the usual reschedule path).
Other builds skip the check and its conductor call.

Anti-affinity: the members on a host are all checked by that host's compute, under a
lock per group that also covers the build's first save. A member sent here that has
not made that save yet (still scheduling) is not counted: it is checked after this
one, finds it, and goes elsewhere; so of two racing members exactly one stays.
Affinity spans hosts whose checks no lock here orders: every member with a host
counts (as upstream), so two racing members never both stay apart; at worst both are
rescheduled.
"""
import contextlib
import threading

from nova_lite import exception
from nova_lite.compute import task_states
from nova_lite.compute import vm_states

HARD_POLICIES = ('affinity', 'anti-affinity')


def _awaiting_check(member):
    """Sent to its host by the conductor and not past this check there yet."""
    return (member['vm_state'] == vm_states.BUILDING and
            member['task_state'] == task_states.SCHEDULING)


def violated_policy(host, group, placements):
    """'Affinity' or 'Anti-affinity' when building on host breaks the group's policy,
    given the other members' placements (InstanceGroup.get_member_placements); else None."""
    if group.policy == 'anti-affinity':
        here = [m for m in placements if m['host'] == host and not _awaiting_check(m)]
        if len(here) >= group.rules.get('max_server_per_host', 1):
            return 'Anti-affinity'
    elif group.policy == 'affinity':
        hosts = {m['host'] for m in placements}
        if hosts and host not in hosts:
            return 'Affinity'
    return None


class GroupPolicyCheck:
    def __init__(self, host):
        self.host = host
        self._locks_lock = threading.Lock()
        self._locks = {}  # group uuid -> lock

    def _lock(self, group_uuid):
        with self._locks_lock:
            return self._locks.setdefault(group_uuid, threading.Lock())

    @contextlib.contextmanager
    def checked(self, instance, request_spec):
        """Run the block (the build's first save) only if the instance's hard group
        policy holds on this host; else raise GroupAffinityViolation."""
        group = request_spec.instance_group if request_spec is not None else None
        if group is None or group.policy not in HARD_POLICIES:
            yield
            return
        with self._lock(group.uuid):
            policy = violated_policy(self.host, group,
                                     group.get_member_placements(exclude=[instance.uuid]))
            if policy is not None:
                raise exception.GroupAffinityViolation(policy=policy)
            yield
