#!/usr/bin/env python3
"""Render docs/grafana/dashboard.png: evaluate the dashboard's PromQL against a running
Prometheus over its HTTP API, the way Grafana would ($job and $instance: all, $__interval:
the step, $__rate_interval: max(step + scrape interval, 4 x scrape interval)), and draw
the panels with page.html (inline canvas code, no network) in headless Chromium. This is
not Grafana: it only draws time series (lines or stacked bars) and the table.

  python3 render.py DASHBOARD.json http://127.0.0.1:9090 START END STEP SCRAPE OUT.png

START and END are in seconds since the epoch, STEP and SCRAPE in seconds.
"""
import json, os, subprocess, sys, tempfile, urllib.parse, urllib.request

dash_path, prom, start, end, step, scrape, out = sys.argv[1:8]
start, end, step, scrape = float(start), float(end), int(step), int(scrape)
rate = max(step + scrape, 4 * scrape)
dash = json.load(open(dash_path))

def subst(expr):
    return (expr.replace('$__rate_interval', f'{rate}s').replace('$__interval', f'{step}s')
            .replace('"$job"', '".*"').replace('"$instance"', '".*"'))

def api(path, **params):
    url = f'{prom}/api/v1/{path}?' + urllib.parse.urlencode(params)
    d = json.load(urllib.request.urlopen(url))
    assert d['status'] == 'success', d
    return d['data']['result']

def legend(fmt, metric):
    s = fmt
    for k, v in metric.items():
        s = s.replace('{{' + k + '}}', v)
    return s

panels = []
for p in dash['panels']:
    out_p = {'title': p['title'], 'type': p['type'], 'grid': p['gridPos'], 'series': [], 'rows': []}
    defaults = p.get('fieldConfig', {}).get('defaults', {})
    out_p['unit'] = defaults.get('unit', 'short')
    out_p['bars'] = defaults.get('custom', {}).get('drawStyle') == 'bars'
    steps = defaults.get('thresholds', {}).get('steps', [])
    out_p['threshold'] = next((s['value'] for s in steps if s['value'] is not None), None)
    if p['type'] == 'table':
        rows = {}
        for t in p['targets']:
            for r in api('query', query=subst(t['expr']), time=end):
                key = (r['metric'].get('instance'), r['metric'].get('reason'), r['metric'].get('outcome'))
                rows.setdefault(key, {})[t['refId']] = float(r['value'][1])
        for key, vals in sorted(rows.items()):
            out_p['rows'].append(list(key) + [vals.get(k) for k in 'ABCD'])
    else:
        for t in p['targets']:
            for r in api('query_range', query=subst(t['expr']), start=start, end=end, step=step):
                pts = [[float(ts), float(v)] for ts, v in r['values']]
                out_p['series'].append({'name': legend(t['legendFormat'], r['metric']), 'points': pts})
    panels.append(out_p)

data = {'start': start, 'end': end, 'step': step, 'title': dash['title'], 'panels': panels}
here = os.path.dirname(os.path.abspath(__file__))
html = open(os.path.join(here, 'page.html')).read().replace('/*DATA*/null', json.dumps(data))
with tempfile.NamedTemporaryFile('w', suffix='.html', delete=False) as f:
    f.write(html)
page = f.name
subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                '--force-device-scale-factor=1', f'--screenshot={os.path.abspath(out)}', '--window-size=1500,880',
                'file://' + page], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.remove(page)
print('wrote', out)
