"""The OpenAPI 3.1 document of the Compute API, built from what the API runs on:
the routes of api/router.py, the request schemas the handlers validate with
(@validation.schema, the one in force at the document's microversion), their
@wsgi.response codes, @wsgi.expected_errors and @wsgi.versions, and the
policy defaults of nova_lite/policies/. Only the success bodies' shapes and
the query parameters are written by hand (responses.py, parameters.py).

Served unauthenticated at GET /v2.1/openapi.json; doc/openapi.json is the
same document, written by `python -m nova_lite.api.openapi doc/openapi.json`.
"""
import copy
import functools
import json
import re

import webob
import webob.dec

from nova_lite import policies
from nova_lite.api import api_version
from nova_lite.api import faults
from nova_lite.api import router
from nova_lite.api import wsgi
from nova_lite.api.openapi import parameters
from nova_lite.api.openapi import responses

# Errors any operation may answer: bad request (a malformed microversion or
# project id in the URL), unauthenticated (keystone), policy, microversion.
COMMON_ERRORS = (400, 401, 403, 406)
BODY_ERRORS = (413, 415)  # body too large, not JSON
DESCRIPTION = (
    'The OpenStack Compute API v2.1 as nova-lite implements it, at microversion %(max)s '
    '(send `OpenStack-API-Version: compute %(max)s`; the API serves %(min)s to %(max)s). '
    'Request bodies are the JSON schemas the API validates with at %(max)s; '
    'x-openstack-schema-versions lists the microversion ranges of each schema the '
    'operation has, x-openstack-microversions the range an operation exists in (outside '
    'it, 404), x-openstack-policies the policy rules it checks. Every path is also served '
    'under /v2.1/{project_id}/... . Errors have the body of #/components/schemas/Fault.')
_VERBS = {'index': 'List', 'detail': 'List with details', 'show': 'Show', 'create': 'Create',
          'update': 'Update', 'update_all': 'Replace', 'delete': 'Delete',
          'delete_all': 'Delete every', 'action': 'Act on'}


def _version(value):
    return api_version.APIVersionRequest(value)


def _in_range(version, min_version, max_version):
    return ((min_version is None or version >= min_version) and
            (max_version is None or version <= max_version))


def operations():
    """(route name, path, HTTP method, controller method name, function), in route order."""
    for name, (controller_cls, paths) in router.ROUTES.items():
        for path, methods in paths:
            for http_method, method_name in methods.items():
                yield (name, path, http_method, method_name,
                       getattr(controller_cls, method_name, None))


def actions(name):
    """{action name: function} POST .../action of route `name` dispatches to."""
    found = {}
    for cls in (router.ROUTES[name][0],) + tuple(router.action_controllers(name)):
        found.update(wsgi.actions_of(cls))
    return dict(sorted(found.items()))


