"""The local-internet fixture sites of the walls, written from the same templates as the generator.

    python -m tests.wallgen.fixtures [--sites tests/internet/sites] [--expected tests/fixtures/walls_expected.json]

One folder per wall under tests/internet/sites/ (fictitious `.example` hosts): `index.html`, a
`robots.txt` that allows everything, and a `_site.toml` whose rule serves, for one cited article
path, the wall as the service sends it (status, headers, body from a `_`-prefixed file). The
proxy's own Date, Content-Length and Connection stand in for the service's; a rule's `headers`
table holds one value per name, so only the first Set-Cookie is kept. Deterministic: running it
again rewrites the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import generic as g
from . import pages as p
from . import vendors as v
from .model import Cited
from .world import CF_COLOS, Headers, Site, cf_ray, e, footer, head, nav

REPO = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 2, 10, 9, 41, 27, tzinfo=timezone.utc)
DROP = {"date", "content-length", "connection", "content-type"}


@dataclass
class Fixture:
    site: Site
    path: str
    title: str
    status: int
    headers: Headers
    html: str
    expected: str | None
    what: str
    file: str = "_wall.html"

    @property
    def url(self) -> str:
        return f"https://{self.site.host}{self.path}"


def cited_at(site: Site, path: str, title: str) -> Cited:
    return Cited(site, title, f"https://{site.host}{path}", WHEN)


def _rng(name: str) -> random.Random:
    return random.Random(f"wallgen-fixture:{name}")


def fixtures() -> list[Fixture]:
    out: list[Fixture] = []

    # Cloudflare managed challenge, 503 with cf-mitigated: challenge
    rng = _rng("cf-challenge")
    site = Site("www.kavkazpost.example", "Kavkaz Post", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/en/politics/2026/02/armenia-and-azerbaijan-border-commissions-meet-again-in-gabala",
                 "Armenia and Azerbaijan border commissions meet again in Gabala")
    ray = cf_ray(rng)
    out.append(Fixture(site, c.path, c.title, 503, v.cf_challenge_headers(rng, site.host, WHEN, ray, mitigated=True, h2=False),
                       v.cf_challenge_body(rng, site.host, c.path, ray, WHEN, version="v2023", ctype="managed"),
                       "cloudflare", "Cloudflare managed challenge: 503, cf-mitigated: challenge, \"Just a moment...\""))

    # Cloudflare block, 403 "Attention Required! | Cloudflare"
    rng = _rng("cf-block")
    site = Site("www.balkanobserver.example", "Balkan Observer", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/2026/01/28/serbia-and-turkiye-sign-defence-industry-agreement/",
                 "Serbia and Türkiye sign defence industry agreement")
    ray = cf_ray(rng)
    out.append(Fixture(site, c.path, c.title, 403, v.cf_block_headers(rng, site.host, WHEN, ray, h2=False),
                       v.cf_block_body(rng, site.host, ray), "cloudflare",
                       "Cloudflare WAF block: 403 \"Attention Required! | Cloudflare\", \"Sorry, you have been blocked\""))

    # DDoS-Guard JS challenge, 403, Russian
    rng = _rng("ddg")
    site = Site("www.kavkaz-novosti.example", "Кавказ Новости", "ru", "news", "dated_slug", "nginx")
    c = cited_at(site, "/news/2026/02/09/komissii-po-delimitatsii-granitsy-proveli-ocherednoe-zasedanie",
                 "Комиссии по делимитации границы провели очередное заседание")
    out.append(Fixture(site, c.path, c.title, 403, v.ddg_headers(rng, site.host, WHEN),
                       v.ddg_challenge_body(rng, site.host, "ru", "js", WHEN), "ddos_guard",
                       "DDoS-Guard JavaScript challenge: 403, Server: ddos-guard, __ddg cookies, title DDoS-Guard (Russian)"))

    # Sucuri firewall block, 403
    rng = _rng("sucuri")
    site = Site("www.ankarareview.example", "Ankara Review", "en", "thinktank", "dated_slug", "nginx")
    c = cited_at(site, "/analysis/the-middle-corridor-after-the-2026-trilateral-summit/",
                 "The Middle Corridor after the 2026 trilateral summit")
    out.append(Fixture(site, c.path, c.title, 403, v.sucuri_headers(rng, WHEN, "19002", "BNP005"),
                       v.sucuri_block_body(rng, site.host, c.path, WHEN, ("BNP005", "Bad bot access attempt."), "19002"),
                       "sucuri", "Sucuri firewall block: 403 \"Sucuri WebSite Firewall - Access Denied\", X-Sucuri-Block"))

    # Akamai Access Denied, 403
    rng = _rng("akamai")
    site = Site("www.eurasiaforum.example", "Eurasia Forum", "en", "thinktank", "dated_slug", "nginx")
    c = cited_at(site, "/research/2026/02/caspian-gas-and-the-southern-gas-corridor",
                 "Caspian gas and the Southern Gas Corridor")
    ref = v.akamai_reference(rng, WHEN)
    out.append(Fixture(site, c.path, c.title, 403, v.akamai_denied_headers(rng, site.host, WHEN),
                       v.akamai_denied_body(rng, c.url, ref), "akamai",
                       "Akamai edge deny: 403 \"Access Denied ... Reference #18.\", Server: AkamaiGHost"))

    # Imperva / Incapsula, 200 with the incident iframe
    rng = _rng("imperva")
    site = Site("www.caspianmonitor.example", "Caspian Monitor", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/politics/aktau-baku-ferry-line-doubles-capacity-4471920", "Aktau–Baku ferry line doubles capacity")
    h = v.imperva_headers(rng, site.host, WHEN)
    info = next(val for name, val in h.items if name.lower() == "x-iinfo")
    out.append(Fixture(site, c.path, c.title, 200, h, v.incapsula_iframe_body(rng, WHEN, v.incident(rng), info), "imperva",
                       "Imperva/Incapsula: 200 with the _Incapsula_Resource iframe, \"Incapsula incident ID\", X-Iinfo"))

    # DataDome captcha, 403
    rng = _rng("datadome")
    site = Site("www.baltic-herald.example", "Baltic Herald", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/world/europe/nato-eastern-flank-summit-ends-with-joint-declaration-7f3a9c21",
                 "NATO eastern flank summit ends with joint declaration")
    cid = v.dd_cid(rng)
    h = v.datadome_headers(rng, site.host, WHEN, cid=cid).drop("server").add("server", "nginx")
    out.append(Fixture(site, c.path, c.title, 403, h, v.datadome_body(rng, site.host, "c", cid), "datadome",
                       "DataDome captcha: 403, X-DataDome: protected, datadome cookie, captcha-delivery.com"))

    # PerimeterX / HUMAN press & hold, 403
    rng = _rng("perimeterx")
    site = Site("www.globalaffairsweekly.example", "Global Affairs Weekly", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/2026/02/06/what-the-washington-declaration-means-for-the-south-caucasus",
                 "What the Washington declaration means for the South Caucasus")
    out.append(Fixture(site, c.path, c.title, 403, v.px_headers(rng, site.host, WHEN, "nginx"),
                       v.px_press_hold_body(rng, site.host), "perimeterx",
                       "PerimeterX/HUMAN: 403 \"Access to this page has been denied\", \"Press & Hold\", _pxAppId, _pxhd cookie"))

    # a 200 interstitial of the site's own asking to enable JavaScript (and cookies)
    rng = _rng("javascript")
    site = Site("www.yerevanherald.example", "Yerevan Herald", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/politics/2026/02/05/parliament-debates-new-constitution-draft",
                 "Parliament debates new constitution draft")
    html = (head(rng, lang="en", title="Yerevan Herald", robots="noindex, nofollow") + "<body>\n"
            '<div class="no-js-message"><h1>Please enable JavaScript to continue</h1>'
            "<p>This website requires JavaScript and cookies. Please enable JavaScript and cookies in your browser "
            "settings and reload the page.</p></div>\n"
            f'<div id="app" data-route="{e(c.path)}"></div>\n'
            "<script>document.cookie=\"jsok=1; path=/; max-age=86400\";location.reload();</script>\n"
            "</body>\n</html>\n")
    out.append(Fixture(site, c.path, c.title, 200, p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8"), html,
                       "javascript", "200 interstitial of the site's own (no vendor) asking to enable JavaScript and cookies"))

    # a 200 captcha interstitial of the site's own (Azerbaijani, reCAPTCHA)
    rng = _rng("captcha")
    site = Site("www.bakuchronicle.example", "Bakı Xronikası", "az", "news", "dated_slug", "nginx")
    c = cited_at(site, "/siyaset/xarici-isler-naziri-ankarada-resmi-gorusler-kecirib-448120",
                 "Xarici işlər naziri Ankarada rəsmi görüşlər keçirib")
    title, heading, text, button = g.GATE["az"]
    html = (head(rng, lang="az", title=title, robots="noindex, nofollow",
                 extra='<script src="https://www.google.com/recaptcha/api.js" async defer></script>\n') + "<body>\n"
            + nav(rng, site)
            + f'<main class="captcha-gate"><h1>{e(heading)}</h1><p>{e(text.format(site=site.name))}</p>'
              f'<form method="post" action="/__verify?return={e(c.path)}"><div class="g-recaptcha" '
              'data-sitekey="6LcR3xkqAAAAAJ8vKq0mZcW1yJbPoT7uN2sQeF4d" data-callback="onPass"></div>'
              f'<button type="submit">{e(button)}</button></form></main>\n'
              "<script>function onPass(){document.forms[0].submit();}</script>\n"
            + footer(rng, site, 2026) + "</body>\n</html>\n")
    out.append(Fixture(site, c.path, c.title, 200, p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8"), html,
                       "captcha", "200 captcha interstitial of the site's own: \"Robot olmadığınızı təsdiq edin\" with reCAPTCHA"))

    # paywalls on one host: 402, 401, a 200 subscription interstitial, and a teaser that is the article
    site = Site("www.thediplomatreview.example", "The Diplomat Review", "en", "news", "dated_slug", "nginx")
    rng = _rng("paywall-402")
    c = cited_at(site, "/articles/2026/02/03/inside-the-talks-on-the-trans-caspian-pipeline",
                 "Inside the talks on the Trans-Caspian pipeline")
    html402 = (head(rng, lang="en", title=f"{c.title} | {site.name}") + "<body>\n" + nav(rng, site)
               + f"<main><h1>{e(c.title)}</h1>{p.subscribe_box(rng, 'en')}</main>\n" + footer(rng, site, 2026)
               + "</body>\n</html>\n")
    out.append(Fixture(site, c.path, c.title, 402, p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8"),
                       html402, "paywall", "HTTP 402 Payment Required with the site's subscription offer", "_402.html"))
    rng = _rng("paywall-401")
    c = cited_at(site, "/articles/2026/01/30/why-ankara-and-yerevan-keep-talking",
                 "Why Ankara and Yerevan keep talking")
    html401 = (head(rng, lang="en", title=f"Sign in | {site.name}") + "<body>\n" + nav(rng, site) + g.login_form(c)
               + footer(rng, site, 2026) + "</body>\n</html>\n")
    h401 = p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8").add("www-authenticate", f'Bearer realm="{site.host}"')
    out.append(Fixture(site, c.path, c.title, 401, h401, html401, "paywall", "HTTP 401: sign-in required to read the article",
                       "_401.html"))
    rng = _rng("paywall-interstitial")
    c = cited_at(site, "/articles/2026/01/22/the-new-geometry-of-black-sea-security",
                 "The new geometry of Black Sea security")
    out.append(Fixture(site, c.path, c.title, 200, p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8"),
                       g.interstitial_html(rng, c, p.subscribe_box(rng, "en")), "paywall",
                       "200 subscription interstitial instead of the article (\"Subscribe to continue reading\")",
                       "_subscribe.html"))
    rng = _rng("paywall-teaser")
    c = cited_at(site, "/articles/2026/01/15/kazakhstan-bets-on-the-middle-corridor",
                 "Kazakhstan bets on the Middle Corridor")
    teaser = p.article_html(rng, c, body_paras=p.paragraphs(rng, "en", 5), free=False, after_article=p.subscribe_box(rng, "en"),
                            title_style="pipe")
    out.append(Fixture(site, c.path, c.title, 200, p.origin_headers(rng, site, WHEN, ctype="text/html; charset=utf-8"),
                       teaser, None, "paywalled article whose teaser is the article (headline, five paragraphs, a subscribe "
                       "box): not a wall", "_teaser.html"))

    # a normal article served through Cloudflare: consent banner, <noscript> notice, reCAPTCHA comment form
    rng = _rng("cf-article")
    site = Site("www.anatoliantimes.example", "Anatolian Times", "en", "news", "dated_slug", "nginx")
    c = cited_at(site, "/diplomacy/turkiye-and-armenia-agree-on-technical-steps-for-border-opening-3412876",
                 "Türkiye and Armenia agree on technical steps for border opening")
    h, _ = p.cdn_headers(rng, "cloudflare", site, WHEN)
    ray = next(val for name, val in h.items if name.lower() == "cf-ray").split("-")[0]
    banner_head, banner = p.cookie_banner(rng, "en", "onetrust")
    script, form = p.recaptcha_form(rng, "en")
    html = p.article_html(rng, c, n_paras=9, head_extra=banner_head + script, top=banner,
                          after_article=form + p.NOSCRIPT["disqus"], end=p.cf_jsd(rng, ray, WHEN), title_style="pipe")
    out.append(Fixture(site, c.path, c.title, 200, h, html, None,
                       "normal article behind Cloudflare (server: cloudflare, cf-ray) with a OneTrust consent banner, a "
                       "<noscript> \"enable JavaScript\" notice for comments and a reCAPTCHA comment form: not a wall",
                       "_article.html"))

    # a Cloudflare origin outage: 521 "Web server is down"
    rng = _rng("cf-521")
    site = Site("www.steppepolicy.example", "Steppe Policy Institute", "en", "thinktank", "dated_slug", "nginx")
    c = cited_at(site, "/publications/central-asian-water-diplomacy-in-2026/", "Central Asian water diplomacy in 2026")
    ray, colo = cf_ray(rng), rng.choice(CF_COLOS)
    out.append(Fixture(site, c.path, c.title, 521, p.cf_5xx_headers(rng, c, ray, colo), p.cf_5xx_html(rng, site.host, 521, ray, colo, WHEN),
                       None, "Cloudflare 521 \"Web server is down\": an outage of the origin, not a wall", "_521.html"))
    return out


def toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rule(f: Fixture) -> str:
    headers, seen = [], set()
    content_type = "text/html"
    for name, value in f.headers.items:
        low = name.lower()
        if low == "content-type":
            content_type = value
        if low in DROP or low in seen:
            continue
        seen.add(low)
        headers.append(f"{toml_str(name)} = {toml_str(value)}")
    return (f"[[rules]]\npath = {toml_str(f.path)}\nstatus = {f.status}\ncontent_type = {toml_str(content_type)}\n"
            f"file = {toml_str(f.file)}\nheaders = {{ {', '.join(headers)} }}\n")


def index_html(site: Site, items: list[Fixture]) -> str:
    rng = _rng(f"index:{site.host}")
    links = "".join(f'<li><a href="{e(f.path)}">{e(f.title)}</a></li>\n' for f in items)
    return (head(rng, lang=site.lang, title=site.name) + "<body>\n" + nav(rng, site)
            + f'<main><h1>{e(site.name)}</h1>\n<ul class="latest">\n{links}</ul></main>\n' + footer(rng, site, 2026)
            + "</body>\n</html>\n")


def write(sites_dir: Path, expected_path: Path) -> list[dict]:
    by_host: dict[str, list[Fixture]] = {}
    for f in fixtures():
        by_host.setdefault(f.site.host, []).append(f)
    expected = []
    for host, items in by_host.items():
        folder = sites_dir / host
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        (folder / "index.html").write_text(index_html(items[0].site, items), encoding="utf-8")
        lines = [f"# {items[0].site.name} ({host}): access-wall fixtures written by tests/wallgen/fixtures.py",
                 "# (python -m tests.wallgen.fixtures); see tests/fixtures/walls_expected.json."]
        for f in items:
            (folder / f.file).write_bytes(f.html.encode("utf-8"))
            lines.append(f"\n# {f.what} -> expected {f.expected or 'None'}\n" + rule(f))
        (folder / "_site.toml").write_text("\n".join(lines), encoding="utf-8")
        for f in items:
            expected.append({"url": f.url, "expected": f.expected, "status": f.status, "what": f.what})
        expected.append({"url": f"https://{host}/", "expected": None, "status": 200, "what": "home page of the fixture site"})
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=Path, default=REPO / "tests/internet/sites")
    parser.add_argument("--expected", type=Path, default=REPO / "tests/fixtures/walls_expected.json")
    args = parser.parse_args(argv)
    for item in write(args.sites, args.expected):
        print(f"{item['status']}  {item['expected'] or 'None':<11} {item['url']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
