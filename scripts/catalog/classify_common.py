"""Shared machinery of the per-source classification rule tables (classify_<source>.py).

A table is an ordered list of rules built with R(...); the first rule whose kind, path (`at`),
and format regex all match gives class/of/why. Only entries whose class is `unclassified` are
touched. Fall-backs (no rule matched) are marked with a `why` starting with "default:".
"""
from __future__ import annotations

import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402


def R(rules, cls, pat, why=None, of=None, path=None, kind=None, reason=None, flags=re.I, call=None):
    rules.append(dict(cls=cls, rx=re.compile(pat, flags) if pat else None, why=why, of=of,
                      path=re.compile(path) if path else None, kind=kind,
                      reason=re.compile(reason, re.I) if reason else None,
                      call=re.compile(call) if call else None))


def apply(entries, RULES):
    changed = 0
    for e in entries:
        if e.get('class') != 'unclassified':
            continue
        for r in RULES:
            if r['kind'] and e['kind'] != r['kind']:
                continue
            if r['path'] and not r['path'].search(e['at']):
                continue
            if r['rx'] and not r['rx'].search(e['format'] or ''):
                continue
            if r['reason'] and not r['reason'].search(e.get('reason') or ''):
                continue
            if r.get('call') and not r['call'].search(e.get('call') or ''):
                continue
            e['class'], e['of'], e['why'] = r['cls'], r['of'], r['why']
            break
        else:
            # final defaults
            is_log_with_reason = e['kind'] == 'log' and 'Reason()' in (e.get('call') or '')
            if e.get('matcher') is None:
                e['class'] = 'wrapper' if ('%' in (e['format'] or '') or is_log_with_reason) else 'benign'
                e['why'] = 'default: too short/generic to identify anything alone'
            elif is_log_with_reason:
                e['class'] = 'wrapper'
                e['why'] = 'default: generic text; the error is in the log "reason" field'
            elif e['kind'] == 'event' and e.get('event_type') == 'Normal':
                e['class'] = 'benign'
                e['why'] = 'default: Normal event (progress report)'
            else:
                e['class'] = 'benign'
                e['why'] = 'default: internal/validation/programming error without cause-specific wording'
        if e['class'] in ('benign', 'wrapper') and e.get('of'):
            e['of'] = None
        if e.get('matcher') is None and e['class'] not in ('wrapper', 'benign'):
            # a null matcher cannot prove a cause by itself: keep the cause in `why`
            e['why'] = f"{e['why']} (reason/state suggests {e['class']}; message has no matchable text)"
            e['class'] = 'wrapper'
            e['of'] = None
        changed += 1
    return changed


def key_literal(fmt):
    """The literal the Rust matcher finds a cause entry by: the longest run of the format
    between verbs, cut at quote, backslash, newline and tab (src/catalog/matcher.rs key_of)."""
    runs = [p.replace('%%', '%') for p in re.split(r'%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z]', fmt)]
    pieces = [x for r in runs for x in re.split(r'["\\\n\t]', r)]
    return max(pieces, key=len, default='')


def matcher_literal(matcher):
    """The literal text a matcher requires (its wildcards and escapes dropped)."""
    return re.sub(r'\.\{0,256\}\?|-\?\[0-9\]\+|"\[\^"\]\{0,256\}"|\(\?:true\|false\)', '', matcher or '').replace('\\', '')


def demote_generic(entries, changed_ids, min_key):
    """A cause entry whose matcher requires fewer than min_key literal characters (a short
    phrase any program may print, e.g. `Failed to load %s:%s`) cannot prove its cause alone:
    benign."""
    causes = set(generate.cause_ids())
    for e in entries:
        if e['id'] in changed_ids and e['class'] in causes and len(matcher_literal(e['matcher']).strip()) < min_key:
            e['why'] = f"{e['why']} -- but its wording is too short/generic to prove {e['class']} alone"
            e['class'], e['of'] = 'benign', None


def main(source, rules, min_key=None):
    cat = os.path.join(generate.ROOT, 'catalog', f'{source}.yaml')
    dry = '--dry-run' in sys.argv
    with open(cat) as f:
        text = f.read()
    header = ''.join(l for l in text.splitlines(True) if l.startswith('#'))
    entries = yaml.safe_load(text)
    todo = {e['id'] for e in entries if e.get('class') == 'unclassified'}
    n = apply(entries, rules)
    if min_key:
        demote_generic(entries, todo, min_key)
    if dry:
        for e in entries:
            print(e['class'], '|', 'D' if (e['why'] or '').startswith('default') else '-', '|',
                  e['kind'][0], '|', e['at'], '|', e['format'][:100])
        return
    generate.dump(cat, header, entries)
    print(f'classified {n} entries')
    generate.stats(entries)
    generate.refresh_readme(source, entries)
