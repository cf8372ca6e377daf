#!/usr/bin/python3
"""chart_check.py -- checks a report workbook's chart against the report (test_charts.c).

    chart_check.py bars KIND BOOK.xlsx REPORT.json
    chart_check.py trend KIND BOOK.xlsx TREND.json MONTH.json...
    chart_check.py line KIND BOOK.xlsx REPORT.json
    chart_check.py wtrend attendance BOOK.xlsx TREND.json WEEK.json...

bars: KIND is visits, duties, attendance, consume, tasks (a task board), ledger (the ledger
board, by area), service (`service report`, closed of opened) or projects (`project board`,
paid of budget by unit, its cells summed); REPORT.json is `zhucun --json ...` of the same
report. The chart sheet 图表 holds one column chart whose first series is the report's
rows (label, rate) sorted lowest rate first (equal rates by label) and whose second series is
the unit's own rate (the average) with a straight trendline drawn as the line.

wtrend: `zhucun --json attendance report --trend` against each week's own report (WEEK.json,
oldest first): the same total line, and the workbook's line chart the weeks' rates.

line: a report by month (KIND service, `--by month`) as one line chart in the rows' order,
each point the row's rate as for bars.

trend: KIND is visits or duties; TREND.json is `zhucun --json report KIND --trend ...`; each
MONTH.json is the month's own `zhucun --json report KIND --period ...`, oldest first. The trend's months equal
the months' totals, and the workbook's line chart equals the trend.

Both read the chart's XML from the xlsx zip (openpyxl does not load charts from files) and the
cells its ranges name with openpyxl (python3-openpyxl, installed by tests/run). Prints what
differs and exits 1, or exits 0.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def fail(msg):
    print("chart_check: " + msg)
    sys.exit(1)


def rate(met, due):
    return met / due if due else 0.0


def expected_bars(kind, report):
    """The report's rows as (label, rate), and the unit's own rate."""
    if kind == "visits":
        rows = [(r.get("name", ""), rate(r.get("met", 0), r.get("due", 0)))
                for r in report.get("rows", [])]
        t = report["total"]
        return rows, rate(t.get("met", 0), t.get("due", 0))
    if kind == "duties":
        rows = [(r.get("name", ""), r.get("rate", 0.0)) for r in report.get("rows", [])]
        return rows, report["total"].get("rate", 0.0)
    if kind == "attendance":
        rows = [(r.get("org_name", ""), rate(r.get("met", 0), r.get("cadres", 0)))
                for r in report.get("by_org", [])]
        t = report.get("total", {})
        return rows, rate(t.get("met", 0), t.get("cadres", 0))
    if kind == "consume":
        units = [u for u in report.get("units", []) if u.get("has_quota", False)]
        rows = [(u.get("name", ""), int(u.get("permille", 0)) / 1000.0) for u in units]
        quota = sum(int(u.get("quota", 0)) for u in units)
        counted = sum(int(u.get("counted", 0)) for u in units)
        return rows, counted / quota if quota else 0.0
    if kind == "tasks":
        def label(r):
            team = int(r.get("team_id", 0))
            return f"{r.get('name', '')} #{team}" if team > 0 else \
                f"{r.get('name', '')} {r.get('code', '')}"
        rows = [(label(r), rate(int(r["counts"].get("done", 0)), int(r["counts"].get("total", 0))))
                for r in report.get("rows", [])]
        k = report.get("counts", {})
        return rows, rate(int(k.get("done", 0)), int(k.get("total", 0)))
    if kind == "ledger":
        def done_share(r):
            counts = [int(r.get(f, 0)) for f in ("overdue", "open", "in_progress", "done")]
            return rate(counts[3], sum(counts))
        rows = [(r.get("label", ""), done_share(r)) for r in report.get("rows", [])]
        return rows, done_share(report.get("total", {}))
    if kind == "service":
        rows = [(r.get("label", ""), rate(int(r.get("closed", 0)), int(r.get("opened", 0))))
                for r in report.get("rows", [])]
        opened = sum(int(r.get("opened", 0)) for r in report.get("rows", []))
        closed = sum(int(r.get("closed", 0)) for r in report.get("rows", []))
        return rows, rate(closed, opened)
    if kind == "projects":
        units = {}
        for c in report.get("cells", []):
            u = units.setdefault(c.get("code", ""), [c.get("name", ""), 0, 0])
            u[1] += int(c.get("budget_fen", 0))
            u[2] += int(c.get("disbursed_fen", 0))
        rows = [(name, rate(paid, budget)) for name, budget, paid in units.values()]
        budget = sum(u[1] for u in units.values())
        paid = sum(u[2] for u in units.values())
        return rows, rate(paid, budget)
    fail("unknown report kind " + kind)


def resolve(book, ref):
    """The values of the cells a chart range such as '图表数据'!$A$4:$A$9 names."""
    m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", ref)
    if m is None:
        fail("unreadable range " + ref)
    ws = book[m.group(1)]
    cells = ws[f"{m.group(2)}{m.group(3)}:{m.group(4)}{m.group(5)}"]
    return [row[0].value for row in cells]


def series(book, ser):
    """(name, categories, values) of a c:ser, checking each cache against the cells."""
    name = "".join(t.text or "" for t in ser.iterfind("c:tx//c:v", NS)) or \
        "".join(t.text or "" for t in ser.iterfind("c:tx//a:t", NS))
    out = []
    for part, ref_tag, cache_tag in (("c:cat", "c:strRef", "c:strCache"),
                                     ("c:val", "c:numRef", "c:numCache")):
        ref = ser.find(f"{part}/{ref_tag}", NS)
        if ref is None:
            fail(f"series {name}: no {part}/{ref_tag}")
        cells = resolve(book, ref.find("c:f", NS).text)
        pts = {int(p.get("idx")): p.find("c:v", NS).text
               for p in ref.iterfind(f"{cache_tag}/c:pt", NS)}
        cache = [pts.get(i) for i in range(len(cells))]
        if part == "c:val":
            cache = [float(v) if v is not None else None for v in cache]
            if any(v is None or abs(v - c) > 1e-9 for v, c in zip(cache, cells)):
                fail(f"series {name}: cached values {cache} differ from the cells {cells}")
        elif cache != cells:
            fail(f"series {name}: cached labels {cache} differ from the cells {cells}")
        out.append(cells)
    return name, out[0], out[1]


def chart_xml(path):
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        if len(names) != 1:
            fail(f"{path}: {len(names)} charts, expected one")
        return ET.fromstring(z.read(names[0]))


def title_of(root):
    return "".join(t.text or "" for t in root.iterfind("c:chart/c:title//a:t", NS))


def chart_series(path, plot, count):
    """The workbook, and the series of its one chart, whose plot (barChart, lineChart) holds
    count series, under a Chinese title, beside the chart sheet 图表."""
    book = openpyxl.load_workbook(path)
    if "图表" not in book.sheetnames:
        fail(f"{path}: no chart sheet 图表 among {book.sheetnames}")
    root = chart_xml(path)
    if root.find(f"c:chart/c:plotArea/c:{plot}", NS) is None:
        fail(f"the chart is not a {plot}")
    if not re.search(r"[\u4e00-\u9fff]", title_of(root)):
        fail(f"the chart's title {title_of(root)!r} is not Chinese")
    sers = root.findall(f"c:chart/c:plotArea/c:{plot}/c:ser", NS)
    if len(sers) != count:
        fail(f"{len(sers)} series in the {plot}, expected {count}")
    return book, sers


def close(a, b):
    return len(a) == len(b) and all(abs(x - y) <= 1e-9 for x, y in zip(a, b))


def check_one_line(path, points, what):
    """The workbook's one line chart holds points, [(label, rate)], in that order."""
    book, sers = chart_series(path, "lineChart", 1)
    _, labels, values = series(book, sers[0])
    if labels != [p[0] for p in points] or not close(values, [p[1] for p in points]):
        fail(f"the line {list(zip(labels, values))} differs from {what} {points}")


