"""The world the generated answers come from: cited sites, languages, random ids, HTTP
headers, and the chrome of an ordinary news or think-tank page.

Nothing here knows about walls; vendors.py, generic.py and pages.py build on it.
"""

from __future__ import annotations

import base64
import random
import string
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

# ------------------------------------------------------------------ random ids

HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def hexs(rng: random.Random, n: int, upper: bool = False) -> str:
    out = f"{rng.getrandbits(4 * n):0{n}x}"
    return out.upper() if upper else out


def alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(ALNUM) for _ in range(n))


def urlsafe(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(URLSAFE) for _ in range(n))


def b64(rng: random.Random, nbytes: int) -> str:
    return base64.b64encode(rng.randbytes(nbytes)).decode()


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def uuid4(rng: random.Random) -> str:
    h = hexs(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


PUBLIC_PREFIXES = ["78.180", "88.230", "85.105", "176.40", "195.174", "31.223", "94.54", "5.44", "46.196",
                   "37.130", "95.173", "213.74", "62.212", "185.11", "91.93", "109.75", "151.250", "212.58"]


def ip(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return ":".join(hexs(rng, 4) for _ in range(4)) + "::" + hexs(rng, 3)
    return f"{rng.choice(PUBLIC_PREFIXES)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"


EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)


def moment(rng: random.Random) -> datetime:
    return EPOCH + timedelta(seconds=rng.randint(0, 3 * 365 * 86400))


def http_date(when: datetime) -> str:
    return when.strftime("%a, %d %b %Y %H:%M:%S GMT")


# ------------------------------------------------------------------ sites

@dataclass(frozen=True)
class Site:
    host: str
    name: str
    lang: str
    kind: str    # "news" or "thinktank"
    style: str   # how its article URLs look (see article_path)
    server: str  # what its origin answers in Server when nothing sits in front


SITES = [
    # English-language news
    Site("www.dailysabah.com", "Daily Sabah", "en", "news", "section_slug", "nginx"),
    Site("www.hurriyetdailynews.com", "Hürriyet Daily News", "en", "news", "slug_id", "Microsoft-IIS/10.0"),
    Site("www.aa.com.tr", "Anadolu Ajansı", "en", "news", "aa", "Microsoft-IIS/10.0"),
    Site("www.reuters.com", "Reuters", "en", "news", "section_dated_slug", "envoy"),
    Site("www.politico.eu", "POLITICO", "en", "news", "article_slug", "nginx"),
    Site("www.rferl.org", "RFE/RL", "en", "news", "a_id_html", "nginx"),
    Site("eurasianet.org", "Eurasianet", "en", "news", "bare_slug", "nginx"),
    Site("oc-media.org", "OC Media", "en", "news", "bare_slug", "nginx"),
    Site("jam-news.net", "JAMnews", "en", "news", "bare_slug", "nginx"),
    Site("www.aljazeera.com", "Al Jazeera", "en", "news", "dated_section_slug", "nginx"),
    Site("www.theguardian.com", "The Guardian", "en", "news", "guardian", "nginx"),
    Site("www.ft.com", "Financial Times", "en", "news", "content_uuid", "nginx"),
    Site("www.nytimes.com", "The New York Times", "en", "news", "dated_section_slug_html", "nginx"),
    Site("www.wsj.com", "The Wall Street Journal", "en", "news", "articles_slug_id", "nginx"),
    Site("www.economist.com", "The Economist", "en", "news", "dated_section_slug", "nginx"),
    Site("foreignpolicy.com", "Foreign Policy", "en", "news", "dated_slug", "nginx"),
    Site("www.euractiv.com", "Euractiv", "en", "news", "section_news_slug", "nginx"),
    Site("balkaninsight.com", "Balkan Insight", "en", "news", "dated_slug", "nginx"),
    Site("www.trtworld.com", "TRT World", "en", "news", "section_slug_id", "nginx"),
    Site("caspianpost.com", "Caspian Post", "en", "news", "section_slug", "nginx"),
    Site("armenianweekly.com", "The Armenian Weekly", "en", "news", "dated_slug", "Apache"),
    Site("www.azernews.az", "AzerNews", "en", "news", "section_id", "nginx"),
    Site("en.trend.az", "Trend", "en", "news", "section_id", "nginx"),
    Site("www.euronews.com", "Euronews", "en", "news", "dated_slug_id", "nginx"),
    # think tanks
    Site("www.csis.org", "CSIS", "en", "thinktank", "analysis_slug", "nginx"),
    Site("carnegieendowment.org", "Carnegie Endowment for International Peace", "en", "thinktank",
         "research_dated_slug", "nginx"),
    Site("www.brookings.edu", "Brookings", "en", "thinktank", "articles_slug", "nginx"),
    Site("www.crisisgroup.org", "International Crisis Group", "en", "thinktank", "crisisgroup", "nginx"),
    Site("www.chathamhouse.org", "Chatham House", "en", "thinktank", "dated_slug_short", "nginx"),
    Site("ecfr.eu", "ECFR", "en", "thinktank", "article_slug", "nginx"),
    Site("www.atlanticcouncil.org", "Atlantic Council", "en", "thinktank", "blogs_slug", "nginx"),
    Site("www.setav.org", "SETA", "en", "thinktank", "en_slug", "nginx"),
    Site("avim.org.tr", "AVİM", "en", "thinktank", "avim", "Microsoft-IIS/8.5"),
    Site("www.gmfus.org", "German Marshall Fund", "en", "thinktank", "news_slug", "nginx"),
    # Turkish
    Site("www.aa.com.tr", "Anadolu Ajansı", "tr", "news", "aa_tr", "Microsoft-IIS/10.0"),
    Site("www.sabah.com.tr", "Sabah", "tr", "news", "tr_dated_slug", "nginx"),
    Site("www.hurriyet.com.tr", "Hürriyet", "tr", "news", "tr_slug_id", "nginx"),
    Site("www.milliyet.com.tr", "Milliyet", "tr", "news", "tr_section_slug_id", "nginx"),
    Site("www.sozcu.com.tr", "Sözcü", "tr", "news", "tr_slug_p", "nginx"),
    Site("www.haberturk.com", "Habertürk", "tr", "news", "tr_slug_haberi", "nginx"),
    Site("www.ntv.com.tr", "NTV", "tr", "news", "tr_section_slug_id", "nginx"),
    Site("www.yenisafak.com", "Yeni Şafak", "tr", "news", "tr_section_slug_id", "nginx"),
    Site("www.trthaber.com", "TRT Haber", "tr", "news", "tr_haber_html", "nginx"),
    Site("www.dunya.com", "Dünya", "tr", "news", "tr_section_slug_haberi", "nginx"),
    Site("www.setav.org", "SETA", "tr", "thinktank", "tr_slug", "nginx"),
    Site("avim.org.tr", "AVİM", "tr", "thinktank", "avim_tr", "Microsoft-IIS/8.5"),
    # Russian
    Site("ria.ru", "РИА Новости", "ru", "news", "ria", "nginx"),
    Site("tass.ru", "ТАСС", "ru", "news", "tass", "nginx"),
    Site("www.kommersant.ru", "Коммерсантъ", "ru", "news", "kommersant", "nginx"),
    Site("www.rbc.ru", "РБК", "ru", "news", "rbc", "nginx"),
    Site("www.vedomosti.ru", "Ведомости", "ru", "news", "vedomosti", "nginx"),
    Site("www.interfax.ru", "Интерфакс", "ru", "news", "interfax", "nginx"),
    Site("www.kavkaz-uzel.eu", "Кавказский узел", "ru", "news", "kavkaz", "nginx"),
    Site("regnum.ru", "ИА REGNUM", "ru", "news", "regnum", "nginx"),
    Site("carnegie.ru", "Московский центр Карнеги", "ru", "thinktank", "research_dated_slug", "nginx"),
    # Armenian
    Site("armenpress.am", "Արմենպրես", "hy", "news", "armenpress", "nginx"),
    Site("news.am", "NEWS.am", "hy", "news", "newsam", "nginx"),
    Site("www.azatutyun.am", "Ազատություն", "hy", "news", "a_id_html", "nginx"),
    Site("www.aravot.am", "Առավոտ", "hy", "news", "dated_slug", "Apache"),
    Site("hetq.am", "Հետք", "hy", "news", "hetq", "nginx"),
    Site("civilnet.am", "CivilNet", "hy", "news", "civilnet", "nginx"),
    # Azerbaijani
    Site("apa.az", "APA", "az", "news", "apa", "nginx"),
    Site("report.az", "Report.az", "az", "news", "section_slug", "nginx"),
    Site("azertag.az", "AZƏRTAC", "az", "news", "azertag", "nginx"),
    Site("oxu.az", "Oxu.az", "az", "news", "section_id", "nginx"),
    Site("qafqazinfo.az", "Qafqazinfo", "az", "news", "section_slug_id", "nginx"),
    Site("musavat.com", "Müsavat", "az", "news", "section_slug_id", "Apache"),
]

SITES_BY_LANG: dict[str, list[Site]] = {}
for _s in SITES:
    SITES_BY_LANG.setdefault(_s.lang, []).append(_s)

LANG_WEIGHTS = {"en": 46, "tr": 22, "ru": 14, "hy": 9, "az": 9}


def pick_lang(rng: random.Random, allowed: tuple[str, ...] | None = None) -> str:
    langs = [lang for lang in LANG_WEIGHTS if allowed is None or lang in allowed]
    return rng.choices(langs, weights=[LANG_WEIGHTS[lang] for lang in langs])[0]


def pick_site(rng: random.Random, lang: str | None = None, kind: str | None = None) -> Site:
    lang = lang or pick_lang(rng)
    pool = [s for s in SITES_BY_LANG[lang] if kind is None or s.kind == kind] or SITES_BY_LANG[lang]
    return rng.choice(pool)


def registrable(host: str) -> str:
    parts = host.split(".")
    if len(parts) > 2 and ".".join(parts[-2:]) in ("com.tr", "org.tr", "gov.tr", "co.uk"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


# ------------------------------------------------------------------ slugs and paths

TRANSLIT = {
    "ç": "c", "ğ": "g", "ı": "i", "İ": "i", "ö": "o", "ş": "s", "ü": "u", "ə": "e", "â": "a", "î": "i",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y", "թ": "t", "ժ": "zh",
    "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m",
    "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v",
    "տ": "t", "ր": "r", "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}


def slugify(text: str, limit: int = 80) -> str:
    out = []
    for ch in text.lower():
        ch = TRANSLIT.get(ch, ch)
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:limit].rstrip("-")


def article_path(rng: random.Random, site: Site, title: str, when: datetime) -> str:
    s = slugify(title)
    y, m, d = when.year, f"{when.month:02d}", f"{when.day:02d}"
    section = rng.choice(["politics", "world", "europe", "region", "diplomacy", "economy"])
    n6, n7 = rng.randint(100000, 999999), rng.randint(1000000, 9999999)
    styles = {
        "section_slug": lambda: f"/{section}/{s}",
        "slug_id": lambda: f"/{s}-{n6}",
        "aa": lambda: f"/en/{rng.choice(['turkiye', 'world', 'europe', 'politics', 'economy'])}/{s}/{n7}",
        "aa_tr": lambda: f"/tr/{rng.choice(['dunya', 'politika', 'gundem', 'ekonomi'])}/{s}/{n7}",
        "section_dated_slug": lambda: f"/world/{section}/{s}-{y}-{m}-{d}/",
        "article_slug": lambda: f"/article/{s}/",
        "a_id_html": lambda: f"/a/{s}/{rng.randint(30000000, 33999999)}.html",
        "bare_slug": lambda: f"/{s}/",
        "dated_section_slug": lambda: f"/news/{y}/{int(m)}/{int(d)}/{s}",
        "guardian": lambda: f"/world/{y}/{when.strftime('%b').lower()}/{d}/{s}",
        "content_uuid": lambda: f"/content/{uuid4(rng)}",
        "dated_section_slug_html": lambda: f"/{y}/{m}/{d}/world/europe/{s}.html",
        "articles_slug_id": lambda: f"/world/europe/{s}-{hexs(rng, 8)}",
        "dated_slug": lambda: f"/{y}/{m}/{d}/{s}/",
        "section_news_slug": lambda: f"/section/{section}/news/{s}/",
        "section_slug_id": lambda: f"/{section}/{s}-{n6}",
        "section_id": lambda: f"/{section}/{n6}.html",
        "dated_slug_id": lambda: f"/{y}/{m}/{d}/{s}",
        "analysis_slug": lambda: f"/analysis/{s}",
        "research_dated_slug": lambda: f"/research/{y}/{m}/{s}?lang=en",
        "articles_slug": lambda: f"/articles/{s}/",
        "crisisgroup": lambda: f"/europe-central-asia/caucasus/{s}",
        "dated_slug_short": lambda: f"/{y}/{m}/{s}",
        "blogs_slug": lambda: f"/blogs/new-atlanticist/{s}/",
        "en_slug": lambda: f"/en/{s}/",
        "avim": lambda: f"/en/Yorum/{s.upper()}",
        "news_slug": lambda: f"/news/{s}",
        "tr_dated_slug": lambda: f"/{section}/{y}/{m}/{d}/{s}",
        "tr_slug_id": lambda: f"/gundem/{s}-{rng.randint(42000000, 42999999)}",
        "tr_section_slug_id": lambda: f"/{rng.choice(['dunya', 'siyaset', 'gundem'])}/{s}-{n7}",
        "tr_slug_p": lambda: f"/{s}-p{n6}",
        "tr_slug_haberi": lambda: f"/{s}-{n7}",
        "tr_haber_html": lambda: f"/haber/dunya/{s}-{n6}.html",
        "tr_section_slug_haberi": lambda: f"/{s}-haberi-{n6}",
        "tr_slug": lambda: f"/{s}",
        "avim_tr": lambda: f"/tr/Yorum/{s.upper()}",
        "ria": lambda: f"/{y}{m}{d}/{s.split('-')[0]}-{rng.randint(1900000000, 2099999999)}.html",
        "tass": lambda: f"/{rng.choice(['politika', 'mezhdunarodnaya-panorama', 'ekonomika'])}/{rng.randint(19000000, 23999999)}",
        "kommersant": lambda: f"/doc/{rng.randint(6000000, 7999999)}",
        "rbc": lambda: f"/politics/{d}/{m}/{y}/{hexs(rng, 24)}",
        "vedomosti": lambda: f"/politics/articles/{y}/{m}/{d}/{rng.randint(1000000, 1099999)}-{s[:40]}",
        "interfax": lambda: f"/world/{rng.randint(900000, 1099999)}",
        "kavkaz": lambda: f"/articles/{rng.randint(380000, 419999)}",
        "regnum": lambda: f"/news/{rng.randint(3800000, 3999999)}",
        "armenpress": lambda: f"/{rng.choice(['hy', 'en'])}/article/{rng.randint(1100000, 1249999)}",
        "newsam": lambda: f"/arm/news/{rng.randint(800000, 899999)}/",
        "hetq": lambda: f"/hy/article/{rng.randint(160000, 179999)}",
        "civilnet": lambda: f"/news/{rng.randint(700000, 999999)}/{s}/",
        "apa": lambda: f"/xarici-siyaset/{s}-{n6}",
        "azertag": lambda: f"/xeber/{s}-{rng.randint(3000000, 3499999)}",
    }
    return styles[site.style]()


# ------------------------------------------------------------------ text banks

PLACES = {
    "en": {"A": ["Türkiye", "Armenia", "Azerbaijan", "Georgia", "Russia", "the EU", "Serbia", "Kazakhstan", "Iran",
                 "Greece", "Ukraine", "the United States"],
           "city": ["Ankara", "Yerevan", "Baku", "Tbilisi", "Moscow", "Brussels", "Istanbul", "Astana", "Washington",
                    "Vienna", "Geneva"],
           "org": ["NATO", "the OSCE", "the European Commission", "the UN Security Council", "the Council of Europe",
                   "the Organization of Turkic States"]},
    "tr": {"A": ["Türkiye", "Ermenistan", "Azerbaycan", "Gürcistan", "Rusya", "AB", "Sırbistan", "Kazakistan", "İran",
                 "Yunanistan", "Ukrayna", "ABD"],
           "city": ["Ankara", "Erivan", "Bakü", "Tiflis", "Moskova", "Brüksel", "İstanbul", "Astana", "Vaşington",
                    "Viyana", "Cenevre"],
           "org": ["NATO", "AGİT", "Avrupa Komisyonu", "BM Güvenlik Konseyi", "Avrupa Konseyi", "Türk Devletleri Teşkilatı"]},
    "ru": {"A": ["Турция", "Армения", "Азербайджан", "Грузия", "Россия", "ЕС", "Сербия", "Казахстан", "Иран",
                 "Греция", "США"],
           "city": ["Анкаре", "Ереване", "Баку", "Тбилиси", "Москве", "Брюсселе", "Стамбуле", "Астане", "Вене",
                    "Женеве"],
           "org": ["НАТО", "ОБСЕ", "Еврокомиссия", "Совбез ООН", "Совет Европы", "Организация тюркских государств"]},
    "hy": {"A": ["Հայաստան", "Թուրքիա", "Ադրբեջան", "Վրաստան", "Ռուսաստան", "ԵՄ", "Իրան", "ԱՄՆ", "Ֆրանսիա"],
           "city": ["Երևանում", "Անկարայում", "Բաքվում", "Թբիլիսիում", "Մոսկվայում", "Բրյուսելում", "Վաշինգտոնում"],
           "org": ["ԵԱՀԿ", "ՆԱՏՕ", "Եվրահանձնաժողովը", "ՄԱԿ-ի Անվտանգության խորհուրդը", "Եվրոպայի խորհուրդը"]},
    "az": {"A": ["Azərbaycan", "Türkiyə", "Ermənistan", "Gürcüstan", "Rusiya", "Aİ", "Qazaxıstan", "İran", "ABŞ",
                 "Özbəkistan"],
           "city": ["Bakıda", "Ankarada", "İrəvanda", "Tbilisidə", "Moskvada", "Brüsseldə", "Astanada", "Vaşinqtonda"],
           "org": ["NATO", "ATƏT", "Avropa Komissiyası", "BMT Təhlükəsizlik Şurası", "Türk Dövlətləri Təşkilatı"]},
}

TITLES = {
    "en": [
        "{A} and {B} agree to deepen energy and transport cooperation",
        "{A} signals readiness to resume talks with {B} in {city}",
        "Why the Middle Corridor matters more than ever for {A}",
        "{org} urges {A} and {B} to finalise the peace treaty",
        "Border delimitation commissions of {A} and {B} meet again",
        "Trade between {A} and {B} grows by {n} percent",
        "{A}'s foreign minister visits {city} amid regional tensions",
        "What the {city} summit means for the South Caucasus",
        "{A} rejects {org} report as biased",
        "Analysts see a new window for normalisation between {A} and {B}",
        "{A} opens consulate in {city}, first in three decades",
        "How {A} is reshaping its policy towards the Black Sea",
    ],
    "tr": [
        "{A} ile {B} arasında enerji ve ulaştırma alanında işbirliği anlaşması",
        "Dışişleri Bakanı {city} ziyaretinde bölgesel gelişmeleri değerlendirdi",
        "Orta Koridor {A} için neden her zamankinden önemli?",
        "{org}, {A} ve {B}'yi barış anlaşmasını tamamlamaya çağırdı",
        "{A} ile {B} arasındaki ticaret hacmi yüzde {n} arttı",
        "{A} ve {B} sınır komisyonları yeniden bir araya geldi",
        "{city} zirvesinin Güney Kafkasya için anlamı",
        "Uzmanlar {A} ile {B} arasında normalleşme için yeni bir fırsat görüyor",
        "{A}, {org} raporunu taraflı bularak reddetti",
        "{A} {city} kentinde başkonsolosluk açtı",
    ],
    "ru": [
        "{A} и {B} договорились расширить сотрудничество в энергетике",
        "Глава МИД обсудил в {city} ситуацию в регионе",
        "Почему Средний коридор важен для региона",
        "{org} призвала стороны завершить работу над мирным договором",
        "Товарооборот вырос на {n} процентов",
        "Комиссии по делимитации границы провели очередное заседание",
        "Эксперты: у сторон появилось окно для нормализации отношений",
        "Что означает саммит в {city} для Южного Кавказа",
        "{A} отвергла доклад {org} как предвзятый",
    ],
    "hy": [
        "{A}-ն և {B}-ը քննարկել են խաղաղության պայմանագրի նախագիծը",
        "Արտաքին գործերի նախարարը հանդիպումներ է ունեցել {city}",
        "Սահմանազատման հանձնաժողովների հերթական նիստը",
        "Առևտրաշրջանառությունն աճել է {n} տոկոսով",
        "Փորձագետներ. տարածաշրջանում նոր հնարավորություններ են բացվում",
        "{org}-ն կոչ է արել շարունակել բանակցությունները",
        "Ազգային ժողովում քննարկվել է նոր Սահմանադրության հարցը",
    ],
    "az": [
        "{A} və {B} enerji sahəsində əməkdaşlığı genişləndirir",
        "Xarici işlər naziri {city} rəsmi görüşlər keçirib",
        "Orta Dəhliz region üçün niyə vacibdir",
        "Sülh sazişinin mətni üzərində danışıqlar davam edir",
        "Ticarət dövriyyəsi {n} faiz artıb",
        "Delimitasiya komissiyalarının növbəti iclası keçirilib",
        "Ekspertlər: normallaşma üçün yeni imkanlar yaranır",
        "{org} tərəfləri danışıqları davam etdirməyə çağırıb",
    ],
}

SENTENCES = {
    "en": [
        "Officials from both capitals described the meeting as constructive and forward-looking.",
        "The talks focused on transport links, energy transit and the reopening of the border.",
        "{org} welcomed the progress and called on both sides to keep the momentum.",
        "According to the statement, the parties agreed to meet again in {city} next month.",
        "Trade between the two countries grew by {n} percent last year, official data show.",
        "Analysts note that the process remains fragile despite the positive rhetoric.",
        "The foreign minister said that lasting peace would open new opportunities for the whole region.",
        "Opposition lawmakers criticised the government for what they called a lack of transparency.",
        "The agreement also covers customs procedures, railway tariffs and digital infrastructure.",
        "Diplomats familiar with the negotiations said several technical issues are still unresolved.",
        "The delimitation commissions have so far agreed on roughly {n} kilometres of the border.",
        "Energy companies are expected to sign contracts worth several billion dollars by the end of the year.",
        "Observers say the summit in {city} could mark a turning point for the South Caucasus.",
        "The ministry added that humanitarian issues remain a priority on the bilateral agenda.",
        "Experts argue that the Middle Corridor needs more investment in ports and rolling stock.",
        "Critics warn that geopolitical rivalry could still derail the normalisation process.",
        "The parliament is expected to ratify the document during its autumn session.",
        "Speaking to reporters, the spokesperson declined to give a timeline for the next round.",
        "The European Union has pledged additional funding for connectivity projects in the region.",
        "Local residents along the border said they hoped the talks would bring stability.",
        "The report recommends a phased approach that builds confidence on both sides.",
        "In a joint declaration, the leaders reaffirmed their commitment to territorial integrity.",
        "Freight volumes on the route have tripled since 2022, though from a low base.",
        "The visit comes weeks after a similar round of consultations in {city}.",
    ],
    "tr": [
        "Her iki başkentten yetkililer görüşmeyi yapıcı ve ileriye dönük olarak nitelendirdi.",
        "Görüşmelerde ulaştırma bağlantıları, enerji transiti ve sınırın açılması ele alındı.",
        "{org} kaydedilen ilerlemeden memnuniyet duyduğunu açıkladı.",
        "Açıklamaya göre taraflar gelecek ay {city} kentinde yeniden bir araya gelme konusunda uzlaştı.",
        "Resmi verilere göre iki ülke arasındaki ticaret geçen yıl yüzde {n} arttı.",
        "Analistler, olumlu söyleme rağmen sürecin kırılgan olmaya devam ettiğine dikkat çekiyor.",
        "Dışişleri Bakanı, kalıcı barışın tüm bölge için yeni fırsatlar doğuracağını söyledi.",
        "Muhalefet milletvekilleri hükümeti şeffaflık eksikliği nedeniyle eleştirdi.",
        "Anlaşma gümrük işlemlerini, demiryolu tarifelerini ve dijital altyapıyı da kapsıyor.",
        "Müzakerelere yakın diplomatlar, bazı teknik konuların hâlâ çözülmediğini belirtti.",
        "Sınır komisyonları şimdiye kadar yaklaşık {n} kilometrelik hat üzerinde uzlaştı.",
        "Gözlemciler {city} zirvesinin Güney Kafkasya için bir dönüm noktası olabileceğini ifade ediyor.",
        "Bakanlık, insani konuların ikili gündemde öncelikli olmaya devam ettiğini vurguladı.",
        "Uzmanlar Orta Koridor'un limanlara ve demiryolu araçlarına daha fazla yatırım gerektirdiğini savunuyor.",
        "Meclisin belgeyi sonbahar döneminde onaylaması bekleniyor.",
        "Sözcü, bir sonraki tur için takvim vermekten kaçındı.",
        "Avrupa Birliği bölgedeki bağlantısallık projeleri için ek fon sağlama sözü verdi.",
        "Ortak bildiride liderler toprak bütünlüğüne bağlılıklarını yineledi.",
        "Hat üzerindeki yük hacmi 2022'den bu yana üç katına çıktı.",
        "Ziyaret, {city} kentinde yapılan benzer bir istişare turundan haftalar sonra gerçekleşti.",
    ],
    "ru": [
        "Представители обеих сторон назвали встречу конструктивной.",
        "На переговорах обсуждались транспортные коммуникации, транзит энергоносителей и открытие границы.",
        "{org} приветствовала достигнутый прогресс и призвала стороны сохранить динамику.",
        "Согласно заявлению, стороны договорились вновь встретиться в {city} в следующем месяце.",
        "По официальным данным, товарооборот между странами в прошлом году вырос на {n} процентов.",
        "Аналитики отмечают, что процесс остается хрупким, несмотря на позитивную риторику.",
        "Министр иностранных дел заявил, что прочный мир откроет новые возможности для всего региона.",
        "Оппозиционные депутаты раскритиковали правительство за недостаточную прозрачность.",
        "Соглашение также касается таможенных процедур, железнодорожных тарифов и цифровой инфраструктуры.",
        "Дипломаты, знакомые с ходом переговоров, сообщили, что ряд технических вопросов пока не решен.",
        "Комиссии по делимитации к настоящему времени согласовали около {n} километров границы.",
        "Наблюдатели полагают, что встреча в {city} может стать поворотным моментом для Южного Кавказа.",
        "В министерстве добавили, что гуманитарные вопросы остаются приоритетом двусторонней повестки.",
        "Эксперты считают, что Среднему коридору нужны дополнительные инвестиции в порты и подвижной состав.",
        "Ожидается, что парламент ратифицирует документ в ходе осенней сессии.",
        "Официальный представитель отказался назвать сроки следующего раунда.",
        "Евросоюз пообещал дополнительное финансирование проектов в сфере транспортной связанности.",
        "В совместной декларации лидеры подтвердили приверженность принципу территориальной целостности.",
    ],
    "hy": [
        "Կողմերը հանդիպումը բնութագրել են որպես կառուցողական։",
        "Բանակցություններում քննարկվել են տրանսպորտային հաղորդակցությունները և սահմանի բացումը։",
        "{org}-ն ողջունել է ձեռք բերված առաջընթացը։",
        "Հայտարարության համաձայն՝ կողմերը պայմանավորվել են կրկին հանդիպել {city} հաջորդ ամիս։",
        "Պաշտոնական տվյալներով՝ երկու երկրների միջև առևտրաշրջանառությունն աճել է {n} տոկոսով։",
        "Վերլուծաբանների կարծիքով՝ գործընթացը շարունակում է մնալ փխրուն։",
        "Արտաքին գործերի նախարարը նշել է, որ կայուն խաղաղությունը նոր հնարավորություններ կբացի ողջ տարածաշրջանի համար։",
        "Ընդդիմադիր պատգամավորները քննադատել են կառավարությանը թափանցիկության պակասի համար։",
        "Համաձայնագիրը վերաբերում է նաև մաքսային ընթացակարգերին և երկաթուղային սակագներին։",
        "Սահմանազատման հանձնաժողովներն առայժմ համաձայնեցրել են սահմանի մոտ {n} կիլոմետր։",
        "Դիտորդների կարծիքով՝ {city} կայացած գագաթնաժողովը կարող է շրջադարձային լինել Հարավային Կովկասի համար։",
        "Նախարարությունից հավելել են, որ մարդասիրական հարցերը շարունակում են առաջնահերթ մնալ։",
        "Եվրոպական միությունը լրացուցիչ ֆինանսավորում է խոստացել տարածաշրջանային նախագծերի համար։",
        "Համատեղ հռչակագրում առաջնորդները վերահաստատել են իրենց հանձնառությունը։",
        "Ազգային ժողովը փաստաթուղթը կվավերացնի աշնանային նստաշրջանում։",
    ],
    "az": [
        "Tərəflər görüşü konstruktiv və perspektivli kimi qiymətləndiriblər.",
        "Danışıqlarda nəqliyyat əlaqələri, enerji tranziti və sərhədin açılması müzakirə olunub.",
        "{org} əldə olunan irəliləyişi alqışlayıb.",
        "Bəyanata əsasən, tərəflər gələn ay {city} yenidən görüşmək barədə razılığa gəliblər.",
        "Rəsmi məlumata görə, iki ölkə arasında ticarət dövriyyəsi ötən il {n} faiz artıb.",
        "Analitiklər qeyd edir ki, müsbət ritorikaya baxmayaraq proses kövrək olaraq qalır.",
        "Xarici işlər naziri bildirib ki, davamlı sülh bütün region üçün yeni imkanlar açacaq.",
        "Saziş gömrük prosedurlarını, dəmir yolu tariflərini və rəqəmsal infrastrukturu da əhatə edir.",
        "Delimitasiya komissiyaları indiyədək sərhədin təxminən {n} kilometri üzrə razılığa gəlib.",
        "Müşahidəçilər hesab edir ki, {city} keçirilən sammit Cənubi Qafqaz üçün dönüş nöqtəsi ola bilər.",
        "Nazirlik əlavə edib ki, humanitar məsələlər ikitərəfli gündəmdə prioritet olaraq qalır.",
        "Ekspertlər Orta Dəhlizin limanlara daha çox investisiya tələb etdiyini bildirirlər.",
        "Avropa İttifaqı regionda bağlantı layihələri üçün əlavə maliyyə ayırmağı vəd edib.",
        "Birgə bəyannamədə liderlər ərazi bütövlüyünə sadiqliklərini bir daha təsdiqləyiblər.",
        "Milli Məclisin sənədi payız sessiyasında ratifikasiya etməsi gözlənilir.",
    ],
}


def fill(rng: random.Random, lang: str, template: str) -> str:
    places = PLACES[lang]
    a, b = rng.sample(places["A"], 2)
    return template.format(A=a, B=b, city=rng.choice(places["city"]), org=rng.choice(places["org"]),
                           n=rng.randint(3, 48))


def title_for(rng: random.Random, lang: str) -> str:
    return fill(rng, lang, rng.choice(TITLES[lang]))


def paragraph(rng: random.Random, lang: str, sentences: int | None = None) -> str:
    k = sentences or rng.randint(2, 4)
    return " ".join(fill(rng, lang, s) for s in rng.sample(SENTENCES[lang], min(k, len(SENTENCES[lang]))))


def paragraphs(rng: random.Random, lang: str, n: int) -> list[str]:
    return [paragraph(rng, lang) for _ in range(n)]


# ------------------------------------------------------------------ page chrome

UI = {
    "en": {"home": "Home", "politics": "Politics", "world": "World", "economy": "Economy", "opinion": "Opinion",
           "analysis": "Analysis", "search": "Search", "related": "Related articles", "share": "Share",
           "rights": "All rights reserved.", "privacy": "Privacy Policy", "terms": "Terms of Use",
           "contact": "Contact", "about": "About us", "by": "By", "updated": "Updated", "read": "min read",
           "most_read": "Most read", "tags": "Tags", "subscribe": "Subscribe", "login": "Log in"},
    "tr": {"home": "Anasayfa", "politics": "Politika", "world": "Dünya", "economy": "Ekonomi", "opinion": "Yazarlar",
           "analysis": "Analiz", "search": "Ara", "related": "İlgili haberler", "share": "Paylaş",
           "rights": "Tüm hakları saklıdır.", "privacy": "Gizlilik Politikası", "terms": "Kullanım Koşulları",
           "contact": "İletişim", "about": "Hakkımızda", "by": "Yazan", "updated": "Güncelleme", "read": "dk okuma",
           "most_read": "En çok okunanlar", "tags": "Etiketler", "subscribe": "Abone ol", "login": "Giriş yap"},
    "ru": {"home": "Главная", "politics": "Политика", "world": "В мире", "economy": "Экономика", "opinion": "Мнения",
           "analysis": "Аналитика", "search": "Поиск", "related": "Читайте также", "share": "Поделиться",
           "rights": "Все права защищены.", "privacy": "Политика конфиденциальности",
           "terms": "Пользовательское соглашение", "contact": "Контакты", "about": "О нас", "by": "Автор",
           "updated": "Обновлено", "read": "мин чтения", "most_read": "Самое читаемое", "tags": "Теги",
           "subscribe": "Подписаться", "login": "Войти"},
    "hy": {"home": "Գլխավոր", "politics": "Քաղաքականություն", "world": "Աշխարհ", "economy": "Տնտեսություն",
           "opinion": "Կարծիք", "analysis": "Վերլուծություն", "search": "Որոնում", "related": "Առնչվող նյութեր",
           "share": "Կիսվել", "rights": "Բոլոր իրավունքները պաշտպանված են։", "privacy": "Գաղտնիության քաղաքականություն",
           "terms": "Օգտագործման պայմաններ", "contact": "Կապ", "about": "Մեր մասին", "by": "Հեղինակ",
           "updated": "Թարմացվել է", "read": "րոպե", "most_read": "Ամենաընթերցվածը", "tags": "Պիտակներ",
           "subscribe": "Բաժանորդագրվել", "login": "Մուտք"},
    "az": {"home": "Ana səhifə", "politics": "Siyasət", "world": "Dünya", "economy": "İqtisadiyyat",
           "opinion": "Müsahibə", "analysis": "Təhlil", "search": "Axtar", "related": "Digər xəbərlər",
           "share": "Paylaş", "rights": "Bütün hüquqlar qorunur.", "privacy": "Məxfilik siyasəti",
           "terms": "İstifadə şərtləri", "contact": "Əlaqə", "about": "Haqqımızda", "by": "Müəllif",
           "updated": "Yenilənib", "read": "dəq oxu", "most_read": "Ən çox oxunanlar", "tags": "Teqlər",
           "subscribe": "Abunə ol", "login": "Daxil ol"},
}

AUTHORS = {
    "en": ["Sarah Walker", "James Bennett", "Laura Clarke", "Michael Harris", "Emily Taylor", "Ragıp Soylu",
           "Joshua Kucera", "Ani Mejlumyan", "Heydar Isayev", "Staff Writer"],
    "tr": ["Ahmet Yılmaz", "Zeynep Kızıl", "Büşra Öztürk", "Mehmet Çelik", "Gökçe Doğan", "Haber Merkezi",
           "AA Dünya Masası"],
    "ru": ["Анна Петрова", "Иван Смирнов", "Мария Кузнецова", "Сергей Орлов", "Ольга Белова", "Редакция"],
    "hy": ["Արամ Գրիգորյան", "Լիլիթ Հովհաննիսյան", "Տիգրան Սարգսյան", "Անուշ Մկրտչյան"],
    "az": ["Elnur Məmmədov", "Günel Hüseynova", "Rəşad Əliyev", "Leyla Quliyeva", "Fuad Abbasov"],
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "tr": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
           "Aralık"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"],
    "hy": ["հունվարի", "փետրվարի", "մարտի", "ապրիլի", "մայիսի", "հունիսի", "հուլիսի", "օգոստոսի", "սեպտեմբերի",
           "հոկտեմբերի", "նոյեմբերի", "դեկտեմբերի"],
    "az": ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr",
           "dekabr"],
}


def human_date(lang: str, when: datetime) -> str:
    month = MONTHS[lang][when.month - 1]
    if lang == "en":
        return f"{month} {when.day}, {when.year}"
    if lang == "hy":
        return f"{when.year} թ. {month} {when.day}"
    return f"{when.day} {month} {when.year}"


def e(text: str) -> str:
    return escape(text, quote=True)


def head(rng: random.Random, *, lang: str, title: str, site: Site | None = None, url: str = "",
         description: str = "", extra: str = "", charset: str = "utf-8", robots: str | None = None) -> str:
    attr = rng.choice(["", ' dir="ltr"', ' class="no-js"'])
    parts = ["<!DOCTYPE html>\n" if rng.random() < 0.92 else "",
             f'<html lang="{lang}"{attr}>\n<head>\n',
             f'<meta charset="{charset}">\n' if rng.random() < 0.85 else
             f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             f"<title>{e(title)}</title>\n"]
    if description:
        parts.append(f'<meta name="description" content="{e(description)}">\n')
    if robots:
        parts.append(f'<meta name="robots" content="{robots}">\n')
    if site is not None and url:
        parts.append(f'<link rel="canonical" href="{e(url)}">\n'
                     f'<meta property="og:site_name" content="{e(site.name)}">\n'
                     f'<meta property="og:url" content="{e(url)}">\n'
                     f'<meta property="og:title" content="{e(title)}">\n')
        parts.append(f'<link rel="stylesheet" href="https://{site.host}/assets/css/main.{hexs(rng, 8)}.css">\n')
        parts.append(f'<link rel="icon" href="https://{site.host}/favicon.ico">\n')
        if rng.random() < 0.6:
            gtm = f"GTM-{alnum(rng, 7).upper()}"
            parts.append("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
                         "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?"
                         "'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;"
                         f"f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','{gtm}');</script>\n")
    parts.append(extra)
    parts.append("</head>\n")
    return "".join(parts)


def nav(rng: random.Random, site: Site) -> str:
    ui = UI[site.lang]
    items = [ui["home"], ui["politics"], ui["world"], ui["economy"], ui["opinion"]]
    if site.kind == "thinktank":
        items = [ui["home"], ui["analysis"], ui["about"], ui["contact"]]
    links = "".join(f'<li><a href="/{slugify(x) or "x"}">{e(x)}</a></li>' for x in items)
    return (f'<header class="site-header"><a class="logo" href="/">{e(site.name)}</a>'
            f'<nav class="main-nav"><ul>{links}</ul></nav>'
            f'<form class="search" action="/search"><input name="q" placeholder="{e(ui["search"])}"></form>'
            "</header>\n")


def footer(rng: random.Random, site: Site, year: int) -> str:
    ui = UI[site.lang]
    return (f'<footer class="site-footer"><ul><li><a href="/about">{e(ui["about"])}</a></li>'
            f'<li><a href="/contact">{e(ui["contact"])}</a></li><li><a href="/privacy">{e(ui["privacy"])}</a></li>'
            f'<li><a href="/terms">{e(ui["terms"])}</a></li></ul>'
            f"<p>&copy; {year} {e(site.name)}. {e(ui['rights'])}</p></footer>\n")


def related(rng: random.Random, site: Site, when: datetime, n: int = 4) -> str:
    ui = UI[site.lang]
    items = []
    for _ in range(n):
        t = title_for(rng, site.lang)
        items.append(f'<li><a href="{article_path(rng, site, t, when)}">{e(t)}</a></li>')
    return f'<aside class="related"><h3>{e(ui["related"])}</h3><ul>{"".join(items)}</ul></aside>\n'


def json_ld(site: Site, url: str, title: str, when: datetime, author: str, *, free: bool = True,
            part: str | None = None) -> str:
    access = "" if free else (',"isAccessibleForFree":false,"hasPart":{"@type":"WebPageElement",'
                              f'"isAccessibleForFree":false,"cssSelector":".{part or "paywall"}"}}')
    return ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
            f'"headline":"{e(title)}","datePublished":"{when.isoformat()}","url":"{e(url)}",'
            f'"author":{{"@type":"Person","name":"{e(author)}"}},'
            f'"publisher":{{"@type":"Organization","name":"{e(site.name)}"}}{access}}}</script>\n')


