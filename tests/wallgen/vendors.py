"""The walls of the seven named vendors, as each serves them (bodies, statuses, headers, cookies).

Sources (see the package docstring for the full list): Cloudflare's own documentation of
challenge pages (`cf-mitigated: challenge`, supported languages), captured challenge and error
pages in public repositories (2019 IUAM `chk_jschl`, 2021-2022 "Checking if the site connection
is secure", 2023 "Verifying you are human", 2024 `_cf_chl_opt` cTplV 5 noscript page, 2025-2026
"Performing security verification"), block pages (1010, 1015, 1020, "Sorry, you have been
blocked"); DDoS-Guard's `/.well-known/ddos-guard/js-challenge/` and `ddg-captcha-page` pages and
`__ddg*` cookies; Sucuri's firewall block page with its block table and `X-Sucuri-ID`/`X-Sucuri-Block`
headers, and its `sucuri_cloudproxy_js` redirect page; Akamai's "Access Denied ... Reference #18."
page (`Server: AkamaiGHost`), the `bm-verify` interstitial and the `sec-if-cpt-container` challenge;
Imperva's `_Incapsula_Resource` iframe page with `X-Iinfo`, `visid_incap_`/`incap_ses_` cookies, and
its "Error 15/16 ... This request was blocked by our security service" page; DataDome's
`captcha-delivery.com` page with `var dd={...}`, `X-DataDome` headers and `datadome` cookie;
PerimeterX/HUMAN's "Press & Hold" and older "Please verify you are a human" block pages with
`window._pxAppId` and the `_pxhd` cookie.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .world import (CF_COLOS, Headers, alnum, b64, cf_bm, cookie_expiry, digits, e, hexs, http_date, ip,
                    registrable, urlsafe, uuid4)

# =================================================================== Cloudflare

CF_TITLES = {"en": "Just a moment...", "tr": "Bir dakika lütfen...", "ru": "Один момент…",
             "de": "Einen Moment bitte...", "fr": "Un instant…", "es": "Un momento…"}
CF_HTML_LANG = {"en": "en-US", "tr": "tr-TR", "ru": "ru-RU", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}
CF_NOSCRIPT = {"en": "Enable JavaScript and cookies to continue",
               "tr": "Devam etmek için JavaScript'i ve çerezleri etkinleştirin",
               "ru": "Включите JavaScript и файлы cookie, чтобы продолжить",
               "de": "Aktivieren Sie JavaScript und Cookies, um fortzufahren",
               "fr": "Activez JavaScript et les cookies pour continuer",
               "es": "Habilita JavaScript y las cookies para continuar"}
CF_TEXT = {  # visible texts of the 2023 and 2026 templates
    "en": {"verifying": "Verifying you are human. This may take a few seconds.",
           "review": "{host} needs to review the security of your connection before proceeding.",
           "performing": "Performing security verification",
           "service": "This website uses a security service to protect against malicious bots. This page is "
                      "displayed while the website verifies you are not a bot.",
           "footer23": "Performance &amp; security by", "footer26": "Performance and Security by",
           "privacy": "Privacy"},
    "tr": {"verifying": "İnsan olduğunuz doğrulanıyor. Bu işlem birkaç saniye sürebilir.",
           "review": "{host} adresinin devam etmeden önce bağlantınızın güvenliğini gözden geçirmesi gerekiyor.",
           "performing": "Güvenlik doğrulaması yapılıyor",
           "service": "Bu web sitesi, kötü niyetli botlara karşı korunmak için bir güvenlik hizmeti kullanıyor. "
                      "Web sitesi bir bot olmadığınızı doğrularken bu sayfa görüntülenir.",
           "footer23": "Bu sitenin performansı ve güvenliği", "footer26": "Cloudflare ile Performans ve Güvenlik",
           "privacy": "Gizlilik"},
}
ACCEPT_CH = ("Sec-CH-UA-Bitness, Sec-CH-UA-Arch, Sec-CH-UA-Full-Version, Sec-CH-UA-Mobile, Sec-CH-UA-Model, "
             "Sec-CH-UA-Platform-Version, Sec-CH-UA-Full-Version-List, Sec-CH-UA-Platform, Sec-CH-UA, UA-Bitness, "
             "UA-Arch, UA-Full-Version, UA-Mobile, UA-Model, UA-Platform-Version, UA-Platform, UA")
PERMISSIONS = ("accelerometer=(),autoplay=(),browsing-topics=(),camera=(),clipboard-read=(),clipboard-write=(),"
               "geolocation=(),gyroscope=(),hid=(),interest-cohort=(),magnetometer=(),microphone=(),payment=(),"
               "publickey-credentials-get=(),screen-wake-lock=(),serial=(),sync-xhr=(),usb=()")
NO_STORE = "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"
EPOCH_1970 = "Thu, 01 Jan 1970 00:00:01 GMT"


def cf_token(rng: random.Random, when: datetime, n: int = 43) -> str:
    return f"{urlsafe(rng, n)}-{int(when.timestamp())}-1.0.1.1-{urlsafe(rng, 43)}"


def cfduid(rng: random.Random, host: str, when: datetime) -> str:
    return (f"__cfduid=d{hexs(rng, 32)}{int(when.timestamp())}; expires={cookie_expiry(when, 30 * 86400)}; "
            f"path=/; domain=.{registrable(host)}; HttpOnly; SameSite=Lax")


def cf_challenge_headers(rng: random.Random, host: str, when: datetime, ray: str, *, mitigated: bool = True,
                         modern: bool = True, h2: bool | None = None) -> Headers:
    h = Headers(rng, when, h2)
    h.date().add("content-type", "text/html; charset=UTF-8")
    if modern:
        if rng.random() < 0.7:
            h.add("accept-ch", ACCEPT_CH)
        if mitigated:
            h.add("cf-mitigated", "challenge")
        if rng.random() < 0.6:
            h.add("critical-ch", ACCEPT_CH)
        h.add("cross-origin-embedder-policy", "require-corp").add("cross-origin-opener-policy", "same-origin")
        h.add("cross-origin-resource-policy", "same-origin").add("origin-agent-cluster", "?1")
        h.add("permissions-policy", PERMISSIONS).add("referrer-policy", "same-origin")
        if rng.random() < 0.7:
            h.add("server-timing", f'chlray;desc="{ray}"')
        h.add("x-content-type-options", "nosniff").add("x-frame-options", "SAMEORIGIN")
        h.add("cache-control", NO_STORE).add("expires", EPOCH_1970)
        if rng.random() < 0.5:
            h.add("set-cookie", cf_bm(rng, host, when))
    else:
        h.add("x-frame-options", "SAMEORIGIN")
        if rng.random() < 0.5:
            h.add("cf-chl-bypass", "1")
        h.add("cache-control", NO_STORE).add("expires", EPOCH_1970)
        if rng.random() < 0.7:
            h.add("set-cookie", cfduid(rng, host, when))
    h.add("vary", "Accept-Encoding").add("server", "cloudflare").add("cf-ray", f"{ray}-{rng.choice(CF_COLOS)}")
    if h.h2 and rng.random() < 0.6:
        h.add("alt-svc", 'h3=":443"; ma=86400')
    return h


def _chl_opt(rng: random.Random, host: str, path: str, ray: str, when: datetime, ctype: str, tplv: int) -> str:
    ts = int(when.timestamp())
    tk = cf_token(rng, when)
    esc = path.replace("/", "\\/")
    sep = "&" if "?" in path else "?"
    fields = [f"cvId: '{rng.choice(['2', '3'])}'", f'cZone: "{host}"', f"cType: '{ctype}'"]
    if tplv < 5:
        fields.append(f"cNounce: '{rng.randint(10000, 99999)}'")
    fields += [f"cRay: '{ray}'", f"cH: '{cf_token(rng, when)}'",
               f'cUPMDTk: "{esc}{sep}__cf_chl_tk={tk}"', f"cFPWv: '{rng.choice('bg')}'", f"cITimeS: '{ts}'",
               "cTTimeMs: '1000'", f"cMTimeMs: '{rng.choice(['120000', '390000'])}'", "cTplC: 0",
               f"cTplV: {tplv}", "cTplB: 'cf'", 'cK: ""',
               f'fa: "{esc}{sep}__cf_chl_f_tk={tk}"', f'md: "{urlsafe(rng, rng.randint(900, 2600))}"',
               f'mdrd: "{urlsafe(rng, rng.randint(600, 1800))}"']
    opt = ",\n                    ".join(fields)
    flavor = rng.choice("bg")
    return f"""        <script>
            (function() {{
                window._cf_chl_opt = {{
                    {opt}
                }};
                var cpo = document.createElement('script');
                cpo.src = '/cdn-cgi/challenge-platform/h/{flavor}/orchestrate/chl_page/v1?ray={ray}';
                window._cf_chl_opt.cOgUHash = location.hash === '' && location.href.indexOf('#') !== -1 ? '#' : location.hash;
                window._cf_chl_opt.cOgUQuery = location.search === '' && location.href.slice(0, location.href.length - window._cf_chl_opt.cOgUHash.length).indexOf('?') !== -1 ? '?' : location.search;
                if (window.history && window.history.replaceState) {{
                    var ogU = location.pathname + window._cf_chl_opt.cOgUQuery + window._cf_chl_opt.cOgUHash;
                    history.replaceState(null, null, "{esc}{sep}__cf_chl_rt_tk={tk}" + window._cf_chl_opt.cOgUHash);
                    cpo.onload = function() {{
                        history.replaceState(null, null, ogU);
                    }}
                }}
                document.getElementsByTagName('head')[0].appendChild(cpo);
            }}());
        </script>
