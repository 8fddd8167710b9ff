"""Walls that are not one of the seven named vendors: captcha gates (AWS WAF, Google's
"unusual traffic" page, Yandex SmartCaptcha, archive.today, sites' own reCAPTCHA/hCaptcha/Turnstile
and image-code pages), JavaScript interstitials (empty app shells, testcookie/slowAES, Imunify360,
Vercel's checkpoint, Anubis, AWS WAF's silent challenge), cookie walls (enable-cookies pages,
redirects to consent hosts, full-page consent walls) and paywalls (402, 401, subscription and
registration interstitials, redirects to /subscribe and /login).
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from urllib.parse import quote

from . import pages as p
from .model import Answer, Cited, cited
from .world import (UI, Headers, alnum, b64, e, encode, footer, head, heavy, hexs,
                    http_date, ip, json_ld, nav, paragraph, pick_site, registrable, urlsafe, uuid4)


def _answer(c: Cited, status: int, h: Headers, html: str, final_url: str | None = None,
            charset: str = "utf-8") -> Answer:
    body = encode(html, charset)
    return Answer(c.url, status, h.finish(body), body, final_url)


def _small_page(rng: random.Random, c: Cited, title: str, inner: str, extra_head: str = "",
                chrome: bool | None = None) -> str:
    """A page of the site's own with nothing but `inner` in it (optionally the site's header and footer)."""
    chrome = rng.random() < 0.4 if chrome is None else chrome
    w_head, w_top, w_end = heavy(rng, c.site, c.when) if chrome and rng.random() < 0.8 else ("", "", "")
    out = [head(rng, lang=c.lang, title=title, extra=w_head + extra_head,
                robots="noindex, nofollow" if rng.random() < 0.6 else None), "<body>\n"]
    if chrome:
        out.append(nav(rng, c.site))
        out.append(w_top)
    out.append(inner)
    if chrome:
        out.append(footer(rng, c.site, c.when.year))
        out.append(w_end)
    out.append("</body>\n</html>\n")
    return "".join(out)


# =================================================================== captcha

GATE = {
    "en": ("Security check", "Please verify you are a human", "Complete the check below to continue to {site}.",
           "Continue"),
    "tr": ("Güvenlik Doğrulaması", "Robot olmadığınızı doğrulayın",
           "{site} sitesine devam etmek için lütfen aşağıdaki doğrulamayı tamamlayın.", "Devam et"),
    "ru": ("Проверка безопасности", "Подтвердите, что вы не робот", "Чтобы продолжить на сайте {site}, пройдите проверку.",
           "Продолжить"),
    "hy": ("Անվտանգության ստուգում", "Հաստատեք, որ ռոբոտ չեք", "{site} կայքում շարունակելու համար անցեք ստուգումը։",
           "Շարունակել"),
    "az": ("Təhlükəsizlik yoxlaması", "Robot olmadığınızı təsdiq edin",
           "{site} saytına davam etmək üçün aşağıdakı yoxlamanı tamamlayın.", "Davam et"),
}


def captcha_gate(widget: str):
    """A site's own gate page whose only purpose is a captcha (reCAPTCHA, hCaptcha or Turnstile)."""
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        title, heading, text, button = GATE[c.lang]
        if widget == "recaptcha":
            key = "6L" + rng.choice("cdef") + urlsafe(rng, 37)
            script = '<script src="https://www.google.com/recaptcha/api.js" async defer></script>\n'
            div = f'<div class="g-recaptcha" data-sitekey="{key}" data-callback="onPass"></div>'
        elif widget == "hcaptcha":
            script = '<script src="https://js.hcaptcha.com/1/api.js" async defer></script>\n'
            div = f'<div class="h-captcha" data-sitekey="{uuid4(rng)}" data-callback="onPass"></div>'
        else:
            script = '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>\n'
            div = f'<div class="cf-turnstile" data-sitekey="0x4AAAAAAA{urlsafe(rng, 14)}" data-callback="onPass"></div>'
        inner = (f'<main class="captcha-gate"><h1>{e(heading)}</h1><p>{e(text.format(site=c.site.name))}</p>'
                 f'<form method="post" action="/__verify?return={quote(c.path)}">{div}'
                 f'<button type="submit">{e(button)}</button></form>'
                 + (f'<p class="muted">ID: {hexs(rng, 16)} · {ip(rng)}</p>' if rng.random() < 0.4 else "")
                 + "</main>\n<script>function onPass(){document.forms[0].submit();}</script>\n")
        html = _small_page(rng, c, title if rng.random() < 0.6 else f"{title} | {c.site.name}", inner, script)
        status = rng.choices([200, 403, 429], weights=[70, 18, 12])[0]
        if widget == "turnstile":  # a gate of the site's own, served through Cloudflare (not Cloudflare's page)
            h, _ = p.cdn_headers(rng, "cloudflare", c.site, c.when)
        else:
            h = p.origin_headers(rng, c.site, c.when)
        if rng.random() < 0.4:
            h.add("set-cookie", f"gate_session={alnum(rng, 26)}; path=/; HttpOnly; SameSite=Lax")
        return _answer(c, status, h, html)
    build.__name__ = f"captcha_gate_{widget}"
    return build