def report_rows(kind, report_path):
    """The report's rows as (label, rate) and its own rate (expected_bars), two rows or more."""
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    rows, average = expected_bars(kind, report)
    if len(rows) < 2:
        fail(f"{report_path}: {len(rows)} rows; the test needs two or more")
    return rows, average


def check_bars(kind, path, report_path):
    rows, average = report_rows(kind, report_path)
    want = sorted(rows, key=lambda r: (r[1], r[0].encode("utf-8")))
    book, sers = chart_series(path, "barChart", 2)  # the rates and the average
    _, labels, values = series(book, sers[0])
    if labels != [r[0] for r in want] or not close(values, [r[1] for r in want]):
        fail(f"bars {list(zip(labels, values))} differ from the report's rows sorted {want}")
    if any(values[i] > values[i + 1] for i in range(len(values) - 1)):
        fail(f"bars not sorted: {values}")
    name, labels2, averages = series(book, sers[1])
    if labels2 != labels or not close(averages, [average] * len(rows)):
        fail(f"average series {averages} is not the unit's own rate {average}")
    if sers[1].find("c:trendline", NS) is None:
        fail("the average has no line")
    print(f"chart_check: {kind}: {len(rows)} bars sorted, average {average:.4f} ({name})")


def check_trend(kind, path, trend_path, month_paths):
    with open(trend_path, encoding="utf-8") as f:
        trend = json.load(f)
    if trend.get("report") != kind:
        fail(f"the trend is of {trend.get('report')!r}, expected {kind}")
    months = trend.get("months", [])
    if len(months) != len(month_paths):
        fail(f"the trend has {len(months)} months, expected {len(month_paths)}")
    counts = ("due", "met", "overdue", "open") + (("visits",) if kind == "visits" else ())
    for m, mp in zip(months, month_paths):
        with open(mp, encoding="utf-8") as f:
            report = json.load(f)
        t = report["total"]
        for k in counts:
            if m.get(k, 0) != t.get(k, 0):
                fail(f"{m['period']}: the trend's {k} {m.get(k, 0)} differs from the month's "
                     f"report {t.get(k, 0)}")
        if m["period"] != report["period"] or m.get("as_of") != report.get("as_of"):
            fail(f"{m['period']}: period or as_of differs from the month's report")
        want = rate(t.get("met", 0), t.get("due", 0)) if kind == "visits" else t.get("rate", 0.0)
        if abs(m.get("rate", 0.0) - want) > 1e-12:
            fail(f"{m['period']}: the rate differs from the month's report")
    check_one_line(path, [(m["period"], m.get("rate", 0.0)) for m in months], "the trend")
    print(f"chart_check: {kind} trend: {len(months)} months equal the monthly reports and the line")


