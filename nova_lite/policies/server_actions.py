"""Policies of the server lifecycle APIs: /servers/{id}/action, metadata, tags,
password, os-instance-actions (upstream's rule names, secure-RBAC defaults)."""
from oslo_policy import policy

from nova_lite.policies import base

ACTION_PATH = '/servers/{server_id}/action (%s)'


def _rule(name, check, method, path, description):
    return policy.DocumentedRuleDefault('os_compute_api:' + name, check, description,
                                        [{'method': method, 'path': path}])


def _action(name, check, action, description):
    return _rule(name, check, 'POST', ACTION_PATH % action, description)


MEMBER = base.PROJECT_MEMBER_OR_ADMIN
READER = base.PROJECT_READER_OR_ADMIN

rules = [
    _action('servers:start', MEMBER, 'os-start', 'Start a server'),
    _action('servers:stop', MEMBER, 'os-stop', 'Stop a server'),
    _action('servers:reboot', MEMBER, 'reboot', 'Reboot a server'),
    _action('servers:rebuild', MEMBER, 'rebuild', 'Rebuild a server'),
    _action('servers:create_image', MEMBER, 'createImage', 'Snapshot a server to an image'),
    _action('servers:trigger_crash_dump', MEMBER, 'trigger_crash_dump',
            'Trigger a crash dump in a server'),
    _rule('servers:update', MEMBER, 'PUT', '/servers/{server_id}', 'Update a server'),
    _rule('servers:allow_all_filters', base.ADMIN, 'GET', '/servers',
          'List servers with any filter, not only the ones users may use'),
    _action('os-pause-server:pause', MEMBER, 'pause', 'Pause a server'),
    _action('os-pause-server:unpause', MEMBER, 'unpause', 'Unpause a server'),
    _action('os-suspend-server:suspend', MEMBER, 'suspend', 'Suspend a server'),
    _action('os-suspend-server:resume', MEMBER, 'resume', 'Resume a server'),
    _action('os-lock-server:lock', MEMBER, 'lock', 'Lock a server'),
    _action('os-lock-server:unlock', MEMBER, 'unlock', 'Unlock a server'),
    _action('os-lock-server:unlock:unlock_override', base.ADMIN, 'unlock',
            'Unlock a server that an admin locked'),
    _action('os-rescue', MEMBER, 'rescue', 'Rescue a server'),
    _action('os-unrescue', MEMBER, 'unrescue', 'Unrescue a server'),
    _action('os-shelve:shelve', MEMBER, 'shelve', 'Shelve a server'),
    _action('os-shelve:shelve_offload', base.ADMIN, 'shelveOffload',
            'Offload a shelved server'),
    _action('os-shelve:unshelve', MEMBER, 'unshelve', 'Unshelve a server'),
    _action('os-admin-actions:reset_state', base.ADMIN, 'os-resetState',
            'Reset the state of a server'),
    _action('os-console-output', MEMBER, 'os-getConsoleOutput',
            'Show the console output of a server'),
    _action('os-deferred-delete:restore', MEMBER, 'restore', 'Restore a soft-deleted server'),
    _action('os-deferred-delete:force', MEMBER, 'forceDelete',
            'Delete a soft-deleted server at once'),
    _rule('os-instance-actions:list', READER, 'GET',
          '/servers/{server_id}/os-instance-actions', 'List the actions of a server'),
    _rule('os-instance-actions:show', READER, 'GET',
          '/servers/{server_id}/os-instance-actions/{request_id}', 'Show a server action'),
    _rule('os-instance-actions:events', base.ADMIN, 'GET',
          '/servers/{server_id}/os-instance-actions/{request_id}',
          'Show the events of a server action (before 2.51; their tracebacks always)'),
    _rule('server-metadata:index', READER, 'GET', '/servers/{server_id}/metadata',
          'List the metadata of a server'),
    _rule('server-metadata:show', READER, 'GET', '/servers/{server_id}/metadata/{key}',
          'Show one metadata item of a server'),
    _rule('server-metadata:create', MEMBER, 'POST', '/servers/{server_id}/metadata',
          'Add metadata to a server'),
    _rule('server-metadata:update_all', MEMBER, 'PUT', '/servers/{server_id}/metadata',
          'Replace the metadata of a server'),
    _rule('server-metadata:update', MEMBER, 'PUT', '/servers/{server_id}/metadata/{key}',
          'Set one metadata item of a server'),
    _rule('server-metadata:delete', MEMBER, 'DELETE', '/servers/{server_id}/metadata/{key}',
          'Delete one metadata item of a server'),
    _rule('os-server-tags:index', READER, 'GET', '/servers/{server_id}/tags',
          'List the tags of a server'),
    _rule('os-server-tags:show', READER, 'GET', '/servers/{server_id}/tags/{tag}',
          'Check a tag of a server'),
    _rule('os-server-tags:update', MEMBER, 'PUT', '/servers/{server_id}/tags/{tag}',
          'Add a tag to a server'),
    _rule('os-server-tags:update_all', MEMBER, 'PUT', '/servers/{server_id}/tags',
          'Replace the tags of a server'),
    _rule('os-server-tags:delete', MEMBER, 'DELETE', '/servers/{server_id}/tags/{tag}',
          'Delete a tag of a server'),
    _rule('os-server-tags:delete_all', MEMBER, 'DELETE', '/servers/{server_id}/tags',
          'Delete every tag of a server'),
    _rule('os-server-password:show', READER, 'GET', '/servers/{server_id}/os-server-password',
          'Show the encrypted admin password of a server'),
    _rule('os-server-password:clear', MEMBER, 'DELETE',
          '/servers/{server_id}/os-server-password', 'Clear the admin password of a server'),
]


def list_rules():
    return rules
