"""Command-line overrides for the training programs' plain configs (nanoGPT's way).

A program keeps its config as module-level variables; every `--key=value` on the command line replaces the
variable of that name, converted to the type it already has, and an unknown key is an error.
"""


def config_keys(namespace):
    """The names of a module's config variables: public ints, floats and strings."""
    return [k for k, v in namespace.items() if not k.startswith("_") and isinstance(v, (int, float, str))]


def apply(namespace, argv, keys):
    """Sets namespace[key] from each `--key=value` of argv (other arguments are left to the caller)."""
    for arg in argv:
        if "=" not in arg:
            continue
        key, value = arg.lstrip("-").split("=", 1)
        assert key in keys, f"unknown config key {key}"
        namespace[key] = type(namespace[key])(value)
