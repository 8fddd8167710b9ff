"""Ordinary answers (the `None` half): articles of many shapes and languages, what sits on real
pages without making them walls (consent banners, `<noscript>` notices, reCAPTCHA and Turnstile in
forms, newsletter and subscribe boxes, vendors' sensor scripts and headers on pages they let
through), short pages, PDFs and JSON, and real error pages (404/410, 5xx, Cloudflare's 52x
outages, Akamai's origin errors, plain 403/429 from nginx, Apache and IIS).
"""

from __future__ import annotations

import base64
import json
import random
from datetime import datetime, timedelta

from . import vendors as v
from .model import Answer, Cited, cited
from .world import (CF_CITIES, CF_COLOS, UI, AUTHORS, Headers, Site, alnum, b64, big_script, cf_bm, cf_ray,
                    cfuvid, content_type, e, encode, footer, head, heavy, hexs, http_date, human_date, ip, json_ld, nav,
                    paragraph, paragraphs, pick_site, registrable, related, title_for, urlsafe, uuid4)

# ------------------------------------------------------------------ decorations

COOKIE_TEXT = {
    "en": ("We use cookies to improve your experience, analyse traffic and personalise content and ads. By clicking "
           "“Accept All Cookies”, you agree to the storing of cookies on your device.", "Accept All Cookies",
           "Reject All", "Cookie Settings"),
    "tr": ("Sitemizde size daha iyi hizmet sunabilmek için çerezler kullanılmaktadır. Detaylı bilgi için Çerez "
           "Politikası'nı inceleyebilirsiniz. Sitemizi kullanmaya devam ederek çerez kullanımını kabul etmiş sayılırsınız.",
           "Kabul Et", "Reddet", "Çerez Ayarları"),
    "ru": ("Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая пользоваться сайтом, вы соглашаетесь "
           "с использованием файлов cookie.", "Принять", "Отклонить", "Настройки"),
    "hy": ("Այս կայքը օգտագործում է cookie-ներ՝ ձեր փորձառությունը բարելավելու համար։", "Ընդունել", "Մերժել",
           "Կարգավորումներ"),
    "az": ("Bu sayt daha yaxşı xidmət göstərmək üçün kukilərdən (cookies) istifadə edir. Saytdan istifadəni davam "
           "etdirməklə kukilərin istifadəsinə razılıq vermiş olursunuz.", "Qəbul et", "İmtina et", "Parametrlər"),
}


def cookie_banner(rng: random.Random, lang: str, kind: str | None = None) -> tuple[str, str]:
    """(head part, body part) of a consent banner that sits on top of the article."""
    text, accept, reject, settings = COOKIE_TEXT[lang]
    kind = kind or rng.choice(["onetrust", "cookiebot", "quantcast", "kvkk" if lang == "tr" else "plain", "plain"])
    if kind == "onetrust":
        return (f'<script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js" data-domain-script="{uuid4(rng)}" '
                'type="text/javascript" charset="UTF-8"></script>\n<script type="text/javascript">function OptanonWrapper() { }</script>\n',
                f'<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter ot-hide ot-fade-in"></div>'
                f'<div id="onetrust-banner-sdk" class="otFlat" tabindex="0" role="region" aria-label="Cookie banner">'
                f'<div role="dialog" aria-label="Privacy"><div id="onetrust-policy"><h2 id="onetrust-policy-title">'
                f'{"Your privacy" if lang == "en" else e(settings)}</h2><div id="onetrust-policy-text">{e(text)} '
                f'<a href="/cookie-policy">Cookie Policy</a></div></div><div id="onetrust-button-group-parent">'
                f'<div id="onetrust-button-group"><button id="onetrust-pc-btn-handler">{e(settings)}</button>'
                f'<button id="onetrust-reject-all-handler">{e(reject)}</button>'
                f'<button id="onetrust-accept-btn-handler">{e(accept)}</button></div></div></div></div></div>\n')
    if kind == "cookiebot":
        return (f'<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" data-cbid="{uuid4(rng)}" '
                'data-blockingmode="auto" type="text/javascript"></script>\n',
                '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" aria-modal="true" '
                'class="CybotCookiebotDialogActive"><div class="CybotCookiebotDialogContentWrapper">'
                f'<h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2>'
                f'<div id="CybotCookiebotDialogBodyContentText">{e(text)}</div>'
                f'<button id="CybotCookiebotDialogBodyButtonDecline">{e(reject)}</button>'
                f'<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">{e(accept)}</button>'
                '</div></div>\n')
    if kind == "quantcast":
        return ('<!-- InMobi Choice. Consent Manager Tag v3.0 (for TCF 2.2) -->\n<script type="text/javascript" async=true>'
                "(function() { var host = window.location.hostname; var element = document.createElement('script'); "
                f"var url = 'https://cmp.inmobi.com'.concat('/choice/', '{alnum(rng, 13)}', '/', host, '/choice.js?tag_version=V3'); "
                "element.async = true; element.type = 'text/javascript'; element.src = url; "
                "document.getElementsByTagName('script')[0].parentNode.insertBefore(element, null); })();</script>\n",
                '<div id="qc-cmp2-container" data-nosnippet=""><div class="qc-cmp2-summary-section">'
                '<h2>We value your privacy</h2><p class="qc-cmp2-summary-info">We and our partners store and/or access '
                'information on a device, such as cookies and process personal data, such as unique identifiers and '
                'standard information sent by a device for personalised advertising and content, ad and content '
                'measurement, and audience insights, as well as to develop and improve products.</p>'
                f'<button mode="secondary">MORE OPTIONS</button><button mode="primary">AGREE</button></div></div>\n')
    if kind == "kvkk":
        return ("", '<div class="cerez-bildirimi" id="kvkk-cerez" role="dialog"><p>Sitemizde size daha iyi hizmet '
                'sunabilmek için çerezler kullanılmaktadır. 6698 sayılı KVKK kapsamında detaylı bilgi için '
                '<a href="/kvkk/cerez-politikasi">Çerez Politikası</a>\'nı inceleyebilirsiniz.</p>'
                '<button class="cerez-kabul">Kabul Et</button> <a href="/kvkk/cerez-tercihleri">Çerez Tercihleri</a></div>\n')
    return ("", f'<div class="cookie-notice" id="cookie-notice" role="dialog"><p>{e(text)}</p>'
                f'<button class="accept">{e(accept)}</button> <a href="/privacy">{e(settings)}</a></div>\n')


NOSCRIPT = {
    "disqus": '<div id="disqus_thread"></div>\n<noscript>Please enable JavaScript to view the <a href="https://disqus.com/?ref_noscript">comments powered by Disqus.</a></noscript>\n',
    "gtm": '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-{gtm}" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>\n',
    "app": '<noscript>You need to enable JavaScript to run this app.</noscript>\n',
    "en": '<noscript><div class="js-warning">For full functionality of this site it is necessary to enable JavaScript. Here are the <a href="https://www.enable-javascript.com/">instructions how to enable JavaScript in your web browser</a>.</div></noscript>\n',
    "tr": '<noscript><div class="js-uyari">Bu sitenin tüm özelliklerinden yararlanabilmek için tarayıcınızda JavaScript\'i etkinleştirmeniz gerekmektedir.</div></noscript>\n',
    "ru": '<noscript><div class="js-warning">Для корректной работы сайта включите JavaScript в настройках браузера.</div></noscript>\n',
    "hy": '<noscript><div>Կայքի ճիշտ աշխատանքի համար միացրեք JavaScript-ը։</div></noscript>\n',
    "az": '<noscript><div>Saytın düzgün işləməsi üçün brauzerinizdə JavaScript-i aktivləşdirin.</div></noscript>\n',
    "yandex": '<noscript><div><img src="https://mc.yandex.ru/watch/{ym}" style="position:absolute; left:-9999px;" alt="" /></div></noscript>\n',
}


def noscript_notice(rng: random.Random, lang: str) -> str:
    kind = rng.choice(["disqus", "gtm", "app", lang, lang, "yandex" if lang == "ru" else "disqus"])
    return NOSCRIPT[kind].format(gtm=alnum(rng, 7).upper(), ym=rng.randint(10**7, 10**8))


