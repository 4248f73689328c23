"""The Python side of `npm run bench:textfsm`: Google's TextFSM (Debian's python3-textfsm) over
the same cases, files read beforehand. Reads a JSON file of cases from argv[1], writes a JSON
result to stdout: the best round's time in ms, with templates compiled before timing (the
fastest way to use TextFSM) and compiled per call (as Netmiko's CliTable does), and each case's
records for comparison."""
import io
import json
import sys
import time

import textfsm

def to_str(value):
    # CliTable's TextTable turns each cell (and each list item) into str().
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)

def run(fsms, raw):
    """CliTable.ParseCmd's work: the first template's table, later ones joined on its Keys."""
    first = fsms[0]
    first.Reset()
    header = list(first.header)
    rows = [[to_str(v) for v in r] for r in first.ParseText(raw)]
    keys = first.GetValuesByAttrib('Key')
    for fsm in fsms[1:]:
        fsm.Reset()
        other = [[to_str(v) for v in r] for r in fsm.ParseText(raw)]
        if not keys:
            keys = fsm.GetValuesByAttrib('Key')
        added = [c for c in fsm.header if c not in header]
        if not added:
            continue
        idx = {c: i for i, c in enumerate(fsm.header)}
        base = {c: i for i, c in enumerate(header)}
        for row in rows:
            row.extend([''] * len(added))
        header.extend(added)
        for i, row in enumerate(rows):
            match = None
            if keys:
                for o in other:
                    if all(row[base[k]] == o[idx[k]] for k in keys):
                        match = o
                        break
            elif i < len(other):
                match = other[i]
            if match:
                for c in added:
                    row[header.index(c)] = match[idx[c]]
    return [dict(zip([h.lower() for h in header], r)) for r in rows]

def main():
    cases = json.load(open(sys.argv[1]))
    rounds = int(sys.argv[2])
    texts = cases['templates']
    compiled = {name: textfsm.TextFSM(io.StringIO(text)) for name, text in texts.items()}
    results = []
    for case in cases['cases']:
        try:
            results.append(run([compiled[n] for n in case['templates']], case['raw']))
        except Exception as e:  # a template Error action: reported, not fatal
            results.append({'error': str(e)})
    best = None
    for _ in range(rounds):
        t = time.perf_counter()
        for case in cases['cases']:
            try:
                run([compiled[n] for n in case['templates']], case['raw'])
            except Exception:
                pass
        ms = (time.perf_counter() - t) * 1000
        best = ms if best is None else min(best, ms)
    t = time.perf_counter()
    for case in cases['cases']:
        try:
            run([textfsm.TextFSM(io.StringIO(texts[n])) for n in case['templates']], case['raw'])
        except Exception:
            pass
    per_call = (time.perf_counter() - t) * 1000
    json.dump({'ms': best, 'perCallMs': per_call, 'results': results}, sys.stdout)

main()
