"""Walk every page of every demo role in Chinese and English at desktop and tablet sizes.

Not a test: a tool for a person who then looks at the screenshots. Start a seeded server
first, e.g.

    HALLOPS_VAR_DIR=/tmp/walk DJANGO_DEBUG=1 python manage.py migrate
    HALLOPS_VAR_DIR=/tmp/walk DJANGO_DEBUG=1 python manage.py seed_demo
    HALLOPS_VAR_DIR=/tmp/walk DJANGO_DEBUG=1 python manage.py runserver 127.0.0.1:8130
    python scripts/walkthrough.py --base http://127.0.0.1:8130 --out var/walkthrough

From each role's home page it follows same-site links (menu entries, then the pages those
link to, two levels deep), and for every page records the HTTP status, console errors
(CSP violations show up there), uncaught script errors, horizontal overflow, and — in
Chinese — visible English phrases that look untranslated. It writes a screenshot per page
and a summary (report.txt) to --out, and exits non-zero when it found a problem.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROLES = ["manager", "duty", "clerk", "handler", "supervisor"]
LANGUAGES = ["zh-hans", "en"]
SIZES = {"desktop": (1366, 768), "tablet-landscape": (1280, 800), "tablet-portrait": (800, 1280)}
PASSWORD = "Demo-2026"
# Links the walk does not follow: leaving, files, the admin, language switch, other pages of lists.
SKIP = re.compile(r"/(accounts/logout|admin|media|static|i18n)/|/download|\.xlsx$|[?&]page=[3-9]|/export")
# An English phrase of two or more words shown on a Chinese page probably missed translation.
ENGLISH = re.compile(r"\b[A-Za-z]{3,}(?:[ '-][A-Za-z]{2,}){1,}\b")
ALLOWED_ENGLISH = re.compile(r"HallOps|BOSS|POS|SIM|VIP|UPS|GoTone|WeChat|Excel|APP|ID|PC|QR|SMS")

PAGE_CHECKS = """() => {
  const doc = document.documentElement;
  const overflow = doc.scrollWidth - window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('table')) {
    const box = el.getBoundingClientRect();
    const scroller = el.closest('.table-responsive');
    if (!scroller && box.right > window.innerWidth + 1) wide.push(el.className || 'table');
  }
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest('script,style,code,pre,[data-walk-ignore]')) continue;
    const style = getComputedStyle(parent);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const text = node.textContent.trim();
    if (text) texts.push(text);
  }
  for (const el of document.querySelectorAll('input[placeholder],textarea[placeholder]')) texts.push(el.placeholder);
  for (const el of document.querySelectorAll('[title]')) texts.push(el.title);
  for (const el of document.querySelectorAll('[aria-label]')) texts.push(el.getAttribute('aria-label'));
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  return {overflow, wide, texts, links, title: document.title};
}"""


def page_kind(url: str) -> str:
    """One page of each kind: /duty/logs/7/ and /duty/logs/8/, or ?week=… and ?week=…, are alike."""
    parsed = urlparse(url)
    keys = sorted(k.split("=")[0] for k in parsed.query.split("&") if k)
    return re.sub(r"\d+", "N", parsed.path) + "?" + "&".join(keys)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("networkidle")


def walk(base: str, out: Path, roles, languages, sizes, max_pages: int) -> list[str]:
    problems: list[str] = []
    visited_total = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for role in roles:
            for language in languages:
                for size_name, (width, height) in sizes.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    context.add_cookies([{"name": "hallops_language", "value": language, "url": base}])
                    page = context.new_page()
                    errors: list[str] = []
                    page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                    page.on("pageerror", lambda exc, e=errors: e.append(f"pageerror: {exc}"))
                    log_in(page, base, role)
                    home = page.url
                    queue, seen = [(home, 0)], {page_kind(home)}
                    while queue and len(seen) <= max_pages:
                        url, depth = queue.pop(0)
                        errors.clear()
                        response = page.goto(url)
                        page.wait_for_load_state("networkidle")
                        status = response.status if response else 0
                        path = urlparse(page.url).path
                        name = f"{role}-{language}-{size_name}{path.replace('/', '_') or '_'}"
                        name += ("_" + re.sub(r"\W", "_", urlparse(page.url).query))[:60] if urlparse(
                            page.url).query else ""
                        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                        found = page.evaluate(PAGE_CHECKS)
                        where = f"[{role} {language} {size_name}] {page.url}"
                        visited_total.append(where)
                        if status >= 400:
                            problems.append(f"{where}: HTTP {status}")
                        for message in errors:
                            problems.append(f"{where}: console: {message}")
                        if found["overflow"] > 1:
                            problems.append(f"{where}: page scrolls sideways by {found['overflow']}px")
                        for table in found["wide"]:
                            problems.append(f"{where}: table wider than the screen ({table})")
                        if language == "zh-hans":
                            for text in found["texts"]:
                                cleaned = ALLOWED_ENGLISH.sub("", text)
                                if ENGLISH.search(cleaned):
                                    problems.append(f"{where}: English on a Chinese page: {text[:80]!r}")
                        if depth < 2:
                            for link in found["links"]:
                                target = urljoin(page.url, link)
                                parsed = urlparse(target)
                                key = page_kind(target)
                                if parsed.netloc != urlparse(base).netloc or SKIP.search(target) or key in seen:
                                    continue
                                seen.add(key)
                                queue.append((target.split("#")[0], depth + 1))
                    context.close()
        browser.close()
    (out / "visited.txt").write_text("\n".join(visited_total) + "\n")
    return sorted(set(problems))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8130")
    parser.add_argument("--out", default="var/walkthrough")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--max-pages", type=int, default=80, help="per role, language and size")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = {k: SIZES[k] for k in args.sizes.split(",")}
    problems = walk(args.base.rstrip("/"), out, args.roles.split(","), args.languages.split(","), sizes,
                    args.max_pages)
    (out / "report.txt").write_text("\n".join(problems) + "\n")
    print("\n".join(problems) or "no problems found")
    print(f"screenshots and report in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
