#!/usr/bin/python3
"""One kernel session for KernelIT: start a kernel, run cells (interrupting some), shut it down.

Reads a JSON plan on stdin:
  {"kernel": NAME, "cells": [{"code": "...", "interrupt_on": TEXT (optional), "timeout": SECONDS}]}
A cell with "interrupt_on" is interrupted (Jupyter's interrupt_request) once its output shows TEXT, so
only when it really runs, and again every 2 s until it is answered, as a user would press again.
and prints one JSON document on stdout:
  {"key": the connection file's HMAC key, "stdout": ..., "stderr": ... (the kernel process's own),
   "cells": [{"status": "ok" | "error" | "timeout", "outputs": [{"type", "text", "html", "ename", "evalue", "traceback"}]}]}
The kernel's environment is this process's (JUPYTER_PATH finds the kernelspec).
"""
import json
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager


def run_cell(km, kc, cell):
    msg_id = kc.execute(cell["code"])
    deadline = time.monotonic() + cell.get("timeout", 60)
    interrupt_on, interrupt_at = cell.get("interrupt_on"), None
    outputs, status, idle = [], None, False
    while time.monotonic() < deadline and not (status and idle):
        if interrupt_at is not None and time.monotonic() >= interrupt_at and status is None:
            km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on the control channel
            interrupt_at = time.monotonic() + 2
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
            if msg["parent_header"].get("msg_id") == msg_id:
                kind, c = msg["msg_type"], msg["content"]
                if kind == "status":
                    idle = idle or c["execution_state"] == "idle"
                elif kind in ("execute_result", "display_data", "stream", "error"):
                    if interrupt_on and interrupt_at is None and interrupt_on in c.get("text", ""):
                        interrupt_at = time.monotonic()
                    data = c.get("data", {})
                    outputs.append({"type": kind, "text": c.get("text", data.get("text/plain")),
                                    "html": data.get("text/html"), "ename": c.get("ename"),
                                    "evalue": c.get("evalue"), "traceback": c.get("traceback")})
        except Empty:
            pass
        try:
            reply = kc.get_shell_msg(timeout=0)
            if reply["parent_header"].get("msg_id") == msg_id:
                status = reply["content"]["status"]
        except Empty:
            pass
    return {"status": status if status and idle else "timeout", "outputs": outputs}


def main():
    plan = json.load(sys.stdin)
    out = tempfile.TemporaryFile(mode="w+")
    err = tempfile.TemporaryFile(mode="w+")
    km = KernelManager(kernel_name=plan["kernel"])
    km.start_kernel(stdout=out, stderr=err)
    kc = km.client()
    kc.start_channels()
    result = {"cells": []}
    try:
        with open(km.connection_file) as f:
            result["key"] = json.load(f)["key"]
        kc.wait_for_ready(timeout=plan.get("startup_timeout", 60))
        for cell in plan["cells"]:
            result["cells"].append(run_cell(km, kc, cell))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    out.seek(0)
    err.seek(0)
    result["stdout"], result["stderr"] = out.read(), err.read()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
