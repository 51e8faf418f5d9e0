"""Fixtures for browser tests: one headless Chromium per session, a fresh page per test.

Playwright's sync API runs an event loop in this thread, which trips Django's async-unsafe
check when a test touches the database, so that check is switched off first.
"""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django_otp.oath import totp  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from alongside.accounts.models import AuthenticatorDevice  # noqa: E402
from tests.factories import PASSWORD  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "alongside" / "static" / "vendor"
AXE_PATHS = [
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
    VENDOR / "axe" / "axe.min.js",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not (VENDOR / "govuk" / "govuk-frontend.min.js").exists():
        pytest.fail("alongside/static/vendor is missing: run `bash scripts/build-assets.sh`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        expect.set_options(timeout=10_000)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page in its own browser context (own cookies), collecting JavaScript errors.

    The site's Content-Security-Policy stays on: axe is injected through the DevTools protocol
    (page.evaluate), which the policy does not govern, so a page that breaks its own policy
    still shows up as a console error.
    """
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: (
            page.js_errors.append(f"console.{message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    yield page
    context.close()


def assert_no_js_errors(page) -> None:
    assert page.js_errors == [], "JavaScript errors in the browser:\n" + "\n".join(page.js_errors)


def totp_code(user) -> str:
    """The code the person's authenticator app shows right now."""
    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:06d}"


def sign_in(page, live_server, user, code) -> None:
    """Sign in through the real pages: username and password, then the security code."""
    page.goto(f"{live_server.url}/sign-in/")
    sign_in_with_password(page, user)
    enter_security_code(page, code)


def sign_in_with_password(page, user) -> None:
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/sign-in/two-factor/$"))


def enter_security_code(page, code) -> None:
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in/"))


def _axe_source() -> str:
    for path in AXE_PATHS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(
        "axe-core not found; run `npm ci` or scripts/build-assets.sh. Looked in: "
        + ", ".join(str(p) for p in AXE_PATHS)
    )


def check_accessibility(page, what: str) -> None:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page as it is now; fail on any violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = result["violations"]
    lines = [
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in violations
    ]
    assert violations == [], f"Accessibility violations on {what} ({page.url}):\n" + "\n".join(
        lines
    )


SCREENSHOTS = Path(os.environ.get("ALONGSIDE_ARTEFACTS", ROOT / "test-artefacts")) / "screenshots"
PHONE, DESKTOP = 390, 1280


def look(page, what: str, folder: str) -> None:
    """Check the page as a person meets it on a phone and on a desktop, and keep a picture of
    each for review: axe finds no WCAG 2.2 AA violation, nothing scrolls sideways at 390 px
    wide, dates read as UK dates ('4 March 2026', never 2026-03-04 or 03/04/2026), and the
    navigation fits on one line at 1280 px.

    Screenshots go to test-artefacts/screenshots/<folder>/ (or $ALONGSIDE_ARTEFACTS).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
    target = SCREENSHOTS / folder
    target.mkdir(parents=True, exist_ok=True)

    page.set_viewport_size({"width": PHONE, "height": 844})
    page.screenshot(path=target / f"{slug}-{PHONE}.png", full_page=True)
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('main *')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .filter(el => !el.closest('.app-scroll-x, .app-table--stacks thead, .govuk-visually-hidden'))
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
            return {page: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
        }"""
    )
    assert overflow["page"] <= 0 and overflow["wide"] == [], (
        f"{what} scrolls sideways at {PHONE} px: {overflow}"
    )

    text = page.evaluate(
        """() => {
            const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('pre, code, .app-code, .app-code-lines').forEach(el => el.remove());
            return main.innerText;
        }"""
    )
    not_uk = re.findall(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b", text)
    assert not_uk == [], f"{what} shows dates that are not UK dates: {not_uk[:5]}"

    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.screenshot(path=target / f"{slug}-{DESKTOP}.png", full_page=True)
    rows = page.evaluate(
        """() => new Set([...document.querySelectorAll('.govuk-service-navigation__item')]
            .map(item => Math.round(item.getBoundingClientRect().top))).size"""
    )
    assert rows <= 1, f"The navigation on {what} wraps onto {rows} lines at {DESKTOP} px"
    check_accessibility(page, what)
