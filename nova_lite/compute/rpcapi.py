"""Client side of the compute RPC API: casts to compute.<host>.

API version history:

    1.0 - Initial version: build_and_run_instance, terminate_instance
    1.1 - The server lifecycle: stop/start_instance, reboot_instance,
          (un)pause_instance, suspend/resume_instance, (un)rescue_instance,
          rebuild_instance, snapshot_instance, shelve(_offload)_instance,
          unshelve_instance, soft_delete/restore_instance, trigger_crash_dump,
          get_console_output (a call)
    1.2 - get_vnc_console and validate_console_port (calls)
    1.3 - get_host_uptime (a call)
"""
import oslo_messaging as messaging

from nova_lite import rpc

TOPIC = 'compute'


class ComputeAPI:
    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=TOPIC, version='1.0'))

    def _cast(self, context, method, instance, host=None, version='1.1', **kwargs):
        self.client.prepare(server=host or instance.host, version=version).cast(
            context, method, instance=instance, **kwargs)

    def build_and_run_instance(self, context, instance, host, request_spec, node, alternates):
        self.client.prepare(server=host).cast(
            context, 'build_and_run_instance', instance=instance, request_spec=request_spec,
            node=node, alternates=alternates)

    def terminate_instance(self, context, instance):
        self.client.prepare(server=instance.host).cast(context, 'terminate_instance',
                                                       instance=instance)

    def stop_instance(self, context, instance, clean_shutdown=True):
        self._cast(context, 'stop_instance', instance, clean_shutdown=clean_shutdown)

    def start_instance(self, context, instance):
        self._cast(context, 'start_instance', instance)

    def reboot_instance(self, context, instance, reboot_type):
        self._cast(context, 'reboot_instance', instance, reboot_type=reboot_type)

    def pause_instance(self, context, instance):
        self._cast(context, 'pause_instance', instance)

    def unpause_instance(self, context, instance):
        self._cast(context, 'unpause_instance', instance)

    def suspend_instance(self, context, instance):
        self._cast(context, 'suspend_instance', instance)

    def resume_instance(self, context, instance):
        self._cast(context, 'resume_instance', instance)

    def rescue_instance(self, context, instance, rescue_password, rescue_image_ref):
        self._cast(context, 'rescue_instance', instance, rescue_password=rescue_password,
                   rescue_image_ref=rescue_image_ref)

    def unrescue_instance(self, context, instance):
        self._cast(context, 'unrescue_instance', instance)

    def rebuild_instance(self, context, instance, image_ref, orig_image_ref, admin_password):
        self._cast(context, 'rebuild_instance', instance, image_ref=image_ref,
                   orig_image_ref=orig_image_ref, admin_password=admin_password)

    def snapshot_instance(self, context, instance, image_id):
        self._cast(context, 'snapshot_instance', instance, image_id=image_id)

    def shelve_instance(self, context, instance, image_id, clean_shutdown=True):
        self._cast(context, 'shelve_instance', instance, image_id=image_id,
                   clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, context, instance):
        self._cast(context, 'shelve_offload_instance', instance)

    def unshelve_instance(self, context, instance, host, image_id):
        self._cast(context, 'unshelve_instance', instance, host=host, image_id=image_id)

    def soft_delete_instance(self, context, instance):
        self._cast(context, 'soft_delete_instance', instance)

    def restore_instance(self, context, instance):
        self._cast(context, 'restore_instance', instance)

    def trigger_crash_dump(self, context, instance):
        self._cast(context, 'trigger_crash_dump', instance)

    def get_console_output(self, context, instance, tail_length):
        return self.client.prepare(server=instance.host, version='1.1').call(
            context, 'get_console_output', instance=instance, tail_length=tail_length)

    def get_vnc_console(self, context, instance, console_type):
        """The console's connection info, with the access_url of a new token."""
        return self.client.prepare(server=instance.host, version='1.2').call(
            context, 'get_vnc_console', instance=instance, console_type=console_type)

    def validate_console_port(self, context, instance, port, console_type):
        """Whether the guest's console still listens on port (str), for the proxy."""
        return self.client.prepare(server=instance.host, version='1.2').call(
            context, 'validate_console_port', instance=instance, port=port,
            console_type=console_type)

    def get_host_uptime(self, context, host):
        return self.client.prepare(server=host, version='1.3').call(context, 'get_host_uptime')
