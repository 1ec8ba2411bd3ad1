"""paste composite: dispatch by path prefix ('/' versions, '/v2.1' the API)."""


class URLMap:
    def __init__(self, apps):
        # longest prefix first so /v2.1 wins over /
        self.apps = sorted(apps.items(), key=lambda item: -len(item[0]))

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        for prefix, app in self.apps:
            if prefix == '/':
                return app(environ, start_response)
            if path == prefix or path.startswith(prefix + '/'):
                environ = dict(environ)
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        start_response('404 Not Found', [('Content-Type', 'text/plain')])
        return [b'Not Found']


def urlmap_factory(loader, global_conf, **local_conf):
    apps = {}
    for prefix, app_name in local_conf.items():
        prefix = '/' + prefix.strip('/') if prefix.strip('/') else '/'
        apps[prefix] = loader.get_app(app_name, global_conf=global_conf)
    return URLMap(apps)
