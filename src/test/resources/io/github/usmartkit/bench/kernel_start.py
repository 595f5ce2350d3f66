#!/usr/bin/python3
"""One start of a Jupyter kernel, for `bin/usmart bench kernel`: start it, wait for kernel_info,
run `1 + 1`, shut it down. Prints the seconds from start to the result; exit 1 if it hung or failed.

usage: kernel_start.py KERNEL_NAME   (JUPYTER_PATH must find the kernelspec)
"""
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 60


def main():
    km = KernelManager(kernel_name=sys.argv[1])
    t0 = time.monotonic()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        reply = kc.execute_interactive("1 + 1", timeout=TIMEOUT, output_hook=lambda m: None)
        elapsed = time.monotonic() - t0
        if reply["content"]["status"] != "ok":
            print(f"error: {reply['content']}", file=sys.stderr)
            sys.exit(1)
        print(f"{elapsed:.4f}")
    except Exception as e:
        print(f"no result within {TIMEOUT} s: {type(e).__name__} {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass


if __name__ == "__main__":
    main()