def aws_waf_page(rng: random.Random, kind: str) -> str:
    sub = hexs(rng, 12)
    region = rng.choice(["eu-central-1", "us-east-1", "eu-west-1"])
    src = (f"https://{sub}.{hexs(rng, 8)}.{region}.captcha.awswaf.com/{sub}/{hexs(rng, 12)}/{hexs(rng, 12)}/captcha.js"
           if kind == "captcha" else
           f"https://{sub}.{hexs(rng, 8)}.{region}.token.awswaf.com/{sub}/{hexs(rng, 12)}/{hexs(rng, 12)}/challenge.js")
    goku = (f'    window.gokuProps = {{\n"key":"AQIDAHj{b64(rng, 96)}",\n          "iv":"{b64(rng, 12)}",\n'
            f'          "context":"{b64(rng, rng.randint(180, 420))}"\n}};\n')
    if kind == "captcha":
        body = ('    <div id="captcha-container"></div>\n    <script type="text/javascript">\n'
                '        AwsWafIntegration.saveReferrer();\n        window.addEventListener("load", function() {\n'
                '            const container = document.querySelector("#captcha-container");\n'
                '            CaptchaScript.renderCaptcha(container, async (voucher) => {\n'
                '                await ChallengeScript.submitCaptcha(voucher);\n                window.location.reload(true);\n'
                '            }\n        );\n        });\n    </script>\n')
        title = "Human Verification"
    else:
        body = ('    <div id="challenge-container"></div>\n    <script type="text/javascript">\n'
                '        AwsWafIntegration.saveReferrer();\n        AwsWafIntegration.checkForceRefresh().then((forceRefresh) => {\n'
                '            if (forceRefresh) {\n                AwsWafIntegration.forceRefreshToken().then(() => {\n'
                '                    window.location.reload(true);\n                });\n            } else {\n'
                '                AwsWafIntegration.getToken().then(() => {\n                    window.location.reload(true);\n'
                '                });\n            }\n        });\n    </script>\n')
        title = ""
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n    <meta charset="utf-8">\n'
            '    <meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'    <title>{title}</title>\n    <style>\n        body {{\n            font-family: "Arial";\n        }}\n    </style>\n'
            '    <script type="text/javascript">\n    window.awsWafCookieDomainList = [];\n' + goku +
            f'    </script>\n    <script src="{src}"></script>\n</head>\n<body>\n' + body +
            '    <noscript>\n        <h1>JavaScript is disabled</h1>\n'
            "        In order to continue, we need to verify that you're not a robot.\n"
            "        This requires JavaScript. Enable JavaScript and then reload the page.\n    </noscript>\n</body>\n</html>")


def aws_headers(rng: random.Random, c: Cited, action: str) -> Headers:
    h = Headers(rng, c.when)
    h.add("server", rng.choice(["awselb/2.0", "CloudFront", "AmazonS3"])).date()
    h.add("content-type", "text/html; charset=UTF-8")
    if not h.h2:
        h.add("connection", "keep-alive")
    h.add("access-control-allow-origin", "*").add("access-control-max-age", "86400")
    h.add("access-control-allow-methods", "OPTIONS,GET,POST").add("access-control-expose-headers", "x-amzn-waf-action")
    h.add("cache-control", "no-store, max-age=0").add("x-amzn-waf-action", action)
    if rng.random() < 0.5:
        h.add("x-cache", "Error from cloudfront").add("x-amz-cf-id", urlsafe(rng, 54) + "==")
    return h


def aws_waf_captcha(rng: random.Random) -> Answer:
    c = cited(rng)
    return _answer(c, 405, aws_headers(rng, c, "captcha"), aws_waf_page(rng, "captcha"))


def google_sorry(rng: random.Random) -> Answer:
    kind = rng.choice(["books", "search", "scholar", "translate"])
    q = quote(rng.choice(["Armenia Azerbaijan peace treaty", "Türkiye Ermenistan normalleşme", "Zangezur corridor",
                          "Nagorno-Karabakh 1992 report"]))
    url = {"books": f"https://books.google.com/books?id={urlsafe(rng, 12)}&pg=PA{rng.randint(3, 300)}",
           "search": f"https://www.google.com/search?q={q}",
           "scholar": f"https://scholar.google.com/scholar?q={q}",
           "translate": f"https://translate.google.com/translate?sl=auto&tl=en&u=https://{pick_site(rng).host}/"}[kind]
    host = url.split("/")[2]
    qtok = urlsafe(rng, 120)
    final = f"https://{host}/sorry/index?continue={quote(url, safe='')}&q={qtok}"
    now = cited(rng).when
    html = f"""<html>
<head><meta http-equiv="content-type" content="text/html; charset=utf-8"><meta name="viewport" content="initial-scale=1"><title>{e(url)}</title></head>
<body style="font-family: arial, sans-serif; background-color: #fff; color: #000; padding:20px; font-size:18px; overscroll-behavior:contain;" onload="e=document.getElementById('captcha');if(e){{e.focus();}} if(solveSimpleChallenge) {{solveSimpleChallenge(0,0);}}">
<div style="max-width:400px;">
<hr noshade size="1" style="color:#ccc; background-color:#ccc;"><br>
<form id="captcha-form" action="index" method="post">
<noscript>
<div style="font-size:13px;">
  In order to continue, please enable javascript on your web browser.
</div>
</noscript>
<script src="https://www.google.com/recaptcha/api.js" async defer></script>
<script>var submitCallback = function(response) {{document.getElementById('captcha-form').submit();}};</script>
<div id="recaptcha" class="g-recaptcha" data-sitekey="6LfwuyUTAAAAAOAmoS0fdqijC2PbbdH4kjq62Y1b" data-callback="submitCallback" data-s="{urlsafe(rng, 160)}"></div>
<input type='hidden' name='q' value='{qtok}'><input type="hidden" name="continue" value="{e(url)}">
</form>
<hr noshade size="1" style="color:#ccc; background-color:#ccc;">

<div style="font-size:13px;">
<b>About this page</b><br><br>

Our systems have detected unusual traffic from your computer network.  This page checks to see if it&#39;s really you sending the requests, and not a robot.  <a href="#" onclick="document.getElementById('infoDiv').style.display='block';">Why did this happen?</a><br><br>

<div id="infoDiv" style="display:none; background-color:#eee; padding:10px; margin:0 0 15px 0; line-height:1.4em;">
This page appears when Google automatically detects requests coming from your computer network which appear to be in violation of the <a href="//www.google.com/policies/terms/">Terms of Service</a>. The block will expire shortly after those requests stop.  In the meantime, solving the above CAPTCHA will let you continue to use our services.<br><br>This traffic may have been sent by malicious software, a browser plug-in, or a script that sends automated requests.  If you share your network connection, ask your administrator for help &mdash; a different computer using the same IP address may be responsible.  <a href="//support.google.com/websearch/answer/86640">Learn more</a><br><br>Sometimes you may be asked to solve the CAPTCHA if you are using advanced terms that robots are known to use, or sending requests very quickly.
</div>

IP address: {ip(rng)}<br>Time: {now:%Y-%m-%dT%H:%M:%SZ}<br>URL: {e(url)}<br>
</div>
</div>
</body>
</html>
"""
    body = encode(html, "utf-8")
    h = Headers(rng, now)
    h.date().add("pragma", "no-cache").add("expires", "Fri, 01 Jan 1990 00:00:00 GMT")
    h.add("cache-control", "no-store, no-cache, must-revalidate").add("content-type", "text/html")
    h.add("server", "HTTP server (unknown)").add("x-xss-protection", "0")
    return Answer(url, 429, h.finish(body), body, final)


