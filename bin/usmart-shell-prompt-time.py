#!/usr/bin/python3
"""Time from `bin/usmart shell` to its first `jshell>` prompt.

usage: usmart-shell-prompt-time.py [N] [--cold]
  --cold  delete target/ first, so the first start builds the kit (mvn package) before the prompt
Standard input is a pipe (a pseudo-terminal makes jshell's line editor wait for terminal
replies), so jshell prints its prompt to standard output like in a terminal session.
"""
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one(timeout=600):
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(ROOT, "bin", "usmart"), "shell"], cwd=ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
    seen = b""
    try:
        while time.monotonic() - t0 < timeout:
            chunk = p.stdout.read(1)
            if not chunk:
                break
            seen += chunk
            if seen.endswith(b"jshell>"):
                elapsed = time.monotonic() - t0
                p.stdin.write(b"/exit\n")
                p.stdin.flush()
                return elapsed, seen.decode("utf-8", "replace")
        return None, seen.decode("utf-8", "replace")
    finally:
        try:
            p.stdin.close()
        except OSError:
            pass
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 3
    if "--cold" in sys.argv:
        shutil.rmtree(os.path.join(ROOT, "target"), ignore_errors=True)
    times = []
    for i in range(n):
        t, text = one()
        if t is None:
            print(f"start {i + 1}: no prompt; output was:\n{text}")
            sys.exit(1)
        banner = next((l for l in text.splitlines() if "connected" in l), "")
        print(f"start {i + 1}: {t:.1f} s to the first prompt  ({banner[:60]}…)", flush=True)
        times.append(t)
    times.sort()
    print(f"median {times[len(times) // 2]:.1f} s over {n} starts")


if __name__ == "__main__":
    main()
