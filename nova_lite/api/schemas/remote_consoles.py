"""Request bodies of the remote consoles (upstream's schemas)."""
from nova_lite.api import validation

# upstream leaves the type open here (not an enum), and so does nova-lite
get_vnc_console = validation.wrapped('os-getVNCConsole', {'type': {'type': 'string'}},
                                     required=['type'])

create_v26 = validation.wrapped('remote_console', {
    'protocol': {'type': 'string', 'enum': ['vnc', 'spice', 'rdp', 'serial']},
    'type': {'type': 'string', 'enum': ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5',
                                        'serial']},
}, required=['protocol', 'type'])

create_v28 = validation.wrapped('remote_console', {
    'protocol': {'type': 'string', 'enum': ['vnc', 'spice', 'rdp', 'serial', 'mks']},
    'type': {'type': 'string', 'enum': ['novnc', 'xvpvnc', 'rdp-html5', 'spice-html5',
                                        'serial', 'webmks']},
}, required=['protocol', 'type'])