def yandex_captcha(rng: random.Random) -> Answer:
    kind = rng.choice(["dzen", "news", "maps"])
    url = {"dzen": f"https://dzen.ru/a/{urlsafe(rng, 16)}", "news": f"https://yandex.ru/news/story/{alnum(rng, 40)}",
           "maps": f"https://yandex.ru/maps/org/{rng.randint(10**9, 10**11)}/"}[kind]
    host = url.split("/")[2]
    final = (f"https://{host}/showcaptcha?cc=1&mt={hexs(rng, 120, upper=True)}&retpath={quote(b64(rng, 60))}_{hexs(rng, 32)}"
             f"&t=2/{rng.randint(10**9, 2 * 10**9)}/{hexs(rng, 32)}&u={uuid4(rng)}&s={hexs(rng, 32)}")
    html = ('<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Вы не робот?</title>'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<link rel="stylesheet" href="https://yastatic.net/s3/captcha-frontend/static/captcha.css"></head>'
            '<body><div class="CheckboxCaptcha"><h1 class="Title">Подтвердите, что запросы отправляли вы, а не робот</h1>'
            '<p class="Text">Нам очень жаль, но запросы с вашего устройства похожи на автоматические.</p>'
            f'<form method="POST" action="/checkcaptcha?key={urlsafe(rng, 80)}&retpath={quote(url, safe="")}" id="checkbox-captcha-form">'
            '<div class="CheckboxCaptcha-Anchor"><input type="submit" id="js-button" class="CheckboxCaptcha-Button" '
            'aria-label="SmartCaptcha нужна проверка пользователя" value=""></div>'
            '<label class="CheckboxCaptcha-Label">Я не робот</label></form>'
            '<p class="Note">Нажмите, чтобы продолжить</p></div>'
            '<script src="https://yastatic.net/s3/captcha-frontend/static/captcha.js"></script></body></html>')
    body = encode(html, "utf-8")
    h = Headers(rng)
    h.date().add("content-type", "text/html; charset=utf-8").add("cache-control", "no-cache,no-store,max-age=0,must-revalidate")
    h.add("x-yandex-captcha", "captcha")
    if rng.random() < 0.5:
        h.add("set-cookie", f"spravka=dD0x{b64(rng, 60)}; domain=.{registrable(host)}; path=/; expires={http_date(h.when + timedelta(days=30))}")
    return Answer(url, 200, h.finish(body), body, final)


def archive_today(rng: random.Random) -> Answer:
    host = rng.choice(["archive.ph", "archive.is", "archive.today", "archive.li"])
    url = f"https://{host}/{alnum(rng, 5)}" if rng.random() < 0.6 else f"https://{host}/newest/https://{pick_site(rng).host}/"
    html = f"""<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<!--[if gt IE 8]><!--> <html class="no-js" lang="en-US"> <!--<![endif]-->
<head>
<title>{host}</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
<link rel="stylesheet" href="https://{host}/cf.errors.css" type="text/css" media="screen,projection" />
<script src="https://www.google.com/recaptcha/api.js" async defer></script>
</head>
<body>
  <div id="cf-wrapper">
    <div id="cf-error-details" class="cf-error-details-wrapper">
      <div class="cf-wrapper cf-header cf-error-overview">
        <h1 data-translate="challenge_headline">One more step</h1>
        <h2 class="cf-subheadline"><span data-translate="complete_sec_check">Please complete the security check to access</span> {host}</h2>
      </div>
      <div class="cf-section cf-highlight cf-captcha-container">
        <div class="cf-wrapper">
          <div class="cf-columns">
            <div class="cf-column">
              <div class="cf-highlight-inverse cf-form-stacked">
                <form id="challenge-form" action="/submit/" method="post">
                  <div class="g-recaptcha" data-sitekey="6Le{urlsafe(rng, 37)}" data-callback="submitCallback"></div>
                </form>
              </div>
            </div>
          </div>
        </div>
      </div>
      <div class="cf-section cf-wrapper">
        <div class="cf-columns two">
          <div class="cf-column">
            <h2 data-translate="why_captcha_headline">Why do I have to complete a CAPTCHA?</h2>
            <p data-translate="why_captcha_detail">Completing the CAPTCHA proves you are a human and gives you temporary access to the web property.</p>
          </div>
          <div class="cf-column">
            <h2 data-translate="resolve_captcha_headline">What can I do to prevent this in the future?</h2>
            <p data-translate="resolve_captcha_antivirus">If you are on a personal connection, like at home, you can run an anti-virus scan on your device to make sure it is not infected with malware.</p>
          </div>
        </div>
      </div>
    </div>
  </div>
</body>
</html>
"""
    body = encode(html, "utf-8")
    h = Headers(rng)
    h.add("server", "nginx").date().add("content-type", "text/html; charset=utf-8")
    if not h.h2:
        h.add("connection", "keep-alive")
    h.add("cache-control", "no-cache")
    return Answer(url, rng.choice([200, 429, 429]), h.finish(body), body)


IMAGE_CODE = {
    "en": ("Verification", "Enter the characters you see in the image", "Refresh code", "Submit"),
    "tr": ("Güvenlik Kodu", "Resimdeki karakterleri aşağıdaki kutuya yazınız", "Kodu yenile", "Doğrula"),
    "ru": ("Проверка", "Введите символы с картинки", "Обновить картинку", "Отправить"),
    "hy": ("Ստուգում", "Մուտքագրեք նկարում պատկերված նիշերը", "Թարմացնել", "Ուղարկել"),
    "az": ("Təhlükəsizlik kodu", "Şəkildəki simvolları daxil edin", "Kodu yenilə", "Təsdiq et"),
}
TR_ROBOT = ("Güvenlik Doğrulaması", "Robot olmadığınızı doğrulayın",
            "Sitemize yapılan olağan dışı yoğunluktaki istekler nedeniyle devam etmeden önce robot olmadığınızı "
            "doğrulamanız gerekmektedir.")


def image_code(rng: random.Random) -> Answer:
    c = cited(rng)
    title, text, refresh, submit = IMAGE_CODE[c.lang]
    inner = (f'<div class="captcha-box"><h2>{e(title)}</h2><p>{e(text)}</p>'
             f'<img id="captcha-img" src="/captcha.php?{hexs(rng, 10)}" alt="captcha" width="160" height="50">'
             f'<a href="#" onclick="document.getElementById(\'captcha-img\').src=\'/captcha.php?\'+Math.random();return false;">{e(refresh)}</a>'
             f'<form method="post"><input name="captcha_code" maxlength="6" autocomplete="off"><button>{e(submit)}</button></form></div>\n')
    return _answer(c, rng.choice([200, 200, 403]), p.origin_headers(rng, c.site, c.when), _small_page(rng, c, title, inner))


