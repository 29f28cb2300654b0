"""Layout and accessibility checks for browser tests: no page wider than the screen, and no
serious or critical axe-core violation. Any e2e test may import these::

    from tests.e2e.a11y import assert_fits_and_accessible
    assert_fits_and_accessible(page)              # at 390 and 1280 px
    assert_fits_and_accessible(page, widths=(360,))
"""

from django.conf import settings
from django.test import Client

#: the phone most parents hold, and a desktop screen
WIDTHS = (390, 1280)
#: the narrowest phone the portal supports (the issue: "no page wider than 360 px")
NARROWEST = 360
HEIGHT = 800
#: axe impacts that fail a page ("moderate" and "minor" are left to review)
FAILING_IMPACTS = ("serious", "critical")

# The outermost elements sticking out of the viewport (those inside a box that scrolls or
# clips do not widen the page): enough to find the culprit.
_WIDEST = """() => {
  const width = window.innerWidth + 0.5;
  const clips = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    const parent = element.parentElement.getBoundingClientRect();
    if (box.width && box.right > width && parent.right <= width && !clips(element)) {
      const id = element.id ? '#' + element.id : '';
      const cls = element.classList.length ? '.' + [...element.classList].slice(0, 3).join('.') : '';
      const text = (element.innerText || '').trim().slice(0, 30);
      out.push(`${element.tagName.toLowerCase()}${id}${cls} "${text}" (right ${Math.round(box.right)})`);
    }
  }
  return out.slice(0, 5);
}"""

# Buttons and links styled as buttons smaller than a fingertip (44 px) on a phone.
_SMALL_BUTTONS = """() => {
  const out = [];
  for (const element of document.querySelectorAll('.btn, .page-link, .form-control, .form-select')) {
    const box = element.getBoundingClientRect();
    if (!box.width || getComputedStyle(element).visibility === 'hidden') continue;
    const small = box.height < 43.5 || (element.matches('.btn, .page-link') && box.width < 43.5);
    if (small) {
      const label = (element.innerText || element.getAttribute('aria-label') || element.name || '').trim();
      out.push(`${element.tagName.toLowerCase()} "${label.slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return out.slice(0, 5);
}"""
#: below this width fingers are the pointer: controls must be 44 px
TOUCH_BELOW = 992
#: axe's rules plus WCAG 2.2's target size (24 px, off by default in axe-core 4.12)
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

_axe = None


def axe():
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe


def overflow(page):
    """None when the document fits the viewport's width; else what sticks out."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll <= inner:
        return None
    return f"{scroll} px wide in {inner} px: " + "; ".join(page.evaluate(_WIDEST))


def serious_violations(page):
    """axe-core's serious and critical violations as "rule: selector (message)" lines."""
    found = []
    for violation in axe().run(page, options=AXE_OPTIONS).response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"][:3]:
            target = " ".join(str(part) for part in node["target"])
            found.append(
                f"{violation['id']} ({violation['impact']}): {target} — {node['failureSummary'][:160]}"
            )
    return found


def problems(page, widths=WIDTHS):
    """The overflow, small controls and axe findings of the page already open, at each
    width, as lines naming the widths where each was seen."""
    seen = {}
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found = []
        wide = overflow(page)
        if wide:
            found.append(f"too wide: {wide}")
        if width < TOUCH_BELOW:
            small = page.evaluate(_SMALL_BUTTONS)
            if small:
                found.append("controls under 44 px: " + "; ".join(small))
        found.extend(serious_violations(page))
        for line in found:
            seen.setdefault(line, []).append(str(width))
    return [f"[{', '.join(at)} px] {line}" for line, at in seen.items()]


def assert_fits_and_accessible(page, widths=WIDTHS):
    found = problems(page, widths)
    assert not found, f"{page.url}:\n  " + "\n  ".join(found)


def log_in(context, user, base_url):
    """Logs the browser context in as ``user`` without the login form (a session made by the
    test client, its cookie given to the browser)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
