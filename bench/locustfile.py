"""Load test: 20 users for 60 s over the dashboard, the roster grid and the WFH approvals together.

Against gunicorn on PostgreSQL with the demo world (README "Demo"), e.g.:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rh_load .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py seed_demo
    DATABASE_URL=… CELERY_TASK_ALWAYS_EAGER=true .venv/bin/gunicorn rosterhub.wsgi -w 3 -b 127.0.0.1:8101
    .venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 5 -t 60s -H http://127.0.0.1:8101 --only-summary

Not a pytest test. Inspectors and HR officers read the attendance dashboard; HR officers page the roster grid
and write cells; unit heads open their queue and approve (or reject) a pending request when one is left.
Any 5xx, failed login or wrong page counts as an error in locust's summary.
"""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "RosterHub-2024!"  # the demo password (demo/)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNIT_SELECT = re.compile(r'<select name="unit".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
PENDING = re.compile(r'href="/wfh/(\d+)/"')
DAY = re.compile(r'name="approve" value="(\d{4}-\d{2}-\d{2})"')


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        page = self.client.get("/masuk/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post("/masuk/", {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                              name="login", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} failed ({response.status_code})")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Inspector(SignedIn):
    weight = 6
    username = "inspektur_bekasi"

    @task(3)
    def dashboard(self):
        self.client.get("/kehadiran/?start=2024-04-15&end=2024-04-19", name="dashboard")

    @task(1)
    def findings(self):
        self.client.get("/temuan/", name="findings")


class HrOfficer(SignedIn):
    weight = 8
    username = "hr_bekasi"
    units: list[str] = []

    @task(3)
    def roster_grid(self):
        page = self.client.get("/jadwal/?mulai=2024-04-15", name="roster grid")
        select = UNIT_SELECT.search(page.text)
        self.units = self.units or (OPTION.findall(select.group(0))[:20] if select else [])
        if self.units:
            self.client.get(f"/jadwal/?unit={random.choice(self.units)}&mulai=2024-04-15", name="roster grid (unit)")

    @task(2)
    def dashboard(self):
        self.client.get("/kehadiran/?start=2024-04-15&end=2024-04-19", name="dashboard")


class UnitHead(SignedIn):
    weight = 6
    username = "plt_kabag_umum_bekasi"

    @task(3)
    def queue(self):
        self.client.get("/wfh/antrean/", name="approval queue")

    @task(1)
    def decide(self):
        queue = self.client.get("/wfh/antrean/", name="approval queue")
        pending = PENDING.findall(queue.text)
        if not pending:
            return
        pk = random.choice(pending)
        detail = self.client.get(f"/wfh/{pk}/", name="request detail")
        days = DAY.findall(detail.text)
        data = {"csrfmiddlewaretoken": self.csrf(), "note": "uji beban", "approve": days[:1]}
        if random.random() < 0.3:
            data["action"] = "reject"
        with self.client.post(f"/wfh/{pk}/putuskan/", data, name="approve/reject", catch_response=True,
                              headers={"Referer": self.host + f"/wfh/{pk}/"}) as response:
            if response.status_code >= 400:
                response.failure(f"decision answered {response.status_code}")
