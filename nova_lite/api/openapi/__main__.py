"""python -m nova_lite.api.openapi [FILE]: write the OpenAPI document (to stdout
without FILE); `python -m nova_lite.api.openapi doc/openapi.json` refreshes the
committed copy."""
import sys

from nova_lite.api import openapi


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    text = openapi.dumps(openapi.document())
    if argv:
        with open(argv[0], 'w') as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
