"""`make run`: the web server, a Celery worker and beat together; Ctrl-C stops all three."""

import os
import signal
import subprocess
import sys
import time

PORT = os.environ.get("PORT", "8000")
PY = sys.executable


def main() -> int:
    from django.conf import settings  # noqa: F401  (fails early on bad settings)

    commands = {
        "web": [PY, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        "worker": [PY, "-m", "celery", "-A", "rosterhub", "worker", "-l", "info", "--concurrency", "2", "-n", "worker@%h"],
        "beat": [PY, "-m", "celery", "-A", "rosterhub", "beat", "-l", "info"],
    }
    processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
    print(f"\nRosterHub: http://127.0.0.1:{PORT}/  (web, worker and beat running; Ctrl-C stops them)\n", flush=True)

    def stop(*_):
        for p in processes.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in processes.values():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        dead = [n for n, p in processes.items() if p.poll() is not None]
        print(f"RosterHub: {', '.join(dead)} stopped; stopping the rest.", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")
    django.setup()
    sys.exit(main())
