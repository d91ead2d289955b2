#!/usr/bin/env python3
"""Compare the recorded answers in tests/Recorded against a bunq spec and our conventions table.

For every manifest entry it finds the operation (method + path template) in the spec, works out what the
generated client expects (object-type keys, shape, response schema: the spec's defaults, then the rules of
generator/Bunq.CodeGen/Model/Conventions/bunq-conventions.json, in order, as the generator applies them),
walks the answer against that schema and lists every disagreement as a drift note.

    python3 tests/Recorded/tools/drift.py                    # print drift per file and the summary table
    python3 tests/Recorded/tools/drift.py --write            # also store operationId/drift in manifest.json
    python3 tests/Recorded/tools/drift.py --spec OTHER.json  # compare against another spec version

Only the standard library is used, so it runs wherever python3 does.
"""
import argparse
import json
import os
import re
import sys
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(RECORDED))
DEFAULT_SPEC = os.path.join(REPO, '..', 'shared', 'specs', 'bunq-doc', '2025-04-17_1d5e1e0.json')
REPO_SPEC = os.path.join(REPO, 'specs', 'bunq.com.json')
CONVENTIONS = os.path.join(REPO, 'generator', 'Bunq.CodeGen', 'Model', 'Conventions', 'bunq-conventions.json')
SUFFIXES = ('Listing', 'Read', 'Create', 'Update', 'Delete')
OPERATION_ID = re.compile(r'^(CREATE|READ|List_all|UPDATE|DELETE)_')
PAGINATION_KEYS = ('future_url', 'newer_url', 'older_url')


def stem(name):
    for suffix in SUFFIXES:
        if len(name) > len(suffix) and name.endswith(suffix):
            return name[:-len(suffix)]
    return name


def normalise(path):
    # Same normalisation as BunqConventions.NormalisePath: every {parameter} becomes {}.
    out = re.sub(r'\{[^}]*\}', '{}', path)
    return out[:-1] if len(out) > 1 and out.endswith('/') else out


def pointer_escape(segment):
    return str(segment).replace('~', '~0').replace('/', '~1')