"""


CF_STYLE = """        <style>
            *{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15;-webkit-text-size-adjust:100%;color:#313131;font-family:system-ui,-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica Neue,Arial,Noto Sans,sans-serif}body{display:flex;flex-direction:column;height:100vh;min-height:100vh}.main-content{margin:8rem auto;max-width:60rem;padding-left:1.5rem}@media (width <= 720px){.main-content{margin-top:4rem}}.h2{font-size:1.5rem;font-weight:500;line-height:2.25rem}#challenge-error-text{background-repeat:no-repeat;background-size:contain;padding-left:34px}@media (prefers-color-scheme:dark){body{background-color:#222;color:#d9d9d9}}
        </style>
"""


def cf_challenge_body(rng: random.Random, host: str, path: str, ray: str, when: datetime, *, lang: str = "en",
                      version: str = "v2024", ctype: str = "managed") -> str:
    """A Cloudflare interstitial challenge page (managed, JS or interactive)."""
    title = CF_TITLES[lang]
    noscript = CF_NOSCRIPT[lang]
    text = CF_TEXT.get(lang, CF_TEXT["en"])
    tplv = {"v2022": 4, "v2023": 5, "v2024": 5, "v2026": 5}[version]
    out = [f'<!DOCTYPE html>\n<html lang="{CF_HTML_LANG[lang]}">\n    <head>\n        <title>{title}</title>\n'
           '        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
           '        <meta http-equiv="X-UA-Compatible" content="IE=Edge">\n'
           '        <meta name="robots" content="noindex,nofollow">\n'
           '        <meta name="viewport" content="width=device-width,initial-scale=1">\n', CF_STYLE,
           f'        <meta http-equiv="refresh" content="{rng.choice([35, 360, 390])}">\n    </head>\n'
           '    <body class="no-js">\n        <div class="main-wrapper" role="main">\n'
           '            <div class="main-content">\n']
    if version == "v2022":
        out.append(f'                <h1 class="zone-name-title h1"><img class="heading-favicon" src="/favicon.ico" '
                   f'alt="Icon for {host}" onerror="this.onerror=null;this.parentNode.removeChild(this)">{host}</h1>\n'
                   '                <h2 id="challenge-running" class="h2">Checking if the site connection is secure</h2>\n')
    elif version == "v2023":
        out.append(f'                <h1 class="zone-name-title h1">{host}</h1>\n'
                   f'                <p id="Truv1" class="h2 spacer-bottom">{text["verifying"]}</p>\n'
                   '                <div id="challenge-stage"></div>\n')
    elif version == "v2026" and rng.random() < 0.6:
        out.append(f'                <h1 class="zone-name-title h1">{host}</h1>\n'
                   f'                <h2 class="h2" id="challenge-title">{text["performing"]}</h2>\n'
                   f'                <p class="core-msg">{text["service"]}</p>\n')
    out.append('                <noscript>\n                    <div class="h2">\n'
               f'                        <span id="challenge-error-text">{noscript}</span>\n'
               '                    </div>\n                </noscript>\n')
    if version in ("v2022", "v2023"):
        out.append('                <div id="challenge-body-text" class="core-msg spacer">'
                   f'{text["review"].format(host=host)}</div>\n')
    out.append("            </div>\n        </div>\n")
    out.append(_chl_opt(rng, host, path, ray, when, ctype, tplv))
    if version in ("v2022", "v2023") or (version == "v2026" and rng.random() < 0.5):
        foot = text["footer26"] if version == "v2026" else text["footer23"]
        out.append('        <div class="footer" role="contentinfo"><div class="footer-inner">'
                   f'<div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID: <code>{ray}</code></div></div>'
                   f'<div class="text-center" id="footer-text">{foot} <a rel="noopener noreferrer" '
                   'href="https://www.cloudflare.com?utm_source=challenge&amp;utm_campaign=m" target="_blank">'
                   "Cloudflare</a>"
                   + (f' <a href="https://www.cloudflare.com/privacypolicy/">{text["privacy"]}</a>'
                      if version == "v2026" else "") + "</div></div></div>\n")
    out.append("    </body>\n</html>\n")
    return "".join(out)


def cf_iuam_legacy_body(rng: random.Random, host: str, path: str, ray: str) -> str:
    """The 2016-2020 "I'm Under Attack" JavaScript challenge (503)."""
    jschl_vc = hexs(rng, 32)
    pass_ = f"{rng.randint(1550000000, 1610000000)}.{rng.randint(100, 999)}-{alnum(rng, 10)}"
    action = path.split("?")[0] if rng.random() < 0.4 else "/cdn-cgi/l/chk_jschl"
    var = alnum(rng, 7)
    return f"""<!DOCTYPE HTML>
<html lang="en-US">
<head>
  <meta charset="UTF-8" />
  <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
  <meta http-equiv="X-UA-Compatible" content="IE=Edge,chrome=1" />
  <meta name="robots" content="noindex, nofollow" />
  <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1" />
  <title>Just a moment...</title>
  <style type="text/css">
    html, body {{width: 100%; height: 100%; margin: 0; padding: 0;}}
    body {{background-color: #ffffff; font-family: Helvetica, Arial, sans-serif; font-size: 100%;}}
    h1 {{font-size: 1.5em; color: #404040; text-align: center;}}
    p {{font-size: 1em; color: #404040; text-align: center; margin: 10px 0 0 0;}}
    #spinner {{margin: 0 auto 30px auto; display: block;}}
    .attribution {{margin-top: 20px;}}
  </style>
  <script type="text/javascript">
  //<![CDATA[
  (function(){{
    var a = function() {{try{{return !!window.addEventListener}} catch(e) {{return !1}} }},
    b = function(b, c) {{a() ? document.addEventListener("DOMContentLoaded", b, c) : document.attachEvent("onreadystatechange", b)}};
    b(function(){{
      var a = document.getElementById('cf-content');a.style.display = 'block';
      setTimeout(function(){{
        var s,t,o,p,b,r,e,a,k,i,n,g,f, {var}={{"{alnum(rng, 6)}":+((!+[]+!![]+!![]+[])+(+!![]))}};
        t = document.createElement('div');
        t.innerHTML="<a href='/'>x</a>";
        t = t.firstChild.href;r = t.match(/https?:\\/\\//)[0];
        t = t.substr(r.length); t = t.substr(0,t.length-1); k = 'cf-dn-{alnum(rng, 5)}';
        a = document.getElementById('jschl-answer');
        f = document.getElementById('challenge-form');
        a.value = (+{var}.{alnum(rng, 6)}).toFixed(10); '; 121'
        f.action += location.hash;
        f.submit();
      }}, 4000);
    }}, false);
  }})();
  //]]>
</script>
</head>
<body>
  <table width="100%" height="100%" cellpadding="20">
    <tr>
      <td align="center" valign="middle">
          <div class="cf-browser-verification cf-im-under-attack">
  <noscript><h1 data-translate="turn_on_js" style="color:#bd2426;">Please turn JavaScript on and reload the page.</h1></noscript>
  <div id="cf-content" style="display:none">
    <div>
      <div class="bubbles"></div>
      <div class="bubbles"></div>
      <div class="bubbles"></div>
    </div>
    <h1><span data-translate="checking_browser">Checking your browser before accessing</span> {host}.</h1>
    <p data-translate="process_is_automatic">This process is automatic. Your browser will redirect to your requested content shortly.</p>
    <p data-translate="allow_5_secs">Please allow up to 5 seconds&hellip;</p>
  </div>
  <form id="challenge-form" action="{action}" method="get">
    <input type="hidden" name="jschl_vc" value="{jschl_vc}"/>
    <input type="hidden" name="pass" value="{pass_}"/>
    <input type="hidden" id="jschl-answer" name="jschl_answer"/>
  </form>
</div>
          <div class="attribution">
            <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=iuam" target="_blank" style="font-size: 12px;">DDoS protection by Cloudflare</a>
            <br>
            Ray ID: {ray}
          </div>
      </td>
    </tr>
  </table>
</body>
</html>
"""


CF_ERROR_HEAD = """<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if IE 7]>    <html class="no-js ie7 oldie" lang="en-US"> <![endif]-->
<!--[if IE 8]>    <html class="no-js ie8 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>{title}</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=Edge" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" />
<!--[if lt IE 9]><link rel="stylesheet" id='cf_styles-ie-css' href="/cdn-cgi/styles/cf.errors.ie.css" /><![endif]-->
<style>body{{margin:0;padding:0}}</style>
<!--[if gte IE 10]><!-->
<script>
  if (!navigator.cookieEnabled) {{
    window.addEventListener('DOMContentLoaded', function () {{
      var cookieEl = document.getElementById('cookie-alert');
      cookieEl.style.display = 'block';
    }})
  }}
</script>
<!--<![endif]-->
</head>
<body>
  <div id="cf-wrapper">
    <div class="cf-alert cf-alert-error cf-cookie-error" id="cookie-alert" data-translate="enable_cookies">Please enable cookies.</div>
    <div id="cf-error-details" class="cf-error-details-wrapper">
"""


def cf_footer(rng: random.Random, ray: str, client_ip: str) -> str:
    return f"""      <div class="cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8 mx-auto text-center sm:text-left border-solid border-0 border-t border-gray-300">
        <p class="text-13">
          <span class="cf-footer-item sm:block sm:mb-1">Cloudflare Ray ID: <strong class="font-semibold">{ray}</strong></span>
          <span class="cf-footer-separator sm:hidden">&bull;</span>
          <span id="cf-footer-item-ip" class="cf-footer-item hidden sm:block sm:mb-1">
            Your IP:
            <button type="button" id="cf-footer-ip-reveal" class="cf-footer-ip-reveal-btn">Click to reveal</button>
            <span class="hidden" id="cf-footer-ip">{client_ip}</span>
            <span class="cf-footer-separator sm:hidden">&bull;</span>
          </span>
          <span class="cf-footer-item sm:block sm:mb-1"><span>Performance &amp; security by</span> <a rel="noopener noreferrer" href="https://www.cloudflare.com/5xx-error-landing" id="brand_link" target="_blank">Cloudflare</a></span>
        </p>
        <script>(function(){{function d(){{var b=document.getElementById("cf-footer-item-ip"),c=document.getElementById("cf-footer-ip-reveal");b&&"classList"in b&&(b.classList.remove("hidden"),c.addEventListener("click",function(){{c.classList.add("hidden");document.getElementById("cf-footer-ip").classList.remove("hidden")}}))}}document.addEventListener&&document.addEventListener("DOMContentLoaded",d)}})();</script>
      </div><!-- /.error-footer -->
"""


def cf_block_body(rng: random.Random, host: str, ray: str) -> str:
    """"Sorry, you have been blocked" (WAF block action)."""
    return (CF_ERROR_HEAD.format(title="Attention Required! | Cloudflare") + f"""      <div class="cf-wrapper cf-header cf-error-overview">
        <h1 data-translate="block_headline">Sorry, you have been blocked</h1>
        <h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> {host}</h2>
      </div><!-- /.header -->
      <div class="cf-section cf-highlight">
        <div class="cf-wrapper">
          <div class="cf-screenshot-container cf-screenshot-full">
              <span class="cf-no-screenshot error"></span>
          </div>
        </div>
      </div><!-- /.captcha-container -->
      <div class="cf-section cf-wrapper">
        <div class="cf-columns two">
          <div class="cf-column">
            <h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
            <p data-translate="blocked_why_detail">This website is using a security service to protect itself from online attacks. The action you just performed triggered the security solution. There are several actions that could trigger this block including submitting a certain word or phrase, a SQL command or malformed data.</p>
          </div>
          <div class="cf-column">
            <h2 data-translate="blocked_resolve_headline">What can I do to resolve this?</h2>
            <p data-translate="blocked_resolve_detail">You can email the site owner to let them know you were blocked. Please include what you were doing when this page came up and the Cloudflare Ray ID found at the bottom of this page.</p>
          </div>
        </div>
      </div><!-- /.section -->
""" + cf_footer(rng, ray, ip(rng)) + """    </div><!-- /#cf-error-details -->
  </div><!-- /#cf-wrapper -->
  <script>
    window._cf_translation = {};
  </script>
</body>
</html>
""")


def cf_captcha_legacy_body(rng: random.Random, host: str, path: str, ray: str) -> str:
    """The 2019-2021 "One more step" captcha page (reCAPTCHA, later hCaptcha)."""
    hc = rng.random() < 0.6
    sitekey = uuid4(rng) if hc else "6Ld" + urlsafe(rng, 37)
    widget = (f'<div id="cf-hcaptcha-container"><div class="hcaptcha-box"><div class="h-captcha" data-sitekey="{sitekey}">'
              '</div></div></div><script src="https://hcaptcha.com/1/api.js?endpoint=https%3A%2F%2Fcloudflare.hcaptcha.com'
              '&assethost=https%3A%2F%2Fcf-assets.hcaptcha.com&imghost=https%3A%2F%2Fcf-imgs.hcaptcha.com" async defer></script>'
              if hc else
              f'<div class="g-recaptcha" data-sitekey="{sitekey}" data-type="image"></div>'
              '<script src="https://www.google.com/recaptcha/api.js" async defer></script>')
    tk = urlsafe(rng, 40)
    return (CF_ERROR_HEAD.format(title="Attention Required! | Cloudflare") + f"""      <div class="cf-wrapper cf-header cf-error-overview">
        <h1 data-translate="challenge_headline">One more step</h1>
        <h2 class="cf-subheadline"><span data-translate="complete_sec_check">Please complete the security check to access</span> {host}</h2>
      </div><!-- /.header -->
      <div class="cf-section cf-highlight cf-captcha-container">
        <div class="cf-wrapper">
          <div class="cf-columns">
            <div class="cf-column">
              <div class="cf-highlight-inverse cf-form-stacked">
                <form class="challenge-form" id="challenge-form" action="{e(path.split('?')[0])}?__cf_chl_captcha_tk__={tk}" method="POST" enctype="application/x-www-form-urlencoded">
                  <input type="hidden" name="r" value="{urlsafe(rng, 120)}">
                  {widget}
                </form>
              </div>
            </div>
            <div class="cf-column">
              <div class="cf-screenshot-container">
                <span class="cf-no-screenshot"></span>
              </div>
            </div>
          </div><!-- /.columns -->
        </div>
      </div><!-- /.captcha-container -->
      <div class="cf-section cf-wrapper">
        <div class="cf-columns two">
          <div class="cf-column">
            <h2 data-translate="why_captcha_headline">Why do I have to complete a CAPTCHA?</h2>
            <p data-translate="why_captcha_detail">Completing the CAPTCHA proves you are a human and gives you temporary access to the web property.</p>
          </div>
          <div class="cf-column">
            <h2 data-translate="resolve_captcha_headline">What can I do to prevent this in the future?</h2>
            <p data-translate="resolve_captcha_antivirus">If you are on a personal connection, like at home, you can run an anti-virus scan on your device to make sure it is not infected with malware.</p>
            <p data-translate="resolve_captcha_network">If you are at an office or shared network, you can ask the network administrator to run a scan across the network looking for misconfigured or infected devices.</p>
          </div>
        </div>
      </div><!-- /.section -->
""" + cf_footer(rng, ray, ip(rng)) + """    </div><!-- /#cf-error-details -->
  </div><!-- /#cf-wrapper -->
</body>
</html>
""")


CF_1XXX = {
    "1020": ("Access denied", "This website is using a security service to protect itself from online attacks."),
    "1015": ("You are being rate limited",
             "The owner of this website ({host}) has banned you temporarily from accessing this website."),
    "1010": ("Access denied",
             "The owner of this website ({host}) has banned your access based on your browser's signature "
             "({sig}-ua{n})."),
    "1009": ("Access denied",
             "The owner of this website ({host}) has banned the country or region your IP address is in ({cc}) "
             "from accessing this website."),
    "1006": ("Access denied", "The owner of this website ({host}) has banned your IP address ({ip})."),
}


def cf_1xxx_body(rng: random.Random, host: str, ray: str, code: str) -> str:
    """Cloudflare's "Access denied | host used Cloudflare to restrict access" pages (10xx errors)."""
    sub, what = CF_1XXX[code]
    client_ip = ip(rng)
    what = what.format(host=host, sig=hexs(rng, 16), n=rng.randint(10, 60), cc=rng.choice(["RU", "TR", "AM", "AZ", "IR"]),
                       ip=client_ip)
    return (CF_ERROR_HEAD.format(title=f"Access denied | {host} used Cloudflare to restrict access") + f"""      <div class="cf-wrapper cf-header cf-error-overview">
        <h1>
          <span class="cf-error-type" data-translate="error">Error</span>
          <span class="cf-error-code">{code}</span>
          <small class="heading-ray-id">Ray ID: {ray} &bull; {(datetime(2024, 1, 1) + timedelta(seconds=rng.randint(0, 9 * 10**7))):%Y-%m-%d %H:%M:%S} UTC</small>
        </h1>
        <h2 class="cf-subheadline" data-translate="error_desc">{sub}</h2>
      </div><!-- /.header -->
      <section></section><!-- spacer -->
      <div class="cf-section cf-wrapper">
        <div class="cf-columns two">
          <div class="cf-column">
            <h2 data-translate="what_happened">What happened?</h2>
            <p>{e(what)}</p>
          </div>
        </div>
      </div><!-- /.section -->
""" + cf_footer(rng, ray, client_ip) + """    </div><!-- /#cf-error-details -->
  </div><!-- /#cf-wrapper -->
  <script>
    window._cf_translation = {};
  </script>
</body>
</html>
""")


def cf_block_headers(rng: random.Random, host: str, when: datetime, ray: str, h2: bool | None = None) -> Headers:
    h = Headers(rng, when, h2)
    h.date().add("content-type", "text/html; charset=UTF-8")
    if rng.random() < 0.6:
        h.add("cache-control", NO_STORE).add("expires", EPOCH_1970)
    h.add("x-frame-options", "SAMEORIGIN").add("referrer-policy", "same-origin")
    if rng.random() < 0.4:
        h.add("set-cookie", cf_bm(rng, host, when))
    h.add("vary", "Accept-Encoding").add("server", "cloudflare").add("cf-ray", f"{ray}-{rng.choice(CF_COLOS)}")
    return h


# =================================================================== DDoS-Guard

def ddg_cookies(rng: random.Random, host: str, when: datetime) -> list[str]:
    dom = registrable(host)
    exp = cookie_expiry(when, 365 * 86400)
    out = [f"__ddg1_={alnum(rng, 20)}; Domain=.{dom}; HttpOnly; Path=/; Expires={exp}"]
    if rng.random() < 0.7:
        out += [f"__ddg8_={alnum(rng, 16)}; Domain=.{dom}; Path=/; Expires={exp}",
                f"__ddg9_={ip(rng)}; Domain=.{dom}; Path=/; Expires={exp}",
                f"__ddg10_={int(when.timestamp())}; Domain=.{dom}; Path=/; Expires={exp}"]
    return out


DDG_TEXT = {
    "en": ("Checking your browser before accessing", "This process is automatic. Your browser will redirect to your "
           "requested content shortly.", "Please allow up to 5 seconds…"),
    "ru": ("Проверка браузера перед переходом на сайт", "Этот процесс автоматический. Вы будете перенаправлены на "
           "запрошенный ресурс в ближайшее время.", "Подождите несколько секунд…"),
}


def ddg_challenge_body(rng: random.Random, host: str, lang: str, kind: str = "js", when: datetime | None = None) -> str:
    title, what, wait = DDG_TEXT[lang]
    req = hexs(rng, 32)
    script = {"js": "/.well-known/ddos-guard/js-challenge/index.js",
              "captcha": "/.well-known/ddos-guard/ddg-captcha-page/index.js",
              "click": "/_guard/html.js?js=click_html"}[kind]
    main = (f'    <h1 id="ddg-l10n-title" class="ddg-title">{title}</h1>\n'
            f'    <div class="ddg-origin">{host}</div>\n'
            '    <img id="ddg-img-loading" src="/.well-known/ddos-guard/js-challenge/loading.svg" alt="">\n'
            f'    <p id="ddg-l10n-description">{what}</p>\n    <p>{wait}</p>\n')
    if kind == "captcha":
        main = (f'    <h1 id="ddg-l10n-title" class="ddg-title">{"Проверка браузера" if lang == "ru" else "Browser verification"}</h1>\n'
                f'    <div class="ddg-origin">{host}</div>\n'
                '    <div id="ddg-iframe" class="ddg-captcha"><div class="ddg-captcha__checkbox"></div>'
                '<div class="ddg-modal"><img class="ddg-modal__captcha-image" src="" alt="">'
                '<input class="ddg-modal__input" type="text" autocomplete="off">'
                f'<button class="ddg-modal__submit">{"Отправить" if lang == "ru" else "Submit"}</button></div></div>\n')
    elif kind == "click":
        main = (f'    <div class="main"><h1>{host}</h1>'
                f'<p>{"Нажмите кнопку, чтобы продолжить" if lang == "ru" else "Click the button to continue"}</p>'
                f'<button id="access">{"Продолжить" if lang == "ru" else "Continue"}</button></div>\n')
    return ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>DDoS-Guard</title>\n'
            '<link rel="stylesheet" href="/.well-known/ddos-guard/js-challenge/index.css">\n</head>\n'
            f'<body data-ddg-origin="true" data-ddg-l10n="{lang}">\n<div class="ddg-wrapper">\n'
            + main +
            f'    <div class="ddg-footer">Request ID: {req} | IP: {ip(rng)} | Time: '
            f'{(when or datetime(2025, 1, 1)):%d.%m.%Y %H:%M:%S}</div>\n'
            f'</div>\n<script src="{script}"></script>\n</body>\n</html>\n')


def ddg_headers(rng: random.Random, host: str, when: datetime) -> Headers:
    h = Headers(rng, when)
    h.add("server", "ddos-guard").date().add("content-type", "text/html; charset=utf-8")
    if not h.h2:
        h.add("connection", "keep-alive")
    h.add("cache-control", "no-store, no-cache")
    for c in ddg_cookies(rng, host, when):
        h.add("set-cookie", c)
    return h


# =================================================================== Sucuri

SUCURI_BLOCKS = [("FBP007", "Fake bot access."), ("BNP005", "Bad bot access attempt."),
                 ("GEOACL", "Access from your Country was disabled by the administrator.")]


def sucuri_block_body(rng: random.Random, host: str, path: str, when: datetime, block: tuple[str, str],
                      server_id: str, legacy: bool = False) -> str:
    title = "Sucuri WebSite Firewall - CloudProxy - Access Denied" if legacy else "Sucuri WebSite Firewall - Access Denied"
    ua = rng.choice(["Mozilla/5.0 (compatible; avimcrawl/1.0; +https://avim.org.tr)", "python-requests/2.32.3",
                     "Scrapy/2.11.2 (+https://scrapy.org)"])
    return f"""<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
<head>
<link rel="stylesheet" href="https://cdn.sucuri.net/sucuri-firewall-block.css" />
<section class="center clearfix">
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{title}</title>
<link href="https://fonts.googleapis.com/css?family=Open+Sans:400,300,600,700" rel="stylesheet" type="text/css">
</head>
<body>
<div id="main-container">
<header class="app-header clearfix">
<div class="wrap">
<a href="https://www.sucuri.net/?utm_source=firewall_block" class="logo"></a>
<span class="logo-neartext">Website Firewall</span>
<a href="https://sucuri.net/?utm_source=firewall_block" class="site-link">Back to sucuri.net</a>
</div>
</header>

<section class="app-content access-denied clearfix"><div class="box center width-max-940"><h1 class="brand-font font-size-xtra no-margin"><i class="icon-circle-red"></i>Access Denied - Sucuri Website Firewall</h1>
<p class="medium-text code-snippet">If you are the site owner (or you manage this site), please whitelist your IP or if you think this block is an error please <a href="https://support.sucuri.net/?utm_source=firewall_block" class="color-green underline">open a support ticket</a> and make sure to include the block details (displayed in the box below), so we can assist you in troubleshooting the issue. </p><h2>Block details:</h1>
<table class="property-table overflow-break-all line-height-16">
<tr>
<td>Your IP:</td>
<td><span>{ip(rng)}</span></td>
</tr>
<tr><td>URL:</td>
<td><span>{e(host + path)}</span></td>
</tr>
<tr>
<td>Your Browser: </td>
<td><span>{e(ua)}</span></td>
</tr>
<tr><td>Block ID:</td>
<td><span>{block[0]}</span></td>
</tr>
<tr>
<td>Block reason:</td>
<td><span>{block[1]}</span></td>
</tr>
<tr>
<td>Time:</td>
<td><span>{when:%Y-%m-%d %H:%M:%S}</span></td>
</tr>
<tr>
<td>Server ID:</td>
<td><span>{server_id}</span></td></tr>
</table>
</div>
</section>

<footer>
<span>&copy; {when.year} Sucuri Inc. All rights reserved.</span>
<span id="privacy-policy"><a href="https://sucuri.net/privacy-policy?utm_source=firewall_block" target="_blank" rel="nofollow noopener">Privacy</a></span>
</footer>
</div>
</body>
</html>
"""


def sucuri_js_body(rng: random.Random) -> str:
    payload = b64(rng, rng.randint(300, 520))
    return ("<html><title>You are being redirected...</title>\n<noscript>Javascript is required. Please enable "
            "javascript before you are allowed to see this page.</noscript>\n<script>var s={},u,c,U,r,i,l=0,a,e=eval,"
            f"w=String.fromCharCode,sucuri_cloudproxy_js='',S='{payload}';L=S.length;U=0;r='';var A='ABCDEFGHIJKLMNOP"
            "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';for(u=0;u<64;u++){s[A.charAt(u)]=u;}for(i=0;i<L;i++){c="
            "s[S.charAt(i)];U=(U<<6)+c;l+=6;while(l>=8){((a=(U>>>(l-=8))&0xff)||(i<(L-2)))&&(r+=w(a));}}e(r);</script>"
            "</html>")


def sucuri_headers(rng: random.Random, when: datetime, server_id: str, block: str | None) -> Headers:
    h = Headers(rng, when, h2=rng.random() < 0.3)
    h.date().add("content-type", "text/html")
    if not h.h2:
        h.add("connection", "keep-alive")
    h.add("x-sucuri-id", server_id)
    h.add("x-xss-protection", "1; mode=block").add("x-frame-options", "SAMEORIGIN")
    h.add("x-content-type-options", "nosniff").add("content-security-policy", "upgrade-insecure-requests;")
    if block:
        h.add("x-sucuri-block", block)
    h.add("server", "Sucuri/Cloudproxy")
    return h


# =================================================================== Akamai

def akamai_entities(text: str) -> str:
    return (text.replace(":", "&#58;").replace("/", "&#47;").replace(".", "&#46;").replace("-", "&#45;")
            .replace("?", "&#63;").replace("=", "&#61;"))


def akamai_reference(rng: random.Random, when: datetime, prefix: str = "18") -> str:
    return (f"{prefix}.{hexs(rng, rng.choice([7, 8]))}.{int(when.timestamp())}."
            f"{hexs(rng, rng.choice([6, 7, 8]))}")


def akamai_denied_body(rng: random.Random, url: str, ref: str) -> str:
    shown = url.replace("https://", "http://", 1) if rng.random() < 0.8 else url
    link = (f"<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;{akamai_entities(ref)}</P>\n"
            if rng.random() < 0.6 else "")
    return ("<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
            f"You don't have permission to access \"{akamai_entities(shown)}\" on this server.<P>\n"
            f"Reference&#32;&#35;{akamai_entities(ref)}\n{link}</BODY>\n</HTML>\n")


def akamai_denied_headers(rng: random.Random, host: str, when: datetime, server: bool = True) -> Headers:
    h = Headers(rng, when, h2=rng.random() < 0.4)
    if server:
        h.add("server", "AkamaiGHost")
    h.add("mime-version", "1.0").add("content-type", "text/html")
    h.add("expires", http_date(when)).date()
    if rng.random() < 0.5:
        h.add("cache-control", "max-age=0, no-cache, no-store").add("pragma", "no-cache")
    if not h.h2:
        h.add("connection", "close")
    if rng.random() < 0.3:
        h.add("set-cookie", f"bm_sz={b64(rng, 60)}~{rng.randint(10**6, 10**7)}; Domain=.{registrable(host)}; Path=/; "
                            f"Expires={http_date(when + timedelta(hours=4))}; Max-Age=14400")
    return h


def akamai_bm_verify_body(rng: random.Random, path: str, host: str) -> str:
    token = "AAQAAAA" + rng.choice("JKLN") + "_____" + urlsafe(rng, rng.randint(600, 760))
    base = path.split("?")[0]
    return ('<!DOCTYPE html><html><head> <meta charset="utf-8"> '
            '<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no"> '
            f'<meta http-equiv="refresh" content="5; URL=\'{e(base)}?bm-verify={token}\'" />'
            f'<title>&nbsp;</title><script> var i = {rng.randint(10**9, 2 * 10**9)}; </script> </head>'
            '<noscript><iframe style="border: none;" src=""></iframe></noscript><body> '
            f'<iframe style="border: none; width: 100vw;" src="https://{host}/apology_objects/interstitial/'
            f'{host.split(".")[-2]}-interstitial.html"> </iframe> '
            '<script> function triggerInterstitialChallenge() {var xhr = new XMLHttpRequest(); '
            'xhr.open("POST", "/_sec/verify?provider=interstitial", false); xhr.setRequestHeader("Content-Type", "application/json"); '
            f'var j = i + Number("{rng.randint(1000, 99999)}" + "{rng.randint(1000, 99999)}"); '
            f'xhr.send(JSON.stringify({{"bm-verify": "{token}", "pow": j}})); window.location.reload(true);}} '
            'try {if (document.getElementById("akam-logo")) {'
            'document.getElementById("akam-logo").onload = triggerInterstitialChallenge;} '
            'else {triggerInterstitialChallenge()}} catch(e) {triggerInterstitialChallenge();}</script>'
            "</body></html>")


def akamai_sec_cpt_body(rng: random.Random, host: str) -> str:
    v = rng.choice(["4-4", "5-2"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{host}</title>
<link rel="stylesheet" href="/_sec/cp_challenge/sec-{v}.css">
<script src="/_sec/cp_challenge/sec-cpt-{v}.js" async defer></script>
</head>
<body>
<div id="sec-container">
<div id="sec-if-cpt-container" class="sec-cpt-if-container">
<div class="behavioral-content">
<iframe id="sec-cpt-if" provider="crypto" class="crypto" data-key="" data-duration={rng.choice([5, 10])} src="/_sec/cp_challenge/ak-challenge-{v}.htm" title="Challenge Content"></iframe>
</div>
</div>
<div id="sec-text-container"><div class="sec-text-wrapper"><span class="sec-text">Powered and protected by</span>
<a href="https://www.akamai.com/products/bot-manager" target="_blank"><img id="akam-logo" src="/_sec/cp_challenge/akamai-logo.svg" alt="Akamai"></a>
<a class="sec-privacy" href="https://www.akamai.com/legal/privacy-statement" target="_blank">Privacy</a></div></div>
</div>
</body>
</html>
"""


# =================================================================== Imperva / Incapsula

def incap_site_id(rng: random.Random) -> str:
    return str(rng.randint(100000, 3999999))


def incap_cookies(rng: random.Random, host: str, when: datetime, site_id: str) -> list[str]:
    dom = registrable(host)
    out = [f"visid_incap_{site_id}={b64(rng, 48)}; expires={cookie_expiry(when, 365 * 86400)}; HttpOnly; path=/; "
           f"Domain=.{dom}; Secure; SameSite=None"]
    if rng.random() < 0.8:
        out.append(f"incap_ses_{rng.randint(100, 1600)}_{site_id}={b64(rng, 48)}; path=/; Domain=.{dom}; Secure; "
                   "SameSite=None")
    if rng.random() < 0.4:
        out.append(f"nlbi_{site_id}={b64(rng, 40)}; HttpOnly; path=/; Domain=.{dom}; Secure; SameSite=None")
    return out


def incident(rng: random.Random) -> str:
    return f"{rng.randint(0, 1900)}000{rng.randint(100, 999)}{digits(rng, 12)}-{digits(rng, rng.choice([8, 17]))}"


def iinfo(rng: random.Random, when: datetime, blocked: bool) -> str:
    ms = int(when.timestamp() * 1000)
    if blocked:
        return f"{rng.randint(1, 14)}-{rng.randint(10**7, 10**9)}-0 0NNN RT({ms} 0) q(0 -1 -1 -1) r(0 -1)"
    a = rng.randint(10**7, 10**9)
    return (f"{rng.randint(1, 14)}-{a}-{a + rng.randint(1, 9)} NNYN CT({rng.randint(5, 200)} {rng.randint(5, 400)} 0) "
            f"RT({ms} {rng.randint(0, 90)}) q(0 0 {rng.randint(0, 3)} -1) r({rng.randint(1, 9)} {rng.randint(1, 9)}) U{rng.randint(5, 24)}")


def incapsula_iframe_body(rng: random.Random, when: datetime, inc: str, info: str | None = None) -> str:
    xinfo = (info or iinfo(rng, when, True)).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return ('<html style="height:100%"><head><META NAME="ROBOTS" CONTENT="NOINDEX, NOFOLLOW">'
            '<meta name="format-detection" content="telephone=no"><meta name="viewport" content="initial-scale=1.0">'
            '<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1"></head><body style="margin:0px;height:100%">'
            f'<iframe id="main-iframe" src="/_Incapsula_Resource?{rng.choice(["CWUDNSAI", "SWUDNSAI"])}={rng.randint(2, 31)}'
            f'&xinfo={xinfo}&incident_id={inc}&edet={rng.choice([9, 12, 15, 22])}&cinfo={hexs(rng, 8)}'
            f'&rpinfo=0&mth=GET" frameborder=0 width="100%" height="100%" marginheight="0px" marginwidth="0px">'
            f"Request unsuccessful. Incapsula incident ID: {inc}</iframe></body></html>")


def incapsula_js_body(rng: random.Random, inc: str) -> str:
    text = f"Request unsuccessful. Incapsula incident ID: {inc}" if rng.random() < 0.6 else ""
    return ('<html><head><META NAME="robots" CONTENT="noindex,nofollow">'
            f'<script src="/_Incapsula_Resource?SWJIYLWA={hexs(rng, 32)}"></script>'
            f'<body>{text}</body></html>' if rng.random() < 0.5 else
            '<html><head><META NAME="robots" CONTENT="noindex,nofollow">'
            f'<script src="/_Incapsula_Resource?SWJIYLWA={hexs(rng, 32)},{hexs(rng, 32)}"></script></head>'
            f'<body style="margin:0px;height:100%"><iframe id="main-iframe" src="/_Incapsula_Resource?SWUDNSAI='
            f'{rng.randint(2, 31)}&incident_id={inc}" frameborder=0 width="100%" height="100%">{text}</iframe></body></html>')


def imperva_block_body(rng: random.Random, host: str, when: datetime, code: str, inc: str) -> str:
    proxy = f'{ip(rng)} (ID {rng.randint(10000, 99999)}-{rng.randint(100, 999)})'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access denied</title>
<style>body{{font-family:Arial,Helvetica,sans-serif;margin:0;background:#f5f5f5}}.container{{max-width:960px;margin:60px auto;background:#fff;padding:40px}}.error-title{{font-size:36px;font-weight:bold}}.error-code{{font-size:20px;color:#888}}.label{{color:#666}}</style>
</head>
<body>
<div class="container">
<div class="error-headline">
<div class="error-title">Access denied</div>
<div class="error-code">Error {code}</div>
</div>
<div class="error-details">
<div class="site-name">{host}</div>
<div class="time">{when:%Y-%m-%d %H:%M:%S} UTC</div>
</div>
<div class="what-happened">
<h2>What happened?</h2>
<div class="description">This request was blocked by our security service</div>
</div>
<div class="footer">
<div><span class="label">Your IP:</span> <span class="value">{ip(rng)}</span></div>
<div><span class="label">Proxy IP:</span> <span class="value">{proxy}</span></div>
<div><span class="label">Incident ID:</span> <span class="value">{inc}</span></div>
<div class="powered-by">Powered by <a href="https://www.imperva.com/why-am-i-seeing-this-page?utm_source=blockingpages" target="_blank">Imperva</a></div>
</div>
</div>
</body>
</html>
"""


def imperva_headers(rng: random.Random, host: str, when: datetime, blocked: bool = True) -> Headers:
    h = Headers(rng, when, h2=rng.random() < 0.35)
    h.add("content-type", "text/html").add("cache-control", "no-cache")
    if not h.h2:
        h.add("connection", rng.choice(["close", "keep-alive"]))
    h.date()
    if rng.random() < 0.6:
        h.add("x-cdn", rng.choice(["Imperva", "Incapsula"]))
    h.add("x-iinfo", iinfo(rng, when, blocked))
    site_id = incap_site_id(rng)
    if rng.random() < 0.7:
        for c in incap_cookies(rng, host, when, site_id):
            h.add("set-cookie", c)
    return h


# =================================================================== DataDome

def dd_cid(rng: random.Random) -> str:
    return "AHrlqAAAAAMA" + urlsafe(rng, 22) + "=="


def datadome_body(rng: random.Random, host: str, kind: str = "c", cid: str | None = None) -> str:
    """DataDome's block page: rt 'c' = captcha, 'i' = device check; t 'fe' = challenge, 'bv' = banned."""
    t = "bv" if kind == "c" and rng.random() < 0.2 else "fe"
    script = "https://ct.captcha-delivery.com/c.js" if kind == "c" else "https://ct.captcha-delivery.com/i.js"
    dd = (f"var dd={{'rt':'{kind}','cid':'{cid or dd_cid(rng)}','hsh':'{hexs(rng, 30, upper=True)}','t':'{t}',"
          f"'s':{rng.randint(10000, 50000)},'e':'{hexs(rng, 64)}','host':'geo.captcha-delivery.com'"
          + (f",'cookie':'{urlsafe(rng, 110)}'" if rng.random() < 0.6 else "") + "}")
    lang = rng.choice(["en", "en", "fr", "tr"])
    return (f'<html lang="{lang}"><head><title>{host}</title><style>#cmsg{{animation: A 1.5s;}}@keyframes A{{0%{{opacity:0;}}'
            '99%{opacity:0;}100%{opacity:1;}}</style></head><body style="margin:0"><p id="cmsg">Please enable JS and '
            f'disable any ad blocker</p><script data-cfasync="false">{dd}</script><script data-cfasync="false" '
            f'src="{script}"></script></body></html>')


def datadome_legacy_body(rng: random.Random, host: str, url: str, cid: str | None = None) -> str:
    from urllib.parse import quote
    cid = cid or dd_cid(rng)
    return (f'<html><head><title>{host}</title><style>#cmsg{{animation: A 1.5s;}}@keyframes A{{0%{{opacity:0;}}99%{{opacity:0;}}'
            '100%{opacity:1;}}</style></head><body style="margin:0"><p id="cmsg">Please enable JS and disable any ad '
            f'blocker</p><script>var dd={{\'cid\':\'{cid}\',\'hsh\':\'{hexs(rng, 30, upper=True)}\',\'t\':\'fe\','
            f'\'host\':\'geo.captcha-delivery.com\'}}</script><script src="https://ct.captcha-delivery.com/c.js"></script>'
            f'<iframe src="https://geo.captcha-delivery.com/captcha/?initialCid={quote(cid)}&hash={hexs(rng, 30, upper=True)}'
            f'&cid={quote(urlsafe(rng, 60))}&t=fe&referer={quote(url, safe="")}&s={rng.randint(10000, 50000)}'
            f'&e={hexs(rng, 64)}" title="DataDome CAPTCHA" width="100%" height="100%" style="height:100vh;" '
            'FRAMEBORDER="0" border="0" scrolling="yes"></iframe></body></html>')


def datadome_cookie(rng: random.Random, host: str) -> str:
    return (f"datadome={urlsafe(rng, rng.choice([96, 128, 160]))}; Max-Age=31536000; Domain=.{registrable(host)}; "
            "Path=/; Secure; SameSite=Lax")


def datadome_headers(rng: random.Random, host: str, when: datetime, stripped: bool = False,
                     cid: str | None = None) -> Headers:
    h = Headers(rng, when)
    h.date().add("content-type", "text/html;charset=utf-8")
    if not h.h2:
        h.add("connection", "keep-alive")
    h.add("cache-control", "max-age=0, private, no-cache, no-store, must-revalidate").add("pragma", "no-cache")
    if rng.random() < 0.6:
        h.add("access-control-allow-credentials", "true")
        h.add("access-control-expose-headers", "x-dd-b, x-set-cookie")
    if not stripped:
        h.add("x-datadome", "protected")
        if rng.random() < 0.7:
            h.add("x-datadome-cid", cid or dd_cid(rng))
        h.add("x-dd-b", rng.choice(["1", "2"]))
        h.add("set-cookie", datadome_cookie(rng, host))
        if rng.random() < 0.5:
            h.add("accept-ch", "Sec-CH-UA,Sec-CH-UA-Mobile,Sec-CH-UA-Platform,Sec-CH-UA-Arch,Sec-CH-UA-Full-Version-List,"
                               "Sec-CH-UA-Model,Sec-CH-Device-Memory")
    if rng.random() < 0.5:
        h.add("server", rng.choice(["nginx", "Varnish", "AkamaiGHost", "cloudflare"]))
    return h


# =================================================================== PerimeterX / HUMAN

def px_app_id(rng: random.Random) -> str:
    return "PX" + alnum(rng, 8)


def px_script(rng: random.Random, app: str, ref: str, first_party: bool) -> str:
    short = app[2:]
    if first_party:
        host_url, client, captcha = f"/{short}/xhr", f"/{short}/init.js", f"/{short}/captcha/captcha.js?a=c&u={ref}&v=&m=0"
    else:
        host_url = f"https://collector-{app.lower()}.perimeterx.net"
        client = f"https://client.perimeterx.net/{app}/main.min.js"
        captcha = f"https://captcha.px-cdn.net/{app}/captcha.js?a=c&u={ref}&v=&m=0"
    return (f"<script>\n    window._pxVid = '';\n    window._pxUuid = '{ref}';\n    window._pxAppId = '{app}';\n"
            f"    window._pxHostUrl = '{host_url}';\n    window._pxCustomLogo = '';\n    window._pxJsClientSrc = '{client}';\n"
            f"    window._pxFirstPartyEnabled = {'true' if first_party else 'false'};\n"
            f"    var pxCaptchaSrc = '{captcha}';\n    var script = document.createElement('script');\n"
            "    script.src = pxCaptchaSrc;\n    document.head.appendChild(script);\n</script>\n")


def px_press_hold_body(rng: random.Random, host: str) -> str:
    app, ref = px_app_id(rng), uuid4(rng)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="px-captcha">
<title>Access to this page has been denied</title>
<style>.px-captcha-container{{width:530px;margin:0 auto;text-align:center;font-family:Roboto,Arial,sans-serif}}.px-captcha-header{{font-size:29px;margin:40px 0 20px}}.px-captcha-message{{font-size:16px}}.px-captcha-refid{{font-size:12px;color:#666}}.px-captcha-error-container{{display:none}}</style>
</head>
<body>
<div class="px-captcha-container">
<div class="px-captcha-header">Before we continue...</div>
<div class="px-captcha-message">Press &amp; Hold to confirm you are<br>a human (and not a bot).</div>
<div id="px-captcha"></div>
<div class="px-captcha-refid">Reference ID {ref}</div>
</div>
<div class="px-captcha-error-container">
<div class="px-captcha-error-wrapper"><div class="px-captcha-error-message">Please check your internet connection or disable your ad-blocker.</div></div>
<div class="px-captcha-error-refid">Reference ID {ref}</div>
</div>
{px_script(rng, app, ref, rng.random() < 0.7)}</body>
</html>
"""


def px_legacy_body(rng: random.Random, host: str) -> str:
    app, ref = px_app_id(rng), uuid4(rng)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access to this page has been denied.</title>
<link href="https://fonts.googleapis.com/css?family=Open+Sans:300" rel="stylesheet">
<style>html,body{{margin:0;padding:0;font-family:'Open Sans',sans-serif;color:#000}}a{{color:#c5c5c5;text-decoration:none}}.container{{align-items:center;display:flex;flex:1;justify-content:space-between;flex-direction:column;height:100%}}.page-title-wrapper{{flex-grow:2}}.page-title{{flex-direction:column-reverse}}.content-wrapper{{flex-grow:5}}.content{{flex-direction:column}}.page-footer-wrapper{{align-items:center;flex-grow:.2;background-color:#000;color:#c5c5c5;font-size:70%}}</style>
</head>
<body>
<section class="container">
<div class="page-title-wrapper">
<div class="page-title">
<h1>Please verify you are a human</h1>
</div>
</div>
<div class="content-wrapper">
<div class="content">
<div id="px-captcha">
</div>
<p>
Access to this page has been denied because we believe you are using automation tools to browse the website.
</p>
<p>
This may happen as a result of the following:
</p>
<ul>
<li>
Javascript is disabled or blocked by an extension (ad blockers for example)
</li>
<li>
Your browser does not support cookies
</li>
</ul>
<p>
Please make sure that Javascript and cookies are enabled on your browser and that you are not blocking them from loading.
</p>
<p>
Reference ID: #{ref}
</p>
</div>
</div>
<div class="page-footer-wrapper">
<div class="page-footer">
<p>
Powered by
<a href="https://www.perimeterx.com/whywasiblocked">PerimeterX</a>
, Inc.
</p>
</div>
</div>
</section>
{px_script(rng, app, ref, rng.random() < 0.5)}</body>
</html>
"""


def px_custom_body(rng: random.Random, site_name: str) -> str:
    app, ref = px_app_id(rng), uuid4(rng)
    title, msg = rng.choice([
        ("Robot or human?", "Activate and hold the button to confirm that you’re human. Thank You!"),
        (f"Let us know you're not a robot - {site_name}", "Let us know you're human (no robots allowed)"),
        (f"{site_name} - Verification", "Please verify you're a human to continue. Press &amp; Hold the button below."),
    ])
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
            '<meta name="robots" content="noindex, nofollow"><link rel="stylesheet" href="/static/css/captcha.css">'
            f'</head><body><header><a class="logo" href="/">{e(site_name)}</a></header><main class="human-challenge">'
            f'<h1>{e(title.split(" - ")[0])}</h1><p>{msg}</p><div id="px-captcha"></div>'
            f'<p class="ref">Reference ID: {ref}</p></main><footer><a href="/help">Help</a> · <a href="/terms">Terms</a>'
            f'</footer>\n{px_script(rng, app, ref, True)}</body></html>')


def px_headers(rng: random.Random, host: str, when: datetime, site_server: str, cookie: bool = True) -> Headers:
    h = Headers(rng, when)
    h.date().add("content-type", rng.choice(["text/html", "text/html; charset=utf-8"]))
    h.add("cache-control", "private, no-cache, no-store, must-revalidate").add("pragma", "no-cache")
    if cookie:
        h.add("set-cookie", f"_pxhd={b64(rng, 48)}:{uuid4(rng)}; Expires={http_date(when + timedelta(days=365))}; path=/;")
    if rng.random() < 0.6:
        h.add("server", site_server)
    return h


__all__ = [name for name in dir() if not name.startswith("_")]
