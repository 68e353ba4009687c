"""
``haven serve``: migrate, load the demo camp when empty, create accounts, serve.

It runs the background-job worker (``haven worker``) beside gunicorn, so the one
command a newcomer types serves the pages and runs their jobs; stopping it (Ctrl-C
or SIGTERM) stops both.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess  # noqa: S404  (the worker and gunicorn are children)
import sys
import time
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve",
        help="set up the database and serve the application with gunicorn",
        description="Apply migrations, load the demo camp if the database is empty, "
        "create the demo accounts, collect static files and serve with gunicorn.",
    )
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--demo-size", type=int, default=7000)
    parser.add_argument("--demo-seed", type=int, default=2016)
    parser.add_argument(
        "--no-demo", action="store_true", help="do not load the demo camp"
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the background-job worker (run `haven worker` apart)",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="set everything up but do not serve"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Prepare the database, then run the job worker and gunicorn until stopped."""
    from haven.cli.setup import django_setup

    django_setup()
    from django.core.management import call_command
    from django.utils import timezone

    from haven.apps.accounts.demo import demo_accounts_ensure
    from haven.apps.operations.durability import durability_check_or_exit
    from haven.apps.people.demo import demo_camp_load
    from haven.apps.people.models import Person
    from haven.apps.placements.demo import ledger_demo_load
    from haven.apps.sharing.demo import sharing_demo_load
    from haven.synthetic import generate_camp
    from haven.synthetic.twins import demo_twins

    durability_check_or_exit()
    call_command("migrate", interactive=False, verbosity=0)
    if not args.no_demo and not Person.objects.exists():
        print(
            f"loading the demo camp ({args.demo_size} people, seed {args.demo_seed})…",
            flush=True,
        )
        result = demo_camp_load(
            generate_camp(
                args.demo_size,
                args.demo_seed,
                reference_date=timezone.localdate(),
                twins=demo_twins(args.demo_size),
            )
        )
        print(
            f"loaded {result.people} people and {result.registrations} registrations",
            flush=True,
        )
    if not args.no_demo:
        ledger_demo_load(today=timezone.localdate(), reference=timezone.localdate())
        sharing_demo_load(today=timezone.localdate())
    accounts = demo_accounts_ensure()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(
        "\nDemo accounts (user name / password / TOTP key for an authenticator "
        "app / role):"
    )
    for username, password, totp_key, role in accounts:
        print(f"  {username:<14} {password:<18} {totp_key:<34} {role}")
    print(
        "\nWithout an authenticator app, `.venv/bin/haven demo-code USER` prints the "
        "code valid now."
    )
    print(f"\nhaven is served at http://{args.bind}/  (Ctrl-C stops it)\n", flush=True)
    if args.prepare_only:
        return 0
    bin_dir = str(Path(sys.executable).parent)
    gunicorn = shutil.which("gunicorn", path=bin_dir) or "gunicorn"
    argv = [
        gunicorn,
        "haven.config.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
    ]
    children: list[subprocess.Popen[bytes]] = []
    if not args.no_worker:
        haven = shutil.which("haven", path=bin_dir) or "haven"
        children.append(subprocess.Popen([haven, "worker"]))  # noqa: S603  (our own command)
    children.append(subprocess.Popen(argv))  # noqa: S603  (gunicorn from our venv)
    return _supervise(children)


def _supervise(children: list[subprocess.Popen[bytes]]) -> int:
    """Wait until a child stops or we are told to stop; then stop them all."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    status = 0
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        status = next(c.returncode for c in children if c.returncode is not None)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return status