def turkish_robot(rng: random.Random) -> Answer:
    c = cited(rng, lang="tr")
    title, heading, text = TR_ROBOT
    widget = (f'<div class="g-recaptcha" data-sitekey="6Lc{urlsafe(rng, 37)}"></div>' if rng.random() < 0.6 else
              f'<img src="/guvenlik-kodu.ashx?t={rng.randint(10**6, 10**7)}" alt="Güvenlik kodu"><input name="kod" placeholder="Güvenlik kodu">')
    inner = (f'<div class="dogrulama"><h1>{heading}</h1><p>{text}</p><form method="post" action="/dogrula">{widget}'
             '<button type="submit">Doğrula ve devam et</button></form>'
             f'<p class="kucuk">IP adresiniz: {ip(rng)}</p></div>\n')
    extra = '<script src="https://www.google.com/recaptcha/api.js" async defer></script>\n' if "g-recaptcha" in widget else ""
    return _answer(c, rng.choice([200, 200, 429]), p.origin_headers(rng, c.site, c.when), _small_page(rng, c, title, inner, extra))


# =================================================================== javascript

ENABLE_JS = {
    "en": ["Please enable JavaScript to view this page.", "JavaScript is required to view this website.",
           "This site requires JavaScript. Please enable it in your browser settings and reload the page."],
    "tr": ["Bu sayfayı görüntülemek için lütfen JavaScript'i etkinleştirin.",
           "Bu siteyi görüntüleyebilmek için tarayıcınızda JavaScript etkin olmalıdır."],
    "ru": ["Для просмотра этой страницы включите JavaScript.", "Для работы сайта необходимо включить JavaScript."],
    "hy": ["Այս էջը դիտելու համար միացրեք JavaScript-ը։"],
    "az": ["Bu səhifəni görmək üçün JavaScript-i aktivləşdirin."],
}


def enable_js_shell(rng: random.Random) -> Answer:
    c = cited(rng)
    msg = rng.choice(ENABLE_JS[c.lang])
    visible = rng.random() < 0.5
    note = (f'<div class="no-js-message"><h1>{e(msg)}</h1></div>\n' if visible else
            f'<noscript><p class="no-js">{e(msg)}</p></noscript>\n')
    inner = (note + f'<div id="app" data-route="{e(c.path)}"></div>\n'
             f'<script src="https://{c.host}/static/js/app.{hexs(rng, 8)}.js" defer></script>\n')
    title = c.site.name if rng.random() < 0.6 else rng.choice(["Loading…", "", c.site.name + " | News"])
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), _small_page(rng, c, title, inner, chrome=False))


def spa_shell(rng: random.Random) -> Answer:
    c = cited(rng)
    root = rng.choice(["root", "app", "__nuxt", "__next"])
    chunks = "".join(f'<script src="/static/js/{n}.{hexs(rng, 8)}.chunk.js"></script>' for n in ("main", rng.randint(2, 900)))
    html = (f'<!doctype html><html lang="{c.lang}"><head><meta charset="utf-8"/><link rel="icon" href="/favicon.ico"/>'
            '<meta name="viewport" content="width=device-width,initial-scale=1"/><meta name="theme-color" content="#000000"/>'
            f'<title>{e(c.site.name)}</title><link href="/static/css/main.{hexs(rng, 8)}.css" rel="stylesheet"></head>'
            f'<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="{root}"></div>{chunks}</body></html>')
    h, _ = (p.cdn_headers(rng, "cloudflare", c.site, c.when) if rng.random() < 0.3 else (p.origin_headers(rng, c.site, c.when), ""))
    return _answer(c, 200, h, html)


def testcookie(rng: random.Random) -> Answer:
    c = cited(rng, lang=rng.choice(["ru", "tr", "az", "hy", "en"]))
    a, b, cc = hexs(rng, 32), hexs(rng, 32), hexs(rng, 32)
    name = rng.choice(["__test", "REACTLABSPROTECTION", "_ddn_intercept_2_"])
    html = ('<html><body><script type="text/javascript" src="/aes.js" ></script><script>function toNumbers(d){var e=[];'
            'd.replace(/(..)/g,function(d){e.push(parseInt(d,16))});return e}function toHex(){for(var d=[],d=1==arguments.length'
            '&&arguments[0].constructor==Array?arguments[0]:arguments,e="",f=0;f<d.length;f++)e+=(16>d[f]?"0":"")+d[f].toString(16);'
            f'return e.toLowerCase()}}var a=toNumbers("{a}"),b=toNumbers("{b}"),c=toNumbers("{cc}");document.cookie="{name}="+'
            'toHex(slowAES.decrypt(c,2,a,b))+"; expires=Thu, 31-Dec-37 23:55:55 GMT; path=/"; '
            f'location.href="{e(c.url)}{"&" if "?" in c.url else "?"}i=1";</script><noscript>This site requires Javascript to work, '
            'please enable Javascript in your browser or use a browser with Javascript support</noscript></body></html>')
    h = Headers(rng, c.when)
    h.add("server", rng.choice(["nginx", "openresty", "nginx/1.20.1"])).date().add("content-type", "text/html")
    h.add("expires", "Thu, 01 Jan 1970 00:00:01 GMT").add("cache-control", "no-cache")
    return _answer(c, 200, h, html)


def imunify(rng: random.Random) -> Answer:
    c = cited(rng, lang=rng.choice(["tr", "ru", "az", "en", "hy"]))
    html = ('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>One moment, please...</title>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>body{background:#fff;font-family:Arial}'
            '.container{text-align:center;margin-top:15%}</style>\n</head>\n<body>\n<div class="container">\n'
            '<h1>Please wait while your request is being verified...</h1>\n'
            f'<form id="wsidchk-form" style="display:none;" action="/z0f76a1d14fd21a8fb5fd0d03e0fdc3d3cedae52f" method="GET">'
            f'<input type="hidden" id="wsidchk" name="wsidchk"/></form>\n'
            f'<script>(function(){{var west={rng.randint(10**6, 10**8)},east={rng.randint(10**6, 10**8)},x=function(){{'
            "return west+east;}};document.getElementById('wsidchk').value=x();document.getElementById('wsidchk-form').submit();})();</script>\n"
            '<noscript>Enable JavaScript to continue.</noscript>\n</div>\n</body>\n</html>\n')
    h = Headers(rng, c.when)
    h.add("server", rng.choice(["nginx", "LiteSpeed", "Apache"])).date().add("content-type", "text/html; charset=utf-8")
    h.add("cache-control", "no-cache, no-store").add("expires", "0")
    return _answer(c, rng.choice([200, 200, 200, 503]), h, html)


