#!/usr/bin/env python3
"""Browser check of the staff dashboard (issue 6).

Makes a demo data dir (an owner with TOTP, a clinician, a few stored calls), starts the server on loopback,
signs in with password + TOTP in headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
`selenium`), opens a call, then runs `frontdesk audit export` and checks that the view was recorded for that
user. Saves screenshots of the main pages (desktop and phone width) into SCREENSHOT_DIR.

    tools/browser-check.py [--frontdesk .build/debug/frontdesk] [--server-cmd CMD] SCREENSHOT_DIR

CMD is a shell command template; {frontdesk} {practice} {data} {port} are filled in, and the same values are
in the environment as FRONTDESK_BIN, FRONTDESK_DASHBOARD_PRACTICE, FRONTDESK_DASHBOARD_DATA and
FRONTDESK_DASHBOARD_PORT. The default is `frontdesk serve` with the dashboard mounted. Exit 0 when every
check passed, 1 otherwise. Nothing here logs or prints PHI beyond the demo data it made itself.
"""
import argparse
import base64
import hashlib
import hmac
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRACTICE = os.path.join(REPO, "examples/practices/dental.yaml")
PASSWORD = "harbor-violet-compass-52"
DEFAULT_SERVER = ("{frontdesk} serve --practice {practice} --data {data} --insecure-dev "
                  "--host 127.0.0.1 --port {port}")

CALLS = [
    ("+13125550177", "I'm new, Sam Lee, a cleaning Tuesday morning. No insurance.\nyes\nyes\n"),
    ("+13125550142", "I need a refill of amoxicillin at the Walgreens on Main, my name is Ana Ruiz\nyes\n"),
    ("+13125550190", "Hi, this is Dana Fox, please have someone call me back about my bill\n+13125550190\nthanks bye\n"),
    ("+13125550111", "I have chest pain and my arm is numb\n"),
]

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