class Spec:
    def __init__(self, path, conventions):
        with open(path, encoding='utf-8') as f:
            self.doc = json.load(f)
        self.schemas = self.doc.get('components', {}).get('schemas', {})
        self.conventions = conventions
        self.types = {t['name']: t for t in conventions.get('types', [])}

    def find_operation(self, method, template):
        """The spec's path for a template (exact, else the same shape with other parameter names)."""
        paths = self.doc.get('paths', {})
        method = method.lower()
        if template in paths and method in paths[template]:
            return template, paths[template][method]
        wanted = normalise(template)
        for candidate, item in paths.items():
            if normalise(candidate) == wanted and method in item:
                return candidate, item[method]
        return None, None

    def resolve(self, schema):
        name = None
        while isinstance(schema, dict) and '$ref' in schema:
            name = schema['$ref'].rsplit('/', 1)[-1]
            schema = self.schemas.get(name)
        return name, schema

    def merged_properties(self, name):
        """The fields of a response model: like the generator, X, XRead and XListing make one model."""
        base = stem(name)
        merged = OrderedDict()
        for candidate in (name, base, base + 'Read', base + 'Listing'):
            for key, value in ((self.schemas.get(candidate) or {}).get('properties') or {}).items():
                merged.setdefault(key, value)
        return merged

    def union_like(self, schema):
        props = (schema or {}).get('properties') or {}
        return bool(props) and all(k[:1].isupper() and isinstance(v, dict) and '$ref' in v for k, v in props.items())

    def expectation(self, method, template, operation):
        """(shape, keys, {key: element schema}) the generated client uses for this operation."""
        success = None
        for code in sorted((operation.get('responses') or {}).keys()):
            if len(code) == 3 and code[0] == '2':
                response = operation['responses'][code]
                if '$ref' in response:
                    response = self.doc['components']['responses'][response['$ref'].rsplit('/', 1)[-1]]
                success = ((response.get('content') or {}).get('application/json') or {}).get('schema')
                break
        item = success
        if isinstance(item, dict) and item.get('type') == 'array' and 'items' in item:
            item = item['items']
        item_name, item_schema = self.resolve(item) if item else (None, None)
        operation_id = operation.get('operationId', '')
        match = OPERATION_ID.match(operation_id)
        kind = {'CREATE': 'create', 'READ': 'read', 'List_all': 'list', 'UPDATE': 'update', 'DELETE': 'delete'}[match.group(1)] if match else (
            {'post': 'create', 'put': 'update', 'delete': 'delete'}.get(method.lower())
            or ('read' if template.rstrip('/').endswith('}') else 'list'))
        the_stem = stem(item_name) if item_name else ''
        props = (item_schema or {}).get('properties') or {}
        schemas = {}
        if kind == 'delete':
            shape, keys = 'empty', []
        elif item_schema is None:
            shape, keys = ('id' if kind in ('create', 'update') else 'empty'), []
        elif list(props) in (['Id'], ['id']):
            shape, keys = 'id', ['Id']
        elif list(props) in (['Uuid'], ['uuid']):
            shape, keys = 'uuid', ['Uuid']
        elif self.union_like(item_schema):
            keys = list(props)
            if len(keys) == 1:
                shape = 'list' if kind == 'list' else 'object'
            elif kind in ('read', 'list'):
                shape, keys = 'union', sorted(keys)
            else:
                shape = 'multi'
            schemas = {k: props[k] for k in keys}
        else:
            shape, keys = ('list' if kind == 'list' else 'object'), [the_stem]
            schemas = {the_stem: item}
        applied = []
        rule_key, rule_keys, rule_shape, rule_schema = None, None, None, None
        for index, rule in enumerate(self.conventions.get('rules', [])):
            m = rule.get('match', {})
            if 'stem' in m and m['stem'] != the_stem: continue
            if 'stemPrefix' in m and not the_stem.startswith(m['stemPrefix']): continue
            if 'method' in m and m['method'] != method.lower(): continue
            if 'path' in m and m['path'] != normalise(template): continue
            if 'pathSuffix' in m and not normalise(template).endswith(m['pathSuffix']): continue
            if 'kind' in m and m['kind'] != kind: continue
            if 'operationId' in m and m['operationId'] != operation_id: continue
            applied.append(index)
            rule_shape = rule.get('shape', rule_shape)
            rule_key = rule.get('key', rule_key)
            rule_keys = rule.get('keys', rule_keys)
            rule_schema = rule.get('responseSchema', rule_schema)
        if rule_shape:
            shape = rule_shape
            if shape == 'union' and self.union_like(item_schema):
                keys = sorted(props)
                schemas = {k: props[k] for k in keys}
            if shape == 'id':
                keys = ['Id']
            if shape == 'uuid':
                keys = ['Uuid']
        if rule_keys:
            keys = list(rule_keys)
            schemas = {k: props.get(k) for k in keys}
        elif rule_key:
            element = schemas.get(keys[0]) if len(keys) == 1 else item
            keys = [rule_key]
            schemas = {rule_key: element}
        if rule_schema:
            target = {'$ref': '#/components/schemas/' + rule_schema} if rule_schema in self.schemas else {'$convention': rule_schema}
            schemas = {k: target for k in keys}
        if shape == 'id':
            schemas = {'Id': {'type': 'object', 'properties': {'id': {'type': 'integer'}}}}
        if shape == 'uuid':
            schemas = {'Uuid': {'type': 'object', 'properties': {'uuid': {'type': 'string'}}}}
        return dict(operationId=operation_id, kind=kind, shape=shape, keys=keys, schemas=schemas, rules=applied,
                    responseSchema=item_name)