def vercel(rng: random.Random) -> Answer:
    c = cited(rng, lang="en")
    html = ('<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>'
            '<title>Vercel Security Checkpoint</title><link rel="stylesheet" href="/.well-known/vercel/security/static/challenge.v2.min.css"/>'
            '<script src="/.well-known/vercel/security/static/challenge.v2.min.js" async=""></script></head>'
            '<body><div class="container"><div class="card"><div class="spinner"></div>'
            '<p class="message" id="header-text">We&#39;re verifying your browser</p>'
            f'<noscript><p class="message">Please enable JavaScript to continue</p></noscript></div>'
            f'<p class="footer">Vercel Security Checkpoint <span class="separator">|</span> <span>{rng.choice(["fra1", "iad1", "arn1"])}::'
            f'{int(c.when.timestamp() * 1000)}-{alnum(rng, 12).lower()}</span></p></div></body></html>')
    h = Headers(rng, c.when, h2=True)
    h.add("cache-control", "private, no-store, max-age=0").add("content-type", "text/html; charset=utf-8").date()
    h.add("server", "Vercel").add("x-vercel-challenge-token", f"2.{int(c.when.timestamp())}.60.{hexs(rng, 40)}")
    h.add("x-vercel-id", f"fra1::{alnum(rng, 5).lower()}-{int(c.when.timestamp() * 1000)}-{hexs(rng, 12)}")
    h.add("x-vercel-mitigated", "challenge")
    return _answer(c, 429, h, html)


def anubis(rng: random.Random) -> Answer:
    c = cited(rng)
    chal = json.dumps({"rules": {"algorithm": rng.choice(["fast", "slow"]), "difficulty": rng.randint(2, 5), "report_as": 4},
                       "challenge": {"id": uuid4(rng), "randomData": hexs(rng, 64)}})
    html = ('<!doctype html><html lang="en"><head><title>Making sure you&#39;re not a bot!</title>'
            '<link rel="stylesheet" href="/.within.website/x/xess/xess.min.css">'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
            f'<script id="anubis_version" type="application/json">"v1.{rng.randint(17, 21)}.0"</script>'
            f'<script id="anubis_challenge" type="application/json">{chal}</script>'
            '<script id="anubis_base_prefix" type="application/json">""</script>'
            '<script async type="module" src="/.within.website/x/cmd/anubis/static/js/main.mjs"></script></head>'
            '<body id="top"><main><h1 id="title" class="centered-div">Making sure you&#39;re not a bot!</h1>'
            '<div class="centered-div"><img id="image" style="width:100%;max-width:256px;" src="/.within.website/x/cmd/anubis/static/img/pensive.webp" alt="">'
            '<p id="status">Loading...</p><details><summary>Why am I seeing this?</summary><p>You are seeing this because the '
            'administrator of this website has set up Anubis to protect the server against the scourge of AI companies '
            'aggressively scraping websites.</p></details><noscript><p>Sadly, you must enable JavaScript to get past this '
            'challenge. This is required because AI companies have changed the social contract around how website hosting works.'
            '</p></noscript></div><footer><div class="centered-div"><p>Protected by <a href="https://github.com/TecharoHQ/anubis">'
            'Anubis</a> From <a href="https://techaro.lol">Techaro</a>.</p></div></footer></main></body></html>')
    h = Headers(rng, c.when)
    h.date().add("content-type", "text/html; charset=utf-8")
    h.add("set-cookie", f"{c.host}-anubis-cookie-verification={uuid4(rng)}; Path=/; Expires={http_date(c.when + timedelta(minutes=30))}; SameSite=Lax")
    return _answer(c, 200, h, html)


def aws_waf_challenge(rng: random.Random) -> Answer:
    c = cited(rng)
    return _answer(c, 202, aws_headers(rng, c, "challenge"), aws_waf_page(rng, "challenge"))


BROWSER_CHECK = {
    "en": ("Checking your browser", "Please wait while we check your browser. You will be redirected automatically."),
    "tr": ("Tarayıcınız kontrol ediliyor", "Lütfen bekleyin, tarayıcınız kontrol ediliyor. Birkaç saniye içinde yönlendirileceksiniz."),
    "ru": ("Проверка браузера", "Пожалуйста, подождите. Идет проверка вашего браузера, вы будете перенаправлены автоматически."),
    "hy": ("Բրաուզերի ստուգում", "Խնդրում ենք սպասել, ստուգվում է ձեր բրաուզերը։"),
    "az": ("Brauzer yoxlanılır", "Zəhmət olmasa gözləyin, brauzeriniz yoxlanılır."),
}


def browser_check(rng: random.Random) -> Answer:
    c = cited(rng)
    title, text = BROWSER_CHECK[c.lang]
    token = hexs(rng, 40)
    inner = (f'<div class="check"><div class="spinner"></div><h1>{e(title)}...</h1><p>{e(text)}</p></div>\n'
             f'<script>setTimeout(function(){{document.cookie="bchk={token}; path=/; max-age=86400";location.reload();}},'
             f'{rng.choice([1500, 3000, 5000])});</script>\n<noscript>{e(rng.choice(ENABLE_JS[c.lang]))}</noscript>\n')
    return _answer(c, rng.choice([200, 200, 503]), p.origin_headers(rng, c.site, c.when), _small_page(rng, c, title, inner, chrome=False))


# =================================================================== cookies

ENABLE_COOKIES = {
    "en": ("Cookies are disabled", "Your browser has cookies disabled. This website requires cookies to work properly. "
           "Please enable cookies in your browser settings and reload the page."),
    "tr": ("Çerezler devre dışı", "Tarayıcınızda çerezler devre dışı bırakılmış. Bu siteyi kullanabilmek için lütfen "
           "çerezleri etkinleştirin ve sayfayı yenileyin."),
    "ru": ("Cookies отключены", "В вашем браузере отключены cookies. Для работы сайта необходимо включить cookies и "
           "обновить страницу."),
    "hy": ("Cookie-ները անջատված են", "Կայքի աշխատանքի համար անհրաժեշտ է միացնել cookie-ները և թարմացնել էջը։"),
    "az": ("Kukilər deaktivdir", "Saytdan istifadə etmək üçün brauzerinizdə kukiləri (cookies) aktivləşdirin və "
           "səhifəni yeniləyin."),
}


