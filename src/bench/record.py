#!/usr/bin/env python3
"""Puts a generated report into one section of RESULTS.md, between <!-- NAME:begin --> and <!-- NAME:end -->,
leaving everything else in the file as it is. Usage: record.py RESULTS.md NAME REPORT-FILE"""
import pathlib
import sys

results, name, report = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3]).read_text().strip()
begin, end = f"<!-- {name}:begin (generated, do not edit by hand) -->", f"<!-- {name}:end -->"
text = results.read_text() if results.exists() else "# Benchmark and scale-out results\n"
block = f"{begin}\n{report}\n{end}"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + block + rest.split(end, 1)[1]
else:
    text = text.rstrip() + "\n\n" + block + "\n"
results.write_text(text)
