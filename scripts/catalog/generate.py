#!/usr/bin/env python3
"""Generate (or refresh) one source's message catalog, catalog/<source>.yaml.

    python3 scripts/catalog/generate.py kubevirt --git-dir /work/.mirror/kubevirt+kubevirt/repo \
        --refs v0.59.0,v1.0.0,v1.2.0,v1.4.0,v1.6.0,v1.8.0,v1.9.0,main

Reads blobs straight from the (bare) git directory; nothing is checked out. The class, of and
why of entries already in the output file (same id) are kept; new entries get
class: unclassified. --stats prints counts only; --check verifies matchers and classes.
Python 3.11, stdlib + PyYAML.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import fnmatch
import hashlib
import importlib
import json
import os
import re
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from sources import SOURCES, SKIP_FILE_PATTERNS  # noqa: E402
import golang  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CAUSES_FILE = os.path.join(ROOT, 'rules', '_causes.yaml')
KEEP = ('class', 'of', 'why')
META_CLASSES = ('consequence', 'wrapper', 'benign')


def git(gitdir, *args, input_=None):
    return subprocess.run(['git', '--git-dir', gitdir, *args], check=True, capture_output=True,
                          input=input_).stdout


class Blobs:
    """git cat-file --batch reader."""

    def __init__(self, gitdir):
        self.p = subprocess.Popen(['git', '--git-dir', gitdir, 'cat-file', '--batch'],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.cache = {}

    def get(self, sha):
        if sha in self.cache:
            return self.cache[sha]
        self.p.stdin.write(sha.encode() + b'\n')
        self.p.stdin.flush()
        header = self.p.stdout.readline().split()
        size = int(header[2])
        data = self.p.stdout.read(size)
        self.p.stdout.read(1)
        text = data.decode('utf-8', 'replace')
        self.cache[sha] = text
        return text


def list_files(gitdir, ref, paths, suffix):
    """Files under `paths` at ref; a path with a `*` (`*.go`, `cmd/x/*.go`) names the files of
    one directory only (not its subdirectories), matched with fnmatch."""
    plain = [p for p in paths if '*' not in p]
    listings = [git(gitdir, 'ls-tree', '-r', ref, '--', *plain).decode()] if plain else []
    globs = [p for p in paths if '*' in p]
    for g in globs:
        d = os.path.dirname(g)
        listing = git(gitdir, 'ls-tree', ref, *(['--', d + '/'] if d else [])).decode()
        listings.append('\n'.join(l for l in listing.splitlines()
                                  if fnmatch.fnmatchcase(l.split('\t', 1)[1], g)))
    files = []
    for line in '\n'.join(listings).splitlines():
        if not line:
            continue
        meta, path = line.split('\t', 1)
        _, typ, sha = meta.split()
        if typ != 'blob' or not path.endswith(suffix):
            continue
        files.append((path, sha))
    return sorted(set(files)) if globs else files


def skip_patterns(source):
    """SKIP_FILE_PATTERNS, minus `vendor/` for a source that scans a vendored copy (`vendor_ok`),
    plus the source's own `skip` patterns."""
    pats = [p for p in SKIP_FILE_PATTERNS if not (source.get('vendor_ok') and 'vendor' in p)]
    return pats + list(source.get('skip', ()))


def skipped(path, source=None):
    """Whether a file is left out: SKIP_FILE_PATTERNS, or with a source, `skip_patterns(source)`."""
    return any(re.search(p, path) for p in (skip_patterns(source) if source else SKIP_FILE_PATTERNS))


def upstream_path(source, path):
    """The path in the real upstream project of a file read from a vendored copy (`at_rewrite`)."""
    for old, new in source.get('at_rewrite', ()):
        if path.startswith(old):
            return new + path[len(old):]
    return path


def entry_key(site):
    if site.kind in ('event', 'condition'):
        return f'{site.kind}\x00{site.reason or ""}\x00{site.format}'
    return f'{site.kind}\x00{site.format}'


def entry_id(prefix, key):
    return f'{prefix}-' + hashlib.sha1(key.encode()).hexdigest()[:8]