def enable_cookies(rng: random.Random) -> Answer:
    c = cited(rng)
    title, text = ENABLE_COOKIES[c.lang]
    inner = f'<main class="cookies-required"><h1>{e(title)}</h1><p>{e(text)}</p><p><a href="{e(c.path)}">↻</a></p></main>\n'
    final = c.url + ("&" if "?" in c.url else "?") + rng.choice(["cookie_check=1", "nocookie=1", "ck=0"])
    h = p.origin_headers(rng, c.site, c.when)
    h.add("set-cookie", f"cookie_test=1; path=/; SameSite=Lax")
    return _answer(c, rng.choice([200, 200, 403]), h, _small_page(rng, c, title, inner), final if rng.random() < 0.5 else None)


def consent_google(rng: random.Random) -> Answer:
    vid = urlsafe(rng, 11)
    kind = rng.choice(["youtube", "youtube", "maps", "docs"])
    url = {"youtube": f"https://www.youtube.com/watch?v={vid}", "maps": f"https://www.google.com/maps/place/{alnum(rng, 10)}",
           "docs": f"https://docs.google.com/document/d/{urlsafe(rng, 44)}/edit"}[kind]
    chost, brand = ("consent.youtube.com", "YouTube") if kind == "youtube" else ("consent.google.com", "Google")
    final = f"https://{chost}/m?continue={quote(url, safe='')}&gl={rng.choice(['TR', 'DE', 'NL', 'FR'])}&m=0&pc={'yt' if kind == 'youtube' else 'm'}&cm=2&hl=en&src=1"
    html = (f'<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Before you continue to {brand}</title>'
            '<meta name="viewport" content="width=device-width,initial-scale=1"></head><body>'
            f'<div class="consent-bump"><h1>Before you continue to {brand}</h1>'
            '<p>We use <a href="https://policies.google.com/technologies/cookies">cookies</a> and data to</p><ul>'
            '<li>Deliver and maintain Google services</li><li>Track outages and protect against spam, fraud and abuse</li>'
            '<li>Measure audience engagement and site statistics to understand how our services are used and enhance the quality of those services</li></ul>'
            '<p>If you choose to “Accept all,” we will also use cookies and data to</p><ul><li>Develop and improve new services</li>'
            '<li>Deliver and measure the effectiveness of ads</li><li>Show personalized content, depending on your settings</li></ul>'
            '<form action="https://consent.google.com/save" method="POST"><input type="hidden" name="set_eom" value="true">'
            '<button>Reject all</button></form><form action="https://consent.google.com/save" method="POST">'
            '<input type="hidden" name="set_eom" value="false"><button>Accept all</button></form>'
            '<a href="https://consent.google.com/d?continue=">More options</a></div></body></html>')
    body = encode(html, "utf-8")
    h = Headers(rng)
    h.add("content-type", "text/html; charset=utf-8").add("cache-control", "no-cache, no-store, max-age=0, must-revalidate")
    h.date().add("server", "ESF").add("x-frame-options", "SAMEORIGIN")
    return Answer(url, 200, h.finish(body), body, final)


def consent_yahoo(rng: random.Random) -> Answer:
    slug = "-".join(rng.sample(["armenia", "azerbaijan", "turkey", "peace", "talks", "border", "deal", "sign", "leaders"], 5))
    url = f"https://{rng.choice(['news.yahoo.com', 'www.yahoo.com/news', 'uk.news.yahoo.com'])}/{slug}-{rng.randint(10**8, 10**9)}.html"
    sid = f"3_cc-session_{uuid4(rng)}"
    final = f"https://consent.yahoo.com/v2/collectConsent?sessionId={sid}"
    html = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Yahoo is part of the Yahoo family of brands</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><div class="con-wizard">'
            '<h2>Yahoo is part of the Yahoo family of brands</h2><p>The sites and apps that we own and operate, including Yahoo and AOL, '
            'and our digital advertising service, Yahoo Advertising.</p><p>When you use our sites and apps, we use cookies to:</p>'
            '<ul><li>provide our sites and apps to you</li><li>authenticate users, apply security measures, and prevent spam and abuse, and</li>'
            '<li>measure your use of our sites and apps</li></ul><p>If you click ‘Accept all’, we and our partners, including '
            f'{rng.randint(200, 260)} who are part of the IAB Transparency &amp; Consent Framework, will also store and/or access '
            'information on a device (in other words, use cookies) and use precise geolocation data and other personal data such as '
            'IP address and browsing and search data, for personalised advertising and content.</p>'
            f'<form method="post" action="/v2/collectConsent?sessionId={sid}"><button name="agree" value="agree">Accept all</button>'
            '<button name="reject" value="reject">Reject all</button></form><a href="#">Manage privacy settings</a></div></body></html>')
    body = encode(html, "utf-8")
    h = Headers(rng)
    h.date().add("content-type", "text/html; charset=utf-8").add("server", "ATS")
    h.add("set-cookie", f"GUCS={urlsafe(rng, 8)}; Max-Age=1800; Domain=consent.yahoo.com; Path=/; Secure")
    return Answer(url, 200, h.finish(body), body, final)


CONSENT_WALL = {
    "en": ("Before you continue", "To keep reading {site}, please accept our use of cookies and similar technologies. "
           "We and our {n} partners use them to store and access information on your device for personalised ads and "
           "content, ad and content measurement and audience research.", "Accept and continue", "Manage options",
           "Prefer no tracking? Subscribe to read without personalised advertising."),
    "tr": ("Devam etmeden önce", "{site} içeriklerini okumaya devam etmek için çerez kullanımını kabul etmeniz "
           "gerekmektedir. Biz ve {n} iş ortağımız cihazınızda bilgi depolamak ve erişmek için çerezler kullanırız.",
           "Kabul et ve devam et", "Tercihleri yönet", "Reklamsız okumak için abone olabilirsiniz."),
    "ru": ("Прежде чем продолжить", "Чтобы продолжить чтение {site}, примите использование файлов cookie. Мы и наши {n} "
           "партнеров используем их для хранения информации на вашем устройстве.", "Принять и продолжить",
           "Настроить", ""),
    "hy": ("Շարունակելուց առաջ", "{site} կայքը կարդալը շարունակելու համար ընդունեք cookie-ների օգտագործումը։",
           "Ընդունել և շարունակել", "Կարգավորումներ", ""),
    "az": ("Davam etməzdən əvvəl", "{site} saytını oxumağa davam etmək üçün kukilərin istifadəsini qəbul edin. Biz və "
           "{n} tərəfdaşımız cihazınızda məlumat saxlamaq üçün kukilərdən istifadə edirik.", "Qəbul et və davam et",
           "Seçimləri idarə et", ""),
}


