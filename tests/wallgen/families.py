"""Every family of answers, its label and its weight; the builders of the vendor walls."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from . import generic as g
from . import pages as p
from . import vendors as v
from .model import Answer, Cited, cited
from .world import Headers, b64, cf_ray, encode, hexs, http_date, registrable


@dataclass(frozen=True)
class Family:
    name: str
    label: str | None
    weight: float
    build: Callable[[random.Random], Answer]


def _answer(c: Cited, status: int, h: Headers, html: str, final_url: str | None = None) -> Answer:
    body = encode(html, "utf-8")
    return Answer(c.url, status, h.finish(body), body, final_url)


def via_proxy(rng: random.Random, when, ctype: str) -> Headers:
    """What is left of the headers after an intermediary (a corporate proxy, a cache, a scraping gateway)."""
    h = Headers(rng, when)
    h.date().add("content-type", ctype)
    if rng.random() < 0.5:
        h.add("via", rng.choice(["1.1 varnish", "1.1 squid", "HTTP/1.1 forward.http.proxy:3128", "1.1 google"]))
    if rng.random() < 0.3:
        h.add("x-cache", rng.choice(["MISS", "MISS from proxy", "TCP_MISS"]))
    return h


# ------------------------------------------------------------------ Cloudflare

CF_LOCALES = ["tr"] * 40 + ["ru"] * 25 + ["de"] * 12 + ["fr"] * 12 + ["es"] * 11


def cf_challenge(status: int | tuple[int, ...], versions: tuple[str, ...], *, locale: str = "en", stripped: bool = False,
                 mitigated: float = 1.0, ctypes: tuple[str, ...] = ("managed",)):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        lang = rng.choice(CF_LOCALES) if locale == "local" else locale
        version = rng.choice(versions)
        if lang not in ("en", "tr") and version != "v2022":
            version = "v2024"  # the visible texts of other templates are only known in English and Turkish
        if lang not in ("en", "tr") and version == "v2022":
            lang = "en"
        ray = cf_ray(rng)
        st = rng.choice(status) if isinstance(status, tuple) else status
        html = v.cf_challenge_body(rng, c.host, c.path, ray, c.when, lang=lang, version=version, ctype=rng.choice(ctypes))
        if stripped:
            h = via_proxy(rng, c.when, rng.choice(["text/html; charset=UTF-8", "text/html"]))
            if rng.random() < 0.3:
                h.add("cache-control", v.NO_STORE)
        else:
            h = v.cf_challenge_headers(rng, c.host, c.when, ray, mitigated=rng.random() < mitigated)
        return _answer(c, st, h, html)
    return build


def cf_iuam_legacy(rng: random.Random) -> Answer:
    c = cited(rng)
    ray = cf_ray(rng)
    return _answer(c, 503, v.cf_challenge_headers(rng, c.host, c.when, ray, modern=False, h2=rng.random() < 0.3),
                   v.cf_iuam_legacy_body(rng, c.host, c.path, ray))


def cf_captcha_legacy(rng: random.Random) -> Answer:
    c = cited(rng)
    ray = cf_ray(rng)
    return _answer(c, 403, v.cf_challenge_headers(rng, c.host, c.when, ray, modern=False),
                   v.cf_captcha_legacy_body(rng, c.host, c.path, ray))


def cf_block(stripped: bool = False):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        ray = cf_ray(rng)
        h = (via_proxy(rng, c.when, "text/html; charset=UTF-8") if stripped else v.cf_block_headers(rng, c.host, c.when, ray))
        return _answer(c, 403, h, v.cf_block_body(rng, c.host, ray))
    return build


def cf_1xxx(codes: tuple[str, ...], status: int):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        ray = cf_ray(rng)
        h = v.cf_block_headers(rng, c.host, c.when, ray)
        if status == 429 and rng.random() < 0.5:
            h.add("retry-after", str(rng.choice([10, 60, 300])))
        return _answer(c, status, h, v.cf_1xxx_body(rng, c.host, ray, rng.choice(codes)))
    return build


# ------------------------------------------------------------------ DDoS-Guard

def ddg(kind: str, stripped: bool = False, statuses: tuple[int, ...] = (403,)):
    def build(rng: random.Random) -> Answer:
        c = cited(rng, lang=rng.choice(["ru", "ru", "ru", "en", "hy", "az", "tr"]))
        lang = "ru" if c.lang in ("ru", "hy", "az") and rng.random() < 0.7 else "en"
        html = v.ddg_challenge_body(rng, c.host, lang, kind, c.when)
        h = via_proxy(rng, c.when, "text/html; charset=utf-8") if stripped else v.ddg_headers(rng, c.host, c.when)
        return _answer(c, rng.choice(statuses), h, html)
    return build


# ------------------------------------------------------------------ Sucuri

def sucuri_block(legacy: bool = False):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        block = rng.choice(v.SUCURI_BLOCKS)
        sid = str(rng.randint(11000, 19999))
        h = v.sucuri_headers(rng, c.when, sid, block[0] if rng.random() < 0.85 else None)
        return _answer(c, 403, h, v.sucuri_block_body(rng, c.host, c.path, c.when, block, sid, legacy))
    return build


def sucuri_js(rng: random.Random) -> Answer:
    c = cited(rng)
    h = v.sucuri_headers(rng, c.when, str(rng.randint(11000, 19999)), None)
    if rng.random() < 0.3:
        h.drop("server")
    return _answer(c, 200, h, v.sucuri_js_body(rng))


# ------------------------------------------------------------------ Akamai

def akamai_denied(server: bool = True):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        ref = v.akamai_reference(rng, c.when)
        return _answer(c, 403, v.akamai_denied_headers(rng, c.host, c.when, server), v.akamai_denied_body(rng, c.url, ref))
    return build


def akamai_bm_verify(rng: random.Random) -> Answer:
    c = cited(rng)
    h = Headers(rng, c.when)
    h.add("content-type", "text/html").add("cache-control", "max-age=0, no-cache, no-store").add("pragma", "no-cache")
    h.date()
    if rng.random() < 0.6:
        h.add("set-cookie", f"ak_bmsc={b64(rng, 60)}~{b64(rng, 120)}; Domain=.{registrable(c.host)}; Path=/; "
                            f"Expires={http_date(c.when + timedelta(hours=2))}; Max-Age=7200; HttpOnly")
    if rng.random() < 0.5:
        h.add("server-timing", "ak_p; desc=\"" + f"{int(c.when.timestamp() * 1000)}_{rng.randint(10**8, 10**9)}_{rng.randint(10**6, 10**8)}"
              + f"_{rng.randint(1, 900)}_{rng.randint(1000, 9999)}_0_0_-\";dur=1")
    return _answer(c, 200, h, v.akamai_bm_verify_body(rng, c.path, c.host))


def akamai_sec_cpt(rng: random.Random) -> Answer:
    c = cited(rng)
    h = Headers(rng, c.when)
    h.add("content-type", "text/html").add("cache-control", "no-cache, no-store, must-revalidate").date()
    h.add("set-cookie", f"sec_cpt={hexs(rng, 32, upper=True)}~3~{b64(rng, 40)}~{rng.randint(1, 9)}; Domain=.{registrable(c.host)}; "
                        f"Path=/; Expires={http_date(c.when + timedelta(hours=2))}; Max-Age=7200; Secure")
    return _answer(c, rng.choice([200, 200, 403]), h, v.akamai_sec_cpt_body(rng, c.host))


# ------------------------------------------------------------------ Imperva

def imperva_iframe(rng: random.Random) -> Answer:
    c = cited(rng)
    inc = v.incident(rng)
    status = rng.choices([200, 403, 503], weights=[45, 35, 20])[0]
    h = v.imperva_headers(rng, c.host, c.when)
    info = next((val for name, val in h.items if name.lower() == "x-iinfo"), None)
    return _answer(c, status, h, v.incapsula_iframe_body(rng, c.when, inc, info))


def imperva_js(rng: random.Random) -> Answer:
    c = cited(rng)
    h = v.imperva_headers(rng, c.host, c.when)
    return _answer(c, 200, h, v.incapsula_js_body(rng, v.incident(rng)))


def imperva_block(rng: random.Random) -> Answer:
    c = cited(rng)
    h = v.imperva_headers(rng, c.host, c.when)
    if rng.random() < 0.3:
        h.drop("x-iinfo")
    return _answer(c, 403, h, v.imperva_block_body(rng, c.host, c.when, rng.choice(["15", "16", "15"]), v.incident(rng)))


# ------------------------------------------------------------------ DataDome

def datadome(kind: str = "c", statuses: tuple[int, ...] = (403,), stripped: bool = False, legacy: bool = False):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        cid = v.dd_cid(rng)
        html = v.datadome_legacy_body(rng, c.host, c.url, cid) if legacy else v.datadome_body(rng, c.host, kind, cid)
        h = v.datadome_headers(rng, c.host, c.when, stripped, cid)
        return _answer(c, rng.choice(statuses), h, html)
    return build


# ------------------------------------------------------------------ PerimeterX / HUMAN

def perimeterx(kind: str, stripped: bool = False):
    def build(rng: random.Random) -> Answer:
        c = cited(rng, lang=rng.choice(["en", "en", "en", "tr", "ru"]))
        html = {"press": v.px_press_hold_body, "legacy": v.px_legacy_body}.get(kind, lambda r, h: v.px_custom_body(r, c.site.name))(rng, c.host)
        h = (via_proxy(rng, c.when, "text/html") if stripped else
             v.px_headers(rng, c.host, c.when, c.site.server))
        return _answer(c, 403, h, html)
    return build


# ------------------------------------------------------------------ the registry

W = Family
FAMILIES: list[Family] = [
    # Cloudflare (120)
    W("cloudflare/managed-challenge-403", "cloudflare", 22, cf_challenge(403, ("v2023", "v2024", "v2024", "v2026"))),
    W("cloudflare/managed-challenge-503", "cloudflare", 12,
      cf_challenge(503, ("v2022", "v2024"), mitigated=0.5, ctypes=("non-interactive", "managed"))),
    W("cloudflare/challenge-localized", "cloudflare", 12, cf_challenge((403, 403, 503), ("v2023", "v2024", "v2026"), locale="local")),
    W("cloudflare/challenge-performing-security-verification", "cloudflare", 8, cf_challenge(403, ("v2026",))),
    W("cloudflare/challenge-429-bot-fight-mode", "cloudflare", 5, cf_challenge(429, ("v2024",))),
    W("cloudflare/challenge-headers-stripped", "cloudflare", 8,
      cf_challenge((403, 503), ("v2022", "v2023", "v2024", "v2026"), stripped=True)),
    W("cloudflare/challenge-200-via-proxy", "cloudflare", 3, cf_challenge(200, ("v2024", "v2026"), stripped=True)),
    W("cloudflare/iuam-legacy-503", "cloudflare", 6, cf_iuam_legacy),
    W("cloudflare/captcha-legacy-403", "cloudflare", 6, cf_captcha_legacy),
    W("cloudflare/block-403", "cloudflare", 14, cf_block()),
    W("cloudflare/block-headers-stripped", "cloudflare", 4, cf_block(stripped=True)),
    W("cloudflare/error-1020-access-denied", "cloudflare", 7, cf_1xxx(("1020",), 403)),
    W("cloudflare/error-1015-rate-limited", "cloudflare", 6, cf_1xxx(("1015",), 429)),
    W("cloudflare/error-1010-browser-signature", "cloudflare", 4, cf_1xxx(("1010",), 403)),
    W("cloudflare/error-1009-1006-banned", "cloudflare", 3, cf_1xxx(("1009", "1006"), 403)),
    # DDoS-Guard (28)
    W("ddos_guard/js-challenge-403", "ddos_guard", 14, ddg("js")),
    W("ddos_guard/js-challenge-headers-stripped", "ddos_guard", 4, ddg("js", stripped=True, statuses=(403, 200))),
    W("ddos_guard/captcha-page", "ddos_guard", 6, ddg("captcha")),
    W("ddos_guard/click-challenge", "ddos_guard", 4, ddg("click", statuses=(403, 200))),
    # Sucuri (26)
    W("sucuri/firewall-block-403", "sucuri", 14, sucuri_block()),
    W("sucuri/firewall-block-legacy-title", "sucuri", 4, sucuri_block(legacy=True)),
    W("sucuri/cloudproxy-js-redirect", "sucuri", 8, sucuri_js),
    # Akamai (32)
    W("akamai/access-denied-403", "akamai", 16, akamai_denied()),
    W("akamai/access-denied-no-server-header", "akamai", 5, akamai_denied(server=False)),
    W("akamai/bm-verify-interstitial", "akamai", 6, akamai_bm_verify),
    W("akamai/sec-cpt-challenge", "akamai", 5, akamai_sec_cpt),
    # Imperva (32)
    W("imperva/incapsula-iframe", "imperva", 14, imperva_iframe),
    W("imperva/incapsula-js-resource", "imperva", 6, imperva_js),
    W("imperva/error-15-16-block", "imperva", 12, imperva_block),
    # DataDome (32)
    W("datadome/captcha-403", "datadome", 16, datadome("c")),
    W("datadome/device-check-interstitial", "datadome", 6, datadome("i")),
    W("datadome/captcha-401", "datadome", 4, datadome("c", statuses=(401,))),
    W("datadome/captcha-headers-stripped", "datadome", 3, datadome("c", stripped=True)),
    W("datadome/legacy-iframe", "datadome", 3, datadome(legacy=True)),
    # PerimeterX / HUMAN (30)
    W("perimeterx/press-and-hold-403", "perimeterx", 16, perimeterx("press")),
    W("perimeterx/legacy-verify-human-403", "perimeterx", 6, perimeterx("legacy")),
    W("perimeterx/custom-block-page", "perimeterx", 5, perimeterx("custom")),
    W("perimeterx/press-and-hold-headers-stripped", "perimeterx", 3, perimeterx("press", stripped=True)),
    # captcha (55)
    W("captcha/aws-waf-405", "captcha", 9, g.aws_waf_captcha),
    W("captcha/google-unusual-traffic-429", "captcha", 5, g.google_sorry),
    W("captcha/site-recaptcha-gate", "captcha", 9, g.captcha_gate("recaptcha")),
    W("captcha/site-hcaptcha-gate", "captcha", 5, g.captcha_gate("hcaptcha")),
    W("captcha/site-turnstile-gate-behind-cloudflare", "captcha", 6, g.captcha_gate("turnstile")),
    W("captcha/yandex-smartcaptcha", "captcha", 5, g.yandex_captcha),
    W("captcha/turkish-robot-dogrulama", "captcha", 6, g.turkish_robot),
    W("captcha/archive-today-one-more-step", "captcha", 4, g.archive_today),
    W("captcha/image-code-form", "captcha", 6, g.image_code),
    # javascript (40)
    W("javascript/enable-javascript-shell", "javascript", 10, g.enable_js_shell),
    W("javascript/spa-shell-no-content", "javascript", 8, g.spa_shell),
    W("javascript/testcookie-slowaes", "javascript", 5, g.testcookie),
    W("javascript/imunify360-verifying", "javascript", 5, g.imunify),
    W("javascript/vercel-security-checkpoint", "javascript", 3, g.vercel),
    W("javascript/anubis-proof-of-work", "javascript", 3, g.anubis),
    W("javascript/aws-waf-challenge-202", "javascript", 4, g.aws_waf_challenge),
    W("javascript/site-browser-check", "javascript", 2, g.browser_check),
    # cookies (30)
    W("cookies/enable-cookies-required", "cookies", 10, g.enable_cookies),
    W("cookies/consent-redirect-google", "cookies", 5, g.consent_google),
    W("cookies/consent-redirect-yahoo", "cookies", 4, g.consent_yahoo),
    W("cookies/consent-wall-in-place", "cookies", 7, g.consent_wall),
    W("cookies/turkish-cerez-wall", "cookies", 4, g.cerez_wall),
    # paywall (50)
    W("paywall/http-402", "paywall", 7, g.http_402),
    W("paywall/http-401", "paywall", 8, g.http_401),
    W("paywall/subscribe-interstitial", "paywall", 12, g.subscribe_interstitial),
    W("paywall/redirect-to-subscribe", "paywall", 7, g.redirect_subscribe),
    W("paywall/redirect-to-login", "paywall", 6, g.redirect_login),
    W("paywall/registration-wall", "paywall", 5, g.registration_wall),
    W("paywall/tr-abone-interstitial", "paywall", 3, g.tr_abone),
    W("paywall/ru-podpiska-interstitial", "paywall", 2, g.ru_podpiska),
    # ordinary pages (None)
    W("page/article", None, 80, p.article),
    W("page/article-behind-cloudflare", None, 50, p.behind("cloudflare")),
    W("page/article-behind-akamai", None, 18, p.behind("akamai")),
    W("page/article-behind-sucuri", None, 10, p.behind("sucuri")),
    W("page/article-behind-imperva", None, 14, p.behind("imperva")),
    W("page/article-behind-ddos-guard", None, 10, p.behind("ddos_guard")),
    W("page/article-behind-datadome", None, 12, p.behind("datadome")),
    W("page/article-behind-perimeterx", None, 8, p.behind("perimeterx")),
    W("page/article-with-cookie-banner", None, 35, p.with_cookie_banner),
    W("page/article-with-noscript-warning", None, 24, p.with_noscript),
    W("page/article-with-recaptcha-comment-form", None, 15, p.with_recaptcha_comments),
    W("page/article-with-turnstile-newsletter", None, 8, p.with_turnstile_newsletter),
    W("page/article-with-newsletter-subscribe-box", None, 14, p.with_newsletter),
    W("page/metered-paywall-teaser", None, 24, p.metered_teaser),
    W("page/article-about-walls", None, 20, p.about_walls),
    W("page/article-with-adblock-notice", None, 6, p.with_adblock_notice),
    W("page/photo-gallery", None, 8, p.gallery),
    W("page/video-page", None, 8, p.video),
    W("page/brief", None, 12, p.brief),
    W("page/think-tank-report-landing", None, 10, p.report_landing),
    W("page/pdf", None, 15, p.pdf),
    W("page/json", None, 6, p.json_answer),
    W("page/rss-feed", None, 4, p.rss),
    W("page/redirect-to-home", None, 6, p.home_redirect),
    W("page/admin-login-wrong-link", None, 6, p.admin_login),
    W("page/search-results", None, 4, p.search_results),
    W("page/amp-article", None, 5, p.amp),
    # error pages (None)
    W("error/404-site", None, 18, p.error_404_site),
    W("error/404-cloudflare", None, 8, p.error_404_cloudflare),
    W("error/404-akamai", None, 4, p.error_404_akamai),
    W("error/404-nginx", None, 5, p.nginx_error(404, "Not Found")),
    W("error/410-gone", None, 5, p.error_410),
    W("error/500-application", None, 8, p.error_500),
    W("error/502-nginx", None, 5, p.nginx_error(502, "Bad Gateway")),
    W("error/503-maintenance", None, 8, p.error_503_maintenance),
    W("error/504-gateway", None, 3, p.gateway_504),
    W("error/varnish-503", None, 3, p.varnish_503),
    W("error/cloudflare-52x-origin", None, 24, p.cloudflare_5xx((520, 521, 522, 523, 524, 525, 526))),
    W("error/cloudflare-530-1016", None, 4, p.cloudflare_530),
    W("error/cloudflare-502-504", None, 4, p.cloudflare_5xx((502, 504))),
    W("error/akamai-origin-error", None, 4, p.akamai_origin_error),
    W("error/403-nginx", None, 7, p.nginx_error(403, "Forbidden")),
    W("error/403-apache", None, 6, p.apache_403),
    W("error/403-iis", None, 2, p.iis_403),
    W("error/429-nginx", None, 5, p.nginx_error(429, "Too Many Requests")),
    W("error/429-api-json", None, 3, p.app_429_json),
]

BY_NAME = {f.name: f for f in FAMILIES}
assert len(BY_NAME) == len(FAMILIES), "family names must be unique"
