#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check the monitor's layering (docs/architecture.md, "Layers").

Each folder monitor/<layer>/ has an objects.mk that declares the layer
(monitor-layers += <layer>), the layers it may use (monitor-<layer>-uses),
whether it is pure (monitor-<layer>-pure := y: it may use only pure
layers), and its objects (monitor-objs-y, monitor-built-y). A layer's
headers are monitor/include/monitor/<layer>/*.h. This script fails when:

  - a source or header of the monitor lies outside every layer;
  - a file of layer A includes a header of layer B that A does not use;
  - the uses form a cycle, or a pure layer uses one that is not pure;
  - a folder's sources and its objects.mk disagree (a file not built, or
    an object with no source).

Usage: check-layers.py [--tap] [ROOT]   (ROOT: the repository, default .)
Exit status 0 when the tree obeys its layers, 1 otherwise.
"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]monitor/([^>"]+)[>"]', re.M)
ASSIGN = re.compile(r'^[ \t]*([\w-]+)[ \t]*(\+=|:=|=)[ \t]*(.*?)[ \t]*$', re.M)


def read_objects_mk(path):
    """The variables of one objects.mk, each as a list of words."""
    values = {}
    with open(path) as f:
        text = re.sub(r'#.*', '', f.read()).replace('\\\n', ' ')
    for name, op, rest in ASSIGN.findall(text):
        words = rest.split()
        if op == '+=':
            values.setdefault(name, []).extend(words)
        else:
            values[name] = words
    return values


def find_cycle(uses):
    """A cycle of the graph layer -> used layers, as a list, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 'open'
        stack.append(n)
        for m in uses.get(n, []):
            if state.get(m) == 'open':
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 'done'
        return None

    for n in sorted(uses):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def check(root):
    """The list of problems of the tree at `root` (empty: it obeys)."""
    problems = []
    mon = os.path.join(root, 'monitor')
    inc = os.path.join(mon, 'include', 'monitor')
    layers = {}
    for entry in sorted(os.listdir(mon)):
        mk = os.path.join(mon, entry, 'objects.mk')
        if entry != 'include' and os.path.isfile(mk):
            layers[entry] = read_objects_mk(mk)

    if not layers:
        return ['monitor/: no layer (no monitor/<layer>/objects.mk)']

    uses = {}
    pure = set()
    for name, v in layers.items():
        if name not in v.get('monitor-layers', []):
            problems.append('monitor/%s/objects.mk: does not declare '
                            '"monitor-layers += %s"' % (name, name))
        uses[name] = v.get('monitor-%s-uses' % name, [])
        for u in uses[name]:
            if u not in layers:
                problems.append('monitor/%s/objects.mk: uses "%s", which '
                                'is no layer' % (name, u))
        if v.get('monitor-%s-pure' % name) == ['y']:
            pure.add(name)

    cycle = find_cycle(uses)
    if cycle:
        problems.append('layers use each other in a cycle: ' +
                        ' -> '.join(cycle))
    for name in sorted(pure):
        for u in uses[name]:
            if u in layers and u not in pure:
                problems.append('monitor/%s is pure but uses %s, which is '
                                'not' % (name, u))

    # Every file of the monitor in a layer; every source built.
    files = {}
    for dirpath, dirnames, filenames in os.walk(mon):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(('.c', '.S', '.h')):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, mon)
            parts = rel.split(os.sep)
            if parts[0] == 'include':
                layer = parts[2] if len(parts) == 4 else None
            else:
                layer = parts[0] if len(parts) == 2 else None
            if layer not in layers:
                problems.append('monitor/%s: in no layer (a layer is a '
                                'folder with an objects.mk)' % rel)
                continue
            files[path] = (layer, rel)
            if parts[0] != 'include':
                v = layers[layer]
                obj = '%s/%s.o' % (layer, fn.rsplit('.', 1)[0])
                if (obj not in v.get('monitor-objs-y', []) and
                        '%s/%s' % (layer, fn) not in
                        v.get('monitor-built-y', [])):
                    problems.append('monitor/%s: not in monitor/%s/'
                                    'objects.mk' % (rel, layer))
    for name, v in layers.items():
        for obj in v.get('monitor-objs-y', []) + v.get('monitor-cold-y', []):
            base = os.path.join(mon, obj[:-2])
            if not (obj.startswith(name + '/') and obj.endswith('.o') and
                    (os.path.isfile(base + '.c') or
                     os.path.isfile(base + '.S'))):
                problems.append('monitor/%s/objects.mk: %s: no source in '
                                'monitor/%s/' % (name, obj, name))

    # What each file includes.
    for path, (layer, rel) in sorted(files.items()):
        with open(path, errors='replace') as f:
            text = f.read()
        for target in INCLUDE.findall(text):
            t = target.split('/')
            if len(t) != 2 or t[0] not in layers:
                problems.append('monitor/%s: includes <monitor/%s>, a header '
                                'of no layer' % (rel, target))
                continue
            if not os.path.isfile(os.path.join(inc, target)):
                problems.append('monitor/%s: includes <monitor/%s>, which '
                                'does not exist' % (rel, target))
            if t[0] != layer and t[0] not in uses[layer]:
                problems.append('monitor/%s: includes <monitor/%s>, but %s '
                                'uses only %s' %
                                (rel, target, layer,
                                 ', '.join(uses[layer]) or 'itself'))
    return problems


def main(argv):
    tap = '--tap' in argv
    args = [a for a in argv if a != '--tap']
    root = args[0] if args else '.'
    problems = check(root)
    if tap:
        print('1..1')
        for p in problems:
            print('# ' + p)
        print('%sok 1 - the monitor obeys its layers' %
              ('not ' if problems else ''))
        return 0 if not problems else 1
    for p in problems:
        print('check-layers: ' + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