class Walker:
    def __init__(self, spec):
        self.spec = spec
        self.notes = []

    def note(self, kind, pointer, detail):
        self.notes.append(OrderedDict(kind=kind, pointer=pointer, detail=detail))

    def convention_type(self, name):
        t = self.spec.types.get(name)
        if t is None:
            return None
        props = OrderedDict()
        for p in t['properties']:
            typ = p['type']
            if typ in ('string', 'timestamp'):
                props[p['name']] = {'type': 'string'}
            elif typ in ('long', 'integer'):
                props[p['name']] = {'type': 'integer'}
            elif typ == 'boolean':
                props[p['name']] = {'type': 'boolean'}
            elif typ == 'amount':
                props[p['name']] = {'$ref': '#/components/schemas/Amount'}
            elif typ.startswith('union:'):
                props[p['name']] = {'$ref': '#/components/schemas/' + typ[6:]}
            elif typ in self.spec.schemas:
                props[p['name']] = {'$ref': '#/components/schemas/' + typ}
            else:
                props[p['name']] = {}
        return name, {'type': 'object', 'properties': props}

    def override(self, schema_name, prop, prop_schema):
        for o in self.spec.conventions.get('propertyOverrides', []):
            if schema_name and schema_name.startswith(o.get('schemaPrefix', '\0')) and o.get('property') == prop and 'items' in o:
                return {'type': 'array', 'items': {'$ref': '#/components/schemas/' + o['items']}}
        return prop_schema

    def walk(self, value, schema, pointer, where=''):
        if schema is None or value is None:
            return
        if '$convention' in schema:
            name, resolved = self.convention_type(schema['$convention']) or (None, None)
        else:
            name, resolved = self.spec.resolve(schema)
        if resolved is None:
            return
        label = name or where
        declared = resolved.get('type')
        props = resolved.get('properties')
        if props is not None and name in self.spec.schemas and not self.spec.union_like(resolved):
            props = self.spec.merged_properties(name)
        if props is not None and self.spec.union_like(resolved):
            if not isinstance(value, dict):
                self.note('shape', pointer, f'{label}: a union (one object-type key) is declared, the wire has {json_type(value)}')
                return
            for key, inner in value.items():
                if key in props:
                    self.walk(inner, props[key], pointer + '/' + pointer_escape(key), key)
                else:
                    self.note('unknown-union-key', pointer + '/' + pointer_escape(key),
                              f'{label} has no case "{key}" (cases: {", ".join(sorted(props))})')
            return
        if props is not None or declared == 'object':
            if isinstance(value, list):
                wrapped = list(props.items())[0] if props and len(props) == 1 else None
                if wrapped and (wrapped[1] or {}).get('type') == 'array':
                    # e.g. PaymentBatch.payments: declared {"Payment":[…]}, sent as the bare list.
                    self.note('array-for-object', pointer, f'{label}: the spec declares {{"{wrapped[0]}":[…]}}, the wire has the bare array of {len(value)}')
                    for i, element in enumerate(value):
                        self.walk(element, wrapped[1].get('items'), f'{pointer}/{i}', wrapped[0])
                    return
                self.note('array-for-object', pointer, f'{label}: the spec declares an object, the wire has an array of {len(value)}')
                for i, element in enumerate(value):
                    self.walk(element, schema, f'{pointer}/{i}', where)
                return
            if not isinstance(value, dict):
                self.note('scalar-type', pointer, f'{label}: object declared, wire has {json_type(value)}')
                return
            for key, inner in value.items():
                if props is None:
                    continue
                if key not in props:
                    # ShareDetail: "In the response 'payment' is replaced by 'ShareDetailPayment'" (the spec's own words).
                    renamed = [k for k, v in props.items() if isinstance(v, dict) and v.get('$ref', '').rsplit('/', 1)[-1] == key]
                    if renamed:
                        self.note('field-key-alias', pointer + '/' + pointer_escape(key),
                                  f'{label}.{renamed[0]} arrives under its schema name "{key}"')
                        self.walk(inner, props[renamed[0]], pointer + '/' + pointer_escape(key), key)
                        continue
                    self.note('unknown-field', pointer + '/' + pointer_escape(key), f'{label}.{key} is not in the spec ({json_type(inner)})')
                    continue
                self.walk(inner, self.override(name, key, props[key]), pointer + '/' + pointer_escape(key), f'{label}.{key}')
            return
        if declared == 'array':
            if isinstance(value, dict):
                self.note('object-for-array', pointer, f'{label}: the spec declares an array, the wire has an object with keys {sorted(value)}')
                return
            if not isinstance(value, list):
                self.note('scalar-type', pointer, f'{label}: array declared, wire has {json_type(value)}')
                return
            for i, element in enumerate(value):
                self.walk(element, resolved.get('items'), f'{pointer}/{i}', label + '[]')
            return
        if declared == 'integer':
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.note('scalar-type', pointer, f'{label}: integer declared, wire has {json_type(value)} {json.dumps(value)}')
            elif isinstance(value, float) and not value.is_integer():
                self.note('fraction-in-integer', pointer, f'{label}: integer declared, wire has {value!r}')
            elif isinstance(value, float):
                self.note('fraction-in-integer', pointer, f'{label}: integer declared, wire writes {value!r} with a decimal point')
            return
        if declared == 'number':
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.note('scalar-type', pointer, f'{label}: number declared, wire has {json_type(value)} {json.dumps(value)}')
            return
        if declared == 'string':
            if not isinstance(value, str):
                self.note('scalar-type', pointer, f'{label}: string declared, wire has {json_type(value)} {json.dumps(value)[:60]}')
            return
        if declared == 'boolean':
            if not isinstance(value, bool):
                self.note('scalar-type', pointer, f'{label}: boolean declared, wire has {json_type(value)} {json.dumps(value)[:60]}')


