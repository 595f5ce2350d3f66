#!/usr/bin/python3
"""Time from `bin/usmart shell` to its first `jshell>` prompt, in a pseudo-terminal.

usage: usmart-shell-prompt-time.py [N] [--cold]
  --cold  delete target/usmart-kit.jar first, so the first start rebuilds the kit (mvn package)
Prints each time and the median.
"""
import os
import pty
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one(timeout=300):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execv(os.path.join(ROOT, "bin", "usmart"), ["usmart", "shell"])
    t0 = time.monotonic()
    seen = b""
    try:
        while time.monotonic() - t0 < timeout:
            r, _, _ = select.select([fd], [], [], 1)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if b"jshell>" in seen:
                    elapsed = time.monotonic() - t0
                    os.write(fd, b"/exit\n")
                    return elapsed, seen.decode("utf-8", "replace")
        return None, seen.decode("utf-8", "replace")
    finally:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 3
    if "--cold" in sys.argv:
        for f in ("target/usmart-kit.jar",):
            p = os.path.join(ROOT, f)
            if os.path.exists(p):
                os.remove(p)
    times = []
    for i in range(n):
        t, text = one()
        if t is None:
            print(f"start {i + 1}: no prompt; output was:\n{text}")
            sys.exit(1)
        banner = [l for l in text.splitlines() if "SANDBOX" in l or "connected" in l.lower()]
        print(f"start {i + 1}: {t:.1f} s to the first prompt  {banner[:1]}", flush=True)
        times.append(t)
    times.sort()
    print(f"median {times[len(times) // 2]:.1f} s over {n} starts")


if __name__ == "__main__":
    main()