FORM_TEXT = {
    "en": ("Leave a comment", "Name", "Email", "Comment", "Post comment",
           "This site is protected by reCAPTCHA and the Google <a href=\"https://policies.google.com/privacy\">Privacy Policy</a> and <a href=\"https://policies.google.com/terms\">Terms of Service</a> apply."),
    "tr": ("Yorum yapın", "Adınız", "E-posta", "Yorumunuz", "Gönder",
           "Bu site reCAPTCHA ile korunmaktadır ve Google <a href=\"https://policies.google.com/privacy\">Gizlilik Politikası</a> ile <a href=\"https://policies.google.com/terms\">Hizmet Şartları</a> geçerlidir."),
    "ru": ("Оставить комментарий", "Имя", "Email", "Комментарий", "Отправить",
           "Этот сайт защищен reCAPTCHA, и к нему применяются <a href=\"https://policies.google.com/privacy\">Политика конфиденциальности</a> и <a href=\"https://policies.google.com/terms\">Условия использования</a> Google."),
    "hy": ("Թողնել մեկնաբանություն", "Անուն", "Էլ. փոստ", "Մեկնաբանություն", "Ուղարկել",
           "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply."),
    "az": ("Şərh yazın", "Adınız", "E-poçt", "Şərhiniz", "Göndər",
           "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply."),
}


def recaptcha_form(rng: random.Random, lang: str) -> tuple[str, str]:
    title, name, mail, comment, send, notice = FORM_TEXT[lang]
    key = "6L" + rng.choice("cdef") + urlsafe(rng, 37)
    if rng.random() < 0.5:  # v2 checkbox
        widget = f'<div class="g-recaptcha" data-sitekey="{key}"></div>'
        script = '<script src="https://www.google.com/recaptcha/api.js" async defer></script>\n'
    else:  # v3 invisible, with the badge notice
        widget = f'<input type="hidden" name="g-recaptcha-response" id="g-recaptcha-response"><p class="recaptcha-notice">{notice}</p>'
        script = f'<script src="https://www.google.com/recaptcha/api.js?render={key}"></script>\n'
    return (script, f'<section id="comments" class="comments"><h3>{e(title)}</h3>'
                    f'<form id="commentform" method="post" action="/wp-comments-post.php">'
                    f'<p><label>{e(name)}</label><input name="author"></p><p><label>{e(mail)}</label><input name="email"></p>'
                    f'<p><label>{e(comment)}</label><textarea name="comment"></textarea></p>{widget}'
                    f'<p><button type="submit">{e(send)}</button></p></form></section>\n')


NEWSLETTER = {
    "en": ("Subscribe to our newsletter", "Get the latest analysis from the region delivered to your inbox every week.",
           "Your email address", "Subscribe"),
    "tr": ("Bültenimize abone olun", "Bölgeden en güncel analizler her hafta e-posta kutunuzda.", "E-posta adresiniz",
           "Abone ol"),
    "ru": ("Подпишитесь на рассылку", "Главные новости региона раз в неделю на вашу почту.", "Ваш email", "Подписаться"),
    "hy": ("Բաժանորդագրվեք մեր տեղեկագրին", "Ստացեք վերջին վերլուծությունները ձեր էլ. փոստին։", "Ձեր էլ. հասցեն",
           "Բաժանորդագրվել"),
    "az": ("Bülletenimizə abunə olun", "Regiondan ən son təhlillər hər həftə e-poçtunuzda.", "E-poçt ünvanınız",
           "Abunə ol"),
}


def newsletter_box(rng: random.Random, lang: str, turnstile: bool = False, hcaptcha: bool = False) -> tuple[str, str]:
    title, text, field, button = NEWSLETTER[lang]
    script, widget = "", ""
    if turnstile:
        script = '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>\n'
        widget = f'<div class="cf-turnstile" data-sitekey="0x4AAAAAAA{urlsafe(rng, 14)}" data-size="flexible"></div>'
    elif hcaptcha:
        script = '<script src="https://js.hcaptcha.com/1/api.js" async defer></script>\n'
        widget = f'<div class="h-captcha" data-sitekey="{uuid4(rng)}"></div>'
    return (script, f'<div class="newsletter-signup"><h4>{e(title)}</h4><p>{e(text)}</p>'
                    f'<form action="/newsletter/subscribe" method="post"><input type="email" name="email" '
                    f'placeholder="{e(field)}">{widget}<button type="submit">{e(button)}</button></form></div>\n')


SUBSCRIBE_BOX = {
    "en": ["Subscribe to continue reading", "You have reached your limit of free articles this month.",
           "Subscribe for unlimited access to our journalism.", "Already a subscriber? Sign in"],
    "tr": ["Okumaya devam etmek için abone olun", "Bu ay ücretsiz haber okuma limitinize ulaştınız.",
           "Sınırsız erişim için hemen abone olun.", "Zaten abone misiniz? Giriş yapın"],
    "ru": ["Оформите подписку, чтобы продолжить чтение", "Вы исчерпали лимит бесплатных материалов в этом месяце.",
           "Подписка открывает полный доступ ко всем материалам.", "Уже подписаны? Войти"],
    "hy": ["Բաժանորդագրվեք՝ կարդալը շարունակելու համար", "Այս ամսվա անվճար նյութերի սահմանաչափը սպառվել է։",
           "Բաժանորդագրությունը բացում է լիարժեք հասանելիություն։", "Արդեն բաժանո՞րդ եք։ Մուտք"],
    "az": ["Oxumağa davam etmək üçün abunə olun", "Bu ay pulsuz məqalə limitinizi doldurmusunuz.",
           "Limitsiz giriş üçün abunə olun.", "Artıq abunəçisiniz? Daxil olun"],
}


def subscribe_box(rng: random.Random, lang: str, price: bool = True) -> str:
    head_, limit, offer, signin = SUBSCRIBE_BOX[lang]
    cost = rng.choice(["$1 for 6 months", "€4.99/month", "₺49,90/ay", "299 ₽ в месяц"]) if price else ""
    return (f'<div class="paywall-offer" data-paywall="true"><h3>{e(head_)}</h3><p>{e(rng.choice([limit, offer]))}</p>'
            + (f'<p class="price">{e(cost)}</p>' if cost else "") +
            f'<a class="btn btn-subscribe" href="/subscribe?ref=paywall">{e(UI[lang]["subscribe"])}</a> '
            f'<a class="signin" href="/login">{e(signin)}</a></div>\n')


ADBLOCK = {
    "en": "We noticed you are using an ad blocker. Our journalism is funded by advertising; please consider whitelisting us.",
    "tr": "Reklam engelleyici kullandığınızı fark ettik. Habercilik faaliyetimiz reklam gelirleriyle sürdürülmektedir.",
    "ru": "Похоже, вы используете блокировщик рекламы. Пожалуйста, добавьте наш сайт в исключения.",
    "hy": "Կարծես օգտագործում եք գովազդի արգելափակիչ։",
    "az": "Reklam bloklayıcısından istifadə etdiyinizi gördük.",
}


# vendors' scripts on pages they let through

def cf_jsd(rng: random.Random, ray: str, when: datetime) -> str:
    token = base64.b64encode(f"{when.timestamp():.6f}".encode()).decode()
    return ("<script>(function(){function c(){var b=a.contentDocument||a.contentWindow.document;if(b){var d=b.createElement('script');"
            f"d.innerHTML=\"window.__CF$cv$params={{r:'{ray}',t:'{token}'}};var a=document.createElement('script');a.nonce='';"
            "a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';document.getElementsByTagName('head')[0].appendChild(a);\";"
            "b.getElementsByTagName('head')[0].appendChild(d)}}if(document.body){var a=document.createElement('iframe');a.height=1;"
            "a.width=1;a.style.position='absolute';a.style.top=0;a.style.left=0;a.style.border='none';a.style.visibility='hidden';"
            "document.body.appendChild(a);if('loading'!==document.readyState)c();else if(window.addEventListener)"
            "document.addEventListener('DOMContentLoaded',c);else{var e=document.onreadystatechange||function(){};"
            "document.onreadystatechange=function(b){e(b);'loading'!==document.readyState&&(document.onreadystatechange=null,c())}}}})();"
            "</script>\n")


def cf_email(rng: random.Random) -> str:
    return (f'<p class="contact">Press enquiries: <a href="/cdn-cgi/l/email-protection#{hexs(rng, 40)}">'
            '<span class="__cf_email__" data-cfemail="' + hexs(rng, 40) + '">[email&#160;protected]</span></a></p>\n'
            '<script data-cfasync="false" src="/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js"></script>\n')


def cf_beacon(rng: random.Random, ray: str) -> str:
    return (f'<script defer src="https://static.cloudflareinsights.com/beacon.min.js/v{hexs(rng, 8)}" '
            f'integrity="sha512-{b64(rng, 48)}" data-cf-beacon=\'{{"rayId":"{ray}","version":"2025.{rng.randint(1, 9)}.0",'
            f'"token":"{hexs(rng, 32)}","r":1,"server_timing":{{"name":{{"cfCacheStatus":true,"cfEdge":true,'
            '"cfExtPri":true,"cfL4":true,"cfOrigin":true,"cfSpeedBrain":true},"location_startswith":null}}\' '
            'crossorigin="anonymous"></script>\n')


