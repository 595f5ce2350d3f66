#!/usr/bin/python3
"""Start a Jupyter kernel N times in a row and count the starts that hang.

usage: usmart-kernel-starts.py N KERNEL_NAME [KERNEL_NAME...]   (JUPYTER_PATH must find the kernelspecs)

With several kernels, the starts take turns (one of each, N rounds), so that the load of a shared
machine weighs on all of them alike; each kernel gets its own summary line.

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
    n, names = int(sys.argv[1]), sys.argv[2:]
    stats = {name: {"ok": 0, "hang": 0, "error": 0, "times": [], "noisy": 0} for name in names}
    for i in range(n):
        for name in names:
            st = stats[name]
            with tempfile.TemporaryFile(mode="w+") as err:
                result, secs = one_start(name, err)
                err.seek(0)
                lines = err.read().splitlines()
            st[result] += 1
            st["noisy"] += len(lines) > 1
            if result == "ok":
                st["times"].append(secs)
            extra = f"  ({len(lines)} stderr lines: {lines[1][:80]})" if len(lines) > 1 else ""
            label = f" {name}" if len(names) > 1 else ""
            print(f"start {i + 1:3d}/{n}{label}: {result:5s} {secs:5.1f} s{extra}", flush=True)
    for name in names:
        st = stats[name]
        times = sorted(st["times"])
        median = times[len(times) // 2] if times else float("nan")
        label = f"{name}: " if len(names) > 1 else ""
        print(f"{label}{n} starts: {st['ok']} ok, {st['hang']} hung, {st['error']} errors; "
              f"median start-to-first-result {median:.1f} s; {st['noisy']} with more than one stderr line")
    sys.exit(0 if all(st["hang"] == 0 and st["error"] == 0 for st in stats.values()) else 1)


if __name__ == "__main__":
    main()
