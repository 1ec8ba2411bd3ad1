"""Domain exceptions. The API's fault wrapper turns each into its HTTP code."""


class NovaLiteException(Exception):
    """Base exception: a message template filled from keyword arguments."""
    msg_fmt = 'An unknown exception occurred.'
    code = 500

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.message


class Invalid(NovaLiteException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class NotFound(NovaLiteException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class Forbidden(NovaLiteException):
    msg_fmt = 'Forbidden'
    code = 403


class Conflict(NovaLiteException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class PolicyNotAuthorized(Forbidden):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class DBNotAllowed(NovaLiteException):
    msg_fmt = ('%(binary)s attempted direct database access, which is not allowed: '
               'only nova-lite-conductor opens the database.')


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class InstanceActionNotFound(NotFound):
    msg_fmt = 'Action for request_id %(request_id)s on instance %(instance_uuid)s not found'


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorNotFoundByName(FlavorNotFound):
    msg_fmt = 'Flavor with name %(flavor_name)s could not be found.'


class FlavorChanged(Conflict):
    msg_fmt = ('Flavor %(flavor_id)s changed, or is no longer available, since the '
               'request read it.')


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with %(key)s %(value)s already exists.'


class ComputeHostHasInstances(Conflict):
    msg_fmt = ('Unable to delete compute service that is hosting instances. Migrate or '
               'delete the instances first.')


class ComputeServiceUnavailable(Invalid):
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class HostBinaryNotFound(ServiceNotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class ServiceExists(Conflict):
    msg_fmt = 'Service with host %(host)s binary %(binary)s exists.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class ComputeNodeNotFound(NotFound):
    msg_fmt = 'Compute node %(node)s could not be found.'


class HypervisorNotFound(ComputeNodeNotFound):
    msg_fmt = 'Hypervisor %(hypervisor)s could not be found.'


class NoValidHost(NovaLiteException):
    msg_fmt = 'No valid host was found. %(reason)s'


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class ResourceClaimFailed(NovaLiteException):
    msg_fmt = 'Could not claim resources on node %(node)s for instance %(instance_uuid)s.'


class InstanceInvalidState(Conflict):
    msg_fmt = ('Instance %(instance_uuid)s in %(attr)s %(state)s. Cannot %(method)s while '
               'the instance is in this state.')


class UnexpectedTaskStateError(Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected: %(expected)s. '
               'Actual: %(actual)s')


class UnexpectedDeletingTaskStateError(UnexpectedTaskStateError):
    pass


class InstanceBuildFailed(NovaLiteException):
    msg_fmt = 'Build of instance %(instance_uuid)s failed: %(reason)s'


class RescheduledException(NovaLiteException):
    msg_fmt = 'Build of instance %(instance_uuid)s was re-scheduled: %(reason)s'


class GroupAffinityViolation(NovaLiteException):
    """The compute found a hard group policy broken by a concurrent build (a
    reschedule, not a fault of the host)."""
    msg_fmt = '%(policy)s instance group policy was violated'


class InstanceTerminationFailure(NovaLiteException):
    msg_fmt = 'Failed to terminate instance: %(reason)s'


class FlavorDiskTooSmall(Invalid):
    msg_fmt = "Flavor's disk is too small for requested image."


class InvalidMicroversion(Invalid):
    msg_fmt = 'Invalid API version request: %(version)s'


class MicroversionNotSupported(NovaLiteException):
    msg_fmt = ('Version %(version)s is not supported by the API. Minimum is %(min)s '
               'and maximum is %(max)s.')
    code = 406


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class ImageServiceUnavailable(NovaLiteException):
    msg_fmt = 'The image service is unavailable: %(reason)s'
    code = 503


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskSmallerThanImage(Invalid):
    msg_fmt = ('Flavor\'s disk is too small for requested image. Flavor disk is '
               '%(flavor_size)i bytes, image is %(image_size)i bytes.')


class FlavorDiskSmallerThanMinDisk(Invalid):
    msg_fmt = ('Flavor\'s disk is smaller than the minimum size specified in image '
               'metadata. Flavor disk is %(flavor_size)i bytes, minimum size is '
               '%(image_min_disk)i bytes.')


class BootFromVolumeRequiredForZeroDiskFlavor(Forbidden):
    msg_fmt = 'Only volume-backed servers are allowed for flavors with zero disk.'


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class ConfigNotFound(NotFound):
    msg_fmt = 'Could not find config at %(path)s'


class MarkerNotFound(NotFound):
    msg_fmt = 'Marker %(marker)s could not be found.'
    code = 400


# Issue 4: flavors, quotas, aggregates, zones, server groups.

class FlavorIdExists(FlavorExists):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class FlavorNameExists(FlavorExists):
    msg_fmt = 'Flavor with name %(name)s already exists.'


class FlavorAccessExists(Conflict):
    msg_fmt = ('Flavor access already exists for flavor %(flavor_id)s and project '
               '%(project_id)s combination.')


class FlavorAccessNotFound(NotFound):
    msg_fmt = 'Flavor access not found for %(flavor_id)s / %(project_id)s combination.'


class FlavorExtraSpecsNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s has no extra specs with key %(extra_specs_key)s.'


class OverQuota(Forbidden):
    msg_fmt = 'Quota exceeded for resources: %(overs)s'


class TooManyInstances(Forbidden):
    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but already used '
               '%(used)s of %(allowed)s %(overs)s')


class KeypairLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many key pairs.'


class MetadataLimitExceeded(Forbidden):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class ServerGroupLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many server groups.'


class GroupMemberLimitExceeded(Forbidden):
    msg_fmt = 'Quota exceeded, too many servers in group'


class QuotaClassNotFound(NotFound):
    msg_fmt = 'Quota class %(class_name)s could not be found.'


class AggregateNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostNotFound(NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class AggregateHostExists(Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class InvalidAggregateAction(Invalid):
    # action: 'add host to', 'remove host from', 'update', 'update metadata of'
    msg_fmt = 'Cannot %(action)s aggregate %(aggregate_id)s. Reason: %(reason)s.'


class InvalidAvailabilityZone(Invalid):
    msg_fmt = 'The requested availability zone is not available'


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


# Issue 5: server lifecycle.

class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class InstanceNotReady(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not ready'


class InstanceNotRunning(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not running.'


class TooManyInstanceTags(Invalid):
    msg_fmt = 'Maximum number %(max_tags)d of tags exceeded'


class TagNotFound(NotFound):
    msg_fmt = 'Tag %(tag)s could not be found for server %(resource_id)s.'


class ActionNotImplemented(NovaLiteException):
    msg_fmt = 'The %(driver)s driver cannot %(action)s.'
    code = 501


class ImageUnacceptable(Invalid):
    msg_fmt = 'Image %(image_id)s is unacceptable: %(reason)s'


class HypervisorUnavailable(NovaLiteException):
    msg_fmt = 'Connection to the hypervisor is broken: %(reason)s'


class ConsoleTypeInvalid(Invalid):
    msg_fmt = 'Invalid console type %(console_type)s'


class ConsoleTypeUnavailable(Invalid):
    msg_fmt = 'Unavailable console type %(console_type)s.'


class ConsoleNotSupported(NovaLiteException):
    """A console protocol no nova-lite driver offers (upstream's 501)."""
    msg_fmt = 'Feature not supported: %(protocol)s consoles.'
    code = 501


class InvalidToken(Invalid):
    msg_fmt = "The token '%(token)s' is invalid or has expired"


class TokenInUse(Invalid):
    msg_fmt = 'The generated token is invalid'


class VolumeTypeNotFound(Invalid):
    """A block device mapping's volume_type (2.67): nova-lite has no volume service,
    so no volume type exists (upstream answers a type Cinder lacks with this 400)."""
    msg_fmt = 'Volume type %(id_or_name)s could not be found.'
