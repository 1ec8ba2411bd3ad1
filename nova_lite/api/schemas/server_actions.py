"""Request bodies of the server actions, metadata, tags and update (upstream's)."""
import copy

from nova_lite.api import validation
from nova_lite.api.schemas import servers as servers_schema


def _action(name, properties=None, required=(), nullable=False):
    inner = {'type': 'object', 'properties': properties or {},
             'additionalProperties': False}
    if required:
        inner['required'] = list(required)
    if nullable:
        inner = {'type': ['object', 'null'], 'properties': properties or {},
                 'additionalProperties': False}
    return {'type': 'object', 'properties': {name: inner}, 'required': [name],
            'additionalProperties': False}


description = servers_schema.description

reboot = _action('reboot', {'type': {'type': 'string', 'enum': [
    'HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']}}, required=['type'])

_rebuild_properties = {
    'imageRef': {'type': 'string', 'format': 'uuid'},
    'name': validation.name,
    'adminPass': {'type': 'string'},
    'metadata': validation.metadata,
    'preserve_ephemeral': {'type': 'boolean'},
    'OS-DCF:diskConfig': {'type': 'string', 'enum': ['AUTO', 'MANUAL']},
    'accessIPv4': {'type': 'string', 'format': 'ipv4'},
    'accessIPv6': {'type': 'string', 'format': 'ipv6'},
    'personality': servers_schema._server_properties['personality'],
}
rebuild = _action('rebuild', _rebuild_properties, required=['imageRef'])
rebuild_v219 = copy.deepcopy(rebuild)
rebuild_v219['properties']['rebuild']['properties']['description'] = description
rebuild_v254 = copy.deepcopy(rebuild_v219)
rebuild_v254['properties']['rebuild']['properties']['key_name'] = {
    'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255}
rebuild_v257 = copy.deepcopy(rebuild_v254)
del rebuild_v257['properties']['rebuild']['properties']['personality']
rebuild_v257['properties']['rebuild']['properties']['user_data'] = {
    'type': ['string', 'null'], 'format': 'base64', 'maxLength': 65535}
rebuild_v263 = copy.deepcopy(rebuild_v257)
rebuild_v263['properties']['rebuild']['properties']['trusted_image_certificates'] = (
    servers_schema.trusted_certs)

create_image = _action('createImage', {'name': validation.name,
                                       'metadata': validation.metadata}, required=['name'])
reset_state = _action('os-resetState', {'state': {'type': 'string', 'enum': [
    'active', 'error']}}, required=['state'])
rescue = _action('rescue', {'adminPass': {'type': 'string'},
                            'rescue_image_ref': {'type': 'string', 'format': 'uuid'}},
                 nullable=True)
console_output = _action('os-getConsoleOutput', {'length': {
    'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$', 'minimum': -1}},
    nullable=True)
lock_v273 = _action('lock', {'locked_reason': {'type': 'string', 'minLength': 1,
                                               'maxLength': 255}}, nullable=True)

update = {'type': 'object', 'properties': {'server': {
    'type': 'object',
    'properties': {'name': validation.name, 'OS-DCF:diskConfig': {
        'type': 'string', 'enum': ['AUTO', 'MANUAL']},
        'accessIPv4': {'type': 'string', 'format': 'ipv4'},
        'accessIPv6': {'type': 'string', 'format': 'ipv6'}},
    'additionalProperties': False}}, 'required': ['server'], 'additionalProperties': False}
update_v219 = copy.deepcopy(update)
update_v219['properties']['server']['properties']['description'] = description

metadata_all = {'type': 'object', 'properties': {'metadata': validation.metadata},
                'required': ['metadata'], 'additionalProperties': False}
metadata_item = {'type': 'object', 'properties': {'meta': {
    'type': 'object', 'patternProperties': validation.metadata['patternProperties'],
    'additionalProperties': False, 'minProperties': 1, 'maxProperties': 1}},
    'required': ['meta'], 'additionalProperties': False}

tag = servers_schema.tag
tags_update_all = {'type': 'object', 'properties': {'tags': {
    'type': 'array', 'items': tag, 'maxItems': 50}}, 'required': ['tags'],
    'additionalProperties': False}