def consent_wall(rng: random.Random) -> Answer:
    c = cited(rng)
    title, text, accept, manage, pur = CONSENT_WALL[c.lang]
    inner = (f'<div class="consent-wall" role="dialog" aria-modal="true"><div class="consent-wall__box"><h1>{e(title)}</h1>'
             f'<p>{e(text.format(site=c.site.name, n=rng.randint(80, 900)))}</p>'
             f'<form method="post" action="/consent/accept"><input type="hidden" name="return" value="{e(c.path)}">'
             f'<button class="primary">{e(accept)}</button></form><a href="/consent/settings">{e(manage)}</a>'
             + (f'<p class="pur">{e(pur)} <a href="/abo">{e(UI[c.lang]["subscribe"])}</a></p>' if pur and rng.random() < 0.5 else "")
             + "</div></div>\n")
    redirect = rng.random() < 0.5
    final = (f"https://{rng.choice(['consent', 'myprivacy', 'cmp'])}.{registrable(c.host)}/consent?siteKey={alnum(rng, 16)}"
             f"&callbackUrl={quote(c.url, safe='')}") if redirect else None
    html = _small_page(rng, c, title if rng.random() < 0.5 else f"{c.site.name} – {title}", inner)
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), html, final)


def cerez_wall(rng: random.Random) -> Answer:
    c = cited(rng, lang="tr")
    inner = ('<div id="cerez-duvari" class="cerez-tam-sayfa"><h1>Çerez Tercihleriniz</h1>'
             f'<p>{e(c.site.name)} olarak kişisel verilerinizin korunmasına önem veriyoruz. Sitemizi kullanmaya devam edebilmeniz '
             'için zorunlu ve analitik çerezlerin kullanımına onay vermeniz gerekmektedir. 6698 sayılı Kişisel Verilerin '
             'Korunması Kanunu (KVKK) kapsamında hazırlanan <a href="/kvkk/aydinlatma-metni">Aydınlatma Metni</a> ve '
             '<a href="/kvkk/cerez-politikasi">Çerez Politikası</a>\'nı inceleyebilirsiniz.</p>'
             '<p>Devam etmek için çerezleri kabul etmeniz gerekmektedir.</p>'
             '<button id="tumunu-kabul-et">Tümünü Kabul Et</button> <button id="tercihler">Tercihleri Yönet</button></div>\n')
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), _small_page(rng, c, f"Çerez Tercihleri | {c.site.name}", inner))


# =================================================================== paywall

def http_402(rng: random.Random) -> Answer:
    c = cited(rng)
    kind = rng.choice(["plain", "json", "site"])
    h = p.origin_headers(rng, c.site, c.when, ctype="application/json" if kind == "json" else None)
    if kind == "plain":
        html = "<html><head><title>402 Payment Required</title></head><body><h1>Payment Required</h1></body></html>"
    elif kind == "json":
        data = {"error": "payment_required", "message": "A subscription is required to access this content.",
                "subscribe_url": f"https://{c.host}/subscribe"}
        body = json.dumps(data).encode()
        return Answer(c.url, 402, h.finish(body), body)
    else:
        head_, limit, offer, signin = p.SUBSCRIBE_BOX[c.lang]
        html = _small_page(rng, c, f"{c.title} | {c.site.name}",
                           f'<main><h1>{e(c.title)}</h1>{p.subscribe_box(rng, c.lang)}</main>\n', chrome=True)
    return _answer(c, 402, h, html)


SIGN_IN = {
    "en": ("Sign in to continue reading", "This article is available to registered readers and subscribers.", "Email",
           "Password", "Sign in", "Forgot password?", "Don't have an account? Register"),
    "tr": ("Okumaya devam etmek için giriş yapın", "Bu içerik yalnızca üyelerimize ve abonelerimize açıktır.", "E-posta",
           "Şifre", "Giriş yap", "Şifremi unuttum", "Hesabınız yok mu? Üye olun"),
    "ru": ("Войдите, чтобы продолжить чтение", "Материал доступен только зарегистрированным пользователям и подписчикам.",
           "Email", "Пароль", "Войти", "Забыли пароль?", "Нет аккаунта? Зарегистрируйтесь"),
    "hy": ("Մուտք գործեք՝ կարդալը շարունակելու համար", "Նյութը հասանելի է միայն բաժանորդներին։", "Էլ. փոստ", "Գաղտնաբառ",
           "Մուտք", "Մոռացե՞լ եք գաղտնաբառը", "Գրանցվել"),
    "az": ("Oxumağa davam etmək üçün daxil olun", "Bu məqalə yalnız abunəçilər üçün əlçatandır.", "E-poçt", "Şifrə",
           "Daxil ol", "Şifrəni unutmusunuz?", "Hesabınız yoxdur? Qeydiyyatdan keçin"),
}


def login_form(c: Cited) -> str:
    title, text, mail, pw, go, forgot, reg = SIGN_IN[c.lang]
    return (f'<main class="auth"><h1>{e(title)}</h1><p>{e(text)}</p><form method="post" action="/login">'
            f'<label>{e(mail)}<input type="email" name="email"></label><label>{e(pw)}<input type="password" name="password"></label>'
            f'<input type="hidden" name="return" value="{e(c.path)}"><button type="submit">{e(go)}</button></form>'
            f'<p><a href="/forgot">{e(forgot)}</a></p><p><a href="/register">{e(reg)}</a></p></main>\n')


def http_401(rng: random.Random) -> Answer:
    c = cited(rng)
    kind = rng.choice(["site", "site", "plain", "json"])
    h = p.origin_headers(rng, c.site, c.when, ctype="application/json" if kind == "json" else None)
    if rng.random() < 0.3:
        h.add("www-authenticate", f'Bearer realm="{c.host}"')
    if kind == "json":
        body = json.dumps({"error": "unauthorized", "message": "Login required"}).encode()
        return Answer(c.url, 401, h.finish(body), body)
    html = ("<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>" if kind == "plain"
            else _small_page(rng, c, f"{SIGN_IN[c.lang][0]} | {c.site.name}", login_form(c), chrome=True))
    return _answer(c, 401, h, html)


