#!/usr/bin/env python3
"""Browser check of the staff dashboard (issue 6), run by .ci/run after the tests.

Makes a demo data dir (an owner with TOTP, a few stored calls: a booking, a refill request, a message, an
emergency), writes a deployment config, starts `frontdesk serve` on a free loopback port (from the temp
dir, so nothing depends on the working directory), and in headless Chromium (Debian's `chromium` and
`chromium-driver`, driven by `selenium`):

- checks the sign-in form's autocomplete attributes, signs in with password + TOTP, checks the cookie;
- checks today's calls (the emergency stands out), opens a call;
- marks the message handled and the refill request handled with their forms;
- filters the audit trail by user, action and record type and finds the call view there;
- saves screenshots of the main pages at desktop and phone width; signs out;
- then runs `frontdesk audit export` and checks that the call view was recorded for that user.

    tools/browser-check.py [--frontdesk .build/debug/frontdesk] [--server-cmd CMD] [SCREENSHOT_DIR]

SCREENSHOT_DIR defaults to a new temporary folder; its path is printed. CMD is a shell command template;
{frontdesk} {practice} {data} {config} {port} are filled in, and the same values are in the environment as
FRONTDESK_BIN, FRONTDESK_DASHBOARD_PRACTICE, FRONTDESK_DASHBOARD_DATA, FRONTDESK_CONFIG and
FRONTDESK_DASHBOARD_PORT. Exit 0 when every check passed, 1 otherwise. It prints check names only: no
PHI beyond the demo data it made itself.
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
import traceback
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRACTICE = os.path.join(REPO, "examples/practices/dental.yaml")
PASSWORD = "harbor-violet-compass-52"
EMAIL = "owner@lakeview.example"
DEFAULT_SERVER = ("{frontdesk} serve --practice {practice} --data {data} --config {config} --insecure-dev "
                  "--host 127.0.0.1 --port {port} --log-level warning")
# Nothing connects to the speech-to-text URL unless a call arrives (none does here); espeak-ng is local.
CONFIG = """\
speech_to_text:
  provider: deepgram
  url: "ws://127.0.0.1:9/v1/listen"
  api_key: unused
  baa: true
text_to_speech:
  provider: espeak