def akamai_sensor(rng: random.Random, host: str) -> str:
    path = "/" + "/".join(urlsafe(rng, rng.randint(3, 12)) for _ in range(rng.randint(4, 7)))
    return (f'<script type="text/javascript"  src="{path}"></script>\n'
            f'<noscript><img src="https://{host}/akam/13/pixel_{hexs(rng, 8)}?a={b64(rng, 30)}" '
            'style="visibility: hidden; position: absolute; left: -999px; top: -999px;" /></noscript>\n')


def incapsula_resource(rng: random.Random) -> str:
    return (f'<script type="text/javascript" src="/_Incapsula_Resource?SWJIYLWA={hexs(rng, 32)}&ns={rng.randint(1, 9)}'
            f'&cb={rng.randint(10**8, 2 * 10**9)}" async></script>\n')


def ddg_check(rng: random.Random) -> str:
    return '<script src="https://check.ddos-guard.net/check.js" async defer></script>\n'


def datadome_tag(rng: random.Random) -> str:
    return ("<script>!function(a,b,c,d,e,f){a.ddjskey=e;a.ddoptions=f||null;var m=b.createElement(c),n=b.getElementsByTagName(c)[0];"
            "m.async=1,m.src=d,n.parentNode.insertBefore(m,n)}(window,document,\"script\",\"https://js.datadome.co/tags.js\","
            f"\"{hexs(rng, 30, upper=True)}\",{{ajaxListenerPath:true,allowHtmlContentTypeOnCaptcha:true}});</script>\n")


def px_tag(rng: random.Random) -> str:
    app = v.px_app_id(rng)
    return (f"<script type=\"text/javascript\">(function(){{window._pxAppId='{app}';var p=document.getElementsByTagName('script')[0],"
            f"s=document.createElement('script');s.async=1;s.src='/{app[2:]}/init.js';p.parentNode.insertBefore(s,p);}}());</script>\n")


# ------------------------------------------------------------------ the article page

def article_html(rng: random.Random, c: Cited, *, n_paras: int | None = None, head_extra: str = "",
                 top: str = "", after_article: str = "", end: str = "", in_article: str = "", charset: str = "utf-8",
                 free: bool = True, body_paras: list[str] | None = None, title_style: str | None = None,
                 kind: str = "article") -> str:
    site, lang = c.site, c.lang
    ui = UI[lang]
    author = rng.choice(AUTHORS[lang])
    style = title_style or rng.choice(["pipe", "dash", "plain", "site_first"])
    page_title = {"pipe": f"{c.title} | {site.name}", "dash": f"{c.title} - {site.name}", "plain": c.title,
                  "site_first": f"{site.name} - {c.title}"}[style]
    paras = body_paras if body_paras is not None else paragraphs(rng, lang, n_paras or rng.randint(4, 12))
    extra = json_ld(site, c.url, c.title, c.when, author, free=free) + head_extra
    weight_head, weight_top, weight_end = heavy(rng, site, c.when) if rng.random() < 0.9 else ("", "", "")
    extra = weight_head + extra
    if rng.random() < 0.15:
        extra += big_script(rng)
    lead = paras[0][:150].rsplit(" ", 1)[0] if paras else ""
    out = [head(rng, lang=lang, title=page_title, site=site, url=c.url, description=lead, extra=extra, charset=charset),
           f'<body class="{kind}-page">\n', top, nav(rng, site), weight_top, '<main id="main">\n<article class="article">\n',
           f'<header class="article-header"><h1 class="headline">{e(c.title)}</h1>\n'
           f'<div class="byline"><span class="author">{e(ui["by"])} {e(author)}</span> '
           f'<time datetime="{c.when.isoformat()}">{e(human_date(lang, c.when))}</time> '
           f'<span class="reading-time">{rng.randint(2, 9)} {e(ui["read"])}</span></div></header>\n']
    if rng.random() < 0.7:
        out.append(f'<figure class="lead-image"><img src="https://{site.host}/uploads/{c.when:%Y/%m}/{alnum(rng, 10)}.jpg" '
                   f'alt="{e(c.title)}" width="1200" height="675"><figcaption>{e(paragraph(rng, lang, 1))}</figcaption></figure>\n')
    out.append('<div class="article-body">\n')
    split = rng.randint(1, max(1, len(paras) - 1)) if paras else 0
    for i, p in enumerate(paras):
        if i == split and in_article:
            out.append(in_article)
        out.append(f"<p>{e(p)}</p>\n")
    out.append("</div>\n")
    if rng.random() < 0.5:
        out.append(f'<div class="tags">{e(ui["tags"])}: ' + ", ".join(
            f'<a href="/tag/{t}">{t}</a>' for t in rng.sample(["diplomacy", "south-caucasus", "energy", "turkiye",
                                                               "armenia", "azerbaijan", "eu", "russia"], 3)) + "</div>\n")
    out.append(f'<div class="share"><span>{e(ui["share"])}</span> <a href="https://twitter.com/intent/tweet?url={e(c.url)}">X</a> '
               f'<a href="https://www.facebook.com/sharer/sharer.php?u={e(c.url)}">Facebook</a></div>\n')
    out.append("</article>\n")
    out.append(after_article)
    out.append(related(rng, site, c.when, rng.randint(3, 6)))
    out.append("</main>\n")
    out.append(footer(rng, site, c.when.year))
    out.append(weight_end)
    out.append(end)
    out.append("</body>\n</html>\n")
    return "".join(out)


def origin_headers(rng: random.Random, site: Site, when: datetime | None, charset: str = "utf-8",
                   ctype: str | None = None) -> Headers:
    h = Headers(rng, when)
    h.date().add("content-type", ctype or content_type(rng, charset))
    if not h.h2 and rng.random() < 0.7:
        h.add("connection", "keep-alive")
    if rng.random() < 0.8:
        h.add("server", site.server)
    if rng.random() < 0.5:
        h.add("vary", "Accept-Encoding")
    if rng.random() < 0.4:
        h.add("x-powered-by", rng.choice(["PHP/8.2.18", "ASP.NET", "Next.js", "Express", "WP Engine"]))
    if rng.random() < 0.5:
        h.add("cache-control", rng.choice(["max-age=60, public", "no-cache", "public, max-age=300, s-maxage=600"]))
    if rng.random() < 0.3:
        h.add("last-modified", http_date(h.when - timedelta(hours=rng.randint(1, 500))))
    return h