def big_script(rng: random.Random) -> str:
    """An inline state blob as single-page news sites embed (size varies a lot)."""
    n = rng.choice([2, 8, 30, 90])
    items = ",".join(f'{{"id":{rng.randint(1, 10**7)},"slug":"{alnum(rng, 12)}","w":{rng.randint(200, 1600)}}}'
                     for _ in range(n * 10))
    return f'<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"items":[{items}]}}}}}}</script>\n'


# ------------------------------------------------------------------ headers

CANON = {"cf-ray": "CF-RAY", "cf-cache-status": "CF-Cache-Status", "cf-mitigated": "cf-mitigated",
         "x-iinfo": "X-Iinfo", "x-cdn": "X-CDN", "x-datadome": "X-DataDome", "x-datadome-cid": "X-DataDome-CID",
         "x-dd-b": "X-DD-B", "x-sucuri-id": "X-Sucuri-ID", "x-sucuri-block": "X-Sucuri-Block",
         "x-sucuri-cache": "X-Sucuri-Cache", "etag": "ETag", "www-authenticate": "WWW-Authenticate",
         "x-amzn-waf-action": "x-amzn-waf-action", "x-amz-cf-id": "X-Amz-Cf-Id", "x-amz-cf-pop": "X-Amz-Cf-Pop",
         "nel": "NEL", "x-xss-protection": "X-XSS-Protection", "p3p": "P3P", "akamai-grn": "Akamai-GRN",
         "x-akamai-transformed": "X-Akamai-Transformed", "x-vercel-id": "X-Vercel-Id",
         "x-vercel-mitigated": "X-Vercel-Mitigated", "accept-ch": "Accept-CH", "critical-ch": "Critical-CH",
         "cf-chl-bypass": "CF-Chl-Bypass", "x-dd-type": "X-DD-Type"}


