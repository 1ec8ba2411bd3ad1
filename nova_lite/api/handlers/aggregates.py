"""/os-aggregates (admin): list, create, show, update, delete; the actions
add_host, remove_host and set_metadata. The availability_zone metadata key
makes the aggregate a zone; a host is in one zone at most. 2.41 shows the
aggregate's uuid."""
import webob.exc

from nova_lite import exception
from nova_lite import objects
from nova_lite import policy
from nova_lite.api import common
from nova_lite.api import validation
from nova_lite.api import wsgi
from nova_lite.api.schemas import aggregates as schema
from nova_lite.objects import aggregate as aggregate_obj

PREFIX = 'os_compute_api:os-aggregates:%s'


def _view(req, aggregate, with_members=True):
    body = {'id': aggregate.id, 'name': aggregate.name,
            'availability_zone': aggregate.availability_zone,
            'created_at': common.isotime_usec(aggregate.created_at),
            'updated_at': common.isotime_usec(aggregate.updated_at),
            'deleted_at': None, 'deleted': False}
    if with_members:
        body.update(hosts=list(aggregate.hosts), metadata=dict(aggregate.metadata))
    if req.api_version_request >= '2.41':
        body['uuid'] = aggregate.uuid
    return {'aggregate': body}


def _get(req, action, id):
    policy.authorize(req.context, PREFIX % action, {})
    try:
        return objects.Aggregate.get_by_id(req.context, int(id))
    except ValueError:
        raise webob.exc.HTTPBadRequest(explanation='Invalid aggregate ID %s' % id)


def _conflict(error):
    return webob.exc.HTTPConflict(explanation=error.format_message())


class AggregatesController:
    @wsgi.expected_errors(())
    def index(self, req):
        policy.authorize(req.context, PREFIX % 'index', {})
        return {'aggregates': [_view(req, agg)['aggregate']
                               for agg in objects.AggregateList.get_all(req.context)]}

    @wsgi.expected_errors((400, 409))
    @validation.schema(schema.create)
    def create(self, req, body):
        policy.authorize(req.context, PREFIX % 'create', {})
        values = body['aggregate']
        zone = values.get('availability_zone')
        aggregate = objects.Aggregate(req.context, name=values['name'].strip(),
                                      metadata={aggregate_obj.AZ_KEY: zone} if zone else {})
        aggregate.create()
        return _view(req, aggregate, with_members=False)

    @wsgi.expected_errors((400, 404))
    def show(self, req, id):
        return _view(req, _get(req, 'show', id))

    @wsgi.expected_errors((400, 404, 409))
    @validation.schema(schema.update)
    def update(self, req, id, body):
        aggregate = _get(req, 'update', id)
        values = body['aggregate']
        metadata = ({aggregate_obj.AZ_KEY: values['availability_zone']}
                    if 'availability_zone' in values else None)
        # as upstream: a name in use is 409 (AggregateNameExists), a zone refused 400
        aggregate.update(name=values.get('name'), metadata=metadata, action='update')
        return _view(req, aggregate)

    @wsgi.expected_errors((400, 404))
    def delete(self, req, id):
        _get(req, 'delete', id).destroy()

    @wsgi.expected_errors((400, 404, 409))
    @wsgi.action('add_host')
    @validation.schema(schema.add_host)
    def add_host(self, req, id, body):
        aggregate = _get(req, 'add_host', id)
        host = body['add_host']['host']
        if not objects.ServiceList.get_all(req.context, binary='nova-compute', host=host):
            raise exception.ComputeHostNotFound(host=host)
        try:
            aggregate.add_host(host)
        except exception.InvalidAggregateAction as error:
            raise _conflict(error)
        return _view(req, aggregate)

    @wsgi.expected_errors((400, 404, 409))
    @wsgi.action('remove_host')
    @validation.schema(schema.remove_host)
    def remove_host(self, req, id, body):
        host = body['remove_host']['host']
        try:
            aggregate = _get(req, 'remove_host', id)
            aggregate.delete_host(host)
        except (exception.AggregateNotFound, exception.AggregateHostNotFound):
            # upstream's message, whichever of the two is missing
            raise webob.exc.HTTPNotFound(
                explanation='Cannot remove host %s in aggregate %s' % (host, id))
        return _view(req, aggregate)

    @wsgi.expected_errors((400, 404))
    @wsgi.action('set_metadata')
    @validation.schema(schema.set_metadata)
    def set_metadata(self, req, id, body):
        aggregate = _get(req, 'set_metadata', id)
        aggregate.update(metadata=body['set_metadata']['metadata'])
        return _view(req, aggregate)