def cdn_headers(rng: random.Random, vendor: str, site: Site, when: datetime, charset: str = "utf-8") -> tuple[Headers, str]:
    """Headers of a real page served through a vendor, and the vendor's script for the body."""
    h = Headers(rng, when)
    ct = content_type(rng, charset)
    if vendor == "cloudflare":
        ray = cf_ray(rng)
        h.date().add("content-type", ct)
        if not h.h2:
            h.add("connection", "keep-alive")
        h.add("vary", "Accept-Encoding")
        if rng.random() < 0.5:
            h.add("cache-control", "max-age=600")
        h.add("cf-cache-status", rng.choice(["HIT", "DYNAMIC", "MISS", "EXPIRED", "REVALIDATED"]))
        if rng.random() < 0.5:
            h.add("set-cookie", cf_bm(rng, site.host, when))
        if rng.random() < 0.3:
            h.add("set-cookie", cfuvid(rng, site.host, when))
        if rng.random() < 0.3:
            h.add("report-to", '{"endpoints":[{"url":"https:\\/\\/a.nel.cloudflare.com\\/report\\/v4?s=' + urlsafe(rng, 80)
                  + '"}],"group":"cf-nel","max_age":604800}')
            h.add("nel", '{"success_fraction":0,"report_to":"cf-nel","max_age":604800}')
        h.add("server", "cloudflare").add("cf-ray", f"{ray}-{rng.choice(CF_COLOS)}")
        if h.h2 and rng.random() < 0.6:
            h.add("alt-svc", 'h3=":443"; ma=86400')
        script = ""
        if rng.random() < 0.6:
            script += cf_jsd(rng, ray, when)
        if rng.random() < 0.3:
            script += cf_email(rng)
        if rng.random() < 0.4:
            script += cf_beacon(rng, ray)
        return h, script
    if vendor == "akamai":
        h.add("content-type", ct)
        if rng.random() < 0.4:
            h.add("server", site.server)
        if rng.random() < 0.6:
            h.add("x-akamai-transformed", f"9 {rng.randint(1000, 99999)} 0 pmb=mTOE,{rng.randint(1, 3)}")
        h.date()
        if rng.random() < 0.5:
            h.add("akamai-grn", f"0.{hexs(rng, 8)}.{int(when.timestamp())}.{hexs(rng, 8)}")
        h.add("server-timing", f"cdn-cache; desc={rng.choice(['HIT', 'MISS'])}").add("server-timing", f"edge; dur={rng.randint(1, 90)}")
        if rng.random() < 0.7:
            h.add("set-cookie", f"ak_bmsc={b64(rng, 60)}~{b64(rng, 120)}; Domain=.{registrable(site.host)}; Path=/; "
                                f"Expires={http_date(when + timedelta(hours=2))}; Max-Age=7200; HttpOnly")
        if rng.random() < 0.5:
            h.add("set-cookie", f"bm_sv={hexs(rng, 32, upper=True)}~{b64(rng, 60)}; Domain=.{registrable(site.host)}; Path=/; "
                                f"Max-Age=7199; HttpOnly; Secure")
        return h, akamai_sensor(rng, site.host) if rng.random() < 0.6 else ""
    if vendor == "sucuri":
        h.date().add("content-type", ct)
        if not h.h2:
            h.add("connection", "keep-alive")
        h.add("x-sucuri-id", str(rng.randint(11000, 19999))).add("x-sucuri-cache", rng.choice(["HIT", "MISS", "EXPIRED"]))
        h.add("x-xss-protection", "1; mode=block").add("x-frame-options", "SAMEORIGIN")
        h.add("content-security-policy", "upgrade-insecure-requests;").add("server", "Sucuri/Cloudproxy")
        return h, ""
    if vendor == "imperva":
        h.add("content-type", ct).date()
        if rng.random() < 0.5:
            h.add("server", site.server)
        if rng.random() < 0.7:
            h.add("x-cdn", rng.choice(["Imperva", "Incapsula"]))
        h.add("x-iinfo", v.iinfo(rng, when, False))
        for cookie in v.incap_cookies(rng, site.host, when, v.incap_site_id(rng)):
            h.add("set-cookie", cookie)
        return h, incapsula_resource(rng) if rng.random() < 0.7 else ""
    if vendor == "ddos_guard":
        h.add("server", "ddos-guard").date().add("content-type", ct)
        if not h.h2:
            h.add("connection", "keep-alive")
        for cookie in v.ddg_cookies(rng, site.host, when):
            h.add("set-cookie", cookie)
        return h, ddg_check(rng) if rng.random() < 0.6 else ""
    if vendor == "datadome":
        h.date().add("content-type", ct).add("x-datadome", "protected")
        if rng.random() < 0.5:
            h.add("accept-ch", "Sec-CH-UA,Sec-CH-UA-Mobile,Sec-CH-UA-Platform,Sec-CH-UA-Arch,Sec-CH-UA-Full-Version-List,"
                               "Sec-CH-UA-Model,Sec-CH-Device-Memory")
        h.add("set-cookie", v.datadome_cookie(rng, site.host))
        if rng.random() < 0.5:
            h.add("server", rng.choice(["nginx", "Varnish", "envoy"]))
        return h, datadome_tag(rng) if rng.random() < 0.8 else ""
    if vendor == "perimeterx":
        h.date().add("content-type", ct)
        if rng.random() < 0.6:
            h.add("server", site.server)
        if rng.random() < 0.5:
            h.add("set-cookie", f"_pxhd={b64(rng, 48)}:{uuid4(rng)}; Expires={http_date(when + timedelta(days=365))}; path=/;")
        return h, px_tag(rng)
    raise ValueError(vendor)


# ------------------------------------------------------------------ builders (expected None)

def _answer(c: Cited, status: int, h: Headers, html: str, charset: str = "utf-8", final_url: str | None = None) -> Answer:
    body = encode(html, charset)
    return Answer(c.url, status, h.finish(body), body, final_url)


def _charset(rng: random.Random, lang: str) -> str:
    if lang == "tr" and rng.random() < 0.12:
        return "windows-1254"
    if lang == "ru" and rng.random() < 0.15:
        return "windows-1251"
    return "utf-8"


def article(rng: random.Random) -> Answer:
    c = cited(rng)
    cs = _charset(rng, c.lang)
    return _answer(c, 200, origin_headers(rng, c.site, c.when, cs), article_html(rng, c, charset=cs), cs)


def behind(vendor: str):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        h, script = cdn_headers(rng, vendor, c.site, c.when)
        extras = {}
        if rng.random() < 0.35:
            extras["top"] = cookie_banner(rng, c.lang)[1]
        return _answer(c, 200, h, article_html(rng, c, end=script, **extras))
    build.__name__ = f"behind_{vendor}"
    return build


def with_cookie_banner(rng: random.Random) -> Answer:
    c = cited(rng)
    head_part, banner = cookie_banner(rng, c.lang)
    where = rng.choice(["top", "end"])
    h = origin_headers(rng, c.site, c.when) if rng.random() < 0.6 else cdn_headers(rng, "cloudflare", c.site, c.when)[0]
    return _answer(c, 200, h, article_html(rng, c, head_extra=head_part, **{where: banner}))


def with_noscript(rng: random.Random) -> Answer:
    c = cited(rng)
    note = noscript_notice(rng, c.lang)
    where = rng.choice(["top", "end", "after_article"])
    return _answer(c, 200, origin_headers(rng, c.site, c.when), article_html(rng, c, **{where: note}))


def with_recaptcha_comments(rng: random.Random) -> Answer:
    c = cited(rng)
    script, form = recaptcha_form(rng, c.lang)
    h = origin_headers(rng, c.site, c.when) if rng.random() < 0.6 else cdn_headers(rng, "cloudflare", c.site, c.when)[0]
    return _answer(c, 200, h, article_html(rng, c, head_extra=script, after_article=form,
                                           end=noscript_notice(rng, c.lang) if rng.random() < 0.3 else ""))


def with_turnstile_newsletter(rng: random.Random) -> Answer:
    c = cited(rng)
    h, script = cdn_headers(rng, "cloudflare", c.site, c.when)
    ns, box = newsletter_box(rng, c.lang, turnstile=rng.random() < 0.75, hcaptcha=True)
    return _answer(c, 200, h, article_html(rng, c, head_extra=ns, after_article=box, end=script))


def with_newsletter(rng: random.Random) -> Answer:
    c = cited(rng)
    _, box = newsletter_box(rng, c.lang)
    where = rng.choice(["in_article", "after_article"])
    return _answer(c, 200, origin_headers(rng, c.site, c.when), article_html(rng, c, **{where: box}))


def metered_teaser(rng: random.Random) -> Answer:
    """A paywalled article whose teaser is the article: headline, several paragraphs, a subscribe box."""
    c = cited(rng, kind="news")
    paras = paragraphs(rng, c.lang, rng.randint(3, 6))
    box = subscribe_box(rng, c.lang)
    h = origin_headers(rng, c.site, c.when) if rng.random() < 0.5 else cdn_headers(
        rng, rng.choice(["cloudflare", "akamai", "datadome"]), c.site, c.when)[0]
    html = article_html(rng, c, body_paras=paras, free=False, after_article=box)
    return _answer(c, 200, h, html)


