"""[image_cache] options: removal of unused images from a compute's image cache."""
from oslo_config import cfg

image_cache_group = cfg.OptGroup('image_cache', title='Image cache options')

image_cache_opts = [
    cfg.IntOpt('manager_interval', default=2400, min=-1,
               help='Seconds between runs of the image cache manager, which removes '
                    'cached images no instance of this host uses; 0 runs it at the '
                    'periodic task rate (periodic_interval), -1 never.'),
    cfg.BoolOpt('remove_unused_base_images', default=True,
                help='Whether the image cache manager removes unused cached images.'),
    cfg.IntOpt('remove_unused_original_minimum_age_seconds', default=86400, min=0,
               help='Seconds an unused cached image is kept after its last use before '
                    'it is removed.'),
]


def register_opts(conf):
    conf.register_group(image_cache_group)
    conf.register_opts(image_cache_opts, group=image_cache_group)


def list_opts():
    return {image_cache_group: image_cache_opts}