def gitdir_of(gitdirs, ref):
    """The first of the git directories (a comma-separated --git-dir) that has `ref`."""
    dirs = gitdirs.split(',')
    for d in dirs:
        if subprocess.run(['git', '--git-dir', d, 'rev-parse', '--verify', '-q', ref + '^{commit}'],
                          capture_output=True).returncode == 0:
            return d
    return dirs[0]


def scan(source, gitdirs, refs):
    mod = importlib.import_module(source['extractor'])
    readers = {}
    entries = {}      # key -> dict
    commits = {}
    for ref in refs:
        gitdir = gitdir_of(gitdirs, ref)
        if gitdir not in readers:
            readers[gitdir] = Blobs(gitdir)
        blobs = readers[gitdir]
        commits[ref] = git(gitdir, 'rev-parse', ref + '^{commit}').decode().strip()
        scanned = [(p, s) for p, s in list_files(gitdir, ref, source['paths'], source['suffix'])
                   if not skipped(p, source)]
        const_files = scanned + ([(p, s) for p, s in
                                  list_files(gitdir, ref, source['const_paths'],
                                             source.get('const_suffix', source['suffix']))
                                  if not skipped(p, source)] if source['const_paths'] else [])
        consts, ambiguous = {}, set()
        pkg_consts = collections.defaultdict(dict)
        for path, sha in const_files:
            d = {}
            mod.collect_consts(mod.mask_source(blobs.get(sha)), d, set())
            pkg_consts[os.path.dirname(path)].update(d)
            for k, v in d.items():
                if k in consts and consts[k] != v:
                    ambiguous.add(k)
                consts[k] = v
        for k in ambiguous:
            consts.pop(k, None)
        if source.get('private_consts_local'):
            # an unexported constant is visible in its own package only (see pkg_consts below)
            consts = {k: v for k, v in consts.items() if not k[:1].islower() and k[:1] != '_'}
        for path, sha in scanned:
            local = dict(consts)
            local.update(pkg_consts[os.path.dirname(path)])  # same package wins
            # the extractor's per-source options (golang.extract `opts`; clang.extract takes none)
            sites = (mod.extract(blobs.get(sha), local, source['extract_opts']) if source.get('extract_opts')
                     else mod.extract(blobs.get(sha), local))
            for site in sites:
                key = entry_key(site)
                e = entries.get(key)
                if e is None:
                    e = entries[key] = {'site': site, 'refs': [], 'at': {}, 'calls': set()}
                if ref not in e['refs']:
                    e['refs'].append(ref)
                e['at'].setdefault(ref, []).append(f'{upstream_path(source, path)}:{site.line}')
                e['calls'].add(site.call)
                # newest ref wins for the descriptive fields
                e['site'] = site if ref == refs[-1] or e['site'] is None else e['site']
    return entries, commits


def build(source_name, source, entries, refs, old):
    prefix = source['prefix']
    out = []
    for key, e in entries.items():
        s = e['site']
        newest = [r for r in refs if r in e['refs']][-1]
        locs = sorted(e['at'][newest], key=lambda x: (x.split(':')[0], int(x.split(':')[1])))
        eid = entry_id(prefix, key)
        make_matcher = getattr(importlib.import_module(source['extractor']), 'make_matcher')
        # a C extractor keeps the matcher on the distinctive part (no error-code prefix)
        matcher = None if s.dynamic else make_matcher(s.extra.get('match') or s.format)
        rec = {
            'id': eid,
            'kind': s.kind,
            'class': 'unclassified',
            'of': None,
            'why': None,
            'format': s.format,
            'reason': s.reason,
            'event_type': s.event_type,
            'condition_type': s.extra.get('condition_type') or None,
            'level': s.level,
            'matcher': matcher,
            'at': locs[0],
            'also_at': locs[1:6] or None,
            'func': s.func or None,
            'call': s.call,
            'refs': [r for r in refs if r in e['refs']],
        }
        if eid in old:
            for k in KEEP:
                rec[k] = old[eid].get(k)
        out.append(rec)

    def sort_key(r):
        f, ln = r['at'].rsplit(':', 1)
        return (f, int(ln), r['kind'], r['format'])

    out.sort(key=sort_key)
    return out