def canonical(name: str) -> str:
    low = name.lower()
    return CANON.get(low) or "-".join(p.capitalize() for p in low.split("-"))


class Headers:
    """Response headers in the order a server sends them; HTTP/2 answers are lower case."""

    def __init__(self, rng: random.Random, when: datetime | None = None, h2: bool | None = None):
        self.rng = rng
        self.when = when or moment(rng)
        self.h2 = rng.random() < 0.6 if h2 is None else h2
        self.items: list[tuple[str, str]] = []

    def add(self, name: str, value: str) -> Headers:
        self.items.append((name.lower() if self.h2 else canonical(name), value))
        return self

    def date(self) -> Headers:
        return self.add("date", http_date(self.when))

    def drop(self, *names: str) -> Headers:
        low = {n.lower() for n in names}
        self.items = [(k, v) for k, v in self.items if k.lower() not in low]
        return self

    def drop_prefix(self, *prefixes: str) -> Headers:
        self.items = [(k, v) for k, v in self.items if not k.lower().startswith(prefixes)]
        return self

    def has(self, name: str) -> bool:
        return any(k.lower() == name.lower() for k, _ in self.items)

    def finish(self, body: bytes, length: bool | None = None) -> tuple[tuple[str, str], ...]:
        if (self.rng.random() < 0.55 if length is None else length) and not self.has("content-length"):
            self.add("content-length", str(len(body)))
        return tuple(self.items)