ABOUT = {
    "en": [
        "Visitors to several ministry websites were greeted on Tuesday by a Cloudflare page reading “Just a moment...” before being let through.",
        "The attack peaked at {n} million requests per second, according to Cloudflare, which said its systems mitigated it automatically.",
        "Researchers note that many news sites now ask readers to “verify you are human” or solve a captcha before showing an article.",
        "A growing number of publishers have put their archives behind a paywall, asking readers to subscribe to continue reading.",
        "Some readers in the region reported seeing an “Access Denied” message with a Reference number when visiting the portal.",
        "The DDoS attack, which the government attributed to a hacker group, took the news agency offline for several hours.",
        "Engineers at the company said that the “Attention Required! | Cloudflare” pages were served to users of a popular VPN.",
        "Critics argue that captchas and bot walls make public information harder to archive for researchers.",
        "The site, protected by DDoS-Guard, remained accessible throughout the attack, a spokesperson said.",
    ],
    "tr": [
        "Salı günü birçok bakanlık sitesine girmek isteyen kullanıcılar “Bir dakika lütfen...” yazan Cloudflare ekranıyla karşılaştı.",
        "Saldırının saniyede {n} milyon isteğe ulaştığı ve sistemler tarafından otomatik olarak engellendiği bildirildi.",
        "Uzmanlar, haber sitelerinin okuyuculardan giderek daha sık “robot olmadığınızı doğrulayın” istediğine dikkat çekiyor.",
        "Pek çok yayıncı arşivini ücretli abonelik duvarının (paywall) arkasına taşıdı.",
        "DDoS saldırısı nedeniyle ajansın sitesi birkaç saat boyunca erişilemez hale geldi.",
        "Bazı kullanıcılar portala girerken “Access Denied” uyarısı ve bir referans numarası gördüklerini belirtti.",
    ],
    "ru": [
        "Во вторник пользователи нескольких сайтов ведомств видели страницу Cloudflare с надписью «Один момент…».",
        "По данным компании, пиковая мощность DDoS-атаки составила {n} млн запросов в секунду.",
        "Эксперты отмечают, что многие СМИ просят читателей пройти капчу и подтвердить, что они не робот.",
        "Сайт, защищенный DDoS-Guard, оставался доступным на протяжении всей атаки.",
        "Ряд изданий перевели архивы за платный доступ (пейвол) и предлагают оформить подписку.",
    ],
    "hy": [
        "DDoS հարձակման հետևանքով գործակալության կայքը մի քանի ժամ անհասանելի էր։",
        "Օգտատերերը կայք մուտք գործելիս տեսել են Cloudflare-ի «Just a moment...» էջը։",
        "Փորձագետների խոսքով՝ կայքերը հաճախ պահանջում են լուծել captcha։",
    ],
    "az": [
        "DDoS hücumu nəticəsində agentliyin saytı bir neçə saat ərzində əlçatan olmayıb.",
        "İstifadəçilər sayta daxil olarkən Cloudflare-in “Just a moment...” səhifəsini görüblər.",
        "Ekspertlər bildirir ki, xəbər saytları oxuculardan getdikcə daha çox captcha həll etməyi tələb edir.",
    ],
}
ABOUT_TITLES = {
    "en": ["Cloudflare says it blocked record {n} Tbps DDoS attack", "Why news sites keep asking if you are a robot",
           "Paywalls spread across regional media as ad revenue falls", "Government websites hit by DDoS attack",
           "Bot walls are making the web harder to archive"],
    "tr": ["Bakanlık sitelerine DDoS saldırısı", "Haber sitelerinde abonelik dönemi: Paywall yaygınlaşıyor",
           "Cloudflare: Rekor büyüklükte DDoS saldırısı engellendi"],
    "ru": ["Сайты ведомств подверглись DDoS-атаке", "Почему сайты просят подтвердить, что вы не робот",
           "СМИ уходят за пейвол"],
    "hy": ["DDoS հարձակում պետական կայքերի վրա"], "az": ["Dövlət saytlarına DDoS hücumu"],
}


def about_walls(rng: random.Random) -> Answer:
    c = cited(rng)
    title = rng.choice(ABOUT_TITLES[c.lang]).format(n=rng.randint(3, 30))
    c = Cited(c.site, title, c.url, c.when)
    paras = paragraphs(rng, c.lang, rng.randint(3, 8))
    for _ in range(rng.randint(2, 4)):
        paras.insert(rng.randint(0, len(paras)), rng.choice(ABOUT[c.lang]).format(n=rng.randint(5, 900)))
    if rng.random() < 0.3:
        h, script = cdn_headers(rng, "cloudflare", c.site, c.when)
    else:
        h, script = origin_headers(rng, c.site, c.when), ""
    return _answer(c, 200, h, article_html(rng, c, body_paras=paras, end=script))


def with_adblock_notice(rng: random.Random) -> Answer:
    c = cited(rng)
    note = f'<div class="adblock-notice" style="display:none">{e(ADBLOCK[c.lang])}</div>\n'
    return _answer(c, 200, origin_headers(rng, c.site, c.when), article_html(rng, c, top=note))


def gallery(rng: random.Random) -> Answer:
    c = cited(rng, kind="news")
    imgs = "".join(f'<figure><img src="https://{c.host}/photo/{c.when:%Y/%m}/{alnum(rng, 12)}.jpg" alt="">'
                   f'<figcaption>{e(paragraph(rng, c.lang, 1))}</figcaption></figure>\n' for _ in range(rng.randint(3, 10)))
    html = article_html(rng, c, body_paras=[], in_article="", after_article=f'<div class="gallery">{imgs}</div>\n',
                        kind="gallery")
    return _answer(c, 200, origin_headers(rng, c.site, c.when), html)


def video(rng: random.Random) -> Answer:
    c = cited(rng, kind="news")
    vid = urlsafe(rng, 11)
    player = (f'<div class="video-player"><iframe src="https://www.youtube.com/embed/{vid}" title="{e(c.title)}" '
              'allowfullscreen></iframe></div>\n' if rng.random() < 0.6 else
              f'<video controls poster="https://{c.host}/video/{vid}.jpg"><source src="https://cdn.{c.host}/video/{vid}.mp4" '
              'type="video/mp4"></video>\n')
    html = article_html(rng, c, body_paras=[paragraph(rng, c.lang, 2)], after_article=player, kind="video")
    return _answer(c, 200, origin_headers(rng, c.site, c.when), html)


def brief(rng: random.Random) -> Answer:
    c = cited(rng, kind="news")
    html = article_html(rng, c, body_paras=[paragraph(rng, c.lang, rng.randint(1, 3))])
    return _answer(c, 200, origin_headers(rng, c.site, c.when), html)


def report_landing(rng: random.Random) -> Answer:
    c = cited(rng, kind="thinktank")
    pdf = f"https://{c.host}/wp-content/uploads/{c.when:%Y/%m}/{alnum(rng, 8)}.pdf"
    box = (f'<div class="publication-download"><a class="btn" href="{pdf}">Download PDF</a> '
           f'<span>({rng.randint(300, 4000)} KB)</span></div>\n')
    html = article_html(rng, c, body_paras=paragraphs(rng, c.lang, rng.randint(1, 3)), after_article=box, kind="report")
    return _answer(c, 200, origin_headers(rng, c.site, c.when), html)


def pdf(rng: random.Random) -> Answer:
    c = cited(rng, kind=rng.choice(["thinktank", "news"]))
    url = f"https://{c.host}/wp-content/uploads/{c.when:%Y/%m}/{alnum(rng, 10)}.pdf"
    text = " ".join(paragraphs(rng, c.lang, 3)).encode("latin-1", "replace")[:1500]
    body = (b"%PDF-1." + str(rng.randint(3, 7)).encode() + b"\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R "
            b"/Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length " + str(len(text) + 20).encode() + b" >>\nstream\nBT /F1 12 Tf ("
            + text + b") Tj ET\nendstream\nendobj\n" + rng.randbytes(rng.randint(2000, 20000)) +
            b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    h = Headers(rng, c.when)
    h.date().add("content-type", "application/pdf")
    if rng.random() < 0.5:
        h.add("server", c.site.server)
    if rng.random() < 0.4:
        h.add("server", "cloudflare").add("cf-ray", f"{cf_ray(rng)}-{rng.choice(CF_COLOS)}").add("cf-cache-status", "HIT")
    h.add("accept-ranges", "bytes").add("last-modified", http_date(c.when))
    return Answer(url, 200, h.finish(body, True), body)


def json_answer(rng: random.Random) -> Answer:
    c = cited(rng)
    pid = rng.randint(10000, 999999)
    if rng.random() < 0.5:
        url = f"https://{c.host}/wp-json/wp/v2/posts/{pid}"
        data = {"id": pid, "date": c.when.isoformat(), "link": c.url, "title": {"rendered": c.title},
                "content": {"rendered": "".join(f"<p>{p}</p>" for p in paragraphs(rng, c.lang, 3)), "protected": False}}
    else:
        url = f"https://{c.host}/api/oembed?url={c.url}"
        data = {"version": "1.0", "type": "rich", "title": c.title, "provider_name": c.site.name, "html": "<blockquote></blockquote>"}
    body = json.dumps(data, ensure_ascii=rng.random() < 0.5).encode()
    h = Headers(rng, c.when)
    h.date().add("content-type", "application/json; charset=UTF-8")
    if rng.random() < 0.5:
        h.add("server", "cloudflare").add("cf-ray", f"{cf_ray(rng)}-{rng.choice(CF_COLOS)}")
    return Answer(url, 200, h.finish(body), body)


def rss(rng: random.Random) -> Answer:
    c = cited(rng)
    items = "".join(f"<item><title>{e(title_for(rng, c.lang))}</title><link>https://{c.host}/{alnum(rng, 8)}</link>"
                    f"<pubDate>{http_date(c.when)}</pubDate></item>" for _ in range(rng.randint(5, 20)))
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{e(c.site.name)}</title>'
            f"<link>https://{c.host}/</link>{items}</channel></rss>").encode()
    h = Headers(rng, c.when)
    h.date().add("content-type", rng.choice(["application/rss+xml; charset=UTF-8", "text/xml; charset=utf-8"]))
    return Answer(f"https://{c.host}/rss", 200, h.finish(body), body)


