#!/usr/bin/python3
"""Start a Jupyter kernel N times in a row and count the starts that hang.

usage: usmart-kernel-starts.py N KERNEL_NAME   (JUPYTER_PATH must point at the kernelspec)

A start counts as good when the kernel answers kernel_info and runs `1 + 1` within the
timeout; otherwise it is a hang. Each kernel is shut down (killed if needed) before the next.
Also counts the starts whose stderr held more than one line (the kit's kernel prints one line;
anything else is a warning or rapaio's own start-up log).
"""
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 30


def one_start(name, err):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=err)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        reply = kc.execute_interactive("1 + 1", timeout=TIMEOUT, output_hook=lambda m: None)
        ok = reply["content"]["status"] == "ok"
        return ("ok" if ok else "error"), time.monotonic() - t0
    except Exception as e:
        # jupyter_client raises RuntimeError/TimeoutError both for a silent kernel and a dead one
        if not km.is_alive() or "died" in str(e):
            return "error", time.monotonic() - t0
        return "hang", time.monotonic() - t0
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass


def main():
    n, name = int(sys.argv[1]), sys.argv[2]
    counts = {"ok": 0, "hang": 0, "error": 0}
    times = []
    noisy = 0
    for i in range(n):
        with tempfile.TemporaryFile(mode="w+") as err:
            result, secs = one_start(name, err)
            err.seek(0)
            lines = err.read().splitlines()
        counts[result] += 1
        noisy += len(lines) > 1
        if result == "ok":
            times.append(secs)
        extra = f"  ({len(lines)} stderr lines: {lines[1][:80] if len(lines) > 1 else ''})" if len(lines) > 1 else ""
        print(f"start {i + 1:3d}/{n}: {result:5s} {secs:5.1f} s{extra}", flush=True)
    times.sort()
    median = times[len(times) // 2] if times else float("nan")
    print(f"{n} starts: {counts['ok']} ok, {counts['hang']} hung, {counts['error']} errors; "
          f"median start-to-first-result {median:.1f} s; {noisy} with more than one stderr line")
    sys.exit(0 if counts["hang"] == 0 and counts["error"] == 0 else 1)


if __name__ == "__main__":
    main()