def interstitial_html(rng: random.Random, c: Cited, box: str, teaser: bool = True) -> str:
    standfirst = paragraph(rng, c.lang, 1) if teaser and rng.random() < 0.7 else ""
    author = rng.choice(p.AUTHORS[c.lang])
    inner = (f'<main><article class="premium"><h1>{e(c.title)}</h1>'
             + (f'<p class="standfirst">{e(standfirst)}</p>' if standfirst else "")
             + f'<div class="paywall">{box}</div></article></main>\n')
    w_head, w_top, w_end = heavy(rng, c.site, c.when) if rng.random() < 0.85 else ("", "", "")
    return (head(rng, lang=c.lang, title=f"{c.title} | {c.site.name}", site=c.site, url=c.url,
                 extra=w_head + json_ld(c.site, c.url, c.title, c.when, author, free=False))
            + "<body>\n" + nav(rng, c.site) + w_top + inner + footer(rng, c.site, c.when.year) + w_end
            + "</body>\n</html>\n")


def subscribe_interstitial(rng: random.Random) -> Answer:
    c = cited(rng, lang=rng.choice(["en", "en", "tr", "ru", "az"]), kind="news")
    h = p.origin_headers(rng, c.site, c.when) if rng.random() < 0.6 else p.cdn_headers(rng, rng.choice(["cloudflare", "akamai"]), c.site, c.when)[0]
    return _answer(c, 200, h, interstitial_html(rng, c, p.subscribe_box(rng, c.lang)))


OFFERS = {
    "en": ("Choose your subscription", ["Digital — $4 for 4 weeks", "All Access — $9.99/month", "Annual — $99/year"], "Subscribe now"),
    "tr": ("Abonelik paketinizi seçin", ["Aylık dijital — ₺49,90", "Yıllık dijital — ₺449"], "Hemen abone ol"),
    "ru": ("Выберите подписку", ["1 месяц — 299 ₽", "12 месяцев — 2 990 ₽"], "Оформить подписку"),
    "hy": ("Ընտրեք բաժանորդագրությունը", ["1 ամիս — 2000 դրամ", "1 տարի — 20000 դրամ"], "Բաժանորդագրվել"),
    "az": ("Abunə paketini seçin", ["1 ay — 5 AZN", "1 il — 50 AZN"], "Abunə ol"),
}


def redirect_subscribe(rng: random.Random) -> Answer:
    c = cited(rng, kind="news")
    title, plans, go = OFFERS[c.lang]
    dest = rng.choice([f"https://{c.host}/subscribe", f"https://subscribe.{registrable(c.host)}/", f"https://{c.host}/abonelik"
                       if c.lang == "tr" else f"https://{c.host}/subscription"])
    final = f"{dest}?returnUrl={quote(c.url, safe='')}&source=paywall"
    items = "".join(f'<li class="plan"><h3>{e(x)}</h3><a class="btn" href="/checkout?plan={i}">{e(go)}</a></li>' for i, x in enumerate(plans))
    inner = f'<main class="offers"><h1>{e(title)}</h1><ul class="plans">{items}</ul><p><a href="/login">{e(UI[c.lang]["login"])}</a></p></main>\n'
    page = Cited(c.site, title, final, c.when)
    html = _small_page(rng, page, f"{title} | {c.site.name}", inner, chrome=True)
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), html, final)


def redirect_login(rng: random.Random) -> Answer:
    c = cited(rng, kind="news")
    dest = rng.choice([f"https://{c.host}/login", f"https://account.{registrable(c.host)}/signin", f"https://{c.host}/user/login",
                       f"https://{c.host}/auth/login"])
    final = f"{dest}?redirect={quote(c.url, safe='')}"
    html = _small_page(rng, c, f"{SIGN_IN[c.lang][4]} | {c.site.name}", login_form(c), chrome=True)
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), html, final)


REGISTER = {
    "en": ("Register for free to continue reading", "Create a free account to read this article and get our daily briefing.",
           "Create free account", "Already registered? Log in"),
    "tr": ("Okumaya devam etmek için ücretsiz üye olun", "Bu haberi okumak için ücretsiz hesap oluşturun.", "Ücretsiz üye ol",
           "Zaten üye misiniz? Giriş yapın"),
    "ru": ("Зарегистрируйтесь, чтобы продолжить чтение", "Бесплатная регистрация открывает доступ к материалу.",
           "Зарегистрироваться", "Уже зарегистрированы? Войти"),
    "hy": ("Գրանցվեք՝ կարդալը շարունակելու համար", "Ստեղծեք անվճար հաշիվ։", "Գրանցվել", "Մուտք"),
    "az": ("Oxumağa davam etmək üçün pulsuz qeydiyyatdan keçin", "Məqaləni oxumaq üçün pulsuz hesab yaradın.",
           "Qeydiyyatdan keç", "Artıq hesabınız var? Daxil olun"),
}


def registration_wall(rng: random.Random) -> Answer:
    c = cited(rng, kind=rng.choice(["news", "thinktank"]))
    title, text, go, login = REGISTER[c.lang]
    box = (f'<div class="regwall"><h2>{e(title)}</h2><p>{e(text)}</p><a class="btn" href="/register?return={quote(c.path)}">{e(go)}</a> '
           f'<a href="/login">{e(login)}</a></div>')
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), interstitial_html(rng, c, box))


def tr_abone(rng: random.Random) -> Answer:
    c = cited(rng, lang="tr", kind="news")
    box = ('<div class="abone-ol-kutusu"><span class="kilit">🔒</span><h2>Bu içerik yalnızca abonelerimize özeldir</h2>'
           '<p>Haberin tamamını okumak için abone olun. Dijital abonelik ile tüm içeriklere sınırsız erişin.</p>'
           f'<a class="btn" href="/abonelik?ref={quote(c.path)}">Abone Ol</a> <a href="/giris">Zaten aboneyim, giriş yap</a></div>')
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), interstitial_html(rng, c, box))


def ru_podpiska(rng: random.Random) -> Answer:
    c = cited(rng, lang="ru", kind="news")
    box = ('<div class="paywall-block"><h2>Этот материал доступен только подписчикам</h2>'
           '<p>Оформите подписку, чтобы продолжить чтение и получить доступ ко всем материалам издания.</p>'
           f'<a class="btn" href="/subscription?from=paywall">Оформить подписку</a> <a href="/login">Уже есть подписка? Войти</a></div>')
    return _answer(c, 200, p.origin_headers(rng, c.site, c.when), interstitial_html(rng, c, box))