def home_redirect(rng: random.Random) -> Answer:
    c = cited(rng)
    home = Cited(c.site, c.site.name, f"https://{c.host}/", c.when)
    paras = [f"{title_for(rng, c.lang)}. {paragraph(rng, c.lang, 1)}" for _ in range(rng.randint(6, 14))]
    html = article_html(rng, home, body_paras=paras, title_style="plain", kind="home")
    body = encode(html, "utf-8")
    h = origin_headers(rng, c.site, c.when)
    return Answer(c.url, 200, h.finish(body), body, f"https://{c.host}/")


def admin_login(rng: random.Random) -> Answer:
    """A wrong link: the author copied the CMS edit link; it lands on the admin login."""
    site = pick_site(rng)
    pid = rng.randint(1000, 99999)
    kind = rng.choice(["wp", "wp", "drupal", "joomla"])
    if kind == "wp":
        url = f"https://{site.host}/wp-admin/post.php?post={pid}&action=edit"
        final = f"https://{site.host}/wp-login.php?redirect_to=https%3A%2F%2F{site.host}%2Fwp-admin%2Fpost.php%3Fpost%3D{pid}%26action%3Dedit&reauth=1"
        html = (f'<!DOCTYPE html>\n<html lang="{site.lang}">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
                f"<title>Log In &lsaquo; {e(site.name)} &#8212; WordPress</title>\n<meta name='robots' content='max-image-preview:large, noindex, noarchive' />\n"
                f"<link rel='stylesheet' href='https://{site.host}/wp-admin/load-styles.php?c=0&amp;dir=ltr&amp;load=dashicons,buttons,forms,l10n,login' media='all' />\n"
                '</head>\n<body class="login no-js login-action-login wp-core-ui">\n<script type="text/javascript">document.body.className = document.body.className.replace(\'no-js\',\'js\');</script>\n'
                f'<div id="login">\n<h1><a href="https://wordpress.org/">Powered by WordPress</a></h1>\n'
                f'<form name="loginform" id="loginform" action="https://{site.host}/wp-login.php" method="post">\n'
                '<p><label for="user_login">Username or Email Address</label><input type="text" name="log" id="user_login" class="input" size="20" autocapitalize="off" autocomplete="username" required="required" /></p>\n'
                '<div class="user-pass-wrap"><label for="user_pass">Password</label><input type="password" name="pwd" id="user_pass" class="input password-input" size="20" autocomplete="current-password" required="required" /></div>\n'
                '<p class="forgetmenot"><input name="rememberme" type="checkbox" id="rememberme" value="forever" /> <label for="rememberme">Remember Me</label></p>\n'
                '<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="Log In" /></p>\n'
                f'</form>\n<p id="nav"><a href="https://{site.host}/wp-login.php?action=lostpassword">Lost your password?</a></p>\n'
                f'<p id="backtoblog"><a href="https://{site.host}/">&larr; Go to {e(site.name)}</a></p>\n</div>\n</body>\n</html>\n')
    elif kind == "drupal":
        url = f"https://{site.host}/node/{pid}/edit"
        final = f"https://{site.host}/user/login?destination=/node/{pid}/edit"
        html = (f'<!DOCTYPE html><html lang="{site.lang}"><head><meta charset="utf-8"><title>Log in | {e(site.name)}</title>'
                '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)"></head><body class="path-user">'
                '<main><h1 class="page-title">Log in</h1><form class="user-login-form" action="/user/login?destination=/node/'
                f'{pid}/edit" method="post"><label for="edit-name">Username</label><input id="edit-name" name="name">'
                '<label for="edit-pass">Password</label><input type="password" id="edit-pass" name="pass">'
                '<input type="submit" value="Log in"></form><a href="/user/password">Reset your password</a></main></body></html>')
    else:
        url = f"https://{site.host}/administrator/index.php?option=com_content&task=article.edit&id={pid}"
        final = url
        html = (f'<!DOCTYPE html><html lang="{site.lang}"><head><meta charset="utf-8"><title>{e(site.name)} - Administration</title>'
                '</head><body class="com_login"><main><h1>Joomla! Administrator Login</h1><form action="/administrator/index.php" method="post">'
                '<input name="username" placeholder="Username"><input type="password" name="passwd" placeholder="Password">'
                '<button type="submit">Log in</button></form><a href="/">Go to Site Home Page.</a></main></body></html>')
    body = encode(html, "utf-8")
    h = origin_headers(rng, site, None)
    if kind == "wp" and rng.random() < 0.5:
        h.add("set-cookie", "wordpress_test_cookie=WP%20Cookie%20check; path=/; secure")
    return Answer(url, 200, h.finish(body), body, final)


def search_results(rng: random.Random) -> Answer:
    c = cited(rng)
    q = c.title.split()[0]
    url = f"https://{c.host}/search?q={q}"
    items = "".join(f'<li><a href="/{alnum(rng, 8)}">{e(title_for(rng, c.lang))}</a></li>' for _ in range(rng.randint(0, 10)))
    page = Cited(c.site, f'{UI[c.lang]["search"]}: {q}', url, c.when)
    html = article_html(rng, page, body_paras=[], after_article=f'<ol class="results">{items}</ol>\n', kind="search")
    body = encode(html, "utf-8")
    return Answer(url, 200, origin_headers(rng, c.site, c.when).finish(body), body)


def amp(rng: random.Random) -> Answer:
    c = cited(rng, lang=rng.choice(["en", "tr"]), kind="news")
    url = c.url.rstrip("/") + "/amp"
    html = article_html(rng, Cited(c.site, c.title, url, c.when), head_extra=
                        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
                        '<script async custom-element="amp-consent" src="https://cdn.ampproject.org/v0/amp-consent-0.1.js"></script>\n'
                        '<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both}</style>'
                        '<noscript><style amp-boilerplate>body{-webkit-animation:none}</style></noscript>\n',
                        top='<amp-consent id="consent" layout="nodisplay"><script type="application/json">{"consentRequired": true}</script></amp-consent>\n')
    body = encode(html, "utf-8")
    return Answer(url, 200, origin_headers(rng, c.site, c.when).finish(body), body)


# ------------------------------------------------------------------ error pages

NOT_FOUND = {
    "en": ("Page not found", "Sorry, the page you are looking for does not exist or has been moved."),
    "tr": ("Sayfa bulunamadı", "Aradığınız sayfa bulunamadı veya kaldırılmış olabilir."),
    "ru": ("Страница не найдена", "Запрашиваемая страница не существует или была удалена."),
    "hy": ("Էջը չի գտնվել", "Ձեր փնտրած էջը գոյություն չունի։"),
    "az": ("Səhifə tapılmadı", "Axtardığınız səhifə mövcud deyil və ya silinib."),
}


def site_error_html(rng: random.Random, c: Cited, heading: str, text: str, code: int) -> str:
    page = Cited(c.site, f"{code} - {heading}" if rng.random() < 0.5 else heading, c.url, c.when)
    return (head(rng, lang=c.lang, title=f"{page.title} | {c.site.name}", site=c.site, url=c.url)
            + f'<body class="error-{code}">\n' + nav(rng, c.site)
            + f'<main class="error-page"><h1>{e(heading)}</h1><p>{e(text)}</p><p><a href="/">{e(UI[c.lang]["home"])}</a></p></main>\n'
            + related(rng, c.site, c.when, rng.randint(0, 4)) + footer(rng, c.site, c.when.year) + "</body>\n</html>\n")


def error_404_site(rng: random.Random) -> Answer:
    c = cited(rng)
    heading, text = NOT_FOUND[c.lang]
    return _answer(c, 404, origin_headers(rng, c.site, c.when), site_error_html(rng, c, heading, text, 404))


def error_404_cloudflare(rng: random.Random) -> Answer:
    c = cited(rng)
    heading, text = NOT_FOUND[c.lang]
    h, script = cdn_headers(rng, "cloudflare", c.site, c.when)
    return _answer(c, 404, h, site_error_html(rng, c, heading, text, 404).replace("</body>", script + "</body>"))


def error_404_akamai(rng: random.Random) -> Answer:
    c = cited(rng)
    heading, text = NOT_FOUND[c.lang]
    if rng.random() < 0.5:
        html = site_error_html(rng, c, heading, text, 404)
    else:
        html = ("<HTML><HEAD>\n<TITLE>Not Found</TITLE>\n</HEAD><BODY>\n<H1>Not Found</H1>\nThe requested URL "
                f'"{v.akamai_entities(c.url)}" was not found on this server.<P>\nReference&#32;&#35;'
                f"{v.akamai_entities(v.akamai_reference(rng, c.when, rng.choice(['97', '30'])))}\n</BODY>\n</HTML>\n")
    h, _ = cdn_headers(rng, "akamai", c.site, c.when)
    return _answer(c, 404, h, html)


NGINX_PAGE = "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n"