def json_type(value):
    if value is None: return 'null'
    if isinstance(value, bool): return 'boolean'
    if isinstance(value, int): return 'integer'
    if isinstance(value, float): return 'number'
    if isinstance(value, str): return 'string'
    if isinstance(value, list): return 'array'
    return 'object'


def check(entry, spec):
    """Drift notes for one manifest entry, plus the operation found."""
    path = os.path.join(RECORDED, entry['file'])
    walker = Walker(spec)
    found = None
    if entry['class'] == 'binary':
        template, operation = spec.find_operation(entry['method'], entry['path'])
        if operation is None:
            walker.note('operation-not-in-spec', '', f"{entry['method']} {entry['path']} is not in this spec")
        return template, operation, walker.notes
    with open(path, encoding='utf-8') as f:
        answer = json.load(f)
    if entry['class'] == 'callback':
        if list(answer) != ['NotificationUrl']:
            walker.note('envelope', '', f'a callback body is {{"NotificationUrl":…}}; this one has keys {list(answer)}')
            return None, None, walker.notes
        walker.walk(answer['NotificationUrl'], {'$convention': 'NotificationUrl'}, '/NotificationUrl', 'NotificationUrl')
        return None, None, walker.notes
    template, operation = spec.find_operation(entry['method'], entry['path'])
    if operation is None:
        walker.note('operation-not-in-spec', '', f"{entry['method']} {entry['path']} is not in this spec")
        return None, None, walker.notes
    expected = spec.expectation(entry['method'], template, operation)
    if entry.get('envelope') == 'bare':
        walker.walk(answer, expected['schemas'].get(expected['keys'][0]) if expected['keys'] else None, '', expected['keys'][0] if expected['keys'] else '')
        return template, operation, walker.notes
    for key in answer:
        if key not in ('Response', 'Pagination', 'Error'):
            walker.note('envelope', '/' + pointer_escape(key), f'top-level key "{key}" is not Response, Pagination or Error')
    if 'Error' in answer:
        walker.walk(answer['Error'], {'$ref': '#/components/schemas/Error'}, '/Error', 'Error')
        return template, operation, walker.notes
    for key, value in (answer.get('Pagination') or {}).items():
        if key not in PAGINATION_KEYS:
            walker.note('unknown-field', '/Pagination/' + pointer_escape(key), f'Pagination.{key} is not one of {", ".join(PAGINATION_KEYS)}')
    elements = answer.get('Response')
    if not isinstance(elements, list):
        walker.note('envelope', '/Response', f'Response is {json_type(elements)}, not an array')
        return template, operation, walker.notes
    if expected['shape'] == 'empty':
        return template, operation, walker.notes
    for i, element in enumerate(elements):
        base = f'/Response/{i}'
        if not isinstance(element, dict) or len(element) != 1:
            walker.note('envelope', base, f'an element has {len(element) if isinstance(element, dict) else json_type(element)} keys; bunq sends one object-type key per element')
            continue
        key, body = next(iter(element.items()))
        keys = expected['keys']
        schema = expected['schemas'].get(key)
        if key not in keys:
            nested = isinstance(body, dict) and len(body) == 1 and next(iter(body)) in keys
            if nested:
                inner = next(iter(body))
                walker.note('extra-wrapper', base + '/' + pointer_escape(key),
                            f'element wrapped twice: "{key}" holds "{inner}"; expected {" | ".join(keys)} directly')
                walker.walk(body[inner], expected['schemas'].get(inner), base + '/' + pointer_escape(key) + '/' + pointer_escape(inner), inner)
                continue
            if expected['shape'] == 'uuid' and key == 'Id':
                walker.note('id-for-uuid', base + '/Id', 'a uuid create answers {"Uuid":{"uuid":…}} by our conventions; the wire has {"Id":{…}}')
            else:
                kind = 'unknown-union-key' if expected['shape'] in ('union', 'multi') else 'key-differs'
                walker.note(kind, base + '/' + pointer_escape(key), f'object-type key "{key}"; the spec/conventions expect {" | ".join(keys)}')
            schema = expected['schemas'].get(keys[0]) if len(keys) == 1 else None
            if expected['shape'] == 'uuid' and key == 'Id':
                continue
        walker.walk(body, schema, base + '/' + pointer_escape(key), key)
    return template, operation, walker.notes


