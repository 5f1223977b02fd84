"""Admin actions (trigger a crawl, a reindex), only behind a token.

The blueprint is registered only when ``Settings.admin_token`` is set, so a
server started without one has no admin endpoints at all (404). Tokens are
compared with :func:`hmac.compare_digest` (constant time). The web process
itself stays read-only: an action runs the ordinary ``kiemsat`` command in a
child process over the same data directory, one at a time, and its status and
the tail of its output can be polled.
"""

from __future__ import annotations

import hmac
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from search_api.api.services import services
from search_api.params import no_params

admin = Blueprint("admin", __name__, url_prefix="/api/admin")

#: action → the ``kiemsat`` arguments it runs (fixed: nothing from the request reaches the command)
ACTIONS: dict[str, list[str]] = {
    "crawl": ["crawl", "--all", "--no-progress"],
    "reindex": ["reindex"],
}
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Job:
    id: str
    action: str
    started_at: float
    process: subprocess.Popen | None = None
    returncode: int | None = None
    finished_at: float | None = None
    output: deque = field(default_factory=lambda: deque(maxlen=200))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": self.action,
            "status": "running"
            if self.returncode is None
            else ("ok" if self.returncode == 0 else "failed"),
            "returncode": self.returncode,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "output": list(self.output)[-50:],
        }


class Jobs:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.running: Job | None = None

    def start(self, action: str, data_dir: Path) -> Job:
        with self.lock:
            if self.running is not None and self.running.returncode is None:
                abort(
                    409,
                    description=f"job {self.running.id} ({self.running.action}) is still running",
                )
            job = Job(id=uuid.uuid4().hex[:12], action=action, started_at=time.time())
            job.process = subprocess.Popen(
                [sys.executable, "-m", "kiemsat", "--data-dir", str(data_dir), *ACTIONS[action]],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
            )
            self.jobs[job.id] = job
            self.running = job
        threading.Thread(target=self._follow, args=(job,), daemon=True).start()
        return job

    @staticmethod
    def _follow(job: Job) -> None:
        assert job.process is not None and job.process.stdout is not None
        for line in job.process.stdout:
            job.output.append(line.rstrip("\n"))
        job.returncode = job.process.wait()
        job.finished_at = time.time()


_jobs = Jobs()


@admin.before_request
def _check_token() -> None:
    expected = services().settings.admin_token
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.startswith("Bearer ") else ""
    if not expected or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        abort(401, description="admin token missing or wrong (Authorization: Bearer <token>)")


@admin.post("/<action>")
def run(action: str) -> tuple[Response, int]:
    no_params(request.args)
    if action not in ACTIONS:
        abort(404, description=f"no admin action {action[:40]!r}; actions: {', '.join(ACTIONS)}")
    job = _jobs.start(action, services().settings.data_dir)
    return jsonify(job.as_dict()), 202


@admin.get("/jobs/<job_id>")
def job_status(job_id: str) -> Response:
    no_params(request.args)
    job = _jobs.jobs.get(job_id)
    if job is None:
        abort(404, description=f"no job {job_id[:40]!r}")
    return jsonify(job.as_dict())
