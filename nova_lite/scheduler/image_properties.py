"""The image properties that constrain where a server can run, as upstream's
ImagePropertiesFilter reads them (hw_architecture / architecture,
img_hv_type / hypervisor_type), and the traits it requires (trait:NAME=required,
the TraitsFilter's)."""

_KEYS = {'architecture': ('hw_architecture', 'architecture'),
         'hypervisor_type': ('img_hv_type', 'hypervisor_type')}
# what each hypervisor type runs (a qemu host also takes kvm images, as upstream)
_HV_ALIASES = {'qemu': {'qemu', 'kvm'}, 'kvm': {'kvm', 'qemu'}}
TRAIT_PREFIX = 'trait:'


def trait_name(key):
    """NAME of a 'trait:NAME' extra spec or image property, else None."""
    if key.startswith(TRAIT_PREFIX) and len(key) > len(TRAIT_PREFIX):
        return key[len(TRAIT_PREFIX):]
    return None


def host_constraints(image):
    """{'architecture': ..., 'hypervisor_type': ..., 'trait:NAME': 'required'...} from a
    Glance v2 image record (as upstream, an image can require a trait, not forbid one)."""
    found = {}
    for name, keys in _KEYS.items():
        for key in keys:
            if image.get(key):
                found[name] = str(image[key]).lower()
                break
    found.update({key: 'required' for key, value in image.items()
                  if trait_name(key) and value == 'required'})
    return found


def host_accepts(constraints, architecture, hypervisor_type):
    wanted_arch = constraints.get('architecture')
    if wanted_arch and architecture and wanted_arch != architecture.lower():
        return False
    wanted_hv = constraints.get('hypervisor_type')
    if wanted_hv and hypervisor_type:
        host_hv = hypervisor_type.lower()
        return wanted_hv in _HV_ALIASES.get(host_hv, {host_hv})
    return True