def nginx_error(code: int, reason: str):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        server = rng.choice(["nginx", "nginx/1.18.0 (Ubuntu)", "nginx/1.24.0", "openresty"])
        html = NGINX_PAGE.format(code=code, reason=reason, server=server.split(" ")[0])
        if rng.random() < 0.6:
            html += "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n" * 6
        h = Headers(rng, c.when)
        h.add("server", server).date().add("content-type", "text/html")
        if not h.h2:
            h.add("connection", rng.choice(["keep-alive", "close"]))
        if code == 429 and rng.random() < 0.6:
            h.add("retry-after", str(rng.choice([60, 120, 600, 3600])))
        return _answer(c, code, h, html)
    build.__name__ = f"nginx_{code}"
    return build


def apache_403(rng: random.Random) -> Answer:
    c = cited(rng)
    if rng.random() < 0.5:  # Apache 2.4
        html = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n'
                "<h1>Forbidden</h1>\n<p>You don't have permission to access this resource.</p>\n<hr>\n"
                f"<address>Apache/2.4.{rng.randint(29, 62)} (Ubuntu) Server at {c.host} Port 443</address>\n</body></html>\n")
    else:  # Apache 2.2 wording
        html = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n'
                f"<h1>Forbidden</h1>\n<p>You don't have permission to access {e(c.path)}\non this server.</p>\n<hr>\n"
                f"<address>Apache Server at {c.host} Port 80</address>\n</body></html>\n")
    h = Headers(rng, c.when, h2=False)
    h.date().add("server", rng.choice(["Apache", "Apache/2.4.41 (Ubuntu)", "Apache/2.2.15 (CentOS)"]))
    h.add("content-type", "text/html; charset=iso-8859-1")
    return _answer(c, 403, h, html, "iso-8859-1")


def iis_403(rng: random.Random) -> Answer:
    c = cited(rng)
    html = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>\n'
            "<title>403 - Forbidden: Access is denied.</title>\n</head>\n<body>\n<div id=\"header\"><h1>Server Error</h1></div>\n"
            '<div id="content">\n <div class="content-container"><fieldset>\n  <h2>403 - Forbidden: Access is denied.</h2>\n'
            "  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>\n"
            " </fieldset></div>\n</div>\n</body>\n</html>\n")
    h = Headers(rng, c.when, h2=False)
    h.add("content-type", "text/html").add("server", "Microsoft-IIS/10.0").add("x-powered-by", "ASP.NET").date()
    return _answer(c, 403, h, html, "iso-8859-1")


def app_429_json(rng: random.Random) -> Answer:
    c = cited(rng)
    url = f"https://{c.host}/api/v1/articles/{rng.randint(1000, 99999)}"
    body = json.dumps({"error": "rate_limited", "message": "Too many requests. Please slow down.",
                       "retry_after": rng.choice([30, 60])}).encode()
    h = Headers(rng, c.when)
    h.date().add("content-type", "application/json").add("retry-after", "60")
    h.add("x-ratelimit-limit", "60").add("x-ratelimit-remaining", "0")
    return Answer(url, 429, h.finish(body), body)


def error_410(rng: random.Random) -> Answer:
    c = cited(rng)
    heading = {"en": "This article is no longer available", "tr": "Bu içerik yayından kaldırılmıştır",
               "ru": "Материал удален", "hy": "Նյութը հեռացված է", "az": "Bu xəbər silinib"}[c.lang]
    if rng.random() < 0.3:
        html = NGINX_PAGE.format(code=410, reason="Gone", server="nginx")
        h = Headers(rng, c.when).add("server", "nginx").date().add("content-type", "text/html")
    else:
        html = site_error_html(rng, c, heading, NOT_FOUND[c.lang][1], 410)
        h = origin_headers(rng, c.site, c.when)
    return _answer(c, 410, h, html)


def error_500(rng: random.Random) -> Answer:
    c = cited(rng)
    kind = rng.choice(["wp", "aspnet", "php", "django"])
    if kind == "wp":
        html = ('<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
                '<meta name="viewport" content="width=device-width">\n<meta name=\'robots\' content=\'max-image-preview:large, noindex, follow\' />\n'
                "<title>WordPress &rsaquo; Error</title>\n</head>\n<body id=\"error-page\">\n<div class=\"wp-die-message\">"
                "<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/documentation/article/faq-troubleshooting/\">"
                "Learn more about troubleshooting WordPress.</a></p></div></body>\n</html>\n")
    elif kind == "aspnet":
        html = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Runtime Error</title>\n</head>\n<body bgcolor=\"white\">\n"
                "<span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>\n"
                "<h2> <i>Runtime Error</i> </h2></span>\n<b> Description: </b>An application error occurred on the server. "
                "The current custom error settings for this application prevent the details of the application error from being viewed remotely (for security reasons).\n"
                "</body>\n</html>\n")
    elif kind == "php":
        html = "<br />\n<b>Fatal error</b>:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/html/inc/db.php:14\n"
    else:
        html = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
    h = origin_headers(rng, c.site, c.when)
    return _answer(c, 500, h, html)


def error_503_maintenance(rng: random.Random) -> Answer:
    c = cited(rng)
    kind = rng.choice(["wp", "custom", "custom"])
    if kind == "wp":
        html = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
                "<title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>")
    else:
        text = {"en": ("We'll be back soon", "Our website is undergoing scheduled maintenance. Please check back later."),
                "tr": ("Bakım çalışması", "Sitemizde planlı bakım çalışması yapılmaktadır. Lütfen daha sonra tekrar deneyin."),
                "ru": ("Технические работы", "На сайте ведутся технические работы. Пожалуйста, зайдите позже."),
                "hy": ("Տեխնիկական աշխատանքներ", "Կայքում տեխնիկական աշխատանքներ են։"),
                "az": ("Texniki işlər", "Saytda texniki işlər aparılır. Zəhmət olmasa, bir az sonra yenidən cəhd edin.")}[c.lang]
        html = site_error_html(rng, c, text[0], text[1], 503)
    h = origin_headers(rng, c.site, c.when)
    h.add("retry-after", str(rng.choice([60, 300, 3600])))
    return _answer(c, 503, h, html)


def varnish_503(rng: random.Random) -> Answer:
    c = cited(rng)
    xid = rng.randint(10**6, 10**9)
    html = ('<!DOCTYPE html>\n<html>\n  <head>\n    <title>503 Backend fetch failed</title>\n  </head>\n  <body>\n'
            f"    <h1>Error 503 Backend fetch failed</h1>\n    <p>Backend fetch failed</p>\n    <h3>Guru Meditation:</h3>\n"
            f"    <p>XID: {xid}</p>\n    <hr>\n    <p>Varnish cache server</p>\n  </body>\n</html>\n")
    h = Headers(rng, c.when)
    h.date().add("server", "Varnish").add("content-type", "text/html; charset=utf-8").add("retry-after", "5")
    h.add("x-varnish", str(xid))
    return _answer(c, 503, h, html)


CF_5XX = {
    520: ("Web server is returning an unknown error",
          "There is an unknown connection issue between Cloudflare and the origin web server. As a result, the web page can not be displayed.",
          "There is an issue between Cloudflare's cache and your origin web server."),
    521: ("Web server is down", "The web server is not returning a connection. As a result, the web page is not displaying.",
          "Contact your hosting provider letting them know your web server is not responding."),
    522: ("Connection timed out",
          "The initial connection between Cloudflare's network and the origin web server timed out. As a result, the web page can not be displayed.",
          "Contact your hosting provider letting them know your web server is not completing requests."),
    523: ("Origin is unreachable", "Cloudflare is unable to reach the origin web server. As a result, the web page can not be displayed.",
          "Check your DNS Settings. A 523 error means that Cloudflare could not reach your host web server."),
    524: ("A timeout occurred", "Cloudflare was able to complete a TCP connection to the origin server, but did not receive a timely HTTP response.",
          "Please try again in a few minutes."),
    525: ("SSL handshake failed", "Cloudflare is unable to establish an SSL connection to the origin server.",
          "Contact your hosting provider to check the SSL configuration of your origin web server."),
    526: ("Invalid SSL certificate", "The origin web server does not have a valid SSL certificate.",
          "Contact your hosting provider to install a valid SSL certificate."),
    502: ("Bad gateway", "The web server reported a bad gateway error.", "Please try again in a few minutes."),
    504: ("Gateway time-out", "The web server reported a gateway time-out error.", "Please try again in a few minutes."),
}