def summarise(notes):
    """Collapse repeated notes: one per (kind, detail) with a count and the first pointer."""
    grouped = OrderedDict()
    for n in notes:
        k = (n['kind'], n['detail'])
        if k not in grouped:
            grouped[k] = OrderedDict(kind=n['kind'], pointer=n['pointer'], detail=n['detail'], count=0)
        grouped[k]['count'] += 1
    return list(grouped.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--spec', default=DEFAULT_SPEC)
    parser.add_argument('--manifest', default=os.path.join(RECORDED, 'manifest.json'))
    parser.add_argument('--write', action='store_true', help='store operationId, operationIdRepoSpec and drift in the manifest')
    args = parser.parse_args()
    if not os.path.exists(args.spec):
        sys.exit(f'spec not found: {args.spec} (the bunq-doc versions live in ../shared/specs/bunq-doc)')
    with open(CONVENTIONS, encoding='utf-8') as f:
        conventions = json.load(f)
    spec = Spec(args.spec, conventions)
    repo_spec = Spec(REPO_SPEC, conventions) if os.path.exists(REPO_SPEC) else None
    manifest = load_raw(args.manifest)
    table = defaultdict(list)
    bad = check_expectations(manifest)
    for line in bad:
        print('EXPECT MISMATCH ' + line)
    for entry in manifest:
        template, operation, notes = check(entry, spec)
        entry['operationId'] = (operation or {}).get('operationId')
        if repo_spec is not None and entry['class'] != 'callback':
            _, repo_operation = repo_spec.find_operation(entry['method'], entry['path'])
            entry['operationIdRepoSpec'] = (repo_operation or {}).get('operationId')
        entry['drift'] = summarise(notes)
        per_kind = OrderedDict()
        for n in entry['drift']:
            per_kind[n['kind']] = per_kind.get(n['kind'], 0) + n['count']
        for kind, count in per_kind.items():
            table[kind].append((entry['file'], count))
        print(f"{entry['file']}: {entry['method']} {entry['path'] or '(callback)'} -> {entry['operationId']}")
        for n in entry['drift']:
            print(f"    {n['kind']:<22} x{n['count']:<3} {n['pointer']}  {n['detail']}")
    print('\n| Drift class | Notes | Files | Files (notes each) |\n|---|---|---|---|')
    for kind in sorted(table):
        rows = table[kind]
        print(f"| `{kind}` | {sum(c for _, c in rows)} | {len(rows)} | {', '.join(f'{f} ({c})' for f, c in rows)} |")
    if args.write:
        write_manifest(args.manifest, manifest)
    if bad:
        sys.exit(1)


def check_expectations(manifest):
    """Every expect pointer must resolve in its file to exactly its value (numbers compared as written)."""
    bad = []
    for entry in manifest:
        if entry['class'] == 'binary':
            continue
        answer = load_raw(os.path.join(RECORDED, entry['file']))
        for e in entry.get('expect', []):
            node, ok = answer, True
            for part in e['pointer'].split('/')[1:] if e['pointer'] else []:
                part = part.replace('~1', '/').replace('~0', '~')
                if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                    node = node[int(part)]
                elif isinstance(node, dict) and part in node and set(node) != {'$raw'}:
                    node = node[part]
                else:
                    ok = False
                    break
            if not ok or node != e['value']:
                bad.append(f"{entry['file']} {e['pointer']}")
    return bad


def write_manifest(path, manifest):
    # Expect values keep the file's own number text: they are stored as {"$raw": "52.387862883215"} in memory.
    text = json.dumps(manifest, indent=2, ensure_ascii=False)
    text = re.sub(r'\{\s*"\$raw": "([^"]*)"\s*\}', lambda m: m.group(1), text)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text + '\n')


def load_raw(path):
    """Load a JSON file keeping every number's text (for write_manifest)."""
    with open(path, encoding='utf-8') as f:
        return json.load(f, object_pairs_hook=OrderedDict,
                         parse_int=lambda s: {'$raw': s}, parse_float=lambda s: {'$raw': s})


if __name__ == '__main__':
    main()
