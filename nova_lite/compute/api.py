"""What the API asks of the compute service: create, list, show, change and
delete instances. Runs inside nova-lite-api; reaches the rest only through RPC.

Every action is guarded as upstream guards it: check_instance_lock (a locked
server is the admins' only), check_instance_host and check_instance_state
(the vm_state/task_state it may start from); then the task_state is saved with
the expected task_state None, so of two racing actions only one wins.
"""
import functools
import json
import re

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova_lite import availability_zones
from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite import rpc
from nova_lite.compute import power_state
from nova_lite.compute import rpcapi as compute_rpcapi
from nova_lite.compute import task_states
from nova_lite.compute import utils as compute_utils
from nova_lite.compute import vm_states
from nova_lite.conductor import rpcapi as conductor_rpcapi
from nova_lite.image import glance
from nova_lite.policies import servers as servers_policies
from nova_lite.scheduler import image_properties
from nova_lite.objects import instance_action
from nova_lite.objects import instance_rows
from nova_lite.objects import service as service_obj

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def check_instance_lock(func):
    """Only admins act on a locked instance (InstanceIsLocked, 409)."""
    @functools.wraps(func)
    def wrapper(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return func(self, context, instance, *args, **kwargs)
    return wrapper


def check_instance_host(func):
    """The action needs the compute host the instance is on (InstanceNotReady, 409)."""
    @functools.wraps(func)
    def wrapper(self, context, instance, *args, **kwargs):
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return func(self, context, instance, *args, **kwargs)
    return wrapper


def check_instance_state(vm_state=None, task_state=(None,), must_have_launched=True):
    """The states an action may start from (None: any); InstanceInvalidState (409)."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, context, instance, *args, **kwargs):
            for attr, allowed in (('vm_state', vm_state), ('task_state', task_state)):
                if allowed is not None and getattr(instance, attr) not in allowed:
                    raise exception.InstanceInvalidState(
                        attr=attr, instance_uuid=instance.uuid,
                        state=getattr(instance, attr), method=func.__name__)
            if must_have_launched and not instance.launched_at:
                raise exception.InstanceInvalidState(
                    attr='launched_at', instance_uuid=instance.uuid,
                    state=instance.launched_at, method=func.__name__)
            return func(self, context, instance, *args, **kwargs)
        return wrapper
    return decorator


# The vm_states in which a server's tags may change (upstream's server_tags).
TAGGABLE = [vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED, vm_states.STOPPED,
            vm_states.SHELVED, vm_states.SHELVED_OFFLOADED]


def sanitize_hostname(name, default='server'):
    """A DNS label from a display name, as upstream derives hostnames."""
    hostname = re.sub(r'[ _.]', '-', name.lower())
    hostname = re.sub(r'[^\w-]+', '', hostname, flags=re.ASCII).strip('-')[:63]
    return hostname or default


def instance_names(name, instance_uuid, count, index):
    """(display_name, hostname) of the index-th of count servers booted as name:
    'name-1', 'name-2'... when there are several (upstream's rule); a name
    with nothing DNS-worthy gets the hostname 'Server-<uuid>'."""
    display_name = name if count == 1 else '%s-%d' % (name, index + 1)
    default = 'Server-%s' % instance_uuid
    if not sanitize_hostname(name, ''):
        return display_name, default
    return display_name, sanitize_hostname(display_name, default)


# The system_metadata key of an instance's trusted_image_certificates (2.63), a JSON list.
# nova-lite verifies no image signatures (nor does upstream unless
# [glance] verify_glance_signatures is on): the ids are recorded and shown.
TRUSTED_CERTS_KEY = 'trusted_image_certificates'


def trusted_certs(instance):
    """The instance's trusted image certificate ids, None when it has none."""
    value = (instance.system_metadata or {}).get(TRUSTED_CERTS_KEY)
    return json.loads(value) if value else None


def _with_trusted_certs(system_metadata, certs):
    """system_metadata with certs recorded (None or [] removes them)."""
    system_metadata = {k: v for k, v in (system_metadata or {}).items()
                       if k != TRUSTED_CERTS_KEY}
    if certs:
        system_metadata[TRUSTED_CERTS_KEY] = json.dumps(list(certs))
    return system_metadata


class API:
    def __init__(self, image_api=None):
        self.compute_task_api = conductor_rpcapi.ComputeTaskAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.image_api = image_api or glance.GlanceClient()
        self.notifier = rpc.get_notifier('nova-api', CONF.host)

    def _check_image(self, context, image_ref, flavor):
        """The image must exist for the user, be active and fit the flavor."""
        if not CONF.glance.enabled:
            return None
        image = self.image_api.show(context, image_ref)
        glance.check_image_fits(image, flavor)
        return image

    @staticmethod
    def _check_zero_disk_flavor(context, flavor):
        """A flavor without a root disk is for volume-backed servers, which nova-lite does
        not have: only those the policy allows (admins by default) boot an image on it."""
        if flavor.root_gb == 0 and not policy.authorize(
                context, servers_policies.ZERO_DISK_FLAVOR, fatal=False):
            raise exception.BootFromVolumeRequiredForZeroDiskFlavor()

    @staticmethod
    def _key_data(context, key_name):
        if key_name is None:
            return None
        return objects.KeyPair.get_by_name(context, context.user_id, key_name).public_key

    def create(self, context, flavor, image_ref, name, min_count=1, max_count=1,
               metadata=None, key_name=None, user_data=None, availability_zone=None,
               access_ip_v4=None, access_ip_v6=None, config_drive=None,
               scheduler_hints=None, description=None, tags=None, trusted_certs=None,
               requested_host=None, requested_node=None):
        """Record the instances (building/scheduling) and ask the conductor to build them."""
        # a missing count means 1
        min_count = min_count or 1
        max_count = max_count or min_count
        image = self._check_image(context, image_ref, flavor) or {}
        self._check_zero_disk_flavor(context, flavor)
        self._check_metadata_quota(context, metadata)
        self._check_requested_destination(context, requested_host, requested_node)
        availability_zone, force_hosts, force_nodes = self._requested_zone(
            context, availability_zone)
        group = self._requested_group(context, scheduler_hints)
        key_data = self._key_data(context, key_name)
        reservation_id = 'r-' + uuidutils.generate_uuid()[:8]
        instances, specs = [], []
        for index in range(max_count):
            instance_uuid = uuidutils.generate_uuid()
            display_name, hostname = instance_names(name, instance_uuid, max_count, index)
            instance = objects.Instance(
                context, uuid=instance_uuid, user_id=context.user_id,
                project_id=context.project_id, display_name=display_name,
                display_description=description, hostname=hostname,
                image_ref=image_ref, flavor=flavor, instance_type_id=flavor.id,
                vcpus=flavor.vcpus, memory_mb=flavor.memory_mb, root_gb=flavor.root_gb,
                ephemeral_gb=flavor.ephemeral_gb, vm_state=vm_states.BUILDING,
                task_state=task_states.SCHEDULING, power_state=power_state.NOSTATE,
                availability_zone=availability_zone, key_name=key_name, key_data=key_data,
                user_data=user_data,
                metadata=metadata or {}, reservation_id=reservation_id, launch_index=index,
                locked=False, progress=0, config_drive='True' if config_drive else '',
                access_ip_v4=access_ip_v4, access_ip_v6=access_ip_v6,
                system_metadata=_with_trusted_certs({}, trusted_certs))
            spec = objects.RequestSpec(
                context, instance_uuid=instance.uuid, project_id=context.project_id,
                user_id=context.user_id, flavor=flavor, image_ref=image_ref,
                availability_zone=availability_zone, num_instances=max_count,
                scheduler_hints=scheduler_hints or {}, ignore_hosts=[], tried_hosts=[],
                force_hosts=force_hosts, force_nodes=force_nodes, instance_group=group,
                image_properties=image_properties.host_constraints(image),
                requested_host=requested_host, requested_node=requested_node)
            instances.append(instance)
            specs.append(spec)
        # within quota, all or nothing: as many as fit, at least min_count
        instances = list(objects.InstanceList.create_all(
            context, instances, specs, min_count=min_count,
            group_uuid=group.uuid if group else None, tags=tags,
            action=instance_action.CREATE, start_event=instance_action.SCHEDULE_EVENT))
        self.compute_task_api.schedule_and_build_instances(
            context, specs[0], [instance.uuid for instance in instances])
        return instances, reservation_id

    @staticmethod
    def _check_metadata_quota(context, metadata):
        if not metadata:
            return
        limit = objects.Quotas.get_limits(context, context.project_id)['metadata_items']
        if limit >= 0 and len(metadata or {}) > limit:
            raise exception.MetadataLimitExceeded(allowed=limit)

    @staticmethod
    def _check_requested_destination(context, host, node):
        """A requested host and/or node (2.74) must be a compute node, as upstream's
        _validate_host_or_node checks: ComputeHostNotFound (400 at the API)."""
        if not host and not node:
            return
        nodes = objects.ComputeNodeList.get_all(context.elevated(), host=host)
        if host and not nodes:
            raise exception.ComputeHostNotFound(host=host)
        if node and node not in {n.hypervisor_hostname for n in nodes}:
            raise exception.ComputeHostNotFound(host=host or node)

    @staticmethod
    def _requested_zone(context, value):
        """(zone, force_hosts, force_nodes) of 'zone', 'zone:host' or 'zone:host:node';
        InvalidAvailabilityZone when the zone has no enabled compute host."""
        zone, host, node = availability_zones.parse_zone(value)
        if zone is not None and zone not in availability_zones.get_availability_zones(
                context)[0]:
            raise exception.InvalidAvailabilityZone()
        return zone, [host] if host else [], [node] if node else []

    @staticmethod
    def _requested_group(context, scheduler_hints):
        """The server group of the 'group' scheduler hint (InstanceGroupNotFound)."""
        group_uuid = (scheduler_hints or {}).get('group')
        if not group_uuid:
            return None
        if isinstance(group_uuid, list):
            group_uuid = group_uuid[0]
        if not uuidutils.is_uuid_like(group_uuid):
            raise exception.InstanceGroupNotFound(group_uuid=group_uuid)
        return objects.InstanceGroup.get_by_uuid(context, group_uuid)

    def get(self, context, instance_uuid, expected_attrs=None):
        if not uuidutils.is_uuid_like(instance_uuid):
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        instance = objects.Instance.get_by_uuid(context, instance_uuid,
                                                expected_attrs=expected_attrs)
        if not context.is_admin and instance.project_id != context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_uuid)
        return instance

    def get_all(self, context, filters, limit=None, marker=None, sort_keys=None,
                sort_dirs=None, expected_attrs=None, columns=None):
        """[InstanceRecord] of a page of instances, to be shown (not saved); with
        columns, records of those fields only."""
        return instance_rows.unpack(objects.InstanceList.get_page_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs, limit=limit,
            marker=marker, expected_attrs=expected_attrs, columns=columns))

    @check_instance_lock
    @check_instance_state(vm_state=None, task_state=None, must_have_launched=False)
    def delete(self, context, instance):
        """With reclaim_instance_interval, a soft delete (restorable until the compute
        reclaims it; a SOFT_DELETED server's clock starts again, as upstream's); else
        delete on the compute host, or here when it is down."""
        if (CONF.reclaim_instance_interval > 0 and instance.launched_at and
                instance.host and service_obj.compute_is_up(context, instance.host)):
            if instance.task_state in (task_states.DELETING, task_states.SOFT_DELETING):
                return  # already under way
            # no expected task_state: as upstream's, a delete wins over any task
            instance.task_state = task_states.SOFT_DELETING
            instance.deleted_at = timeutils.utcnow()
            instance.save(action=instance_action.DELETE)
            self.compute_rpcapi.soft_delete_instance(context, instance)
            return
        self._delete(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=None, task_state=None, must_have_launched=False)
    def force_delete(self, context, instance):
        """Delete for good, in any vm_state and task_state (upstream's forceDelete)."""
        self._delete(context, instance)

    def _delete(self, context, instance):
        if instance.start_delete():  # one conductor call for the check and the writes
            self.compute_rpcapi.terminate_instance(context, instance)
        else:
            LOG.info('Deleted instance %s here (host %s: none, or down)', instance.uuid,
                     instance.host)

    # The server lifecycle (upstream's allowed states per action).

    def _start_task(self, context, instance, task_state, action, **changes):
        """Save the task_state (only if none is running) and record the action."""
        instance.task_state = task_state
        for name, value in changes.items():
            setattr(instance, name, value)
        instance.save(expected_task_state=[None], action=action)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SOFT_DELETED])
    def restore(self, context, instance):
        self._start_task(context, instance, task_states.RESTORING, instance_action.RESTORE,
                         deleted_at=None)
        self.compute_rpcapi.restore_instance(context, instance)

    @check_instance_lock
    @check_instance_host
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.ERROR])
    def stop(self, context, instance, clean_shutdown=True):
        self._start_task(context, instance, task_states.POWERING_OFF, instance_action.STOP,
                         progress=0)
        self.compute_rpcapi.stop_instance(context, instance, clean_shutdown)

    @check_instance_lock
    @check_instance_host
    @check_instance_state(vm_state=[vm_states.STOPPED])
    def start(self, context, instance):
        self._start_task(context, instance, task_states.POWERING_ON, instance_action.START)
        self.compute_rpcapi.start_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=set(vm_states.ALLOW_SOFT_REBOOT + vm_states.ALLOW_HARD_REBOOT),
                          task_state=task_states.ALLOW_REBOOT)
    def reboot(self, context, instance, reboot_type):
        if reboot_type == 'SOFT':
            self._soft_reboot(context, instance)
        else:
            self._hard_reboot(context, instance)

    @check_instance_state(vm_state=vm_states.ALLOW_SOFT_REBOOT)
    def _soft_reboot(self, context, instance):
        self._start_task(context, instance, task_states.REBOOTING, instance_action.REBOOT)
        self.compute_rpcapi.reboot_instance(context, instance, 'SOFT')

    @check_instance_state(vm_state=vm_states.ALLOW_HARD_REBOOT,
                          task_state=task_states.ALLOW_REBOOT)
    def _hard_reboot(self, context, instance):
        instance.task_state = task_states.REBOOTING_HARD
        instance.save(expected_task_state=task_states.ALLOW_REBOOT,
                      action=instance_action.REBOOT)
        self.compute_rpcapi.reboot_instance(context, instance, 'HARD')

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def pause(self, context, instance):
        self._start_task(context, instance, task_states.PAUSING, instance_action.PAUSE)
        self.compute_rpcapi.pause_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.PAUSED])
    def unpause(self, context, instance):
        self._start_task(context, instance, task_states.UNPAUSING, instance_action.UNPAUSE)
        self.compute_rpcapi.unpause_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE])
    def suspend(self, context, instance):
        self._start_task(context, instance, task_states.SUSPENDING, instance_action.SUSPEND)
        self.compute_rpcapi.suspend_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SUSPENDED])
    def resume(self, context, instance):
        self._start_task(context, instance, task_states.RESUMING, instance_action.RESUME)
        self.compute_rpcapi.resume_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR])
    def rescue(self, context, instance, rescue_password=None, rescue_image_ref=None):
        if rescue_image_ref:
            self._check_image(context, rescue_image_ref, instance.flavor)
        self._start_task(context, instance, task_states.RESCUING, instance_action.RESCUE)
        self.compute_rpcapi.rescue_instance(context, instance, rescue_password,
                                            rescue_image_ref)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.RESCUED])
    def unrescue(self, context, instance):
        self._start_task(context, instance, task_states.UNRESCUING, instance_action.UNRESCUE)
        self.compute_rpcapi.unrescue_instance(context, instance)

    @check_instance_lock
    @check_instance_host
    @check_instance_state(vm_state=vm_states.ALLOW_TRIGGER_CRASH_DUMP)
    def trigger_crash_dump(self, context, instance):
        if instance.power_state != power_state.RUNNING:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        objects.InstanceAction.action_start(context, instance.uuid,
                                            instance_action.TRIGGER_CRASH_DUMP)
        self.compute_rpcapi.trigger_crash_dump(context, instance)

    @check_instance_host
    def get_console_output(self, context, instance, tail_length=None):
        return self.compute_rpcapi.get_console_output(context, instance, tail_length)

    @check_instance_host
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED, vm_states.RESCUED],
                          task_state=None)
    def get_vnc_console(self, context, instance, console_type):
        """{'url': ...} of a new console token (only a guest whose QEMU runs has a
        VNC server; none while it is deleted or migrated)."""
        if instance.task_state in (task_states.DELETING, task_states.MIGRATING):
            raise exception.InstanceInvalidState(
                attr='task_state', instance_uuid=instance.uuid, state=instance.task_state,
                method='get_vnc_console')
        connect_info = self.compute_rpcapi.get_vnc_console(context, instance, console_type)
        return {'url': connect_info['access_url']}

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED, vm_states.ERROR])
    def rebuild(self, context, instance, image_ref, admin_password, **changes):
        """Spawn the server again from image_ref; changes: display_name, metadata,
        display_description, key_name, user_data, access_ip_v4/v6, trusted_certs (a
        list sets them, None removes them)."""
        self._check_image(context, image_ref, instance.flavor)
        self._check_zero_disk_flavor(context, instance.flavor)
        if 'metadata' in changes:
            self._check_metadata_quota(context, changes['metadata'])
        if 'key_name' in changes:
            changes['key_data'] = self._key_data(context, changes['key_name'])
        if 'trusted_certs' in changes:
            changes['system_metadata'] = _with_trusted_certs(instance.system_metadata,
                                                             changes.pop('trusted_certs'))
        orig_image_ref = instance.image_ref
        self._start_task(context, instance, task_states.REBUILDING, instance_action.REBUILD,
                         image_ref=image_ref, progress=0, **changes)
        self.compute_task_api.rebuild_instance(context, instance, image_ref, orig_image_ref,
                                               admin_password)
        return instance

    def _create_image_record(self, context, instance, name, extra_properties=None):
        """A queued Glance image for a snapshot of instance (upstream's properties)."""
        if not CONF.glance.enabled:
            raise exception.ImageServiceUnavailable(reason='[glance] enabled is false')
        properties = {'instance_uuid': instance.uuid, 'image_type': 'snapshot',
                      'base_image_ref': instance.image_ref or '', 'user_id': context.user_id,
                      'owner_id': instance.project_id}
        properties.update(extra_properties or {})
        return self.image_api.create(context, dict(
            properties, name=name, disk_format='raw', container_format='bare',
            visibility='private'))

    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                                    vm_states.SUSPENDED])
    def snapshot(self, context, instance, name, extra_properties=None):
        """createImage: the image record now, its data from the compute host."""
        image = self._create_image_record(context, instance, name, extra_properties)
        try:
            self._start_task(context, instance, task_states.IMAGE_SNAPSHOT_PENDING,
                             instance_action.CREATE_IMAGE)
        except Exception:
            self.image_api.delete(context, image['id'])
            raise
        self.compute_rpcapi.snapshot_instance(context, instance, image['id'])
        return image

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                                    vm_states.SUSPENDED])
    def shelve(self, context, instance, clean_shutdown=True):
        """Power off and snapshot (when Glance is there; without it unshelve boots
        the original image again), then offload after shelved_offload_time."""
        image_id = None
        if CONF.glance.enabled:
            image_id = self._create_image_record(context, instance,
                                                 '%s-shelved' % instance.display_name)['id']
        self._start_task(context, instance, task_states.SHELVING, instance_action.SHELVE)
        self.compute_rpcapi.shelve_instance(context, instance, image_id, clean_shutdown)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SHELVED])
    def shelve_offload(self, context, instance):
        self._start_task(context, instance, task_states.SHELVING_OFFLOADING,
                         instance_action.SHELVE_OFFLOAD)
        self.compute_rpcapi.shelve_offload_instance(context, instance)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.SHELVED, vm_states.SHELVED_OFFLOADED])
    def unshelve(self, context, instance):
        self._start_task(context, instance, task_states.UNSHELVING, instance_action.UNSHELVE)
        self.compute_task_api.unshelve_instance(context, instance)

    def lock(self, context, instance, reason=None):
        """Lock: only admins may act on it then; 'owner' or 'admin' locked it. The owner
        locking it again changes nothing (neither who locked it nor the reason)."""
        is_owner = instance.project_id == context.project_id
        if instance.locked and is_owner:
            return
        instance.locked = True
        instance.locked_by = 'owner' if is_owner else 'admin'
        if reason:
            instance.system_metadata = dict(instance.system_metadata, locked_reason=reason)
        instance.save(action=instance_action.LOCK)
        self._notify(context, instance, 'lock')

    @staticmethod
    def is_expected_locked_by(context, instance):
        """Whether who locked it (owner/admin) is the side context is on."""
        expected = 'owner' if instance.project_id == context.project_id else 'admin'
        return instance.locked_by == expected

    def unlock(self, context, instance):
        instance.locked = False
        instance.locked_by = None
        instance.system_metadata = {k: v for k, v in instance.system_metadata.items()
                                    if k != 'locked_reason'}
        instance.save(action=instance_action.UNLOCK)
        self._notify(context, instance, 'unlock')

    def _notify(self, context, instance, action):
        """instance.<action> from the API (lock, unlock), as upstream sends them."""
        compute_utils.notify_about_instance_action(self.notifier, context, instance,
                                                   CONF.host, action, None)

    def reset_state(self, context, instance, vm_state):
        """os-resetState (admin): any state to active or error, no task."""
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save(action=instance_action.RESET_STATE)

    def update_instance(self, context, instance, updates):
        """PUT /servers/{id}: name, description, access IPs; in any state."""
        for name, value in updates.items():
            setattr(instance, name, value)
        instance.save()
        return instance

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                                    vm_states.STOPPED], task_state=None)
    def update_instance_metadata(self, context, instance, metadata, delete=False):
        """Merge metadata in (or make it the whole set when delete is True)."""
        merged = dict(metadata) if delete else dict(instance.metadata, **metadata)
        self._check_metadata_quota(context, merged)
        instance.metadata = merged
        instance.save()
        return dict(instance.metadata)

    @check_instance_lock
    @check_instance_state(vm_state=[vm_states.ACTIVE, vm_states.PAUSED, vm_states.SUSPENDED,
                                    vm_states.STOPPED], task_state=None)
    def delete_instance_metadata(self, context, instance, key):
        instance.metadata = {k: v for k, v in instance.metadata.items() if k != key}
        instance.save()

    @staticmethod
    def get_metadata(context, instance):
        return dict(instance.metadata)

    @staticmethod
    def get_tags(context, instance):
        return objects.TagList.get_by_resource_id(context, instance.uuid).tags

    @check_instance_state(vm_state=TAGGABLE, task_state=None, must_have_launched=False)
    def add_tag(self, context, instance, tag):
        objects.TagList.add(context, instance.uuid, tag)

    @check_instance_state(vm_state=TAGGABLE, task_state=None, must_have_launched=False)
    def replace_tags(self, context, instance, tags):
        return objects.TagList.replace(context, instance.uuid, tags).tags

    @check_instance_state(vm_state=TAGGABLE, task_state=None, must_have_launched=False)
    def remove_tag(self, context, instance, tag):
        """Remove tag, or every tag when it is None."""
        objects.TagList.remove(context, instance.uuid, tag)

    @staticmethod
    def get_password(context, instance):
        return instance.system_metadata.get('password') or ''

    @staticmethod
    def set_password(context, instance, password):
        instance.system_metadata = dict(instance.system_metadata, password=password)
        instance.save()


class HostAPI:
    """What the API asks of a compute host itself, not of an instance on it."""

    def __init__(self):
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()

    def get_host_uptime(self, context, host, service):
        """The `uptime` line of the host whose compute service is `service`
        (ComputeServiceUnavailable when there is none or it is down)."""
        if service is None or not service.is_up():
            raise exception.ComputeServiceUnavailable(host=host)
        return self.compute_rpcapi.get_host_uptime(context, host)