def check_week_trend(kind, path, trend_path, week_paths):
    """zhucun --json attendance report --trend: each week the total line of its own report,
    and the workbook's line chart the weeks' rates."""
    with open(trend_path, encoding="utf-8") as f:
        trend = json.load(f)
    weeks = trend.get("weeks", [])
    if len(weeks) != len(week_paths):
        fail(f"the trend has {len(weeks)} weeks, expected {len(week_paths)}")
    for w, wp in zip(weeks, week_paths):
        with open(wp, encoding="utf-8") as f:
            report = json.load(f)
        t = report.get("total", {})
        for k in ("cadres", "met", "fell_short", "excused_days", "flagged"):
            if w.get(k, 0) != t.get(k, 0):
                fail(f"{w['week']}: the trend's {k} {w.get(k, 0)} differs from the week's "
                     f"report {t.get(k, 0)}")
        if w["week"] != report["week"] or w.get("monday") != report.get("monday") or \
                w.get("running", False) != report.get("running", False):
            fail(f"{w['week']}: week, monday or running differs from the week's report")
        if abs(w.get("rate", 0.0) - rate(t.get("met", 0), t.get("cadres", 0))) > 1e-12:
            fail(f"{w['week']}: the rate differs from the week's report")
    check_one_line(path, [(w["week"], w.get("rate", 0.0)) for w in weeks], "the trend")
    print(f"chart_check: {kind} trend: {len(weeks)} weeks equal the weekly reports and the line")


def check_line(kind, path, report_path):
    """A report by month drawn as one line in the rows' order (service --by month)."""
    rows, _ = report_rows(kind, report_path)
    check_one_line(path, rows, "the report's rows")
    print(f"chart_check: {kind} line: {len(rows)} points in the report's order")


def main(argv):
    if len(argv) == 5 and argv[1] == "bars":
        check_bars(argv[2], argv[3], argv[4])
    elif len(argv) >= 5 and argv[1] == "wtrend":
        check_week_trend(argv[2], argv[3], argv[4], argv[5:])
    elif len(argv) == 5 and argv[1] == "line":
        check_line(argv[2], argv[3], argv[4])
    elif len(argv) >= 5 and argv[1] == "trend":
        check_trend(argv[2], argv[3], argv[4], argv[5:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