def run(args, stdin=None, env=None):
    r = subprocess.run(args, input=stdin, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print(f"command failed ({r.returncode}): {' '.join(args[:3])} …\n{r.stderr.strip()}", file=sys.stderr)
        raise SystemExit(1)
    return r.stdout + r.stderr


def totp(secret_b32, at=None, step=30, digits=6):
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(code).zfill(digits)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except Exception:
            time.sleep(0.5)
    return False


def make_demo(frontdesk, data, env):
    for caller, lines in CALLS:
        run([frontdesk, "call", "--practice", PRACTICE, "--data", data, "--caller", caller], stdin=lines, env=env)
    out = run([frontdesk, "user", "add", "--data", data, "--practice", PRACTICE, "--email", "owner@lakeview.example",
               "--role", "owner", "--password-stdin"], stdin=PASSWORD + "\n", env=env)
    user_id = re.search(r"\(user id (usr-[a-z0-9]+)\)", out).group(1)
    secret = re.search(r"otpauth://totp/\S*[?&]secret=([A-Z2-7]+)", out).group(1)
    return user_id, secret


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("screenshots", help="folder for the PNG screenshots (created)")
    ap.add_argument("--frontdesk", default=os.path.join(REPO, ".build/debug/frontdesk"), help="the frontdesk binary")
    ap.add_argument("--server-cmd", default=DEFAULT_SERVER, help="server command template (see above)")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--startup-timeout", type=float, default=120, help="seconds to wait for the server")
    ap.add_argument("--keep", action="store_true", help="keep the demo data dir (its path is printed)")
    a = ap.parse_args()

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    os.makedirs(a.screenshots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="fd-browser-")
    data = os.path.join(tmp, "data")
    env = dict(os.environ)
    env.pop("FRONTDESK_KEY_FILE", None)
    user_id, secret = make_demo(a.frontdesk, data, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env.update(FRONTDESK_BIN=a.frontdesk, FRONTDESK_DASHBOARD_PRACTICE=PRACTICE, FRONTDESK_DASHBOARD_DATA=data,
               FRONTDESK_DASHBOARD_PORT=str(port))
    cmd = a.server_cmd.format(frontdesk=shlex.quote(a.frontdesk), practice=shlex.quote(PRACTICE),
                              data=shlex.quote(data), port=port)
    log = open(os.path.join(tmp, "server.log"), "w")
    server = subprocess.Popen(cmd, shell=True, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    driver = None
    try:
        if not check(wait_for(base + "/login", a.startup_timeout), f"the server answers /login on port {port}"):
            print(open(os.path.join(tmp, "server.log")).read()[-3000:], file=sys.stderr)
            return 1
        opts = webdriver.ChromeOptions()
        opts.binary_location = a.chromium
        for o in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US"):
            opts.add_argument(o)
        driver = webdriver.Chrome(service=Service(a.chromedriver), options=opts)
        driver.implicitly_wait(5)

        def shot(name):
            # The whole page: size the window to the document height first.
            h = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
            w = driver.get_window_size()["width"]
            driver.set_window_size(w, max(600, min(h + 140, 4000)))
            driver.save_screenshot(os.path.join(a.screenshots, name + ".png"))

        # Anonymous: sent to the sign-in page.
        driver.get(base + "/")
        check(driver.current_url == base + "/login", "an anonymous visit to / lands on /login")
        email = driver.find_element(By.ID, "email")
        check(email.get_attribute("autocomplete") == "username", "email field has autocomplete=username")
        check(driver.find_element(By.ID, "password").get_attribute("autocomplete") == "current-password",
              "password field has autocomplete=current-password")
        shot("01-login")
        email.send_keys("owner@lakeview.example")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        check(driver.current_url == base + "/login/mfa", "the password leads to the TOTP step")
        code = driver.find_element(By.ID, "code")
        check(code.get_attribute("autocomplete") == "one-time-code" and code.get_attribute("inputmode") == "numeric",
              "code field has autocomplete=one-time-code, inputmode=numeric")
        shot("02-mfa")
        code.send_keys(totp(secret))
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        check(driver.current_url == base + "/", "the TOTP code signs in")
        cookie = driver.get_cookie("frontdesk_session")
        check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              "session cookie is HttpOnly and SameSite=Strict")
        check("Lakeview Family Dental" in driver.find_element(By.TAG_NAME, "header").text, "the practice's name heads the page")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        check(len(rows) == len(CALLS), f"today's calls lists the {len(CALLS)} demo calls (found {len(rows)})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "tr.urgent .badge.urgent")) >= 1,
              "the emergency call stands out with an urgent badge")
        shot("03-calls")

        link = driver.find_element(By.CSS_SELECTOR, "table.list tbody tr td a")
        link.click()
        call_id = driver.current_url.rsplit("/", 1)[-1]
        check(driver.current_url.startswith(base + "/calls/") and driver.find_element(By.TAG_NAME, "h1").text.startswith("Call from"),
              "a call opens")
        shot("04-call")
        # The emergency call too, for the screenshot.
        driver.get(base + "/")
        urgent = driver.find_elements(By.CSS_SELECTOR, "tr.urgent td a")
        if urgent:
            urgent[0].click()
            shot("05-call-emergency")

        for path, name in (("/messages", "06-messages"), ("/refills", "07-refills"), ("/practice", "09-practice")):
            driver.get(base + path)
            check(driver.current_url == base + path and driver.find_element(By.TAG_NAME, "h1").text != "", f"{path} opens")
            shot(name)
        # Appointments: the first day in the next three weeks with something booked.
        today = time.strftime("%Y-%m-%d")
        driver.get(base + "/appointments")
        for _ in range(21):
            if driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr"):
                break
            driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
        check(len(driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) >= 1, "the booked appointment is in the book")
        shot("08-appointments")
        driver.get(base + f"/audit?since={today}")
        check("Audit trail" in driver.find_element(By.TAG_NAME, "h1").text, "/audit opens for the owner")
        shot("10-audit")

        # Phone width.
        driver.set_window_size(390, 844)
        driver.get(base + "/")
        shot("11-calls-phone")
        driver.get(base + "/calls/" + call_id)
        shot("12-call-phone")

        # Sign out: the session ends.
        driver.get(base + "/")
        driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
        check(driver.current_url == base + "/login", "sign out returns to /login")
        driver.get(base + "/messages")
        check(driver.current_url == base + "/login", "after sign-out pages need sign-in again")

        # The audit trail recorded the view, as this user.
        out = run([a.frontdesk, "audit", "export", "--data", data], env=env)
        pattern = re.compile(rf"actor=user:{re.escape(user_id)} action=read resource=call/{re.escape(call_id)} ")
        check(any(pattern.search(line) for line in out.splitlines()),
              f"audit export has read call/{call_id} by user:{user_id}")
    finally:
        if driver:
            driver.quit()
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except Exception:
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except Exception:
                pass
        log.close()
        if a.keep:
            print(f"demo data dir kept: {data}")
        else:
            subprocess.run(["rm", "-rf", tmp])
    print(f"{len(failures)} failed" if failures else "browser check passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