def cookie_expiry(when: datetime, seconds: int) -> str:
    return (when + timedelta(seconds=seconds)).strftime("%a, %d-%b-%y %H:%M:%S GMT")


def cf_ray(rng: random.Random) -> str:
    return rng.choice("89a") + hexs(rng, 15)


CF_COLOS = ["IST", "FRA", "AMS", "LHR", "CDG", "DME", "EVN", "GYD", "TBS", "SOF", "OTP", "VIE", "WAW", "ARN",
            "IAD", "EWR", "SIN", "ESB", "ADB", "LED", "KBP", "MXP", "MAD", "ZRH"]
CF_CITIES = {"IST": "Istanbul", "FRA": "Frankfurt", "AMS": "Amsterdam", "LHR": "London", "CDG": "Paris",
             "DME": "Moscow", "EVN": "Yerevan", "GYD": "Baku", "TBS": "Tbilisi", "SOF": "Sofia", "OTP": "Bucharest",
             "VIE": "Vienna", "WAW": "Warsaw", "ARN": "Stockholm", "IAD": "Ashburn", "EWR": "Newark",
             "SIN": "Singapore", "ESB": "Ankara", "ADB": "Izmir", "LED": "Saint Petersburg", "KBP": "Kyiv",
             "MXP": "Milan", "MAD": "Madrid", "ZRH": "Zurich"}


