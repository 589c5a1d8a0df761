"""C call-site extraction for the message catalog (libvirt, QEMU, crun).

Same interface as golang.py (`mask_source`, `collect_consts`, `extract(src, consts)`, plus
`make_matcher`). No compiler or preprocessor is needed: a small scanner finds the calls of a
fixed table of error/log functions by name, splits their argument lists at top-level commas
and evaluates the format argument when it is a string literal, adjacent literals (C
concatenation), literals wrapped in gettext markers (`_("...")`, `N_("...")`) or `#define`d
string macros (`"%" PRIu64`, `RAM_ADDR_FMT`); anything else is kept as a dynamic message (`%s`).

C formats are stored with the verb syntax the rest of the catalog reads (generate.py and the
Rust loader share Go's: `%` flags width precision letter): positional markers and length
modifiers are dropped (`%1$s` -> `%s`, `%lu`/`%zu`/`%llu`/`%u`/`%i` -> `%d`, `%llx` -> `%x`,
`%m` -> `%s`). The printed text is the same; only the description of the argument changes.

What a call prints (stored as `format`):
  libvirt  virReportError(CODE, fmt, ...) / virReportErrorHelper / virReportRestrictedError /
           virReportInvalidArg / virReportEnumRangeError: the prefix of CODE's message
           (`internal error: `, `unsupported configuration: `... read at each ref from
           virErrorMsgStrings in src/util/virerror.c) + fmt;
           virReportSystemError(errno, fmt, ...): fmt + `: <strerror>` (`: %s`);
           VIR_ERROR / VIR_WARN (logs).
  QEMU     error_setg / error_set (fmt), error_setg_errno (fmt + `: %s`),
           error_setg_file_open (`Could not open '%s': %s`), error_prepend /
           error_propagate_prepend (fmt + the inner message), error_append_hint,
           error_report / warn_report (+ _once), error_reportf_err / warn_reportf_err
           (fmt + the inner error), error_vreport / warn_vreport (dynamic).
  crun     crun_make_error / libcrun_make_error(err, errno, fmt) (fmt + `: %s` unless the
           errno argument is a literal 0), crun_error_wrap (fmt + `: ` + inner),
           libcrun_warning, libcrun_error, libcrun_fail_with_error (logs).
The matcher is built from fmt alone (without the code prefix and errno suffix): the
distinctive part (extra['match']).
"""
from __future__ import annotations

import bisect
import re

from golang import Site, split_args, make_matcher as _go_make_matcher, mask_source as _go_mask_source, _skip_string

# ----------------------------------------------------------------------------- scanning


def mask_source(src: str) -> str:
    """Same length as src; comments and `#if 0` blocks blanked (newlines kept), strings kept."""
    masked = _go_mask_source(src, quotes='"\'')

    def blank(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    # `#if 0 ... #endif` (not nested) never compiles
    return re.sub(r'^[ \t]*#[ \t]*if[ \t]+0\b.*?^[ \t]*#[ \t]*(?:endif|else)\b', blank, masked,
                  flags=re.M | re.S)


# ----------------------------------------------------------------------------- literals

_ESC = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'", 'a': '\a',
        'b': '\b', 'f': '\f', 'v': '\v', '?': '?', 'e': '\x1b'}