# ----------------------------------------------------------------------------- YAML output

def q(v):
    if v is None:
        return 'null'
    if isinstance(v, list):
        return '[' + ', '.join(q(x) for x in v) + ']'
    s = str(v)
    if any(ord(c) < 0x20 for c in s) or '\\' in s and False:
        return json.dumps(s, ensure_ascii=False)
    return "'" + s.replace("'", "''") + "'"


FIELD_ORDER = ['id', 'kind', 'class', 'of', 'why', 'format', 'reason', 'event_type', 'condition_type',
               'level', 'matcher', 'at', 'also_at', 'func', 'call', 'refs']


def dump(path, header, recs):
    lines = [header.rstrip('\n'), '']
    for r in recs:
        first = True
        for k in FIELD_ORDER:
            v = r.get(k)
            if v is None and k not in ('class', 'matcher'):
                continue
            if k in ('id', 'kind', 'class', 'level', 'event_type') and v is not None and re.fullmatch(r'[\w.-]+', str(v)):
                val = str(v)
            else:
                val = q(v)
            lines.append(('- ' if first else '  ') + f'{k}: {val}')
            first = False
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return yaml.safe_load(f) or []


# ----------------------------------------------------------------------------- checks / stats

def cause_ids():
    with open(CAUSES_FILE) as f:
        return [c['id'] for c in yaml.safe_load(f)['causes']]


def stats(recs, out=sys.stdout):
    def p(title, counter):
        print(f'{title}:', file=out)
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f'  {k}: {v}', file=out)
    print(f'entries: {len(recs)}', file=out)
    p('per kind', collections.Counter(r['kind'] for r in recs))
    causes = set(cause_ids())
    p('per class', collections.Counter(r['class'] if r['class'] not in causes else 'cause'
                                       for r in recs))
    p('per cause', collections.Counter(r['class'] for r in recs if r['class'] in causes))
    p('consequence of', collections.Counter(r.get('of') or '(unknown)' for r in recs
                                            if r['class'] == 'consequence'))
    p('matcher null', collections.Counter(r['class'] for r in recs if r['matcher'] is None))


def refresh_readme(source_name, recs):
    """Rewrite the counts between <!-- stats:NAME --> and <!-- /stats:NAME --> in catalog/README.md."""
    path = os.path.join(ROOT, 'catalog', 'README.md')
    if not os.path.exists(path):
        return
    import io
    buf = io.StringIO()
    stats(recs, out=buf)
    with open(path) as f:
        text = f.read()
    start, end = f'<!-- stats:{source_name} -->', f'<!-- /stats:{source_name} -->'
    if start not in text or end not in text:
        return
    block = f'{start}\n```\n{buf.getvalue()}```\n{end}'
    text = re.sub(re.escape(start) + r'.*?' + re.escape(end), lambda _: block, text, flags=re.S)
    with open(path, 'w') as f:
        f.write(text)


