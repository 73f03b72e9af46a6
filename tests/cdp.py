"""A minimal Chrome DevTools protocol client: headless Chromium with the network off.

Used by the browser tests of the slide decks and of the website. Chromium is driven over
``--remote-debugging-pipe`` (no extra Python package); DNS resolves nothing and every request
goes to a proxy that does not exist, so a page that needs the network fails to load instead of
fetching. Tests also switch the page itself offline and record every request it makes.
"""
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Chromium:
    """Headless Chromium, no network, one page; ``send`` runs a CDP command on that page."""

    def __init__(self, profile, viewport=(1280, 720)):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Keep the child's ends away from 3 and 4, where they are about to be copied.
        moved = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_chrome_r, from_chrome_w)]
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        to_chrome_r, from_chrome_w = moved
        flags = ["--headless", "--remote-debugging-pipe", f"--user-data-dir={profile}",
                 "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--disable-default-apps", "--mute-audio",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://0.0.0.0:9",
                 f"--window-size={viewport[0]},{viewport[1]}", "about:blank"]
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        def wire():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
        self.proc = subprocess.Popen([CHROMIUM, *flags], preexec_fn=wire, close_fds=False,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer, self._id, self.events, self.session = b"", 0, [], None
        page = next(t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, timeout=30, **params):
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def evaluate(self, expression, timeout=30):
        result = self.send("Runtime.evaluate", timeout=timeout, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30):
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout} s: {expression}")
            time.sleep(0.1)

    def close(self):
        try:
            self.session = None
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)

    def open_offline(self, url, ready, timeout=60):
        """Load ``url`` with the page itself offline, recording its requests; wait for ``ready``.

        The events recorded for an earlier page are dropped, so one browser serves many pages.
        """
        self.events = []
        self.send("Network.enable")
        self.send("Network.emulateNetworkConditions", offline=True, latency=0,
                  downloadThroughput=-1, uploadThroughput=-1)
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Page.navigate", url=url)
        # about:blank is "complete" too: wait until the new document is the one being read
        self.wait_for(f"location.href === {json.dumps(url.split('#')[0].split('?')[0])}"
                      f" || location.href.startsWith({json.dumps(url)})", timeout=timeout)
        self.wait_for(ready, timeout=timeout)

    def inject(self, path):
        """Run a script file (axe-core) in the page."""
        self.evaluate(Path(path).read_text(encoding="utf-8") + "\n;true")

    def assert_offline_and_clean(self):
        """Something was requested, all of it from the machine, all of it loaded; no JS error."""
        sent = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"}
        leaving = [u for u in sent.values() if not u.startswith(("file:", "data:", "blob:", "about:"))]
        assert sent and not leaving, f"requests that would leave the machine: {leaving}"
        failed = [(sent.get(e["params"]["requestId"]), e["params"].get("errorText"))
                  for e in self.events if e.get("method") == "Network.loadingFailed"]
        assert not failed, f"resources that did not load: {failed}"
        thrown = [e["params"]["exceptionDetails"] for e in self.events
                  if e.get("method") == "Runtime.exceptionThrown"]
        assert not thrown, f"JavaScript errors: {thrown}"


#: The npm packages the decks load and the tests inject (``make slides`` installs them).
NODE_MODULES = Path(__file__).resolve().parent.parent / "slides" / "node_modules"


def require_node_modules():
    """Skip, in one line, where ``slides/node_modules`` was never installed (no registry)."""
    if not (NODE_MODULES / ".package-lock.json").exists():
        pytest.skip("slides/node_modules is missing (no npm registry here?): "
                    "`make slides` installs the deck libraries and axe-core")


@contextmanager
def headless_chromium(viewport):
    """A fresh Chromium (new profile); skips the tests where Chromium is missing.

    The browser tests open one per test module and load every page into it.
    """
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed and could not be installed "
                    "(`make test` runs `apt-get install chromium` when it can).")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        chrome = Chromium(profile, viewport)
        try:
            yield chrome
        finally:
            chrome.close()
