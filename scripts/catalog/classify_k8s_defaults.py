"""Fall-back rules shared by the CSI and CNI rule tables (classify_csi_*.py, classify_multus.py,
...): appended after each source's own rules, before classify_common's final defaults.

Every rule here gives `wrapper` or `benign` (never a cause) and its `why` starts with
"default:", so the entries they classify can be told apart and reviewed in bulk.
"""
from __future__ import annotations

# generic envelope: the outer text says which step failed, the inner %v/%w says why
ENVELOPE = (r'(: ?|, |err:? |error:? |Reason: |with error: |\. |; |-> |\(|= |- |\[)%[-+#]?[vsqw]\)?\]?\.?\s*(\\n)?\s*$'
            r'|%[vw]$|\(%[vw]\)$|, output: %s$|%v: .%v.$|%[vs] : %v$|\n\s*%[qs]\n?$|: %v\n\s*%q$|%w, stderr: %q$'
            r'|stderr:? %[sq]$|with error:? %[+]?v$')
TEARDOWN = (r'\b(cmdDel|CmdDel|delet(e|ing|ion)|remov(e|ing|al)|clean ?up|cleaning|unmount(ing)?|tear ?down|teardown|'
            r'releas(e|ing)|restor(e|ing)|unmap(ping)?|unstage|unpublish|detach(ing)? (from|the) host|undo(ing)?|'
            r'rollback|purg(e|ing)|unlock|garbage)\b')


def add_defaults(R):
    R('benign', None, 'default: test/fake/sample/Windows-only code', path=r'(^|/)(fake|mock|sample|windows|hns)|fake_|_windows\.go|testing\.go')
    R('wrapper', r'^%[-+#]?[vsqw]$|^%[vsw]: %[vsw]$|^%[vsw] %[vsw]$|^%[vsw], %[vsw]$|^%s ERRORED: %v$|^\[%s/%s %s\] pod uid %s: %v$',
      'default: the message is the inner error (dynamic); match it in turn')
    R('benign', TEARDOWN, 'default: teardown/cleanup path (delete, unmount, release, restore); not what keeps a VM from starting')
    R('wrapper', ENVELOPE, 'default: outer text is generic, the inner %v/%w error decides')
    R('wrapper', None, 'default: structured log; the error is in its err= field', kind='log', call=r'(ErrorS|logger\.Error|klog\.Error)$')
    R('benign', r'deprecated|is not supported|not implemented|must be (set|specified|provided)|is required|missing in request|cannot be empty|invalid (argument|value|parameter|config)|^invalid ', 'default: validation/configuration error (request or config rejected)')
