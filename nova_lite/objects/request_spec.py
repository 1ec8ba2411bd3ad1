"""What the scheduler is asked for one instance; kept with the instance so
that a reschedule or a recovery sweep can ask again."""
import functools

from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base


@base.NovaLiteObjectRegistry.register
class RequestSpec(base.NovaLiteObject):
    # Version 1.0: Initial version
    # Version 1.1: force_hosts, force_nodes (boot into 'zone:host:node'), instance_group
    # Version 1.2: image_properties (ImagePropertiesFilter)
    # Version 1.3: requested_host, requested_node (2.74: the filters still run)
    VERSION = '1.3'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'image_ref': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'tried_hosts': fields.ListOfStringsField(default=[]),
        'force_hosts': fields.ListOfStringsField(default=[]),
        'force_nodes': fields.ListOfStringsField(default=[]),
        # the server group, with the hosts of its members filled in by the scheduler
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True, default=None),
        # the image's properties that constrain the host (architecture, hypervisor type)
        'image_properties': fields.DictOfStringsField(default={}),
        # the host and/or node an admin asked for at create (2.74)
        'requested_host': fields.StringField(nullable=True, default=None),
        'requested_node': fields.StringField(nullable=True, default=None),
    }

    def obj_load_attr(self, attrname):
        """A field a spec was made (or stored) without reads as its default, or None."""
        field = self.fields[attrname]
        if field.default != fields.UnspecifiedDefault:
            self.obj_set_defaults(attrname)
        elif field.nullable:
            setattr(self, attrname, None)
        else:
            raise exception.Invalid(reason='Cannot load %s of a request spec' % attrname)
        self.obj_reset_changes([attrname])

    @property
    def resources(self):
        """What a claim for this request takes: vcpus, memory_mb, disk_gb."""
        return {'vcpus': self.flavor.vcpus, 'memory_mb': self.flavor.memory_mb,
                'disk_gb': self.flavor.root_gb + self.flavor.ephemeral_gb +
                (self.flavor.swap + 1023) // 1024}

    @classmethod
    @base.remotable
    def get_by_instance_uuid(cls, context, instance_uuid):
        with db_api.reader() as session:
            primitive = session.scalar(sa.select(models.Instance.request_spec).where(
                models.Instance.uuid == instance_uuid))
        if not primitive:
            raise exception.NotFound('No request spec for instance %s' % instance_uuid)
        spec = cls.obj_from_primitive(primitive, context=context)
        spec.obj_reset_changes()
        return spec

    @base.remotable
    def save(self):
        with db_api.writer() as session:
            session.connection().execute(_save(), {'b_uuid': self.instance_uuid,
                                                   'request_spec': self.obj_to_primitive()})
        self.obj_reset_changes()


@functools.cache
def _save():
    """Core, built once: every build (and every reschedule) saves its spec."""
    instances = models.Instance.__table__
    return sa.update(instances).where(instances.c.uuid == sa.bindparam('b_uuid'))
