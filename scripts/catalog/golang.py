"""Go call-site extraction shared by every Go source of the message catalog.

No Go toolchain is needed: a small scanner finds call sites by name, splits their argument
lists at top-level commas (strings, runes, comments and nested brackets respected) and
evaluates the message argument when it is a string literal, a concatenation of literals, a
string constant of the scanned tree (resolved by name, package qualifier dropped) or
`fmt.Sprintf(<one of those>, ...)`. Anything else is kept as a dynamic message (`%v`).

What is extracted (see README.md in catalog/ for the entry format):
  event      recorder.Event / Eventf / AnnotatedEventf  (reason + message)
  log        <logger>.Error/Errorf/Warning/Warningf/Critical/Criticalf(...) chains
             (KubeVirt's log.Log..., klog.Errorf, logr-style logger.Error(err, "msg"))
  error      fmt.Errorf, errors.New, errors.Wrap/Wrapf, status.Error/Errorf
  condition  composite literals `...Condition{ Reason: ..., Message: ... }`
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# ----------------------------------------------------------------------------- scanning


def _skip_string(src: str, i: int) -> int:
    """src[i] is a quote char; return the index after the closing quote."""
    q = src[i]
    n = len(src)
    if q == '`':
        j = src.find('`', i + 1)
        return n if j < 0 else j + 1
    j = i + 1
    while j < n:
        c = src[j]
        if c == '\\':
            j += 2
            continue
        if c == q or c == '\n':
            return j + 1
        j += 1
    return n


def mask_source(src: str, quotes: str = '"`\'') -> str:
    """Same length as src; comments blanked (newlines kept), strings kept verbatim. `quotes`:
    the characters that open a string (C has no raw `...` strings: clang.py passes `"'`)."""
    out = []
    i, n = 0, len(src)
    last = 0
    while i < n:
        c = src[i]
        if c in quotes:
            i = _skip_string(src, i)
            continue
        if c == '/' and i + 1 < n and src[i + 1] == '/':
            j = src.find('\n', i)
            j = n if j < 0 else j
            out.append(src[last:i])
            out.append(' ' * (j - i))
            last = i = j
            continue
        if c == '/' and i + 1 < n and src[i + 1] == '*':
            j = src.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(src[last:i])
            out.append(re.sub(r'[^\n]', ' ', src[i:j]))
            last = i = j
            continue
        i += 1
    out.append(src[last:])
    return ''.join(out)


def split_args(src: str, open_idx: int) -> tuple[list[tuple[int, str]], int]:
    """src[open_idx] == '(' (or '{'); return ([(start, text)], index after the closer)."""
    closer = {'(': ')', '{': '}', '[': ']'}
    stack = [closer[src[open_idx]]]
    args = []
    i = open_idx + 1
    start = i
    n = len(src)
    while i < n and stack:
        c = src[i]
        if c in '"`\'':
            i = _skip_string(src, i)
            continue
        if c in '([{':
            stack.append(closer[c])
        elif c in ')]}':
            stack.pop()
            if not stack:
                args.append((start, src[start:i]))
                return [(s, t) for s, t in args if t.strip()], i + 1
        elif c == ',' and len(stack) == 1:
            args.append((start, src[start:i]))
            start = i + 1
        i += 1
    return [(s, t) for s, t in args if t.strip()], n


# ----------------------------------------------------------------------------- literals

_ESC = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'", 'a': '\a',
        'b': '\b', 'f': '\f', 'v': '\v'}


def unquote(lit: str) -> str:
    if lit.startswith('`'):
        return lit[1:-1]
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
            if d == 'x':
                out.append(chr(int(body[i + 2:i + 4], 16)))
                i += 4
                continue
            if d == 'u':
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(d)
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


_TOKEN = re.compile(r'\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][\w.]*)\s*')


def eval_string(expr: str, consts: dict[str, str]) -> str | None:
    """Evaluate a Go string expression made of literals/constants joined by '+'."""
    expr = expr.strip()
    m = re.fullmatch(r'(?:fmt\.)?Sprintf\s*\((.*)\)', expr, re.S)
    if m:
        inner, _ = split_args('(' + m.group(1) + ')', 0)
        if inner:
            return eval_string(inner[0][1], consts)
        return None
    m = re.fullmatch(r'string\s*\((.*)\)', expr, re.S)
    if m:
        return eval_string(m.group(1), consts)
    parts = []
    pos = 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            return None
        tok = m.group(1)
        if tok[0] in '"`':
            parts.append(unquote(tok))
        else:
            name = tok.rsplit('.', 1)[-1]
            if name not in consts:
                return None
            parts.append(consts[name])
        pos = m.end()
        if pos < len(expr):
            if expr[pos] != '+':
                return None
            pos += 1
    return ''.join(parts) if parts else None


_CONST_BLOCK = re.compile(r'^const\s*\((.*?)^\)', re.S | re.M)
_CONST_LINE = re.compile(r'^\s*(?:const\s+)?([A-Za-z_]\w*)\s*(?:[A-Za-z_][\w.]*\s*)?=\s*(.+?)\s*$', re.M)


def collect_consts(masked: str, out: dict[str, str], ambiguous: set[str]) -> None:
    """String constants (and `var x = "..."`) of one file into out (name -> value)."""
    chunks = [m.group(1) for m in _CONST_BLOCK.finditer(masked)]
    chunks += re.findall(r'^(?:const|var)\s+([A-Za-z_]\w*\s*(?:[A-Za-z_][\w.]*\s*)?=\s*.+)$', masked, re.M)
    for chunk in chunks:
        for m in _CONST_LINE.finditer(chunk):
            name, expr = m.group(1), m.group(2)
            if not (expr.startswith('"') or expr.startswith('`')):
                continue
            val = eval_string(expr, {})
            if val is None:
                continue
            if name in out and out[name] != val:
                ambiguous.add(name)
            out[name] = val


# ----------------------------------------------------------------------------- call sites


@dataclass
class Site:
    kind: str            # event | log | error | condition
    format: str          # the Go format string ('%v' when dynamic)
    line: int
    func: str
    call: str
    reason: str | None = None
    level: str | None = None
    event_type: str | None = None
    dynamic: bool = False
    extra: dict = field(default_factory=dict)


_CALL = re.compile(
    r'\.\s*(?P<name>AnnotatedEventf|SendK8sEvent|WriteTerminationMessage|Sprintf|Eventf|Event|ErrorLogMsg|ErrorLog|'
    r'WarningLogMsg|WarningLog|ErrorS|Errorf|Error|Warningf|Warning|Criticalf|Critical|Wrapf|Wrap|New)\s*\(')
_FUNC = re.compile(r'^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)', re.M)
_COND = re.compile(r'\b([\w.]*Condition)\s*\{')
_LOG_LEVEL = {'Error': 'error', 'Errorf': 'error', 'Warning': 'warning', 'Warningf': 'warning',
              'Critical': 'critical', 'Criticalf': 'critical',
              # klog structured: klog.ErrorS(err, "msg", kv...) prints `"msg" err="..."`
              'ErrorS': 'error',
              # ceph-csi internal/util/log: ErrorLog(ctx, fmt, ...) / ErrorLogMsg(fmt, ...)
              'ErrorLog': 'error', 'ErrorLogMsg': 'error', 'WarningLog': 'warning', 'WarningLogMsg': 'warning'}
# index of the message argument when it is not the first
_LOG_MSG_ARG = {'ErrorS': 1, 'ErrorLog': 1, 'WarningLog': 1}


def backward_chain(src: str, dot: int) -> str:
    """The receiver expression ending just before src[dot] ('.'), e.g. log.Log.Object(vmi).Reason(err)."""
    i = dot
    pairs = {')': '(', ']': '['}
    while i > 0:
        c = src[i - 1]
        if c.isalnum() or c in '_.':
            i -= 1
            continue
        if c in pairs:
            depth = 0
            j = i - 1
            while j >= 0:
                if src[j] in pairs:
                    depth += 1
                elif src[j] in '([':
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            i = j
            continue
        if c == '\n' or c in ' \t':
            # chained call continued on the next line: "log.Log.\n\t\tReason(err)."
            k = i - 1
            while k > 0 and src[k - 1] in ' \t\n':
                k -= 1
            if k > 0 and src[k - 1] == '.':
                i = k
                continue
        break
    return re.sub(r'\s+', '', src[i:dot])


def _line_of(src: str, idx: int, line_starts: list[int]) -> int:
    import bisect
    return bisect.bisect_right(line_starts, idx)


def _evtype(expr: str) -> str | None:
    e = expr.strip()
    if 'Warning' in e:
        return 'Warning'
    if 'Normal' in e:
        return 'Normal'
    return None


def _reason(expr: str, consts: dict[str, str]) -> str:
    e = expr.strip()
    m = re.fullmatch(r'([\w.]+)\.String\(\)', e)
    if m:
        e = m.group(1)
    v = eval_string(e, consts)
    return v if v is not None else expr.strip()


_CTX_ARG = re.compile(r'\s*(?:ctx|\w+\.ctx|context\.(?:Background|TODO)\(\))\s*')

_DIALECT_KEYS = ('log_methods', 'ctx_first', 'error_funcs')


def _dialect_calls(opts: dict):
    """The call-site regex and log levels of a source (no dialect key in `opts`: the
    KubeVirt/CDI set, `_CALL`/`_LOG_LEVEL`); `log_methods` adds logger methods."""
    if not any(opts.get(k) for k in _DIALECT_KEYS):
        return _CALL, _LOG_LEVEL
    levels = dict(_LOG_LEVEL)
    levels.update(opts.get('log_methods', {}))
    names = sorted(set(_CALL.pattern.split('(?P<name>')[1].split(')')[0].split('|')) | set(levels),
                   key=lambda n: (-len(n), n))
    return re.compile(r'\.\s*(?P<name>' + '|'.join(names) + r')\s*\('), levels


def extract(src: str, consts: dict[str, str], opts: dict | None = None) -> list[Site]:
    """Call sites of one Go file. `opts` (per source, sources.py `extract_opts`; all optional)
    adds call forms beyond the common set:
      log_methods     {method: level}: more logger methods (logrus Warn/Warnf/Fatal/Fatalf)
      ctx_first       True: a logger call whose first argument is a context (`log.Errorf(ctx,
                      "msg", ...)`, CRI-O's internal/log) takes its message from the second one
      error_funcs     {name: {'arg': i, 'suffix': s, 'kind': 'error'}}: functions that format an
                      error from their i-th argument and what follows it (runc's
                      newSystemErrorWithCausef, containerd's runtimeError(err, "OCI runtime create
                      failed")); `suffix` is appended to the format (what the function prints after
                      it, e.g. ': %v'); an argument that is not a literal gives a dynamic entry.
                      (Any of these three keys -- the source's "dialect" -- also skips `tb.`/`tt.`
                      test-helper receivers.)
      helpers         {name: spec}: the project's own wrappers, called as `name(...)` or
                      `<recv>.name(...)`; spec (a dict) is one of
                        {'arg': i}: an error constructor whose i-th argument is a format and the
                          rest its arguments (multus `cmdErr(k8sArgs, format, args...)` ->
                          {'cmdErr': {'arg': 1}}); `kind` (default 'error') may be given
                        {'arg': i, 'kind': k, 'template': t}: the message is `t` with `{}`
                          replaced by the literal i-th argument (kubelet's
                          `volumeToMount.GenerateError("MountVolume.SetUp failed", err)`)
                        {'event_msg_after_type': n, 'printf': bool}: a recorder wrapper
                          `(..., eventType, reason, [skipped...,] message, args...)`, the message
                          n arguments after the event type (kubelet's recordContainerEvent)
      message_fields  {TypeName: Field}: composite literals `TypeName{Field: <msg>}` whose field
                      is a message (the scheduler's `InsufficientResource{Reason: "Insufficient cpu"}`)
      message_consts  regex (full match) of the names of package-level string constants that are
                      messages (default `Message...`/`...Msg`); their value may then also be a
                      concatenation with constants of the same file
      status_calls    method names whose second argument is a status message (`NewStatus(code, msg)`),
                      or {name: index of the first message argument} (`AppendReason(msg)`: 0)
      message_assignments  regex of assignment targets whose string literal is a message
                      (`condition.Message = "kubelet has disk pressure"`)
      error_method_literals  True: `func (e T) Error() string { return "literal" }` is an error entry
      locals_shadow_consts   True: a lower-case parameter/local variable is not resolved as a constant
    """
    opts = opts or {}
    call_rx, log_levels = _dialect_calls(opts)
    dialect = any(opts.get(k) for k in _DIALECT_KEYS)
    masked = mask_source(src)
    line_starts = [0] + [m.end() for m in re.finditer('\n', masked)]
    funcs = [(m.start(), m.group(1)) for m in _FUNC.finditer(masked)]

    def func_at(idx: int) -> str:
        name = ''
        for s, f in funcs:
            if s > idx:
                break
            name = f
        return name

    sites: list[Site] = []

    # constants defined in this file (package level or inside a function, any case): safe to
    # inline into %s/%v since they are in scope here
    file_consts: dict[str, str] = {}
    collect_consts(masked, file_consts, set())
    for cm in re.finditer(r'^[ \t]+const\s+([A-Za-z_]\w*)\s*(?:[A-Za-z_][\w.]*\s*)?=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*$',
                          masked, re.M):
        file_consts[cm.group(1)] = unquote(cm.group(2))

    def func_start(idx: int) -> int:
        start = 0
        for s, _ in funcs:
            if s > idx:
                break
            start = s
        return start

    def resolve_var(name: str, idx: int) -> list[tuple[str, int]]:
        """Values assigned to a local string variable earlier in the same function."""
        out = []
        body_start = func_start(idx)
        for m in re.finditer(r'(?<![\w.])' + re.escape(name) + r'\s*:?=\s*(?!=)', masked[body_start:idx]):
            pos = body_start + m.end()
            rest = masked[pos:pos + 4000]
            cm = re.match(r'(?:fmt\.)?(Sprintf|Errorf)\s*\(', rest)
            if cm:
                args, _ = split_args(masked, pos + cm.end() - 1)
                if args:
                    v = eval_string(args[0][1], consts)
                    if v is not None:
                        out.append((v, args[0][0]))
                continue
            cm = re.match(r'errors\.New\s*\(', rest)
            if cm:
                args, _ = split_args(masked, pos + cm.end() - 1)
                if args:
                    v = eval_string(args[0][1], consts)
                    if v is not None:
                        out.append((v, args[0][0]))
                continue
            line = rest.split('\n', 1)[0].strip()
            v = eval_string(line, consts) if line and line[0] in '"`' else None
            if v is not None:
                out.append((v, pos))
        return out

    def inline(fmt: str, rest) -> str:
        """Inline string-constant arguments of %s/%v verbs (e.g. common.ImagePullFailureText)."""
        if not rest:
            return fmt
        out, pos, i = [], 0, 0
        for vm in VERB.finditer(fmt):
            if vm.group(0) == '%%':
                continue
            out.append(fmt[pos:vm.start()])
            rep = vm.group(0)
            # only exported constants (pkg.Name or Name): local variables may share a name
            # with an unrelated constant elsewhere in the tree
            arg = rest[i].strip() if i < len(rest) else ''
            if vm.group(0) in ('%s', '%v') and (
                    re.fullmatch(r'(?:[a-z]\w*\.)?[A-Z]\w*', arg) or arg in file_consts):
                v = file_consts.get(arg)
                if v is None:
                    v = eval_string(arg, consts)
                if v is not None:
                    rep = v.replace('%', '%%')
            out.append(rep)
            pos = vm.end()
            i += 1
        out.append(fmt[pos:])
        return ''.join(out)

    def add(kind, fmt_expr, idx, call, rest=None, last_only=False, **kw):
        val = eval_string(fmt_expr, consts) if fmt_expr is not None else None
        if val is not None and opts.get('locals_shadow_consts') and re.fullmatch(r'\s*[a-z_]\w*\s*', fmt_expr):
            # a lower-case name that is a parameter or is assigned in this function is that
            # variable, not a same-named constant of the package
            name = fmt_expr.strip()
            sig = masked[func_start(idx):idx].split('{', 1)[0]
            if re.search(r'(?<![\w.])' + re.escape(name) + r'\b', sig) or resolve_var(name, idx):
                val = None
        if val is not None:
            val = inline(val, rest)
        if val is None and fmt_expr is not None and re.fullmatch(r'\s*[A-Za-z_]\w*\s*', fmt_expr):
            vals = resolve_var(fmt_expr.strip(), idx)
            if last_only:
                vals = vals[-1:]  # the assignment nearest before the call (helpers called once per message)
            if vals:
                seen = set()
                for v, pos in vals:
                    if v in seen:
                        continue
                    seen.add(v)
                    sites.append(Site(kind=kind, format=v, line=_line_of(masked, pos, line_starts),
                                      func=func_at(idx), call=call, dynamic=False, **kw))
                return
        dynamic = val is None
        sites.append(Site(kind=kind, format='%v' if dynamic else val,
                          line=_line_of(masked, idx, line_starts), func=func_at(idx), call=call,
                          dynamic=dynamic, **kw))

    for name, spec in sorted(opts.get('error_funcs', {}).items()):
        for fm in re.finditer(r'(?<![\w.])(?:[A-Za-z_]\w*(?:\(\))?\.)?' + re.escape(name) + r'\s*\(', masked):
            if re.search(r'func\s+(?:\([^)]*\)\s*)?$', masked[max(0, fm.start() - 80):fm.start()]):
                continue  # the helper's own definition
            args, _ = split_args(masked, fm.end() - 1)
            i = spec.get('arg', 0)
            if len(args) <= i:
                continue
            v = eval_string(args[i][1], consts)
            if v is None:
                sites.append(Site(kind=spec.get('kind', 'error'), format='%v', line=_line_of(masked, args[i][0], line_starts),
                                  func=func_at(args[i][0]), call=name, dynamic=True))
                continue
            v = inline(v, [t for _, t in args[i + 1:]]) + spec.get('suffix', '')
            sites.append(Site(kind=spec.get('kind', 'error'), format=v, line=_line_of(masked, args[i][0], line_starts),
                              func=func_at(args[i][0]), call=name))

    for m in call_rx.finditer(masked):
        # skip matches inside string literals: masked keeps strings, so check quote parity cheaply
        name = m.group('name')
        recv = backward_chain(masked, m.start())
        open_idx = m.end() - 1
        args, _ = split_args(masked, open_idx)
        texts = [t for _, t in args]
        starts = [s for s, _ in args]
        head = recv.split('.')[0].split('(')[0]
        if name in ('Event', 'Eventf', 'AnnotatedEventf', 'SendK8sEvent'):
            off = 1 if name == 'AnnotatedEventf' else 0
            if name == 'Eventf' and len(texts) >= 6 and 'EventType' in texts[2] and 'EventType' not in texts[1]:
                # k8s.io/client-go/tools/events: Eventf(regarding, related, type, reason, action, note, args...)
                add('event', texts[5], starts[5], 'Eventf', rest=texts[6:],
                    reason=_reason(texts[3], consts), event_type=_evtype(texts[2]))
                continue
            if len(texts) < 4 + off:
                continue
            if name != 'SendK8sEvent' and 'ecorder' not in recv and 'Recorder' not in recv and 'recorder' not in recv.lower():
                # still accept unusual receivers when the type arg is an EventType
                if 'EventType' not in texts[1 + off]:
                    continue
            add('event', texts[3 + off], starts[3 + off], f'{name}', rest=texts[4 + off:],
                reason=_reason(texts[2 + off], consts), event_type=_evtype(texts[1 + off]))
            continue
        if name == 'WriteTerminationMessage':
            if texts:
                add('condition', texts[0], starts[0], 'WriteTerminationMessage',
                    extra={'condition_type': 'termination-message'})
            continue
        if name == 'Sprintf':
            # only the Error() method of an error type: its Sprintf is the error text
            if head == 'fmt' and texts and func_at(m.start()) == 'Error':
                add('error', texts[0], starts[0], 'fmt.Sprintf in Error()', rest=texts[1:])
            continue
        if name == 'New':
            if head not in ('errors', 'goerrors', 'pkgerrors', 'stderrors') or not texts:
                continue
            add('error', texts[0], starts[0], f'{head}.New')
            continue
        if name in ('Wrap', 'Wrapf'):
            if head not in ('errors', 'pkgerrors') or len(texts) < 2:
                continue
            v = eval_string(texts[1], consts)
            sites.append(Site(kind='error', format=(v + ': %v') if v is not None else '%v',
                              line=_line_of(masked, starts[1], line_starts),
                              func=func_at(starts[1]), call=f'errors.{name}', dynamic=v is None))
            continue
        if name == 'Errorf' and head in ('errors', 'pkgerrors'):
            if texts:
                add('error', texts[0], starts[0], f'{head}.Errorf', rest=texts[1:])
            continue
        if name == 'Errorf' and head == 'fmt':
            if texts:
                add('error', texts[0], starts[0], 'fmt.Errorf', rest=texts[1:])
            continue
        if name in ('Errorf', 'Error') and head == 'status':
            if len(texts) >= 2:
                # printed `rpc error: code = <code> desc = <msg>`: the gRPC code goes in `reason`
                code = texts[0].strip()
                code = code.rsplit('.', 1)[-1] if re.fullmatch(r'(?:codes\.)?[A-Z]\w*', code) else None
                add('error', texts[1], starts[1], f'status.{name}', rest=texts[2:], reason=code)
            continue
        if name in log_levels:
            if not texts:
                continue  # err.Error()
            if head in ('fmt', 't', 'b', 'GinkgoT', 'Expect', 'errors', 'status', 'http', 'grpc') \
                    or dialect and head in ('tb', 'tt'):
                continue
            low = recv.lower()
            if not any(k in low for k in ('log', 'logger', 'klog', 'reason(', 'object(', 'v(')):
                # accept chains ending in ")" (e.g. log.Log.Object(vmi).Reason(err)) and loggers
                if not recv.endswith(')'):
                    continue
            idx = _LOG_MSG_ARG.get(name, 0)
            if len(texts) <= idx:
                continue
            # logr style: logger.Error(err, "msg", kv...)
            if name == 'Error' and len(texts) >= 2 and eval_string(texts[0], consts) is None \
                    and eval_string(texts[1], consts) is not None:
                idx = 1
            if opts.get('ctx_first') and len(texts) >= 2 and _CTX_ARG.fullmatch(texts[0]):
                idx = 1
            if name in ('Error', 'Warning', 'Critical') and len(texts) > 1 and idx == 0:
                # klog.Error(a, b) prints args joined; take the first literal only
                pass
            short = recv
            while True:
                nxt = re.sub(r'\([^()]*\)', '()', short)
                if nxt == short:
                    break
                short = nxt
            add('log', texts[idx], starts[idx], f'{short}.{name}', rest=texts[idx + 1:],
                level=log_levels[name])
            continue

    # per-source helper calls (see `opts` above): `name(` or `<recv>.name(`
    helpers = opts.get('helpers') or {}
    if helpers:
        for hm in re.finditer(r'(?:\.\s*|(?<![\w.]))(' + '|'.join(map(re.escape, helpers)) + r')\s*\(', masked):
            if re.search(r'func\s*(\([^)]*\)\s*)?$', masked[max(0, hm.start() - 200):hm.start()].split('\n')[-1]):
                continue  # the helper's own definition
            h = helpers[hm.group(1)]
            args, _ = split_args(masked, hm.end() - 1)
            texts = [t for _, t in args]
            if 'event_msg_after_type' in h:
                # recorder wrappers: <helper>(..., eventType, reason, [skipped...,] message, args...)
                ti = next((i for i, t in enumerate(texts) if 'EventType' in t), None)
                if ti is None:
                    continue
                mi = ti + h['event_msg_after_type']
                if mi >= len(texts):
                    continue
                add('event', texts[mi], hm.start(), hm.group(1), rest=texts[mi + 1:] if h.get('printf') else None,
                    last_only=True, reason=_reason(texts[ti + 1], consts), event_type=_evtype(texts[ti]))
                continue
            ai = h.get('arg', 0)
            if len(args) <= ai:
                continue
            if 'template' not in h:
                # an error constructor: format at `arg`, its arguments after it
                add(h.get('kind', 'error'), texts[ai], args[ai][0], hm.group(1), rest=texts[ai + 1:])
                continue
            v = eval_string(texts[ai], consts)
            if v is None:
                continue
            if not re.match(r'\s*(?:fmt\.)?Sprintf\s*\(', texts[ai]):
                v = v.replace('%', '%%')  # a plain literal prints as written
            sites.append(Site(kind=h.get('kind', 'error'), format=h['template'].replace('{}', v),
                              line=_line_of(masked, args[ai][0], line_starts), func=func_at(args[ai][0]),
                              call=hm.group(1)))
    status_calls = opts.get('status_calls') or ()
    if status_calls:
        if not isinstance(status_calls, dict):
            status_calls = {n: 1 for n in status_calls}
        for sm in re.finditer(r'(?<![\w])(?:[\w]+\.)?(' + '|'.join(map(re.escape, status_calls)) + r')\s*\(', masked):
            if re.search(r'func\s*(\([^)]*\)\s*)?$', masked[max(0, sm.start() - 200):sm.start()].split('\n')[-1]):
                continue  # the declaration
            args, _ = split_args(masked, sm.end() - 1)
            for s0, t0 in args[status_calls[sm.group(1)]:]:
                expr = t0.strip()
                em = re.fullmatch(r'fmt\.Sprintf\s*\((.*)\)', expr, re.S)
                if em:
                    inner, _ = split_args('(' + em.group(1) + ')', 0)
                    add('condition', expr, s0, sm.group(1), rest=[t for _, t in inner[1:]])
                elif expr[:1] in '"`':
                    if eval_string(expr, consts):
                        add('condition', expr, s0, sm.group(1))
                elif re.fullmatch(r'[a-z_]\w*', expr):
                    # a local `msg := fmt.Sprintf(...)` passed on (constants are entries of their own)
                    if resolve_var(expr, s0):
                        add('condition', expr, s0, sm.group(1), last_only=True)
    if opts.get('message_assignments'):
        # `condition.Message = "kubelet has disk pressure"`: a message set field by field
        for am in re.finditer(r'(?<![\w.])(?:' + opts['message_assignments'] + r')\s*=\s*("(?:[^"\\\n]|\\.)*")\s*$',
                              masked, re.M):
            add('condition', am.group(1), am.start(1), 'assignment')
    if opts.get('error_method_literals'):
        # `func (e X) Error() string { return "literal" }`: the whole error text is a literal
        for em in re.finditer(r'^func\s*\([^)]*\)\s*Error\s*\(\)\s*string\s*\{\s*return\s+("(?:[^"\\\n]|\\.)*")\s*\}',
                              masked, re.M):
            add('error', em.group(1), em.start(1), 'return in Error()')
    for typ, fld in (opts.get('message_fields') or {}).items():
        for fm in re.finditer(r'(?<![\w])' + re.escape(typ) + r'\s*\{', masked):
            args, _ = split_args(masked, fm.end() - 1)
            for s0, t0 in args:
                km = re.match(r'\s*' + re.escape(fld) + r'\s*:\s*(.*)$', t0, re.S)
                if km:
                    expr = km.group(1).strip()
                    rest = None
                    em = re.fullmatch(r'fmt\.Sprintf\s*\((.*)\)', expr, re.S)
                    if em:
                        inner, _ = split_args('(' + em.group(1) + ')', 0)
                        rest = [t for _, t in inner[1:]]
                    add('condition', expr, s0 + km.start(1), f'{typ}.{fld}', rest=rest)

    for m in _COND.finditer(masked):
        typ = m.group(1)
        if typ.endswith('PodCondition') or typ in ('Condition',) and False:
            pass
        args, _ = split_args(masked, m.end() - 1)
        fields = {}
        fstart = {}
        for s, t in args:
            fm = re.match(r'\s*(\w+)\s*:\s*(.*)$', t, re.S)
            if fm:
                fields[fm.group(1)] = fm.group(2).strip()
                fstart[fm.group(1)] = s + fm.start(2)
        if 'Reason' not in fields and 'Message' not in fields:
            continue
        reason = _reason(fields['Reason'], consts) if 'Reason' in fields else None
        cond_type = fields.get('Type', '').strip()
        if 'Message' in fields:
            add('condition', fields['Message'], fstart['Message'], typ, reason=reason,
                extra={'condition_type': cond_type.rsplit('.', 1)[-1]})
        else:
            sites.append(Site(kind='condition', format='', line=_line_of(masked, fstart['Reason'], line_starts),
                              func=func_at(fstart['Reason']), call=typ, reason=reason,
                              extra={'condition_type': cond_type.rsplit('.', 1)[-1]}))
    # panic("...") / panic(fmt.Sprintf(...)): printed as "panic: <msg>" in the container log
    for pm in re.finditer(r'(?<![\w.])panic\s*\(', masked):
        args, _ = split_args(masked, pm.end() - 1)
        if args:
            expr = args[0][1].strip()
            sm = re.fullmatch(r'fmt\.Sprintf\s*\((.*)\)', expr, re.S)
            if sm:
                inner, _ = split_args('(' + sm.group(1) + ')', 0)
                if inner and eval_string(inner[0][1], consts) is not None:
                    add('log', inner[0][1], args[0][0], 'panic(fmt.Sprintf)', rest=[t for _, t in inner[1:]],
                        level='panic')
            elif eval_string(expr, consts) is not None:
                add('log', expr, args[0][0], 'panic', level='panic')

    # string constants named like messages (MessageImportFailed, ...Msg): used as event and
    # condition messages through helpers the call-site scan cannot follow
    seen = {x.format for x in sites}
    name_rx = opts.get('message_consts')
    if name_rx:
        # per-source name rule; the value may join constants of this file (`A + " (x)"`)
        const_rx = (r'^([ \t]*)(const\s+)?(' + name_rx + r')\s*(?:[A-Za-z_][\w.]*\s*)?=\s*'
                    r'((?:"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][\w.]*)(?:\s*\+\s*(?:"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][\w.]*))*)\s*$')
    else:
        const_rx = r'^([ \t]*)(const\s+)?((?:Message|Msg)\w*|\w+(?:Message|Msg))\s*(?:[A-Za-z_][\w.]*\s*)?=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*$'
    for cm in re.finditer(const_rx, masked, re.M):
        if cm.group(1) and cm.group(2):
            continue  # `const x = ...` inside a function body: a local helper (inlined above)
        if name_rx:
            if not re.search(r'["`]', cm.group(4)):
                continue  # an alias of another constant: that one is the entry
            val = eval_string(cm.group(4), {**consts, **file_consts})
            if val is None:
                continue
        else:
            val = unquote(cm.group(4))
        if val in seen or len(val) < 8 or ' ' not in val:
            continue
        seen.add(val)
        sites.append(Site(kind='condition', format=val, line=_line_of(masked, cm.start(4), line_starts),
                          func='', call=f'const {cm.group(3)}'))
    return sites


# ----------------------------------------------------------------------------- matchers

VERB = re.compile(r'%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:\[\d+\])?[a-zA-Z%]')
_RUST_META = set('\\.+*?()|[]{}^$#&-~')
WILD = '.{0,256}?'


def rust_escape(s: str) -> str:
    out = []
    for c in s:
        if c in _RUST_META:
            out.append('\\' + c)
        elif c == '\n':
            out.append('\\n')
        elif c == '\t':
            out.append('\\t')
        elif c == '\r':
            out.append('\\r')
        elif ord(c) < 0x20:
            out.append('\\x%02x' % ord(c))
        else:
            out.append(c)
    return ''.join(out)


def verb_regex(v: str) -> str:
    c = v[-1]
    if c == 'd':
        return '-?[0-9]+'
    if c == 'q':
        return '"[^"]{0,256}"'
    if c == 't':
        return '(?:true|false)'
    return WILD


def literal_parts(fmt: str) -> list[str]:
    return [p.replace('%%', '%') for p in VERB.split(fmt)]


GENERIC = re.compile(r'^(?:failed|error|err|unable|cannot|could not|failed to \w+|error \w+ing|error encountered|failed to connect to|error updating status|unexpected error|internal error|sync error|unknown error)$', re.I)


def make_matcher(fmt: str, min_literal: int = 12) -> str | None:
    if fmt is None:
        return None
    lits = [p for p in literal_parts(fmt)]
    total = ''.join(lits)
    core = re.sub(r'[\s:.,;\-\[\]()"\'=]+', ' ', total).strip()
    if len(core.replace(' ', '')) < min_literal or GENERIC.match(core):
        return None
    # blanks around the message ("The node was low on resource: %v. ") are cut by every
    # table and trimmed line: they are not part of the matcher
    fmt = fmt.strip()

    def lit(text: str) -> str:
        # a line break (with the blanks around it) is any whitespace: events, tables and
        # one-line renderings print it as a space
        return r'\s+'.join(rust_escape(p) for p in re.split(r'[ \t]*\n\s*', text))

    out = []
    pos = 0
    for m in VERB.finditer(fmt):
        out.append(lit(fmt[pos:m.start()]))
        if m.group(0) == '%%':
            out.append('%')
        else:
            out.append(verb_regex(m.group(0)))
        pos = m.end()
    out.append(lit(fmt[pos:]))
    pat = ''.join(out)
    # trim leading/trailing wildcards: the matcher is unanchored anyway
    changed = True
    while changed:
        changed = False
        for w in (WILD,):
            if pat.startswith(w):
                pat = pat[len(w):]
                changed = True
            if pat.endswith(w):
                pat = pat[:-len(w)]
                changed = True
    return pat


def render_sample(fmt: str) -> str:
    def rep(m):
        v = m.group(0)
        c = v[-1]
        if v == '%%':
            return '%'
        if c == 'd':
            return '42'
        if c == 'q':
            return '"sample value"'
        if c == 't':
            return 'true'
        return 'sample: value (x/y)'
    return VERB.sub(rep, fmt)
