"""Realistic pools of authors, titles, publishers and URL shapes, and `make_source`.

Drawn from what AVİM commentaries cite (tests/fixtures/pages, DESIGN.md "Cited sites"):
Daily Sabah, Anadolu Agency, The Armenian Weekly, Hürriyet Daily News, Yeni Şafak, Caspian
Post, AVİM itself, europa.eu, think tanks and PDF reports.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from .model import Author, Org, Person, Source

GIVEN = {
    "tr": ["Ahmet", "Ayşe", "Mehmet", "Zeynep", "Büşra", "Nurbanu", "Teoman", "Ertuğrul", "İbrahim", "Şule",
           "Çağrı", "Gökçe", "Özge", "Ümit", "Talha", "Diyar", "Hazal", "Ömer", "Yiğit", "Irmak", "Ilgın", "Cemil"],
    "hy": ["Kevork", "Arpi", "Tigran", "Anush", "Hovhannes", "Lilit", "Aram", "Siranush"],
    "az": ["Elnur", "Günel", "Rəşad", "Aynur", "Vüsal", "Leyla", "Fuad", "Şahin"],
    "sr": ["Spasimir", "Jelena", "Dragan", "Milica", "Nikola", "Đorđe", "Vesna", "Bodo"],
    "en": ["John", "Sarah", "Michael", "Emily", "David", "Laura", "James", "Rachel", "Thomas", "Helen"],
}
SURNAMES = {
    "tr": ["Yılmaz", "Kızıl", "Tulun", "Okursoy", "Bağdat", "Öztürk", "Güldoğan", "Şahin", "Çelik", "Doğan",
           "Erkul Kaya", "Aydın", "Köksal", "Uğur", "Ağırman", "Işık", "İnan", "Gündüz", "Kılıç", "Ünal"],
    "hy": ["Yacoubian", "Hovhannisyan", "Grigoryan", "Sarkissian", "Der Matossian", "Papazian", "Mkrtchyan"],
    "az": ["Məmmədov", "Hüseynova", "Əliyev", "Quliyev", "Rzayeva", "Nəsirli", "Abbasov"],
    "sr": ["Domaradzki", "Milošević", "Đorđević", "Vučković", "Petrović", "Jovanović", "Weber", "Šarić"],
    "en": ["Smith", "Johnson", "O’Neill", "Brown", "Taylor", "Walker", "Bennett", "Harris", "Clarke"],
}
ORGS = ["European Commission", "Hürriyet Daily News Editorial", "Caspian Post Editorial Team",
        "Yenişafak English Editorial", "Council of the European Union", "International Crisis Group",
        "T.C. Dışişleri Bakanlığı", "NATO Public Diplomacy Division", "Daily Sabah with AA",
        "AA Dünya Masası", "World Bank", "European Parliament", "OSCE Mission to Bosnia and Herzegovina"]

COUNTRIES_EN = ["Türkiye", "Serbia", "Bosnia and Herzegovina", "Kosovo", "Azerbaijan", "Armenia", "Georgia",
                "Kazakhstan", "Greece", "Albania", "North Macedonia", "Montenegro", "the EU"]
COUNTRIES_TR = ["Türkiye", "Sırbistan", "Bosna-Hersek", "Kosova", "Azerbaycan", "Ermenistan", "Gürcistan",
                "Kazakistan", "Yunanistan", "Arnavutluk", "Karadağ", "AB"]
LEADERS = ["Erdoğan", "Vučić", "Vucic", "Aliyev", "Pashinyan", "Fidan", "Kallas", "von der Leyen", "Tokayev"]
CITIES = ["İstanbul", "Ankara", "Belgrade", "Sarajevo", "Baku", "Yerevan", "Brussels", "Astana", "Priştine"]
TOPICS = ["Defense", "Energy", "Trade", "Connectivity", "Security", "Migration", "Investment", "Transport"]
TOPICS_TR = ["Savunma", "Enerji", "Ticaret", "Ulaştırma", "Güvenlik", "Göç", "Yatırım", "Diplomasi"]

TITLES_EN = [
    "{c1}, {c2} Agree to Deepen {t1}, {t2} and Trade Cooperation",
    "President Erdoğan, {leader}, Vow to Deepen {c1}-{c2} Cooperation",
    "Serbia’s Vucic Calls {c1} ‘an Extremely Important Partner’",
    "The EU’s Failing Policy Initiative for {c2}",
    "Filling the Vacuum: {c1} and the Balkan Peace Platform",
    "Western Balkans – a Slow Death of the EU Enlargement Policy",
    "Is the Middle Corridor Ready? Capacity, Costs and Customs",
    "{leader}’s Visit to {city}: What It Means for the Region",
    "{c1}–{c2} Talks Resume in {city} After Two-Year Pause",
    "Ties between {c1}, {c2} Continue to Strengthen in Every Field: President Erdogan",
    "Why {c2} Matters to {c1}’s {t1} Strategy",
    "BOSNIA AND THE BALKANS: SECESSIONISM, EUROCENTRIC PARTITIONING",
    "THE EUROPEAN PARLIAMENT’S TÜRKİYE REPORT: AN EXERCISE IN REPETITION",
    "‘We Will Not Accept Partition,’ Says {leader} in {city}",
    "Balkans Peace Platform: Türkiye’s Path to Bridge Regional Divides",
    "{t1} and {t2} in the South Caucasus, 2020–2025",
    "Can {c1} Mediate Between {c2} and Its Neighbours?",
    "Enlargement Package 2025: Key Findings on {c2}",
    "From {city} to {city2}: The Long Road to a Peace Treaty",
    "Aktau and Alat Ports Race to Expand {t1} Capacity",
]
TITLES_TR = [
    "{c1} ile {c2} Arasında {t1} Anlaşması İmzalandı",
    "Türkiye’nin Balkan Politikası: Fırsatlar ve Riskler",
    "Balkan Barış Platformu İstanbul’da Toplandı",
    "Cumhurbaşkanı Erdoğan, {leader} ile Telefonda Görüştü",
    "AB’nin Genişleme Politikası Çıkmazda mı?",
    "{leader}: ‘Bölgesel Sahiplik’ Barışın Anahtarıdır",
    "Orta Koridor’da Yeni Dönem: {t1} ve {t2} Öncelikleri",
    "{c2}’da {t1} İşbirliği Güçleniyor",
    "Dışişleri Bakanı Fidan, {city}’da Mevkidaşıyla Bir Araya Geldi",
    "TÜRKİYE-SIRBİSTAN İLİŞKİLERİNDE YENİ BİR SAYFA",
    "Güney Kafkasya’da Barış Süreci, 2020–2025",
    "Ermeni Meselesi ve Uluslararası Hukuk: Bir Değerlendirme",
]
BOOK_TITLES = [
    ("en", "The Armenian Question and International Law"), ("en", "Türkiye and the Western Balkans, 1991–2021"),
    ("en", "Eurasian Connectivity: Corridors, Ports and Pipelines"), ("en", "Facts and Comments, Vol. 3"),
    ("tr", "Ermeni Sorunu: Temel Bilgi ve Belgeler"), ("tr", "Balkanlarda Türk Dış Politikası"),
    ("tr", "Güney Kafkasya’da Güvenlik ve İşbirliği"), ("tr", "Osmanlı’dan Günümüze Türk-Sırp İlişkileri"),
]
BOOK_PUBLISHERS = [("Ankara", "AVİM Yayınları"), ("Ankara", "Terazi Yayıncılık"), ("İstanbul", "Kronik Kitap"),
                   ("London", "Routledge"), ("New York", "Palgrave Macmillan"), ("Ankara", "Türk Tarih Kurumu"),
                   ("İstanbul", "Küre Yayınları"), ("Oxford", "Oxford University Press")]

LATEST = date(2026, 6, 28)
"""No source is accessed after this day (the corpus's 'today')."""

_FLAT = str.maketrans("ıİşŞğĞçÇöÖüÜəƏčČćĆšŠžŽđĐ", "iIsSgGcCoOuUeEcCcCsSzZdD")


def slug(title: str, *, apostrophe: str = "", upper: bool = False) -> str:
    """A URL slug: Turkish letters flattened, apostrophes dropped or dashed, runs of others → '-'."""
    text = re.sub(r"[’'‘]", apostrophe, title.translate(_FLAT))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text.upper() if upper else text.lower()


UrlShape = Callable[[random.Random, str, date, str], str]


def _id(rng: random.Random, digits: int) -> str:
    return str(rng.randrange(10 ** (digits - 1), 10 ** digits))


@dataclass(frozen=True)
class Publisher:
    """A cited site: the names authors print for it, its languages and its URL shape."""

    names: tuple[str, ...]
    langs: tuple[str, ...]
    url: UrlShape
    names_tr: tuple[str, ...] = ()


def _sabah(rng: random.Random, title: str, day: date, lang: str) -> str:
    section = rng.choice(["politics/diplomacy", "opinion/op-ed", "business/economy", "politics/eu-affairs"])
    return f"https://www.dailysabah.com/{section}/{slug(title)}"


def _aa(rng: random.Random, title: str, day: date, lang: str) -> str:
    category = rng.choice(["europe", "politics", "turkiye", "economy"] if lang == "en" else ["dunya", "politika", "gundem"])
    return f"https://www.aa.com.tr/{lang}/{category}/{slug(title)}/{_id(rng, 7)}"


def _armenian_weekly(rng: random.Random, title: str, day: date, lang: str) -> str:
    return f"https://armenianweekly.com/{day:%Y/%m/%d}/{slug(title)}/"


def _hurriyet(rng: random.Random, title: str, day: date, lang: str) -> str:
    return f"https://www.hurriyetdailynews.com/{slug(title)}-{_id(rng, 6)}"


def _yenisafak(rng: random.Random, title: str, day: date, lang: str) -> str:
    if lang == "tr":
        return f"https://www.yenisafak.com/dunya/{slug(title)}-{_id(rng, 7)}"
    return f"https://en.yenisafak.com/{rng.choice(['turkiye', 'world', 'politics'])}/{slug(title)}-{_id(rng, 7)}"


def _caspian(rng: random.Random, title: str, day: date, lang: str) -> str:
    return f"https://caspianpost.com/{rng.choice(['politics', 'economy', 'region'])}/{slug(title, apostrophe='-')}"


def _avim(rng: random.Random, title: str, day: date, lang: str) -> str:
    kind = rng.choice(["Yorum", "Yorum", "Analiz", "Bulten"])
    return f"https://avim.org.tr/{lang}/{kind}/{slug(title, upper=rng.random() < 0.8)}"


def _site(template: str) -> UrlShape:
    """A URL shape from a template: {slug}, {slug_dash} (apostrophes dashed), {Y} {m} {d} {y}, {id3} {id6} {id7}, {lang}."""
    def shape(rng: random.Random, title: str, day: date, lang: str) -> str:
        return template.format(slug=slug(title), slug_dash=slug(title, apostrophe="-"), short=slug(title)[:24].strip("-"),
                               Y=f"{day:%Y}", m=f"{day:%m}", d=f"{day:%d}", y=f"{day:%y}", lang=lang,
                               id3=_id(rng, 3), id4=_id(rng, 4), id6=_id(rng, 6), id7=_id(rng, 7),
                               n=rng.randrange(10, 300), t=rng.randrange(10, 900),
                               wiki=quote(title.replace(" ", "_"), safe="(),:"))
    return shape


def _europa(rng: random.Random, title: str, day: date, lang: str) -> str:
    return rng.choice([
        f"https://enlargement.ec.europa.eu/news/{slug(title)}_en",
        f"https://www.consilium.europa.eu/en/press/press-releases/{day:%Y/%m/%d}/{slug(title)}/",
        f"https://ec.europa.eu/commission/presscorner/detail/en/ip_{day:%y}_{_id(rng, 3)}",
        f"https://www.europarl.europa.eu/RegData/etudes/BRIE/{day:%Y}/{_id(rng, 6)}/EPRS_BRI({day:%Y}){_id(rng, 6)}_EN.pdf",
    ])


def _think_tank(rng: random.Random, title: str, day: date, lang: str) -> str:
    return rng.choice([
        f"https://carnegieendowment.org/europe/strategic-europe/{day:%Y/%m}/{slug(title)}?lang=en",
        f"https://www.crisisgroup.org/europe-central-asia/balkans/{slug(title)}",
        f"https://ecfr.eu/article/{slug(title)}/",
        f"http://www.democratizationpolicy.org/summary/{slug(title, apostrophe='-')}/",
        f"https://www.setav.org/assets/uploads/{day:%Y/%m}/A{_id(rng, 3)}En.pdf",
        f"https://usa-ue.pl/teksty-i-komentarze/english/{slug(title)}//",
    ])


def _misc(rng: random.Random, title: str, day: date, lang: str) -> str:
    return rng.choice([
        f"https://news.az/news/{slug(title)}?utm_source=twitter&utm_medium=social",
        f"https://www.trthaber.com/haber/dunya/{slug(title)}-{_id(rng, 6)}.html",
        f"https://www.mfa.gov.tr/no_-{rng.randrange(10, 300)}_-{slug(title)[:24].strip('-')}.{lang}.mfa",
        "https://tr.wikipedia.org/wiki/T%C3%BCrkiye-S%C4%B1rbistan_ili%C5%9Fkileri",
        "https://en.wikipedia.org/wiki/Balkan_Peace_Platform_(2026)",
        f"https://www.bbc.com/turkce/articles/c{_id(rng, 4)}xq{_id(rng, 3)}o",
        f"https://www.youtube.com/watch?v=dQw4w9WgXc{rng.choice('QRSTU')}&t={rng.randrange(10, 900)}s",
        f"https://www.reuters.com/world/europe/{slug(title)}-{day:%Y-%m-%d}/",
    ])


PUBLISHERS = [
    Publisher(("Daily Sabah",), ("en",), _sabah),
    Publisher(("Anadolu Agency", "Anadolu Agency (AA)", "AA"), ("en", "tr"), _aa, ("Anadolu Ajansı", "AA")),
    Publisher(("The Armenian Weekly", "Armenian Weekly"), ("en",), _armenian_weekly),
    Publisher(("Hürriyet Daily News",), ("en",), _hurriyet),
    Publisher(("Yeni Şafak", "Yeni Şafak English"), ("en", "tr"), _yenisafak, ("Yeni Şafak",)),
    Publisher(("Caspian Post",), ("en",), _caspian),
    Publisher(("Center for Eurasian Studies (AVİM)", "AVİM"), ("en", "tr"), _avim,
              ("Avrasya İncelemeleri Merkezi (AVİM)", "AVİM")),
    Publisher(("European Commission",), ("en",), _site("https://enlargement.ec.europa.eu/news/{slug}_en")),
    Publisher(("European Commission",), ("en",), _site("https://ec.europa.eu/commission/presscorner/detail/en/ip_{y}_{id3}")),
    Publisher(("Council of the European Union",), ("en",),
              _site("https://www.consilium.europa.eu/en/press/press-releases/{Y}/{m}/{d}/{slug}/")),
    Publisher(("European Parliament", "European Parliamentary Research Service"), ("en",),
              _site("https://www.europarl.europa.eu/RegData/etudes/BRIE/{Y}/{id6}/EPRS_BRI({Y}){id6}_EN.pdf")),
    Publisher(("Carnegie Europe",), ("en",), _site("https://carnegieendowment.org/europe/strategic-europe/{Y}/{m}/{slug}?lang=en")),
    Publisher(("International Crisis Group", "Crisis Group"), ("en",), _site("https://www.crisisgroup.org/europe-central-asia/balkans/{slug}")),
    Publisher(("ECFR", "European Council on Foreign Relations"), ("en",), _site("https://ecfr.eu/article/{slug}/")),
    Publisher(("Democratization Policy Council",), ("en",), _site("http://www.democratizationpolicy.org/summary/{slug_dash}/")),
    Publisher(("SETA", "SETA Foundation"), ("en", "tr"), _site("https://www.setav.org/assets/uploads/{Y}/{m}/A{id3}En.pdf"), ("SETA",)),
    Publisher(("usa-ue.pl",), ("en",), _site("https://usa-ue.pl/teksty-i-komentarze/english/{slug}//")),
    Publisher(("News.az",), ("en",), _site("https://news.az/news/{slug}?utm_source=twitter&utm_medium=social")),
    Publisher(("TRT Haber",), ("tr",), _site("https://www.trthaber.com/haber/dunya/{slug}-{id6}.html")),
    Publisher(("Ministry of Foreign Affairs of Türkiye",), ("en", "tr"), _site("https://www.mfa.gov.tr/no_-{n}_-{short}.{lang}.mfa"),
              ("T.C. Dışişleri Bakanlığı",)),
    Publisher(("Wikipedia", "Vikipedi"), ("tr",), _site("https://tr.wikipedia.org/wiki/{wiki}")),
    Publisher(("Wikipedia",), ("en",), _site("https://en.wikipedia.org/wiki/{wiki}_({Y})")),
    Publisher(("BBC Türkçe",), ("tr",), _site("https://www.bbc.com/turkce/articles/c{id4}xq{id3}o")),
    Publisher(("YouTube", "TRT World"), ("en",), _site("https://www.youtube.com/watch?v=dQw4w9WgXc{id3}&t={t}s")),
    Publisher(("Reuters",), ("en",), _site("https://www.reuters.com/world/europe/{slug}-{Y}-{m}-{d}/")),
]


def make_person(rng: random.Random, lang: str) -> Person:
    origin = "tr" if lang == "tr" and rng.random() < 0.7 else rng.choice(list(GIVEN))
    given = [rng.choice(GIVEN[origin])]
    if rng.random() < 0.15:
        given.append(rng.choice([g for g in GIVEN[origin] + SURNAMES["tr"][:4] if g != given[0]]))
    surname = rng.choice(SURNAMES[origin])
    if " " in surname:  # "Erkul Kaya": the first part reads as a middle name
        first, surname = surname.split(" ", 1)
        given.append(first)
    return Person(tuple(given), surname)


def make_authors(rng: random.Random, lang: str) -> tuple[Author, ...]:
    roll = rng.random()
    if roll < 0.12:
        return ()
    if roll < 0.27:
        return (Org(rng.choice(ORGS)),)
    count = 1 if roll < 0.80 else 2 if roll < 0.94 else 3
    return tuple(make_person(rng, lang) for _ in range(count))


def make_title(rng: random.Random, lang: str) -> str:
    template = rng.choice(TITLES_TR if lang == "tr" else TITLES_EN)
    countries = COUNTRIES_TR if lang == "tr" else COUNTRIES_EN
    c1, c2 = rng.sample(countries, 2)
    city, city2 = rng.sample(CITIES, 2)
    topics = TOPICS_TR if lang == "tr" else TOPICS
    t1, t2 = rng.sample(topics, 2)
    return template.format(c1=c1, c2=c2, city=city, city2=city2, t1=t1, t2=t2, leader=rng.choice(LEADERS))


def make_dates(rng: random.Random) -> tuple[date | None, date | None]:
    """Published and accessed: accessed usually days to years after; either may be missing."""
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(0, (LATEST - date(2015, 1, 1)).days))
    accessed = published + timedelta(days=rng.choice([0, 1, 3, 10, 30, 200, 900]))
    if rng.random() < 0.03:  # as in the reference commentary: a source dated after its access
        accessed = published - timedelta(days=rng.randrange(1, 200))
    accessed = min(accessed, LATEST)
    if rng.random() < 0.08:
        published = None
    if rng.random() < 0.08:
        accessed = None
    return published, accessed


def make_web_source(rng: random.Random, page_lang: str) -> Source:
    lang = page_lang if rng.random() < 0.85 else ("en" if page_lang == "tr" else "tr")
    publisher = rng.choice([p for p in PUBLISHERS if lang in p.langs])
    names = publisher.names_tr if lang == "tr" and publisher.names_tr else publisher.names
    title = make_title(rng, lang)
    published, accessed = make_dates(rng)
    url = publisher.url(rng, title, published or date(2024, 5, 7), lang)
    name: str | None = rng.choice(names) if rng.random() > 0.05 else None
    return Source("web", make_authors(rng, lang), title, lang, name, published, accessed, url)


def make_print_source(rng: random.Random, page_lang: str) -> Source:
    lang, title = rng.choice([bt for bt in BOOK_TITLES if bt[0] == page_lang] or BOOK_TITLES)
    place, publisher = rng.choice(BOOK_PUBLISHERS)
    authors = make_authors(rng, lang) or (make_person(rng, lang),)
    year = date(rng.randrange(1995, 2026), 1, 1)
    return Source("print", authors, title, lang, publisher, year, None, None, place, rng.randrange(1, 420))
