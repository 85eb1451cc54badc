"""Phone-sized screenshots of the pages people judge the service by, for issue notes and the README.

    .venv/bin/python tools/screenshots.py OUT_DIR [PREFIX]
    .venv/bin/python tools/screenshots.py --readme      # docs/screenshot.png, the README's picture

Makes a throwaway SQLite database in a temporary folder, loads the shipped content, makes a learner who
has finished one session (through the same test doors the suite uses), serves the site with Django's
development server and photographs, in Debian's Chromium at 390x844: My learning, the framework page and
the page a learner sees when a session is complete. Each picture is the whole page, so its length shows.
With --readme it takes the README's picture instead: page 2 of a sample session at 1024x1100.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 14 in CSS pixels
PROGRAMME = "leadership-for-clinicians"
SESSION = "learning-from-incidents"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(out_dir: Path, prefix: str, readme: bool = False) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="clinlead-shots-"))
    env = os.environ | {"CLINLEAD_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "clinlead.settings.base"}
    os.environ.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)  # noqa: S603 - our own manage.py
    subprocess.run([*manage, "loadcontent", "content/"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603

    import django

    django.setup()
    from django.test import Client

    from clinlead.accounts.testing import make_learner
    from clinlead.catalogue import api as catalogue
    from clinlead.learning.testing import let_time_pass
    from tests.factories import answer_key_form

    user = make_learner("shots@nhs.net", name="Priya Shah", profession="nurse")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.post(f"/my-learning/enrol/{PROGRAMME}/")
    session = catalogue.playable_session(PROGRAMME, SESSION, None)
    base = f"/programmes/{PROGRAMME}/sessions/{SESSION}/v{session.version}"
    for number, page in enumerate(session.pages, start=1):
        client.get(f"{base}/{number}/")
        for exercise in page.exercises:
            client.post(f"{base}/{number}/", answer_key_form(exercise))
    let_time_pass(user.pk, 60 * 60)
    client.get(f"{base}/{len(session.pages)}/")
    second = catalogue.playable_session(PROGRAMME, "being-open-when-things-go-wrong", None)
    client.get(f"/programmes/{PROGRAMME}/sessions/{second.key}/v{second.version}/2/")
    cookie = client.cookies["sessionid"].value
    sample = catalogue.playable_session(PROGRAMME, "leadership-in-clinical-settings", None)  # before Playwright's loop

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from playwright.sync_api import sync_playwright

        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        out_dir.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": PHONE["width"], "height": PHONE["height"]})
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": url}])
            tab = context.new_page()
            if readme:
                desk = browser.new_context(viewport={"width": 1024, "height": 1100})
                shot = desk.new_page()
                shot.goto(f"{url}/programmes/{PROGRAMME}/sessions/{sample.key}/v{sample.version}/2/")
                shot.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
                print(f"docs/screenshot.png: page 2 of {len(sample.pages)} of {sample.title}")
                browser.close()
                return
            shots = {
                "my-learning": "/my-learning/",
                "framework": f"/programmes/{PROGRAMME}/framework/",
                "completed-session": f"{base}/summary/",
            }
            for name, path in shots.items():
                tab.goto(url + path)
                target = out_dir / f"{prefix}{name}.png"
                tab.screenshot(path=str(target), full_page=True)
                height = tab.evaluate("document.documentElement.scrollHeight")
                print(f"{target}: {height} px tall, {height / PHONE['height']:.1f} phone screens")
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--readme"]:
        main(ROOT / "docs", "", readme=True)
    else:
        main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