def to_draft_2020_12(schema):
    """The draft-4 schemas the API validates with, in OpenAPI 3.1's dialect."""
    if isinstance(schema, list):
        return [to_draft_2020_12(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: to_draft_2020_12(value) for key, value in schema.items()}
    for bound, limit in (('exclusiveMinimum', 'minimum'), ('exclusiveMaximum', 'maximum')):
        if schema.get(bound) is True:
            schema[bound] = schema.pop(limit)
        elif schema.get(bound) is False:
            del schema[bound]
    if isinstance(schema.get('items'), list):
        schema['prefixItems'] = schema.pop('items')
        if schema.pop('additionalItems', True) is False:
            schema['items'] = False
    return schema


def _policy_rules():
    """{(method, path with {} for parameters): [rule names]} from the policy defaults."""
    rules = {}
    for rule in policies.list_rules():
        for operation in getattr(rule, 'operations', ()):
            key = (operation['method'], re.sub(r'\{[^}]*\}', '{}', operation['path']))
            rules.setdefault(key, []).append(rule.name)
    return rules


def _request_schemas(func, version):
    """(the schema in force at version or None, ['min-max' of every schema])."""
    in_force, ranges = None, []
    for schema, min_version, max_version in getattr(func, 'validation_schemas', ()):
        ranges.append('%s-%s' % (min_version or api_version.MIN_VERSION,
                                 max_version or 'latest'))
        if in_force is None and _in_range(version, min_version, max_version):
            in_force = schema
    return in_force, sorted(ranges, key=lambda text: _version(text.split('-')[0]))


def _success_codes(operation_id, func, version):
    return responses.SUCCESS_CODES.get(operation_id) or (wsgi._success_code(func, version),)


def _response(code, body=None):
    response = {'description': 'Error' if code >= 400 else 'Success'}
    if body is not None:
        response['content'] = {'application/json': {'schema': body}}
    return response


def _error_codes(funcs, with_body):
    codes = set(COMMON_ERRORS) | (set(BODY_ERRORS) if with_body else set())
    for func in funcs:
        codes.update(getattr(func, 'wsgi_errors', ()))
    return sorted(codes)


def _availability(operation, funcs, version):
    """x-openstack-microversions; gone at version -> deprecated."""
    ranges = [getattr(func, 'wsgi_versions', None) for func in funcs]
    ranges = [r for r in ranges if r is not None]
    if not ranges or len(ranges) != len(funcs):
        return
    min_version, max_version = ranges[0]
    operation['x-openstack-microversions'] = {
        'min': min_version or api_version.MIN_VERSION, 'max': max_version or 'latest'}
    if not _in_range(version, min_version, max_version):
        operation['deprecated'] = True


def _action_body(name, func, version):
    schema, _ = _request_schemas(func, version)
    if schema is None:
        # not validated by a schema: any value under the action's key
        schema = {'type': 'object', 'properties': {name: {}}, 'required': [name],
                  'additionalProperties': False}
    return schema


def _action_operation(route, func_by_action, version, rules, path_key):
    """One operation for POST .../action: its body is one of the actions' bodies."""
    bodies, codes, lines, funcs = [], {}, [], list(func_by_action.values())
    for name, func in func_by_action.items():
        bodies.append(to_draft_2020_12(_action_body(name, func, version)))
        code = wsgi._success_code(func, version)
        shape = responses.BODIES.get('%s:action:%s' % (route, name))
        if code != 202 or shape is None:  # 202 with and without a body cannot be told apart
            codes.setdefault(code, []).append(shape)
        since = getattr(func, 'wsgi_versions', None)
        line = '- `%s`: %s%s; policy %s' % (
            name, code, ' with a body' if shape else '',
            ', '.join(rules.get(('POST', '%s (%s)' % (path_key, name)), ['-'])))
        if since:
            line += ' (microversions %s-%s)' % (since[0] or api_version.MIN_VERSION,
                                                since[1] or 'latest')
        lines.append(line)
    operation = {
        'description': 'The body has one key, the action:\n' + '\n'.join(lines),
        'requestBody': {'required': True, 'content': {'application/json': {
            'schema': {'oneOf': bodies}}}},
        'responses': {}}
    for code, shapes in sorted(codes.items()):
        shapes = [shape for shape in shapes if shape is not None]
        body = None if not shapes else (shapes[0] if len(shapes) == 1 else {'anyOf': shapes})
        operation['responses'][str(code)] = _response(code, body)
    for code in _error_codes(funcs, with_body=True):
        operation['responses'].setdefault(str(code), _response(code, responses.ref('Fault')))
    return operation, funcs


def _operation(route, path, http_method, method_name, func, version, rules):
    operation_id = '%s:%s' % (route, method_name)
    path_key = re.sub(r'\{[^}]*\}', '{}', path)
    with_body = http_method in ('POST', 'PUT')
    if method_name == 'action':
        operation, funcs = _action_operation(route, actions(route), version, rules, path_key)
        policy_names = sorted({name for (method, key), names in rules.items()
                               if method == 'POST' and key.startswith(path_key + ' (')
                               for name in names})
    else:
        funcs = [func]
        operation = {'responses': {}}
        for code in _success_codes(operation_id, func, version):
            body = None if code == 204 else responses.BODIES.get(operation_id)
            operation['responses'][str(code)] = _response(code, body)
        for code in _error_codes(funcs, with_body):
            operation['responses'][str(code)] = _response(code, responses.ref('Fault'))
        schema, ranges = _request_schemas(func, version)
        if schema is not None:
            operation['requestBody'] = {'required': True, 'content': {'application/json': {
                'schema': to_draft_2020_12(schema)}}}
            if len(ranges) > 1:
                operation['x-openstack-schema-versions'] = ranges
        policy_names = rules.get((http_method, path_key), [])
    summary = '%s %s' % (_VERBS.get(method_name, method_name), path)
    operation = dict({'operationId': operation_id, 'summary': summary, 'tags': [route]},
                     **operation)
    names = re.findall(r'\{([^}]*)\}', path)
    params = [{'name': name, 'in': 'path', 'required': True, 'schema': {'type': 'string'}}
              for name in names] + parameters.query(operation_id)
    if params:
        operation['parameters'] = params
    if policy_names:
        operation['x-openstack-policies'] = sorted(set(policy_names))
    _availability(operation, funcs, version)
    return operation


def _unauthenticated_paths():
    json_body = {'application/json': {'schema': {'type': 'object'}}}
    version = responses.envelope('version', responses.obj(
        ['id', 'status', 'version', 'min_version', 'links'], links=responses.ref('Links')))
    return {
        '/': {'get': {'operationId': 'versions:show_v21', 'tags': ['versions'],
                      'summary': 'Show this API version (no token needed)', 'security': [],
                      'responses': {'200': _response(200, version)}}},
        '/openapi.json': {'get': {
            'operationId': 'openapi:show', 'tags': ['openapi'], 'security': [],
            'summary': 'This document (no token needed)',
            'responses': {'200': {'description': 'Success', 'content': json_body}}}},
    }


@functools.lru_cache(maxsize=None)
def _build(version_text):
    version = _version(version_text)
    rules = _policy_rules()
    paths = _unauthenticated_paths()
    for route, path, http_method, method_name, func in operations():
        paths.setdefault(path, {})[http_method.lower()] = _operation(
            route, path, http_method, method_name, func, version, rules)
    return {
        'openapi': '3.1.0',
        'info': {'title': 'nova-lite Compute API', 'version': version_text,
                 'description': DESCRIPTION % {'min': api_version.MIN_VERSION,
                                               'max': version_text}},
        'servers': [{'url': '/v2.1'}],
        'security': [{'token': []}],
        'tags': [{'name': name} for name in ('versions', 'openapi', *router.ROUTES)],
        'paths': paths,
        'components': {
            'securitySchemes': {'token': {
                'type': 'apiKey', 'in': 'header', 'name': 'X-Auth-Token',
                'description': "A Keystone token; with [api] auth_strategy = noauth2, "
                               "'user:project' (the user 'admin' is an admin)"}},
            'schemas': copy.deepcopy(responses.COMPONENTS)},
    }


def document(server_url='/v2.1'):
    """The document at the API's maximum microversion, its server at server_url."""
    doc = copy.deepcopy(_build(api_version.MAX_VERSION))
    doc['servers'] = [{'url': server_url}]
    return doc


def dumps(doc):
    return json.dumps(doc, indent=1, sort_keys=False) + '\n'


@webob.dec.wsgify
def _serve(req):
    if req.method != 'GET':
        return faults.error_response(405, 'The method is not allowed.')
    if req.path_info not in ('', '/'):
        return faults.error_response(404, 'The resource could not be found.')
    base = req.host_url + req.script_name.rsplit('/', 1)[0]
    return webob.Response(body=dumps(document(base)).encode(), charset='utf-8',
                          content_type='application/json')


def app_factory(global_conf, **local_conf):
    return _serve
