"""Locust scenario for bench/load.py: officers and leaders signing in and browsing the
dashboard, an indicator page, the commune table and a data-entry form (read-only GETs,
so the demo data is not changed by the load)."""

import random
import re

from locust import HttpUser, between, task

USERS = [("tinh", "12"), ("thanhpho", "12.105"), ("lanhdao", "12"), ("santhang", "12.105.03409")]
INDICATORS = ["CROP_AREA", "HERD", "COOPERATIVES", "TRAINING_CLASSES", "AQUA_PRODUCTION"]


class Officer(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.username, self.unit = random.choice(USERS)
        page = self.client.get("/dang-nhap/", name="/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post("/dang-nhap/", {"username": self.username, "password": "demo",
                                         "csrfmiddlewaretoken": token}, name="/dang-nhap/ (POST)")

    @task(4)
    def dashboard(self):
        self.client.get(f"/tong-quan/{self.unit}/?nam=2023", name="/tong-quan/<unit>/")  # the user's own unit

    @task(3)
    def indicator(self):
        self.client.get(f"/chi-tieu/{random.choice(INDICATORS)}/{self.unit}/?ky=2023", name="/chi-tieu/<code>/<unit>/")

    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def entry_form(self):
        if self.username == "santhang":
            self.client.get("/nhap-so-lieu/BC_THANG_XA/12.105.03409/202312/", name="/nhap-so-lieu/<form>/")
        elif self.username == "thanhpho":
            self.client.get("/nhap-so-lieu/BC_THANG_HUYEN/12.105/202312/", name="/nhap-so-lieu/<form>/")
        else:
            self.client.get("/nhap-so-lieu/BC_THANG_TINH/12/202312/", name="/nhap-so-lieu/<form>/")

    @task(1)
    def commune_table(self):
        if self.username != "santhang":  # a commune has no communes to tabulate
            self.client.get(f"/bang-xa/{self.unit}/", name="/bang-xa/<unit>/")
