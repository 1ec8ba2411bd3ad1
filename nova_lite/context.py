"""The request context that every API call, RPC message and DB access carries."""
from oslo_context import context as o_context
from oslo_utils import timeutils


class RequestContext(o_context.RequestContext):
    """Who asks, for which project, under which request id."""

    def __init__(self, user_id=None, project_id=None, is_admin=None,
                 read_deleted='no', roles=None, timestamp=None, **kwargs):
        kwargs.pop('user', None)
        kwargs.pop('tenant', None)
        super().__init__(user_id=user_id, project_id=project_id, roles=roles or [],
                         is_admin=bool(is_admin), **kwargs)
        self.read_deleted = read_deleted
        self.timestamp = timestamp or timeutils.utcnow()
        if self.is_admin is False and 'admin' in self.roles:
            self.is_admin = True

    def to_dict(self):
        values = super().to_dict()
        values.update({'user_id': self.user_id, 'project_id': self.project_id,
                       'read_deleted': self.read_deleted,
                       'user_name': self.user_name, 'project_name': self.project_name,
                       'timestamp': self.timestamp.isoformat()})
        return values

    @classmethod
    def from_dict(cls, values):
        values = dict(values)
        timestamp = values.pop('timestamp', None)
        if timestamp:
            timestamp = timeutils.normalize_time(timeutils.parse_isotime(timestamp))
        return cls(user_id=values.get('user_id') or values.get('user'),
                   project_id=values.get('project_id') or values.get('tenant'),
                   is_admin=values.get('is_admin'),
                   read_deleted=values.get('read_deleted', 'no'),
                   roles=values.get('roles'),
                   timestamp=timestamp,
                   request_id=values.get('request_id'),
                   global_request_id=values.get('global_request_id'),
                   auth_token=values.get('auth_token'),
                   user_name=values.get('user_name'),
                   project_name=values.get('project_name'))

    def elevated(self, read_deleted=None):
        """A copy of this context that acts as admin."""
        ctxt = self.__class__.from_dict(self.to_dict())
        ctxt.is_admin = True
        if 'admin' not in ctxt.roles:
            ctxt.roles = list(ctxt.roles) + ['admin']
        if read_deleted is not None:
            ctxt.read_deleted = read_deleted
        return ctxt


def get_admin_context(read_deleted='no'):
    """A context for the services' own work (periodic tasks, start-up)."""
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          read_deleted=read_deleted, overwrite=False)