def cf_bm(rng: random.Random, host: str, when: datetime) -> str:
    return (f"__cf_bm={urlsafe(rng, 43)}-{int(when.timestamp())}-1.0.1.1-{urlsafe(rng, 86)}; path=/; "
            f"expires={when + timedelta(minutes=30):%a, %d-%b-%y %H:%M:%S GMT}; domain=.{registrable(host)}; "
            "HttpOnly; Secure; SameSite=None")


def cfuvid(rng: random.Random, host: str, when: datetime) -> str:
    return (f"_cfuvid={urlsafe(rng, 43)}-{int(when.timestamp() * 1000)}-0.0.1.1-604800000; path=/; "
            f"domain=.{registrable(host)}; HttpOnly; Secure; SameSite=None")


def content_type(rng: random.Random, charset: str = "utf-8", style: str | None = None) -> str:
    style = style or rng.choice(["semi", "semi", "semi_upper", "nospace", "bare"])
    if style == "bare":
        return "text/html"
    cs = charset.upper() if style == "semi_upper" else charset
    return f"text/html;charset={cs}" if style == "nospace" else f"text/html; charset={cs}"


def encode(html: str, charset: str) -> bytes:
    return html.encode(charset, errors="xmlcharrefreplace")


# ------------------------------------------------------------------ the weight of real pages
# Real article pages are tens to hundreds of kilobytes: stylesheets inlined for speed, mega menus,
# "latest news" rails, ad and analytics scripts. Pools built once from a fixed seed, sliced per page.

