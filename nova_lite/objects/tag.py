"""Server tags (os-server-tags, microversion 2.26)."""
from oslo_versionedobjects import fields

from nova_lite import exception
from nova_lite.db.lazy import api as db_api
from nova_lite.db.lazy import models
from nova_lite.db.lazy import sa
from nova_lite.objects import base

MAX_TAGS = 50  # upstream's instance.MAX_TAG_COUNT


def tags_by_resource(session, resource_ids):
    """{resource_id: [tag, ...]} (sorted) for these resources."""
    found = {resource_id: [] for resource_id in resource_ids}
    if resource_ids:
        tag = models.Tag
        for row in session.scalars(sa.select(tag).where(tag.resource_id.in_(resource_ids))
                                   .order_by(tag.tag)):
            found[row.resource_id].append(row.tag)
    return found


def _check_count(session, resource_id, adding):
    count = session.scalar(sa.select(sa.func.count()).select_from(models.Tag).where(
        models.Tag.resource_id == resource_id))
    if count + adding > MAX_TAGS:
        raise exception.TooManyInstanceTags(max_tags=MAX_TAGS)


@base.NovaLiteObjectRegistry.register
class TagList(base.NovaLiteObject):
    """The tags of one server; every method is one transaction in the conductor."""
    # Version 1.0: Initial version
    VERSION = '1.0'
    fields = {'resource_id': fields.StringField(), 'tags': fields.ListOfStringsField()}

    @classmethod
    @base.remotable
    def get_by_resource_id(cls, context, resource_id):
        with db_api.reader() as session:
            tags = tags_by_resource(session, [resource_id])[resource_id]
        return cls(context, resource_id=resource_id, tags=tags)

    @classmethod
    @base.remotable
    def add(cls, context, resource_id, tag):
        with db_api.writer() as session:
            if session.get(models.Tag, (resource_id, tag)) is None:
                _check_count(session, resource_id, 1)
                session.add(models.Tag(resource_id=resource_id, tag=tag))

    @classmethod
    @base.remotable
    def replace(cls, context, resource_id, tags):
        """Make tags the whole set (PUT /servers/{id}/tags, create at 2.52)."""
        tags = sorted(set(tags))
        if len(tags) > MAX_TAGS:
            raise exception.TooManyInstanceTags(max_tags=MAX_TAGS)
        with db_api.writer() as session:
            session.execute(sa.delete(models.Tag).where(models.Tag.resource_id == resource_id))
            session.add_all([models.Tag(resource_id=resource_id, tag=tag) for tag in tags])
        return cls(context, resource_id=resource_id, tags=tags)

    @classmethod
    @base.remotable
    def remove(cls, context, resource_id, tag=None):
        """Remove one tag (TagNotFound if absent), or every tag when tag is None."""
        with db_api.writer() as session:
            query = sa.delete(models.Tag).where(models.Tag.resource_id == resource_id)
            if tag is not None:
                query = query.where(models.Tag.tag == tag)
            if session.execute(query).rowcount == 0 and tag is not None:
                raise exception.TagNotFound(resource_id=resource_id, tag=tag)