"""

CALLS = [
    ("+13125550177", "I'm new, Sam Lee, a cleaning Tuesday morning. No insurance.\nyes\nyes\n"),
    ("+13125550142", "I need a refill of amoxicillin at the Walgreens on Main, my name is Ana Ruiz\nyes\n"),
    ("+13125550190", "Hi, this is Dana Fox, please have someone call me back about my bill\n+13125550190\nthanks bye\n"),
    ("+13125550111", "I have chest pain and my arm is numb\n"),
]

failures = []
checks = [0]


def check(ok, what):
    checks[0] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def run(args, stdin=None, env=None):
    r = subprocess.run(args, input=stdin, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        # The command's own error line (never the demo conversation, which went to stdout).
        print(f"command failed ({r.returncode}): {os.path.basename(args[0])} {args[1]} …\n{r.stderr.strip()[-2000:]}", file=sys.stderr)
        raise SystemExit(1)
    return r.stdout + r.stderr


def totp(secret_b32, at=None, step=30, digits=6):
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(code).zfill(digits)


def fresh_totp(secret):
    # Not in the last 3 seconds of a 30-second step: the code must still be valid when it arrives.
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp(secret)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout, server):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if server.poll() is not None:
            return False
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
    out = run([frontdesk, "user", "add", "--data", data, "--practice", PRACTICE, "--email", EMAIL,
               "--role", "owner", "--password-stdin"], stdin=PASSWORD + "\n", env=env)
    user_id = re.search(r"\(user id (usr-[a-z0-9]+)\)", out).group(1)
    secret = re.search(r"otpauth://totp/\S*[?&]secret=([A-Z2-7]+)", out).group(1)
    return user_id, secret


def browse(a, base, secret, user_id, shots):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    opts = webdriver.ChromeOptions()
    opts.binary_location = a.chromium
    for o in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US", "--hide-scrollbars"):
        opts.add_argument(o)
    driver = webdriver.Chrome(service=Service(a.chromedriver), options=opts)
    try:
        driver.implicitly_wait(3)
        width = {"now": 1280}

        def shot(name):
            # The whole page: size the window to the document height first.
            driver.set_window_size(width["now"], 900)
            h = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
            driver.set_window_size(width["now"], max(700 if width["now"] < 600 else 900, min(h + 140, 4000)))
            driver.save_screenshot(os.path.join(shots, name + ".png"))

        def follow(element):
            # Click a link or a submit button and wait for the next page to have loaded.
            # A click that did not register (seen rarely on a loaded machine) is tried again.
            old = driver.find_element(By.TAG_NAME, "html")
            for attempt in range(3):
                try:
                    element.click()
                    WebDriverWait(driver, 10).until(EC.staleness_of(old))
                    break
                except TimeoutException:
                    if attempt == 2:
                        raise
                except StaleElementReferenceException:
                    break   # the page changed while clicking
                except WebDriverException as e:
                    # Chromium reports a click whose page navigated away mid-click this way (seen rarely).
                    if "does not belong to the document" not in str(e):
                        raise
                    break
            WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")

        def open_page(path):
            driver.get(base + path)
            return driver.current_url

        def h1():
            return driver.find_element(By.TAG_NAME, "h1").text

        def csp_violations():
            # Anything the Content-Security-Policy refused (inline styles or scripts) shows in the console.
            try:
                return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
            except Exception:
                return []

        # Anonymous: sent to the sign-in page.
        check(open_page("/") == base + "/login", "an anonymous visit to / lands on /login")
        email = driver.find_element(By.ID, "email")
        check(email.get_attribute("autocomplete") == "username", "email field has autocomplete=username")
        check(driver.find_element(By.ID, "password").get_attribute("autocomplete") == "current-password",
              "password field has autocomplete=current-password")
        check(len(driver.find_elements(By.CSS_SELECTOR, "label[for=email]")) == 1
              and len(driver.find_elements(By.CSS_SELECTOR, "label[for=password]")) == 1, "sign-in fields are labelled")
        shot("01-login")
        email.send_keys(EMAIL)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        follow(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        check(driver.current_url == base + "/login/mfa", "the password leads to the TOTP step")
        code = driver.find_element(By.ID, "code")
        check(code.get_attribute("autocomplete") == "one-time-code" and code.get_attribute("inputmode") == "numeric",
              "code field has autocomplete=one-time-code, inputmode=numeric")
        shot("02-mfa")
        code.send_keys(fresh_totp(secret))
        follow(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        if not check(driver.current_url == base + "/", "the TOTP code signs in"):
            alerts = driver.find_elements(By.CSS_SELECTOR, "[role=alert]")
            print(f"     at {driver.current_url.replace(base, '')}: {alerts[0].text if alerts else 'no message'}")
        cookie = driver.get_cookie("frontdesk_session")
        check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              "session cookie is HttpOnly and SameSite=Strict")
        check("Lakeview Family Dental" in driver.find_element(By.TAG_NAME, "header").text, "the practice's name heads the page")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        check(len(rows) == len(CALLS), f"today's calls lists the {len(CALLS)} demo calls (found {len(rows)})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "tr.urgent .badge.urgent")) >= 1,
              "the emergency call stands out with an urgent badge")
        check("urgent call" in driver.find_element(By.CSS_SELECTOR, ".urgent-alert").text, "the page says there is an urgent call")
        shot("03-calls")

        # Open the newest call that is not urgent: the one the audit trail must show.
        follow(driver.find_element(By.CSS_SELECTOR, "table.list tbody tr:not(.urgent) td a"))
        call_id = driver.current_url.rsplit("/", 1)[-1]
        check(driver.current_url.startswith(base + "/calls/") and h1().startswith("Call from"), "a call opens")
        shot("04-call")
        open_page("/")
        urgent = driver.find_elements(By.CSS_SELECTOR, "tr.urgent td a")
        if check(len(urgent) >= 1, "the emergency call has a link"):
            follow(urgent[0])
            check(len(driver.find_elements(By.CSS_SELECTOR, ".urgent-alert")) == 1, "the emergency call's page says it is urgent")
            shot("05-call-emergency")

        # Messages: mark the demo message handled.
        check(open_page("/messages") == base + "/messages" and h1() == "Messages", "/messages opens")
        forms = driver.find_elements(By.CSS_SELECTOR, "form.handle")
        check(len(forms) == 1, f"the open message has a Mark handled form (found {len(forms)})")
        shot("06-messages")
        if forms:
            follow(forms[0].find_element(By.TAG_NAME, "button"))
            check(driver.current_url == base + "/messages", "marking a message handled returns to the inbox")
            check("No open messages" in driver.find_element(By.TAG_NAME, "main").text, "the inbox is clear afterwards")
            open_page("/messages?status=handled")
            check(EMAIL in driver.find_element(By.CSS_SELECTOR, "table.list tbody").text, "the handled message names who handled it")
            shot("06b-messages-handled")

        # Refills: the same.
        check(open_page("/refills") == base + "/refills" and h1() == "Refill requests", "/refills opens")
        forms = driver.find_elements(By.CSS_SELECTOR, "form.handle")
        check(len(forms) == 1, f"the open refill request has a Mark handled form (found {len(forms)})")
        shot("07-refills")
        if forms:
            follow(forms[0].find_element(By.TAG_NAME, "button"))
            check(driver.current_url == base + "/refills", "marking a refill request handled returns to the queue")
            check(len(driver.find_elements(By.CSS_SELECTOR, "form.handle")) == 0, "no open refill request is left")

        # Appointments: the first day in the next three weeks with something booked.
        open_page("/appointments")
        for _ in range(21):
            if driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr"):
                break
            follow(driver.find_element(By.CSS_SELECTOR, "a[rel=next]"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) >= 1, "the booked appointment is in the book")
        shot("08-appointments")

        check(open_page("/practice") == base + "/practice" and h1() == "Lakeview Family Dental", "/practice opens")
        shot("09-practice")

        # Audit trail: filter by user, action and record type with the form.
        open_page("/audit")
        check("Audit trail" in h1(), "/audit opens for the owner")
        for field in ("since", "until", "user", "action", "type"):
            check(len(driver.find_elements(By.CSS_SELECTOR, f"label[for={field}]")) == 1, f"the audit filter '{field}' has a label")
        Select(driver.find_element(By.ID, "user")).select_by_value(EMAIL)
        Select(driver.find_element(By.ID, "action")).select_by_value("read")
        Select(driver.find_element(By.ID, "type")).select_by_value("call")
        follow(driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
        records = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "table.list tbody td[data-label=Record]")]
        check(f"call/{call_id}" in records, "the audit viewer, filtered to this user's call reads, shows the call view")
        check(all(r.startswith("call/") for r in records), "the record-type filter keeps only calls")
        shot("10-audit")
        check(not csp_violations(), "no Content-Security-Policy violations")

        # Phone width.
        width["now"] = 390
        for path, name in (("/", "11-calls-phone"), ("/calls/" + call_id, "12-call-phone"),
                           ("/messages?status=all", "13-messages-phone"), ("/audit", "14-audit-phone")):
            open_page(path)
            overflow = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
            check(not overflow, f"{path} fits a phone's width without sideways scrolling")
            shot(name)

        # Sign out: the session ends.
        width["now"] = 1280
        open_page("/")
        follow(driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        check(driver.current_url == base + "/login", "sign out returns to /login")
        check(open_page("/messages") == base + "/login", "after sign-out pages need sign-in again")
        width["now"] = 390
        shot("15-login-phone")
        return call_id
    finally:
        driver.quit()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("screenshots", nargs="?", help="folder for the PNG screenshots (created; default: a new temp folder)")
    ap.add_argument("--frontdesk", default=os.path.join(REPO, ".build/debug/frontdesk"), help="the frontdesk binary")
    ap.add_argument("--server-cmd", default=DEFAULT_SERVER, help="server command template (see above)")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--startup-timeout", type=float, default=120, help="seconds to wait for the server")
    ap.add_argument("--keep", action="store_true", help="keep the demo data dir (its path is printed)")
    a = ap.parse_args()

    frontdesk = os.path.abspath(a.frontdesk)
    if not os.access(frontdesk, os.X_OK):
        print(f"FAIL the frontdesk binary is not at {frontdesk} (build first, or pass --frontdesk)")
        return 1
    shots = os.path.abspath(a.screenshots or tempfile.mkdtemp(prefix="fd-screenshots-"))
    os.makedirs(shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="fd-browser-")
    data = os.path.join(tmp, "data")
    config = os.path.join(tmp, "frontdesk.yaml")
    with open(config, "w") as f:
        f.write(CONFIG)
    env = dict(os.environ)
    env.pop("FRONTDESK_KEY_FILE", None)
    user_id, secret = make_demo(frontdesk, data, env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env.update(FRONTDESK_BIN=frontdesk, FRONTDESK_DASHBOARD_PRACTICE=PRACTICE, FRONTDESK_DASHBOARD_DATA=data,
               FRONTDESK_CONFIG=config, FRONTDESK_DASHBOARD_PORT=str(port))
    cmd = a.server_cmd.format(frontdesk=shlex.quote(frontdesk), practice=shlex.quote(PRACTICE), data=shlex.quote(data),
                              config=shlex.quote(config), port=port)
    log_path = os.path.join(tmp, "server.log")
    log = open(log_path, "w")
    server = subprocess.Popen(cmd, shell=True, cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        if not check(wait_for(base + "/login", a.startup_timeout, server), f"the server answers /login on port {port}"):
            log.flush()
            print(open(log_path).read()[-3000:], file=sys.stderr)   # startup errors; the server logs no PHI
            return 1
        try:
            call_id = browse(a, base, secret, user_id, shots)
        except Exception as e:  # a missing element or a browser error is a failed check, not a crash
            traceback.print_exc(limit=4)
            detail = (str(e).strip().splitlines() or [""])[0][:200]
            check(False, f"the browser session ran to the end ({type(e).__name__}: {detail})")
            call_id = None

        # The audit trail recorded the view, as this user.
        if call_id:
            out = run([frontdesk, "audit", "export", "--data", data], env=env)
            pattern = re.compile(rf"actor=user:{re.escape(user_id)} action=read resource=call/{re.escape(call_id)} ")
            check(any(pattern.search(line) for line in out.splitlines()),
                  f"audit export has read call/{call_id} by user:{user_id}")
            handled = [line for line in out.splitlines() if f"actor=user:{user_id} action=handle " in line]
            check(len(handled) == 2, f"audit export has the two items marked handled by user:{user_id} (found {len(handled)})")
    finally:
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
    print(f"screenshots: {shots}")
    print(f"browser check: {len(failures)} failed" if failures else f"browser check passed ({checks[0]} checks)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
