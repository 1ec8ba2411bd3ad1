"""paste composite: dispatch by path prefix, as upstream's urlmap.

A prefix ending in '/+' takes only paths below it; a plain prefix then takes
the bare path, so GET /v2.1 (version discovery) needs no token while
everything under /v2.1/... goes through authentication.
"""


class URLMap:
    def __init__(self, apps):
        # (prefix, below_only, app), longest prefix first; '/' last
        self.apps = sorted(apps, key=lambda item: (-len(item[0]), item[1] is False))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        for prefix, below_only, app in self.apps:
            if prefix == '/':
                return app(environ, start_response)
            bare = path in (prefix, prefix + '/')
            below = path.startswith(prefix + '/') and not bare
            if (below_only and below) or (not below_only and (bare or below)):
                environ = dict(environ)
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        start_response('404 Not Found', [('Content-Type', 'text/plain')])
        return [b'Not Found']


def urlmap_factory(loader, global_conf, **local_conf):
    apps = []
    for prefix, app_name in local_conf.items():
        below_only = prefix.endswith('/+')
        prefix = '/' + prefix.rstrip('+').strip('/') if prefix.rstrip('+').strip('/') else '/'
        apps.append((prefix, below_only, loader.get_app(app_name, global_conf=global_conf)))
    return URLMap(apps)
