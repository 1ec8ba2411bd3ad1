"""Build: schedule new instances, record their hosts, hand them to compute;
and reschedule a failed build to one of its alternates."""
from oslo_config import cfg
from oslo_log import log as logging

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import objects
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.db import api as db_api
from nova_lite.objects import base as objects_base
from nova_lite.objects import instance_action

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

RESCHEDULE_EVENT = 'conductor_build_instances'


class BuildTask:
    def __init__(self, host, scheduler_api, compute_api):
        self.host = host
        self.scheduler_api = scheduler_api
        self.compute_api = compute_api

    def schedule_and_build(self, context, request_spec, instance_uuids):
        """Schedule the instances of one request (request_spec is each one's but for
        its instance_uuid) and hand each to its host. The message names them only:
        each is read back by the save that records its host (Instance.save), so that
        a multi-create in flight holds a spec and a list of uuids, not its instances."""
        try:
            # the event started with the create action (InstanceList.create_all), and
            # its Success is written with each instance's host (_send_to_host)
            with compute_utils.event_reporter(context, instance_action.SCHEDULE_EVENT,
                                              self.host, *instance_uuids, start=False,
                                              finish=False):
                selections = self.scheduler_api.select_destinations(context, request_spec,
                                                                    instance_uuids)
        except Exception as error:
            LOG.warning('Scheduling of %s failed: %s', instance_uuids, error)
            for uuid in instance_uuids:
                compute_utils.set_error_state(context, objects.Instance(context, uuid=uuid),
                                              error, self.host)
                # a scheduler that claimed, then died or lost its answer, left the claim
                objects.Allocation.release(context, uuid)
            return
        for uuid, hosts in zip(instance_uuids, selections):
            spec = request_spec.obj_clone()
            spec.instance_uuid = uuid
            self._send_to_host(context, objects.Instance(context, uuid=uuid), spec, hosts[0],
                               hosts[1:], finish_event=instance_action.SCHEDULE_EVENT)

    def reschedule(self, context, instance, request_spec, alternates):
        """Claim the first alternate that still has room and build there."""
        with compute_utils.event_reporter(context, RESCHEDULE_EVENT, self.host, instance.uuid):
            for index, host in enumerate(alternates):
                try:
                    objects.Allocation.claim(context, host['compute_node_id'], instance.uuid,
                                             **request_spec.resources)
                except exception.ResourceClaimFailed:
                    continue
                self._send_to_host(context, instance, request_spec, host,
                                   alternates[index + 1:])
                return
        error = compute_utils.build_retries_exceeded(instance.uuid, request_spec.tried_hosts)
        compute_utils.set_error_state(context, instance, error, self.host)

    def _send_to_host(self, context, instance, request_spec, host, alternates,
                      finish_event=None):
        """Record the host (and the end of finish_event) and the tried host in one
        transaction, then hand the instance to that host's compute. instance may have
        its uuid only: the save reads the rest back."""
        instance.host = host['host']
        instance.node = host['nodename']
        instance.launched_on = host['host']
        # the zone asked for, else the host's
        instance.availability_zone = (request_spec.availability_zone or
                                      host.get('availability_zone') or
                                      availability_zones.host_zone(context, host['host']))
        request_spec.tried_hosts = list(request_spec.tried_hosts) + [host['host']]
        def record():
            with db_api.writer():
                instance.save(expected_task_state=[task_states.SCHEDULING],
                              finish_event=finish_event)
                request_spec.save()
        try:
            objects_base.retried(record, 'BuildTask._send_to_host', instance, request_spec)
        except (exception.InstanceNotFound, exception.UnexpectedTaskStateError):
            # deleted (or being deleted) while it was scheduled: give the claim back
            LOG.info('Instance %s went away during scheduling', instance.uuid)
            objects.Allocation.release(context, instance.uuid)
            return
        LOG.debug('Sending instance %s to host %s (%d alternates)', instance.uuid,
                  host['host'], len(alternates))
        self.compute_api.build_and_run_instance(context, instance, host['host'],
                                                request_spec, host['nodename'], alternates)