_POOL = random.Random(20260101)
CSS_POOL = "".join(
    f".{_POOL.choice(['c', 'o', 'u', 'm', 'js', 'article', 'nav', 'ad', 'card'])}-{alnum(_POOL, 5).lower()}"
    f"{_POOL.choice(['', ':hover', '>a', ' .title', '::before'])}{{"
    f"{_POOL.choice(['margin', 'padding', 'gap', 'top', 'left'])}:{_POOL.randint(0, 48)}px;"
    f"{_POOL.choice(['color', 'background-color', 'border-color'])}:#{hexs(_POOL, 6)};"
    f"{_POOL.choice(['font-size:', 'line-height:', 'width:', 'max-width:'])}{_POOL.randint(10, 1200)}"
    f"{_POOL.choice(['px', 'rem', '%'])}}}"
    for _ in range(1200))
ANALYTICS = [
    "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-{id}\"></script><script>window.dataLayer=window.dataLayer||[];"
    "function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());gtag('config','G-{id}');</script>\n",
    "<script async src=\"https://securepubads.g.doubleclick.net/tag/js/gpt.js\"></script><script>window.googletag=window.googletag||"
    "{{cmd:[]}};googletag.cmd.push(function(){{googletag.defineSlot('/{n}/news/article_top',[[728,90],[970,250]],'div-gpt-ad-top')"
    ".addService(googletag.pubads());googletag.pubads().enableSingleRequest();googletag.enableServices();}});</script>\n",
    "<script type=\"text/javascript\">(function(m,e,t,r,i,k,a){{m[i]=m[i]||function(){{(m[i].a=m[i].a||[]).push(arguments)}};"
    "m[i].l=1*new Date();k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)}})"
    "(window,document,\"script\",\"https://mc.yandex.ru/metrika/tag.js\",\"ym\");ym({n},\"init\",{{clickmap:true,trackLinks:true,"
    "accurateTrackBounce:true,webvisor:true}});</script>\n",
    "<script>!function(f,b,e,v,n,t,s){{if(f.fbq)return;n=f.fbq=function(){{n.callMethod?n.callMethod.apply(n,arguments):"
    "n.queue.push(arguments)}};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;"
    "t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}}(window,document,'script',"
    "'https://connect.facebook.net/en_US/fbevents.js');fbq('init','{n}');fbq('track','PageView');</script>\n",
    "<script type=\"text/javascript\">var _sf_async_config=_sf_async_config||{{}};_sf_async_config.uid={n};"
    "_sf_async_config.domain='{host}';_sf_async_config.useCanonical=true;</script><script async src=\"//static.chartbeat.com/js/chartbeat.js\"></script>\n",
    "<script>var pbjs=pbjs||{{}};pbjs.que=pbjs.que||[];var adUnits=[{{code:'div-gpt-ad-mpu',mediaTypes:{{banner:{{sizes:[[300,250],[300,600]]}}}},"
    "bids:[{{bidder:'appnexus',params:{{placementId:{n}}}}},{{bidder:'rubicon',params:{{accountId:{n},siteId:{n},zoneId:{n}}}}}]}}];</script>\n",
]


