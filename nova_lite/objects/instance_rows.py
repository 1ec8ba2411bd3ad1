"""A page of instances as compact rows, for the API's server lists.

InstanceList.get_page_by_filters packs the page in the conductor as one JSON text:
the column names once, a list of values per instance, each distinct flavor once
(instances keep their own copy of it, but most share a few), and the faults and tags
of the page by instance UUID. One text crosses RPC as it is: neither side's
serializer walks its values. The API unpacks it into InstanceRecords: read-only
instances with the attributes the server views read, without the versioned-object
machinery that costs several times more than the rows themselves.
"""
import datetime
import json
import types

from oslo_config import cfg

CONF = cfg.CONF

_TIMES = ('created_at', 'updated_at', 'deleted_at', 'launched_at', 'terminated_at')


def _text(value):
    if isinstance(value, datetime.datetime):  # naive, in UTC (unpack adds the zone)
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat()
    raise TypeError('%r cannot be sent in a page of instances' % (value,))


# one encoder for a page's every row (json.dumps with options makes one a call)
_dumps = json.JSONEncoder(default=_text, separators=(',', ':')).encode


def pack(rows, extras=None):
    """The JSON text of Core rows of the instances table (metadata_ for the metadata
    column, the flavor column as its JSON text), any iterable read once: each row is
    encoded as it comes, so that a page holds its text and not its rows (a thousand
    rows and their encoding at once were 5 MB). extras(uuids): ({uuid: fault row},
    {uuid: [tag]}) of the rows' instances, each None when not loaded."""
    columns, flavor_at, uuids, encoded = None, None, [], []
    flavors, flavor_index = [], {}
    for row in rows:
        if columns is None:
            columns = list(row._fields)
            flavor_at = columns.index('flavor') if 'flavor' in columns else None
        values = list(row)
        if flavor_at is not None:
            flavor = values[flavor_at] or '{}'
            index = flavor_index.get(flavor)
            if index is None:
                index = flavor_index[flavor] = len(flavors)
                flavors.append(json.loads(flavor))
            values[flavor_at] = index
        if extras is not None:
            uuids.append(row.uuid)
        encoded.append(_dumps(values))
    if columns is None:
        return _dumps({'columns': [], 'rows': []})
    page = {'columns': columns}
    if flavor_at is not None:
        page['flavors'] = flavors
    faults, tags = extras(uuids) if extras is not None else (None, None)
    if faults is not None:
        page['faults'] = {uuid: {'code': f.code, 'message': f.message, 'details': f.details,
                                 'created_at': f.created_at}
                          for uuid, f in faults.items()}
    if tags is not None:
        page['tags'] = tags
    # the rows go in as the text each already is
    return _dumps(page)[:-1] + ',"rows":[' + ','.join(encoded) + ']}'


def hypervisor_name(instance_id):
    """The name the hypervisor knows an instance by ([DEFAULT] instance_name_template)."""
    return CONF.instance_name_template % instance_id


class InstanceRecord:
    """An instance of a listed page: its fields as attributes, read only by convention."""

    def __init__(self, fields):
        self.__dict__ = fields  # taken as it is, not copied

    def __repr__(self):
        return 'InstanceRecord(%s)' % self.__dict__.get('uuid')

    @property
    def name(self):
        """The name the hypervisor knows the instance by (as Instance.name)."""
        return hypervisor_name(self.id)

    def obj_attr_is_set(self, name):
        return name in self.__dict__


def _utc(value):
    return datetime.datetime.fromisoformat(value + '+00:00') if value else None


def unpack(text):
    """[InstanceRecord] of a page that pack wrote, in its order (of a page of some
    columns only, records with only those fields)."""
    page = json.loads(text)
    columns = page['columns']
    if 'flavor' not in columns:
        return [InstanceRecord(dict(zip(columns, values))) for values in page['rows']]
    flavors = [types.SimpleNamespace(**flavor) for flavor in page.get('flavors', ())]
    faults = page.get('faults')
    tags = page.get('tags')
    records = []
    for values in page['rows']:
        fields = dict(zip(columns, values))
        for name in _TIMES:
            fields[name] = _utc(fields[name])
        fields['metadata'] = fields.pop('metadata_') or {}
        fields['system_metadata'] = fields['system_metadata'] or {}
        fields['flavor'] = flavors[fields['flavor']]
        fields['deleted'] = bool(fields['deleted'])
        fields['locked'] = bool(fields['locked'])
        if faults is not None:
            fault = faults.get(fields['uuid'])
            fields['fault'] = fault and types.SimpleNamespace(
                **dict(fault, created_at=_utc(fault['created_at'])))
        if tags is not None:
            fields['tags'] = tags.get(fields['uuid'], [])
        records.append(InstanceRecord(fields))
    return records
