#!/usr/bin/env python3
"""Keeps scenarios/schema.json in step with the scenario loader.

Checks, from the source directory:
  1. schema.json is a valid draft-07 JSON Schema;
  2. every scenarios/**/*.yaml is valid under it;
  3. every tests/tools/scenario/bad_scenarios/*.yaml, whose first line is
     `# expect: <the loader's error line after "file:">`, is rejected: by the
     YAML reading below (syntax, duplicate keys, unknown tags, empty file) or
     by the schema. A file whose second line is `# schema: accepts (why)` holds
     a mistake only the loader can see (a node name that does not exist, a
     shard beyond cluster.shards, ...): the schema must accept it, so the mark
     cannot go stale. tests/tools/scenario_test.cc checks the loader's side.

YAML is read as the loader reads it: the YAML 1.2 core schema (only
true/false are booleans, `1e3` is a number, `2024-01-01` and `yes` are
strings), with duplicate keys refused.

Usage: python3 tools/check_schema.py [SOURCE_DIR]   (exit 0 when all hold)
Needs python3-jsonschema and python3-yaml.
"""

import json
import pathlib
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # a missing test dependency is a failure, not a skip
    sys.exit(f"check_schema.py: {error}; install python3-jsonschema and python3-yaml")


class CoreSchemaLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars and no duplicate keys."""


CoreSchemaLoader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _tag, _pattern, _first in _RESOLVERS:
    CoreSchemaLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    lowered = text.lower().lstrip("+")
    if lowered in (".inf", "-.inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


CoreSchemaLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
CoreSchemaLoader.add_constructor(
    "tag:yaml.org,2002:map",
    lambda loader, node: _construct_mapping(loader, node, deep=True))


def read_yaml(path):
    """The document, or raises yaml.YAMLError."""
    documents = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=CoreSchemaLoader))
    if len(documents) != 1:
        raise yaml.YAMLError(f"expected one YAML document, found {len(documents)}")
    return documents[0]


def schema_errors(validator, path):
    """Why the file is not valid (YAML or schema), or [] when it is."""
    try:
        document = read_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return [f"YAML: {str(error).splitlines()[0]}"]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(document)]


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    schema = json.loads((root / "scenarios/schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    problems = []

    good = sorted((root / "scenarios").rglob("*.yaml"))
    if not good:
        problems.append("no scenarios found under scenarios/")
    for path in good:
        for error in schema_errors(validator, path):
            problems.append(f"{path}: should be valid, but {error}")

    bad = sorted((root / "tests/tools/scenario/bad_scenarios").glob("*.yaml"))
    if not bad:
        problems.append("no bad scenarios found under tests/tools/scenario/bad_scenarios/")
    loader_only = 0
    for path in bad:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if not lines or not lines[0].startswith("# expect: "):
            problems.append(f"{path}: first line must be `# expect: <error>`")
            continue
        accepts = len(lines) > 1 and lines[1].startswith("# schema: accepts")
        errors = schema_errors(validator, path)
        if accepts:
            loader_only += 1
            if errors:
                problems.append(f"{path}: marked `schema: accepts`, but the schema rejects it: "
                                f"{errors[0]}")
        elif not errors:
            problems.append(f"{path}: the schema accepts it, but the loader rejects it "
                            f"({lines[0][2:]})")

    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_schema: {len(good)} scenarios valid, {len(bad) - loader_only} bad files "
          f"rejected by the schema, {loader_only} left to the loader; "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