def cf_5xx_html(rng: random.Random, host: str, code: int, ray: str, colo: str, when: datetime) -> str:
    name, what, owner = CF_5XX[code]
    host_state = "Error" if code not in (502, 504) or rng.random() < 0.5 else "Working"
    cf_state = "Working" if code not in (502, 504) else rng.choice(["Working", "Error"])
    city = CF_CITIES[colo]

    def box(icon: str, place: str, label: str, state: str) -> str:
        status = "cf-error-source" if state == "Error" else ""
        return (f'<div id="cf-{icon}-status" class="{status} relative w-1/3 md:w-full py-15 md:p-0 md:py-8 md:text-left md:border-solid md:border-0 md:border-b md:border-gray-400 overflow-hidden float-left md:float-none text-center">\n'
                f'  <div class="relative mb-10 md:m-0"><span class="cf-icon-{icon} block md:hidden h-20 bg-center bg-no-repeat"></span>\n'
                f'    <span class="cf-icon-{"error" if state == "Error" else "ok"} w-12 h-12 absolute left-1/2 md:left-auto md:right-0 md:top-0 -ml-6 -bottom-4"></span></div>\n'
                f'  <span class="md:block w-full truncate">{place}</span>\n'
                f'  <h3 class="md:inline-block mt-3 md:mt-0 text-2xl text-gray-600 font-light leading-1.3">{label}</h3>\n'
                f'  <span class="leading-1.3 text-2xl text-{"red-error" if state == "Error" else "green-success"}">{state}</span>\n</div>\n')

    return v.CF_ERROR_HEAD.format(title=f"{host} | {code}: {name}") + f"""      <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-15 antialiased">
         <h1 class="inline-block md:block mr-2 md:mb-2 font-light text-60 md:text-3xl text-black-dark leading-tight">
           <span class="inline-block">{name}</span>
           <span class="code-label">Error code {code}</span>
         </h1>
         <div>
            Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_{code}&utm_campaign={host}" target="_blank" rel="noopener noreferrer">cloudflare.com</a> for more information.
         </div>
         <div class="mt-3">{when:%Y-%m-%d %H:%M:%S} UTC</div>
      </header>
      <div class="my-8 bg-gradient-gray">
        <div class="w-240 lg:w-full mx-auto">
          <div class="clearfix md:px-8">
{box("browser", "You", "Browser", "Working")}{box("cloud", city, "Cloudflare", cf_state)}{box("server", host, "Host", host_state)}          </div>
        </div>
      </div>
      <div class="w-240 lg:w-full mx-auto mb-8 lg:px-8">
          <div class="clearfix">
              <div class="w-1/2 md:w-full float-left pr-6 md:pb-10 md:pr-0 leading-relaxed">
                  <h2 class="text-3xl font-normal leading-1.3 mb-4">What happened?</h2>
                  <p>{e(what)}</p>
              </div>
              <div class="w-1/2 md:w-full float-left leading-relaxed">
                  <h2 class="text-3xl font-normal leading-1.3 mb-4">What can I do?</h2>
                  <h3 class="text-15 font-semibold mb-2">If you're a visitor of this website:</h3>
                  <p class="mb-6">Please try again in a few minutes.</p>
                  <h3 class="text-15 font-semibold mb-2">If you're the owner of this website:</h3>
                  <p><span>{e(owner)}</span> <a rel="noopener noreferrer" href="https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/error-{code}/">Additional troubleshooting information here.</a></p>
              </div>
          </div>
      </div>
""" + v.cf_footer(rng, ray, ip(rng)) + """    </div><!-- /#cf-error-details -->
  </div><!-- /#cf-wrapper -->
  <script>
    window._cf_translation = {};
  </script>
</body>
</html>
"""


def cf_5xx_headers(rng: random.Random, c: Cited, ray: str, colo: str) -> Headers:
    h = Headers(rng, c.when)
    h.date().add("content-type", "text/html; charset=UTF-8")
    if not h.h2:
        h.add("connection", "close")
    if rng.random() < 0.6:
        h.add("cache-control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0")
        h.add("expires", "Thu, 01 Jan 1970 00:00:01 GMT")
    h.add("referrer-policy", "same-origin").add("x-frame-options", "SAMEORIGIN")
    if rng.random() < 0.5:
        h.add("set-cookie", cf_bm(rng, c.host, c.when))
    h.add("server", "cloudflare").add("cf-ray", f"{ray}-{colo}")
    return h


def cloudflare_5xx(codes: tuple[int, ...]):
    def build(rng: random.Random) -> Answer:
        c = cited(rng)
        code = rng.choice(codes)
        ray, colo = cf_ray(rng), rng.choice(CF_COLOS)
        return _answer(c, code, cf_5xx_headers(rng, c, ray, colo), cf_5xx_html(rng, c.host, code, ray, colo, c.when))
    build.__name__ = "cloudflare_" + "_".join(map(str, codes))
    return build


def cloudflare_530(rng: random.Random) -> Answer:
    c = cited(rng)
    ray, colo = cf_ray(rng), rng.choice(CF_COLOS)
    code, name, what = rng.choice([
        ("1016", "Origin DNS error", f"You've requested a page on a website ({c.host}) that is on the Cloudflare network. "
                                     "Cloudflare is currently unable to resolve your requested domain."),
        ("1033", "Argo Tunnel error", f"You've requested a page on a website ({c.host}) that is on the Cloudflare network. "
                                      "The host is configured as a Cloudflare Tunnel, and Cloudflare is currently unable to resolve it."),
    ])
    html = (v.CF_ERROR_HEAD.format(title=f"{name} | {c.host} | Cloudflare") + f"""      <div class="cf-wrapper cf-header cf-error-overview">
        <h1>
          <span class="cf-error-type" data-translate="error">Error</span>
          <span class="cf-error-code">{code}</span>
          <small class="heading-ray-id">Ray ID: {ray} &bull; {c.when:%Y-%m-%d %H:%M:%S} UTC</small>
        </h1>
        <h2 class="cf-subheadline" data-translate="error_desc">{name}</h2>
      </div><!-- /.header -->
      <section></section><!-- spacer -->
      <div class="cf-section cf-wrapper">
        <div class="cf-columns two">
          <div class="cf-column">
            <h2 data-translate="what_happened">What happened?</h2>
            <p>{e(what)}</p>
          </div>
          <div class="cf-column">
            <h2 data-translate="what_can_i_do">What can I do?</h2>
            <p><strong>If you are a visitor of this website:</strong><br />Please try again in a few minutes.</p>
            <p><strong>If you are the owner of this website:</strong><br />Check your DNS settings.</p>
          </div>
        </div>
      </div><!-- /.section -->
""" + v.cf_footer(rng, ray, ip(rng)) + """    </div><!-- /#cf-error-details -->
  </div><!-- /#cf-wrapper -->
</body>
</html>
""")
    return _answer(c, 530, cf_5xx_headers(rng, c, ray, colo), html)


def akamai_origin_error(rng: random.Random) -> Answer:
    c = cited(rng)
    ref = v.akamai_reference(rng, c.when, rng.choice(["97", "30", "179", "102"]))
    if rng.random() < 0.5:
        html = ('<HTML><HEAD><TITLE>Error</TITLE></HEAD><BODY>\nAn error occurred while processing your request.<p>\n'
                f"Reference&#32;&#35;{v.akamai_entities(ref)}\n</BODY></HTML>\n")
    else:
        html = ("<HTML><HEAD>\n<TITLE>Service Unavailable</TITLE>\n</HEAD><BODY>\n<H1>Service Unavailable - Zero size object</H1>\n"
                "The server is temporarily unable to service your request.  Please try again\nlater.<P>\n"
                f"Reference&#32;&#35;{v.akamai_entities(ref)}\n</BODY></HTML>\n")
    h = Headers(rng, c.when)
    h.add("server", "AkamaiGHost").add("mime-version", "1.0").add("content-type", "text/html")
    h.add("expires", http_date(c.when)).date()
    if not h.h2:
        h.add("connection", "close")
    return _answer(c, rng.choice([502, 503, 504]), h, html)


def gateway_504(rng: random.Random) -> Answer:
    c = cited(rng)
    if rng.random() < 0.5:
        html = NGINX_PAGE.format(code=504, reason="Gateway Time-out", server="nginx")
        h = Headers(rng, c.when).add("server", "nginx").date().add("content-type", "text/html")
    else:
        html = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n'
                '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n'
                "</HEAD><BODY>\n<H1>504 Gateway Timeout ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size=\"1px\">\n"
                "We can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. "
                "Try again later, or contact the app or website owner.\n<BR clear=\"all\">\n<HR noshade size=\"1px\">\n<PRE>\n"
                f"Generated by cloudfront (CloudFront)\nRequest ID: {urlsafe(rng, 56)}==\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>")
        h = Headers(rng, c.when).add("server", "CloudFront").date().add("content-type", "text/html")
        h.add("x-cache", "Error from cloudfront").add("x-amz-cf-pop", f"{rng.choice(['FRA56', 'IST50', 'AMS1'])}-P{rng.randint(1, 9)}")
    return _answer(c, 504, h, html)