def heavy(rng: random.Random, site: Site, when: datetime) -> tuple[str, str, str]:
    """(head, top of body, end of body) additions that give a page its real weight."""
    n = rng.choice([800, 2500, 6000, 12000, 24000])
    start = rng.randrange(0, len(CSS_POOL) - n)
    css = f"<style>{CSS_POOL[start:start + n]}</style>\n"
    scripts = "".join(s.format(id=alnum(rng, 10).upper(), n=rng.randint(10**5, 10**8), host=site.host)
                      for s in rng.sample(ANALYTICS, rng.randint(1, len(ANALYTICS))))
    ui = UI[site.lang]
    latest = "".join(f'<li><a href="{article_path(rng, site, t, when)}">{e(t)}</a></li>'
                     for t in (title_for(rng, site.lang) for _ in range(rng.choice([5, 12, 25]))))
    top = (f'<div class="ad-slot" id="div-gpt-ad-top"></div>\n<div class="mega-menu"><ul class="latest">{latest}</ul></div>\n'
           if rng.random() < 0.7 else "")
    rail = "".join(f'<li><a href="{article_path(rng, site, t, when)}">{e(t)}</a></li>'
                   for t in (title_for(rng, site.lang) for _ in range(rng.choice([5, 10]))))
    end = f'<aside class="most-read"><h3>{e(ui["most_read"])}</h3><ol>{rail}</ol></aside>\n' + scripts
    return css, top, end