def check(recs):
    causes = set(cause_ids())
    problems = []
    seen = set()
    for r in recs:
        if r['id'] in seen:
            problems.append(f"{r['id']}: duplicate id")
        seen.add(r['id'])
        c = r.get('class')
        if c == 'unclassified':
            problems.append(f"{r['id']}: unclassified ({r['at']})")
        elif c not in causes and c not in META_CLASSES:
            problems.append(f"{r['id']}: unknown class {c!r}")
        if r.get('of') is not None and r['of'] not in causes:
            problems.append(f"{r['id']}: unknown of {r['of']!r}")
        m = r.get('matcher')
        if m is None:
            if c in causes or c == 'consequence':
                problems.append(f"{r['id']}: matcher null but class {c}")
            continue
        if re.search(r'\(\?[=!<]|\\[1-9]', m):
            problems.append(f"{r['id']}: lookaround/backreference in matcher")
        try:
            rx = re.compile(m)
        except re.error as ex:
            problems.append(f"{r['id']}: matcher does not compile: {ex}")
            continue
        if not rx.search(golang.render_sample(r['format'])):
            problems.append(f"{r['id']}: matcher does not match its sample")
    return problems


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('source', choices=sorted(SOURCES))
    ap.add_argument('--git-dir', help='bare git directory of the source repository (several, comma-separated: '
                    'each ref is read from the first that has it)')
    ap.add_argument('--refs', help='comma-separated refs, oldest first (default: the source table)')
    ap.add_argument('--out', help='output file (default catalog/<source>.yaml)')
    ap.add_argument('--stats', action='store_true', help='print counts of the existing file and exit')
    ap.add_argument('--check', action='store_true', help='verify the existing file and exit (rc 1 on problems)')
    a = ap.parse_args()
    source = SOURCES[a.source]
    out_path = a.out or os.path.join(ROOT, 'catalog', f'{a.source}.yaml')
    if a.stats or a.check:
        recs = load(out_path)
        stats(recs)
        refresh_readme(a.source, recs)
        if a.check:
            probs = check(recs)
            for p in probs:
                print('PROBLEM', p)
            print(f'check: {len(probs)} problems')
            sys.exit(1 if probs else 0)
        return
    if not a.git_dir:
        ap.error('--git-dir is required to generate')
    refs = a.refs.split(',') if a.refs else source['default_refs']
    old = {r['id']: r for r in load(out_path)}
    entries, commits = scan(source, a.git_dir, refs)
    recs = build(a.source, source, entries, refs, old)
    dropped = [i for i in old if i not in {r['id'] for r in recs} and old[i].get('class') != 'unclassified']
    rel_out = os.path.relpath(out_path, ROOT)
    cmd = (f'python3 scripts/catalog/generate.py {a.source} --git-dir {a.git_dir} --refs {",".join(refs)}'
           + (f' --out {rel_out}' if a.out else ''))
    header = [
        f'# Message catalog: {source["repo"]} (generated, then classified by hand; see catalog/README.md)',
        f'# Generated {dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")} by (run from the repository root):',
        f'#   {cmd}',
        f'# Repository: https://github.com/{source["repo"]}',
        '# Refs (oldest first; `refs` of an entry lists those containing it; `at` is at the newest of them):',
    ]
    for r in refs:
        gd = gitdir_of(a.git_dir, r)
        date = git(gd, 'log', '-1', '--format=%cs', commits[r]).decode().strip()
        other = source.get('other_mirrors', {}).get(r)
        header.append(f'#   {r}: {commits[r]} ({date})'
                      + (f' read from https://github.com/{other}' if other else ''))
    if source.get('upstream'):
        # `(<ref> = <version>, ...)` is read by src/catalog/mod.rs (upstream_versions)
        up = source['upstream']
        header.append(f'# Upstream: https://github.com/{up["repo"]} ('
                      + ', '.join(f'{r} = {up["versions"].get(r, "?")}' for r in refs) + ')')
        for line in up.get('note', '').strip().splitlines():
            header.append(f'#   {line}')
    header.append(f'# Scanned: {", ".join(source["paths"])} (non-test {source["suffix"]} files'
                  + (f'; also skipped: {", ".join(source["skip"])}' if source.get('skip') else '') + ');'
                  + (f' constants also from {", ".join(source["const_paths"])}' if source['const_paths']
                     else ' constants from the scanned files only'))
    if source.get('at_rewrite'):
        header.append('# `at`/`also_at` are upstream paths: '
                      + ', '.join(f'{o} -> {n or "(repository root)"}' for o, n in source['at_rewrite']))
    if source.get('dialect_note'):
        header.append(f'# Call forms beyond the common set (golang.py dialect): {source["dialect_note"]}')
    header.append('# class/of/why are kept across regeneration by id; new entries get class: unclassified.')
    dump(out_path, '\n'.join(header) + '\n', recs)
    stats(recs)
    refresh_readme(a.source, recs)
    if dropped:
        print(f'note: {len(dropped)} classified entries no longer extracted (dropped): {", ".join(dropped[:20])}')
    print(f'wrote {rel_out}: {len(recs)} entries, '
          f'{sum(1 for r in recs if r["class"] == "unclassified")} unclassified')


if __name__ == '__main__':
    main()