def unquote(lit: str) -> str:
    body = lit[1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == '\\' and i + 1 < len(body):
            d = body[i + 1]
            if d in _ESC:
                out.append(_ESC[d])
                i += 2
                continue
            m = re.match(r'x([0-9a-fA-F]+)', body[i + 1:])
            if m:
                out.append(chr(int(m.group(1), 16) & 0xff))
                i += 1 + m.end()
                continue
            m = re.match(r'[0-7]{1,3}', body[i + 1:])
            if m:
                out.append(chr(int(m.group(0), 8)))
                i += 1 + m.end()
                continue
            m = re.match(r'u([0-9a-fA-F]{4})', body[i + 1:])
            if m:
                out.append(chr(int(m.group(1), 16)))
                i += 6
                continue
            out.append(d)
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


# printf length modifiers of the <inttypes.h> / GLib format macros
_PRI = re.compile(r'PRI([diouxX])(?:8|16|32|64|LEAST\d+|FAST\d+|MAX|PTR)$')
_GLIB_FMT = {'G_GSIZE_FORMAT': 'lu', 'G_GSSIZE_FORMAT': 'li', 'G_GUINT64_FORMAT': 'lu',
             'G_GINT64_FORMAT': 'li', 'G_GOFFSET_FORMAT': 'li', 'G_GUINT32_FORMAT': 'u',
             'G_GINT32_FORMAT': 'i', 'G_GSIZE_MODIFIER': 'l', 'G_GINT64_MODIFIER': 'l'}
_TOKEN = re.compile(r'\s*("(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*\s*\(|[A-Za-z_]\w*|\))\s*')
_GETTEXT = ('_', 'N_', 'gettext', 'Q_', 'C_')


def _macro(name: str, consts: dict[str, str]) -> str | None:
    m = _PRI.match(name)
    if m:
        return 'll' + m.group(1)
    if name in _GLIB_FMT:
        return _GLIB_FMT[name]
    return consts.get(name)


def eval_string(expr: str, consts: dict[str, str]) -> str | None:
    """Evaluate a C string expression: adjacent literals, gettext markers, string macros.

    An unknown macro between literals (C only concatenates literals, so it must expand to
    one) reads as `%s`; a lone identifier (a variable) makes the expression dynamic (None).
    """
    expr = expr.strip()
    while expr.startswith('(') and expr.endswith(')'):
        inner, end = split_args(expr, 0)
        if end != len(expr) or len(inner) != 1:
            break
        expr = inner[0][1].strip()
    parts = []
    n_lit = 0
    unknown = 0
    depth = 0
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            return None
        tok = m.group(1)
        pos = m.end()
        if tok.startswith('"'):
            parts.append(unquote(tok))
            n_lit += 1
        elif tok.endswith('('):
            if tok[:-1].strip() not in _GETTEXT:
                return None
            depth += 1
        elif tok == ')':
            if depth == 0:
                return None
            depth -= 1
        else:
            v = _macro(tok, consts)
            if v is None:
                unknown += 1
                v = 's' if parts and re.search(r'(?<!%)(?:%%)*%$', parts[-1]) else '%s'
            parts.append(v)
    if n_lit == 0 or depth:
        return None
    return ''.join(parts)


_DEFINE = re.compile(r'^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+((?:[^\n\\]|\\\n)+)$', re.M)
_ERRTAB = re.compile(r'\[\s*(VIR_ERR_\w+)\s*\]\s*=\s*\{\s*(.*?)\}\s*,', re.S)


def collect_consts(masked: str, out: dict[str, str], ambiguous: set[str]) -> None:
    """`#define NAME "literal"` (and NAME PRIx64 style) string macros of one file; in
    libvirt's virerror.c, the message table virErrorMsgStrings as `@virerr:CODE` -> the
    format of a message with info (`internal error: %1$s`)."""
    for m in _DEFINE.finditer(masked):
        name, body = m.group(1), m.group(2).replace('\\\n', ' ').strip()
        if not (body.startswith('"') or _PRI.match(body.split()[0]) or body.split()[0] in _GLIB_FMT):
            continue
        v = eval_string(body, out) if body.startswith('"') else None
        if v is None:
            # PRIx64-only bodies, or '"%" PRIx64'
            toks = body.split()
            if all(_macro(t, out) is not None for t in toks):
                v = ''.join(_macro(t, out) for t in toks)
        if v is None:
            continue
        if name in out and out[name] != v:
            ambiguous.add(name)
        out[name] = v
    i = masked.find('virErrorMsgStrings[] =')
    if i >= 0:
        for m in _ERRTAB.finditer(masked, i):
            args, _ = split_args('(' + m.group(2) + ')', 0)
            if len(args) >= 2:
                v = eval_string(args[1][1], {})
                if v is not None:
                    out['@virerr:' + m.group(1)] = v


# ----------------------------------------------------------------------------- formats

_CVERB = re.compile(r"%(?:(\d+)\$)?([-+ #0']*)(\d+|\*(?:\d+\$)?)?(?:\.(\d*|\*(?:\d+\$)?))?"
                    r'(hh|h|ll|l|L|q|j|z|Z|t|I64|I32)?([diouxXeEfFgGaAcspnm%])')


def normalize(fmt: str, args: list[str], consts: dict[str, str]) -> str:
    """A C format in the catalog's verb syntax, with `%s` arguments that are literals
    (`"%s", _("some text")`) inlined."""
    out = []
    pos = 0
    seq = 0
    for m in _CVERB.finditer(fmt):
        out.append(fmt[pos:m.start()].replace('%', '%%'))
        pos = m.end()
        posn, flags, width, prec, _len, conv = m.groups()
        if conv == '%':
            out.append('%%')
            continue
        if width and width.startswith('*'):
            seq += 1
        if prec and prec.startswith('*'):
            seq += 1
        if posn:
            idx = int(posn) - 1
        else:
            idx = seq
            seq += 1
        if conv == 's' and idx < len(args) and not prec:
            v = eval_string(args[idx], consts)
            if v is not None and '%s' not in v.replace('%%', ''):
                out.append(v.replace('%', '%%'))
                continue
        if conv in 'iu':
            conv = 'd'
        elif conv == 'm':
            conv = 's'
        elif conv in 'n':
            continue
        flags = flags.replace("'", '')
        w = '' if width is None else ('*' if width.startswith('*') else width)
        p = '' if prec is None else '.' + ('*' if prec.startswith('*') else prec)
        out.append('%' + flags + w + p + conv)
    out.append(fmt[pos:].replace('%', '%%'))
    return ''.join(out)


def make_matcher(fmt: str, min_literal: int = 12) -> str | None:
    """The catalog matcher of a normalized C format: as for Go (generate.py), with the C
    forms the Rust side renders as text kept as bounded wildcards."""
    return _go_make_matcher(fmt, min_literal)


# ----------------------------------------------------------------------------- call sites

# name -> (kind, level, index of fmt, index of errno (None), code: index | fixed code | None,
#          how the inner error is printed after fmt (None | '' | ': '), fixed format)
CALLS = {
    # libvirt
    'virReportError': ('error', None, 1, None, 0, None, None),
    'virReportErrorHelper': ('error', None, 5, None, 1, None, None),
    'virReportSystemError': ('error', None, 1, 0, 'VIR_ERR_SYSTEM_ERROR', None, None),
    'virReportRestrictedError': ('error', None, 0, None, 'VIR_ERR_OPERATION_DENIED', None, None),
    'virReportInvalidArg': ('error', None, 1, None, 'VIR_ERR_INVALID_ARG', None, None),
    'virReportEnumRangeError': ('error', None, None, None, 'VIR_ERR_INTERNAL_ERROR', None,
                                'Unexpected enum value %d for %s'),
    # helpers whose message is a literal at the call: cpu_x86.c prints
    # `the CPU is incompatible with host CPU: <MSG>: <features>`; qemu_process.c prints
    # `internal error: <msgprefix>: <the last lines of the QEMU log>`; translated messages
    # formatted into a variable first (`QEMU unexpectedly closed the monitor (vm='%s')`)
    'virX86CpuIncompatible': ('error', None, 0, None, 'VIR_ERR_CPU_INCOMPATIBLE', ': ', None),
    'qemuProcessReportLogError': ('error', None, 1, None, 'VIR_ERR_INTERNAL_ERROR', ': ', None),
    'g_strdup_printf': ('error', None, 0, None, None, None, None),
    'VIR_ERROR': ('log', 'error', 0, None, None, None, None),
    'VIR_WARN': ('log', 'warning', 0, None, None, None, None),
    # QEMU
    'error_setg': ('error', None, 1, None, None, None, None),
    'error_set': ('error', None, 2, None, None, None, None),
    'error_setg_errno': ('error', None, 2, 1, None, None, None),
    'raw_lock_error_setg_errno': ('error', None, 2, 1, None, None, None),   # file-posix.c image locks
    'error_setg_file_open': ('error', None, None, 1, None, None, "Could not open '%s'"),
    'error_prepend': ('error', None, 1, None, None, '', None),
    'error_propagate_prepend': ('error', None, 2, None, None, '', None),
    'error_append_hint': ('error', None, 1, None, None, None, None),
    'error_report': ('log', 'error', 0, None, None, None, None),
    'error_report_once': ('log', 'error', 0, None, None, None, None),
    'warn_report': ('log', 'warning', 0, None, None, None, None),
    'warn_report_once': ('log', 'warning', 0, None, None, None, None),
    'error_reportf_err': ('log', 'error', 1, None, None, '', None),
    'warn_reportf_err': ('log', 'warning', 1, None, None, '', None),
    'error_vreport': ('log', 'error', 0, None, None, None, None),
    'fprintf': ('log', 'error', 1, None, None, None, None),   # fprintf(stderr, ...) only
    'warn_vreport': ('log', 'warning', 0, None, None, None, None),
    # crun
    'crun_make_error': ('error', None, 2, 1, None, None, None),
    'libcrun_make_error': ('error', None, 2, 1, None, None, None),
    'crun_error_wrap': ('error', None, 1, None, None, ': ', None),
    'libcrun_warning': ('log', 'warning', 0, None, None, None, None),
    'libcrun_error': ('log', 'error', 1, 0, None, None, None),
    'libcrun_fail_with_error': ('log', 'critical', 1, 0, None, None, None),
}
_CALL = re.compile(r'(?<![\w.>])(' + '|'.join(sorted(CALLS, key=len, reverse=True)) + r')\s*\(')
_FUNC_HEAD = re.compile(r'^(?:[A-Za-z_][\w \t\*]*?[ \t\*])?([A-Za-z_]\w*)[ \t]*\(', re.M)
_NOT_A_CALL_BEFORE = re.compile(r'([A-Za-z_]\w*|\*)\s*$')


def _functions(masked: str) -> list[tuple[int, str]]:
    """(start, name) of the function definitions: a name at the start of a line whose
    parameter list is followed by `{`."""
    out = []
    for m in _FUNC_HEAD.finditer(masked):
        name = m.group(1)
        if name in ('if', 'for', 'while', 'switch', 'return', 'sizeof') or masked[m.start()] == '#':
            continue
        _, end = split_args(masked, m.end() - 1)
        rest = masked[end:end + 200].lstrip()
        rest = re.sub(r'^(?:[A-Z_][A-Z0-9_]*(?:\([^()]*\))?\s*)*', '', rest)
        if rest.startswith('{'):
            out.append((m.start(), name))
    return out


def _prefix(code_expr: str | None, consts: dict[str, str]) -> tuple[str, str]:
    """(prefix, suffix) libvirt prints around a message of error code `code_expr`."""
    if not code_expr:
        return '', ''
    info = consts.get('@virerr:' + code_expr.strip())
    if info is None:
        return '', ''
    m = re.search(r'%(?:1\$)?s', info)
    if not m:
        return '', ''
    return info[:m.start()].replace('%', '%%'), info[m.end():].replace('%', '%%')


def _ternary(expr: str, consts: dict[str, str]) -> list[str] | None:
    """The two literal branches of `cond ? "a" : "b"` (top level), or None."""
    depth = 0
    q = c = None
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == '"':
            i = _skip_string(expr, i)
            continue
        if ch in '([{':
            depth += 1
        elif ch in ')]}':
            depth -= 1
        elif depth == 0 and ch == '?' and q is None:
            q = i
        elif depth == 0 and ch == ':' and q is not None and c is None:
            c = i
        i += 1
    if q is None or c is None:
        return None
    a, b = eval_string(expr[q + 1:c], consts), eval_string(expr[c + 1:], consts)
    return [x for x in (a, b) if x is not None] or None


def extract(src: str, consts: dict[str, str]) -> list[Site]:
    masked = mask_source(src)
    line_starts = [0] + [m.end() for m in re.finditer('\n', masked)]
    funcs = _functions(masked)
    fstarts = [s for s, _ in funcs]
    local = dict(consts)
    collect_consts(masked, local, set())   # this file's own macros win

    def line_of(idx):
        return bisect.bisect_right(line_starts, idx)

    def func_at(idx):
        k = bisect.bisect_right(fstarts, idx) - 1
        return funcs[k][1] if k >= 0 else ''

    sites: list[Site] = []
    for m in _CALL.finditer(masked):
        name = m.group(1)
        before = masked[max(0, m.start() - 80):m.start()]
        bm = _NOT_A_CALL_BEFORE.search(before)
        if bm and bm.group(1) not in ('return', 'else', 'do', 'case'):
            continue  # a declaration/definition (`void error_report(...)`) or `#define`
        kind, level, fi, ei, code, inner, fixed = CALLS[name]
        args, _ = split_args(masked, m.end() - 1)
        texts = [t for _, t in args]
        starts = [s for s, _ in args]
        if name == 'fprintf' and (not texts or texts[0].strip() != 'stderr'):
            continue
        if name == 'g_strdup_printf' and not (texts and re.match(r'\s*N?_\s*\(', texts[0])):
            continue  # only translated (user-facing) texts
        if fixed is None and (fi is None or fi >= len(texts)):
            continue
        if fixed is not None:
            raw, at = fixed, starts[0] if starts else m.start()
            rest = texts[ei + 1:] if ei is not None else texts
        else:
            raw, at = eval_string(texts[fi], local), starts[fi]
            rest = texts[fi + 1:]
        code_expr = texts[code] if isinstance(code, int) and code < len(texts) else code
        call = name if not isinstance(code, int) else f'{name}({(code_expr or "").strip()})'
        alts = _ternary(texts[fi], local) if raw is None and fixed is None else None
        if alts:
            # `cond ? "text a" : "text b"`: one entry per branch
            for alt in alts:
                core = normalize(alt, rest, local)
                pre, post = _prefix(code_expr if isinstance(code_expr, str) else None, local)
                fmt = pre + core + post + (': %s' if ei is not None and ei < len(texts)
                                           and not re.fullmatch(r'\s*0\s*', texts[ei]) else '')
                if inner is not None:
                    fmt += inner + '%s'
                sites.append(Site(kind=kind, format=fmt, line=line_of(at), func=func_at(m.start()),
                                  call=call, level=level, extra={'match': core}))
            continue
        if raw is None:
            sites.append(Site(kind=kind, format='%s', line=line_of(at), func=func_at(m.start()),
                              call=call, level=level, dynamic=True))
            continue
        if name == 'fprintf':
            raw = raw.rstrip('\n')
        core = normalize(raw, rest, local)
        pre, post = _prefix(code_expr if isinstance(code_expr, str) else None, local)
        fmt = pre + core + post
        if ei is not None and ei < len(texts):
            zero = re.fullmatch(r'\s*0\s*', texts[ei])
            if not zero:
                fmt += ': %s'
        if inner is not None:
            fmt += inner + '%s'
        sites.append(Site(kind=kind, format=fmt, line=line_of(at), func=func_at(m.start()),
                          call=call, level=level, extra={'match': core}))
    return sites
