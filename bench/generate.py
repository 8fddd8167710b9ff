"""A synthetic local internet for the benchmarks: AVİM with N commentaries, and the sites they cite.

    python bench/generate.py [--commentaries N] [--citations M] [--domains K] [--out DIR]

Writes `<out>/<host>/` folders for tests/internet/proxy.py (see tests/internet/README.md):
- `avim.org.tr`: the English listing `/en/Yorumlar?page=P` (10 a page, newest first, with
  pagination links; routed in `_site.toml`) and N commentary pages `/en/Yorum/<SLUG>`
  modelled on the fixture pages, each with M Word-exported footnotes citing one URL each;
- K cited sites (`www.caspianherald.com`, …, plain http): one small article per cited URL
  (N × M distinct URLs), about 3% answering 404 and 3% redirecting (301) to the article,
  both by `_site.toml` rules; `robots.txt` allows everything. Every response carries a
  `LinkChecker` header: LinkChecker's documented switch for lifting its per-host rate limit,
  so that both checkers run with politeness off.

Deterministic (seeded) and fast: 1,000 commentaries and 10,000 articles take a few seconds.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

AVIM = "avim.org.tr"
PER_PAGE = 10
ACCESSED = "February 23, 2026"
NEWEST = date(2026, 2, 24)
ALLOW_ALL = "User-agent: *\nDisallow:\n"
AVIM_ROBOTS = ("User-agent: *\nDisallow: /Admin/\nDisallow: /Account/\nDisallow: /en/Arama\n"
               "Disallow: /tr/Arama\n\nSitemap: https://avim.org.tr/sitemap.xml\n")
HEADER_RULE = '\n[[rules]]\nheaders = { "LinkChecker" = "ok" }\n'

# Site names: a region word and a masthead word. Each pair of names is more than two edits apart,
# so avimcrawl's misspelled-domain check (citations.suspect_domain) stays quiet, as on real sites.
REGIONS = ("caspian", "balkan", "caucasus", "anatolia", "eurasia", "danube", "aegean", "levant", "steppe",
           "bosphorus", "ankara", "tbilisi", "baku", "yerevan", "sarajevo", "belgrade", "astana", "tashkent",
           "black-sea", "silkroad", "euxine", "transcaspian", "pontic", "thrace", "nicosia", "kyiv")
MASTHEADS = ("herald", "observer", "monitor", "gazette", "tribune", "review", "digest", "dispatch",
             "chronicle", "ledger", "courier", "bulletin", "journal", "sentinel", "times", "post",
             "insight", "forum", "watch", "weekly", "express", "policy", "affairs", "news")
TLDS = (".com", ".org", ".net", ".eu", ".com.tr", ".info")
FIRST = ("Ayşe", "Mehmet", "Elena", "David", "Nino", "Arman", "Leyla", "Marko", "Sofia", "Tural", "Anna",
         "Emre", "Giorgi", "Zeynep", "Milan", "Aliya", "Thomas", "Selin", "Ivan", "Maria")
LAST = ("Yılmaz", "Petrović", "Aliyev", "Kowalski", "Beridze", "Hakobyan", "Demir", "Novak", "Schmidt",
        "Kaya", "Popescu", "Nazarbayeva", "Öztürk", "Horvat", "Jensen", "Karimov", "Rossi", "Şahin")
ACTORS = ("Türkiye", "Azerbaijan", "Armenia", "Georgia", "Serbia", "Bosnia and Herzegovina", "Kazakhstan",
          "the European Union", "Greece", "Uzbekistan", "Russia", "the United States", "Kosovo", "Ukraine")
FIELDS = ("energy security", "transport corridors", "trade and investment", "border crossings",
          "defence industry cooperation", "regional connectivity", "water management", "digital infrastructure",
          "customs simplification", "the peace process", "migration policy", "railway capacity")
PLACES = ("Ankara", "Baku", "Brussels", "Belgrade", "Tbilisi", "Astana", "Yerevan", "Sarajevo", "Istanbul",
          "Tashkent", "Athens", "Vienna")
SENTENCES = (
    "{a} and {b} agreed in {p} to deepen cooperation on {f}, officials said after the talks.",
    "The agreement on {f} is expected to be signed before the end of the year, according to diplomats in {p}.",
    "Analysts note that {a} has invested heavily in {f} over the past decade.",
    "Critics in {b} argue that the plan on {f} leaves key questions unanswered.",
    "A joint working group will meet in {p} next month to prepare the details.",
    "The ministers also discussed {f}, stressing the importance of predictable rules.",
    "Observers in {p} describe the talks between {a} and {b} as constructive but cautious.",
    "Trade between {a} and {b} grew by {n} percent last year, official figures show.",
    "Several experts warned that progress on {f} depends on sustained political will.",
    "The delegation from {a} is due to visit {p} in the spring to review implementation.",
)
TITLES_A = ("{A} AND {B}", "THE {F} AGENDA OF {A}", "{A} AFTER THE {P} SUMMIT", "{F} BETWEEN {A} AND {B}",
            "THE ROAD FROM {P}", "{A}'S NEW APPROACH TO {F}")
TITLES_B = ("A NEW PHASE", "OLD QUESTIONS, NEW ANSWERS", "CAPACITY BEFORE RHETORIC", "TESTING THE BALANCE",
            "FROM WORDS TO INSTITUTIONS", "LIMITS AND OPPORTUNITIES", "AN EXERCISE IN REPETITION",
            "WHAT COMES NEXT")
AUTHORS = (("Teoman Ertuğrul TULUN", "teoman-ertugrul-tulun"), ("Zeynep Çağla ÖZDEMİR", "zeynep-cagla-ozdemir"),
           ("Kerem Alp DURMUŞ", "kerem-alp-durmus"), ("Elif Naz ŞAHİN", "elif-naz-sahin"),
           ("Mehmet Oğuz GÖKSU", "mehmet-oguz-goksu"), ("Hazal Gökçe YILDIRIM", "hazal-gokce-yildirim"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Spec:
    commentaries: int = 1000
    citations: int = 10
    domains: int = 300
    seed: int = 2026


@dataclass
class Internet:
    """What was generated: the sites folder, the commentaries and the cited URLs."""

    sites: Path
    commentaries: list[tuple[str, Path]] = field(default_factory=list)  # (URL, file)
    cited_urls: list[str] = field(default_factory=list)
    not_found: int = 0
    redirected: int = 0

    @property
    def listing_pages(self) -> int:
        return -(-len(self.commentaries) // PER_PAGE)


def site_hosts(count: int, rng: random.Random) -> list[str]:
    names = [f"{region}{masthead}" for masthead in MASTHEADS for region in REGIONS]
    if count > len(names):
        raise ValueError(f"at most {len(names)} domains")
    rng.shuffle(names)
    prefixes = ("www.", "www.", "www.", "en.", "")
    return [f"{rng.choice(prefixes)}{name}{rng.choice(TLDS)}" for name in names[:count]]


def site_title(host: str) -> str:
    name = host.removeprefix("www.").removeprefix("en.").split(".")[0]
    for masthead in MASTHEADS:
        if name.endswith(masthead):
            return f"{name[: -len(masthead)].replace('-', ' ').title()} {masthead.title()}"
    return name.title()


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(ACTORS, 2)
    text = rng.choice(SENTENCES).format(a=a, b=b, p=rng.choice(PLACES), f=rng.choice(FIELDS), n=rng.randint(3, 40))
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def long_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}"


def slugify(text: str) -> str:
    folded = text.translate(str.maketrans("İIŞĞÜÖÇışğüöç", "IISGUOCisguoc"))
    return re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")


# ------------------------------------------------------------------------------- cited sites


@dataclass
class Article:
    host: str
    path: str
    title: str
    author: str
    published: date


def article_html(article: Article, rng: random.Random) -> str:
    site = site_title(article.host)
    body = "\n".join(f"<p>{html.escape(paragraph(rng))}</p>" for _ in range(rng.randint(3, 6)))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(article.title)} | {site}</title>
<meta name="author" content="{html.escape(article.author)}">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{html.escape(article.title)}">
<meta property="article:published_time" content="{article.published.isoformat()}T09:00:00Z">
</head>
<body>
<header><a href="/">{site}</a> <nav><a href="/politics/">Politics</a> <a href="/world/">World</a> <a href="/economy/">Economy</a> <a href="/opinion/">Opinion</a></nav></header>
<main><article>
<h1>{html.escape(article.title)}</h1>
<p class="byline">By {html.escape(article.author)} · {long_date(article.published)}</p>
{body}
</article></main>
<footer><p>&copy; 2026 {site}. All rights reserved.</p></footer>
</body>
</html>
"""


def article_path(host_index: int, number: int, title: str) -> str:
    slug = slugify(title).lower()
    style = host_index % 3
    if style == 0:
        return f"/2026/02/{slug}-{number}"
    if style == 1:
        return f"/news/politics/{slug}/{number}/"
    return f"/articles/{number}-{slug}.html"


def file_for(path: str) -> str:
    """The file the proxy serves for a path: `path + .html`, `path/index.html`, or the path itself."""
    relative = path.lstrip("/")
    if relative.endswith("/"):
        return relative + "index.html"
    return relative if relative.endswith(".html") else relative + ".html"


# ------------------------------------------------------------------------------------- AVİM


@dataclass
class Entry:
    url: str
    slug: str
    title: str
    published: date
    number: str
    author: tuple[str, str]
    summary: str


def avim_head(title: str, url: str, description: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>AVİM - {html.escape(title)}</title>
    <meta name="description" content="{html.escape(description)}" />
    <meta property="og:title" content="{html.escape(title)}" />
    <meta property="og:type" content="article" />
    <meta property="og:url" content="{url}" />
    <meta property="og:site_name" content="AVİM" />
    <meta name="twitter:site" content="@avimorgtr" />
    <link href="/Content/css/site.css" rel="stylesheet" />
</head>
<body>
<header class="site-header">
    <div class="top-bar">
        <div class="container">
            <a class="logo" href="/en"><img src="/Content/images/avim-logo.svg" alt="AVİM - Center for Eurasian Studies" /></a>
            <ul class="lang-switch">
                <li><a href="/tr">TR</a></li>
                <li class="active"><a href="/en">EN</a></li>
            </ul>
            <form class="search-form" action="/en/Arama" method="get">
                <input type="text" name="q" placeholder="Search..." />
                <button type="submit">Search</button>
            </form>
        </div>
    </div>
    <nav class="navbar main-nav">
        <div class="container">
            <ul class="nav navbar-nav">
                <li><a href="/en">Home</a></li>
                <li><a href="/en/Yorumlar">Commentaries</a></li>
                <li><a href="/en/Analizler">Analyses</a></li>
                <li><a href="/en/TumBloglar?page=1">All Publications</a></li>
                <li><a href="/en/Iletisim">Contact</a></li>
            </ul>
        </div>
    </nav>
</header>
<main class="container">
"""


AVIM_FOOT = """</main>
<footer class="site-footer">
    <div class="container">
        <div class="row">
            <div class="col-md-6 footer-contact">
                <p>Süleyman Nazif Sok. No: 12/B Daire 3-4 06550 Çankaya-ANKARA / TÜRKİYE</p>
                <p>Tel: +90 (312) 438 50 23-24 • <strong>Fax:</strong> +90 (312) 438 50 26</p>
            </div>
            <div class="col-md-6 footer-social">
                <p><a href="https://twitter.com/avimorgtr" target="_blank">@avimorgtr</a></p>
                <p>E-Mail: <a href="mailto:info@avim.org.tr">info@avim.org.tr</a></p>
            </div>
        </div>
        <p class="copyright">&copy; 2009 - 2026 AVİM Avrasya İncelemeleri Merkezi</p>
    </div>
</footer>
<script src="/Scripts/site.js"></script>
</body>
</html>
"""

SPAN = '<span lang="EN-US" style="font-size:12.0pt;line-height:150%;font-family:&quot;Times New Roman&quot;,serif">'
MSO_P = '<p class="MsoNormal" style="text-align:justify;line-height:150%">'


def footnote_ref(n: int) -> str:
    return (f'<a href="#_ftn{n}" name="_ftnref{n}" title=""><span class="MsoFootnoteReference"><span style="mso-special-'
            f'character:footnote"><![if !supportFootnotes]><span class="MsoFootnoteReference">[{n}]</span>'
            '<![endif]></span></span></a>')


def footnote(n: int, citation: str) -> str:
    return (f'<div style="mso-element:footnote" id="ftn{n}">\n<p class="MsoFootnoteText"><a href="#_ftnref{n}" '
            f'name="_ftn{n}" title=""><span class="MsoFootnoteReference"><span style="mso-special-character:footnote">'
            f'<![if !supportFootnotes]><span class="MsoFootnoteReference">[{n}]</span><![endif]></span></span></a> '
            f"{citation}</p>\n</div>")


def citation_text(article: Article) -> str:
    url = html.escape(f"http://{article.host}{article.path}")
    return (f"{html.escape(article.author)}, {html.escape(article.title)}, {site_title(article.host)}, "
            f'{long_date(article.published)}, accessed {ACCESSED}, &lt;<a href="{url}">{url}</a>&gt;')


def commentary_html(entry: Entry, articles: list[Article], latest: list[Entry], rng: random.Random) -> str:
    paragraphs = []
    for n in range(1, len(articles) + 1):
        paragraphs.append(f"{MSO_P}{SPAN}{html.escape(paragraph(rng, 3))}{footnote_ref(n)}<o:p></o:p></span></p>")
        if n % 3 == 0:
            paragraphs.append(f"{MSO_P}{SPAN}{html.escape(paragraph(rng, 3))}<o:p></o:p></span></p>")
    notes = "\n".join(footnote(n, citation_text(a)) for n, a in enumerate(articles, 1))
    name, author_slug = entry.author
    surname, given = name.split()[-1], " ".join(name.split()[:-1])
    sidebar = "\n".join(f'            <li><a href="/en/Yorum/{e.slug}">{html.escape(e.title)}</a>'
                        f'<span class="date">{e.published:%d.%m.%Y}</span></li>' for e in latest)
    return avim_head(entry.title, entry.url, entry.summary) + f"""<div class="row">
    <div class="col-md-8">
<div class="blog-detail">
<h2 class="blog-title">{html.escape(entry.title)}</h2>
<div class="blog-info"><span>Commentary No : {entry.number}</span><span>{entry.published:%d.%m.%Y}</span><span>3 min read</span></div>
<div class="blog-author"><a href="/en/Yazar/{author_slug}">{name}</a><br><small>Analyst</small></div>
<div class="blog-content">
{chr(10).join(paragraphs)}
<p class="MsoNormal" style="text-align:justify;line-height:150%"><i>{SPAN}*Picture: <a href="#">AA</a><o:p></o:p></span></i></p>
<div style="mso-element:footnote-list"><![if !supportFootnotes]><br clear="all">
<hr align="left" size="1" width="33%">
<![endif]>
{notes}
</div>
</div>
<div class="about-author"><strong>About the Author :</strong><p>{given.title()} {surname.title()} is an analyst at the Center for Eurasian Studies (AVİM) in Ankara.</p></div>
<p class="cite"><strong>To cite this article:</strong> {surname}, {given}. {entry.published.year}. "{html.escape(entry.title)} ." Center For Eurasian Studies (AVİM), Commentary No.{entry.number}. {MONTHS[entry.published.month - 1]} {entry.published.day}. Accessed June 28, 2026. <a href="{entry.url}">{entry.url}</a></p>
</div>
    </div>
    <aside class="col-md-4 sidebar">
        <div class="widget latest">
            <h3>Latest Commentaries</h3>
            <ul>
{sidebar}
            </ul>
        </div>
    </aside>
</div>
""" + AVIM_FOOT


def listing_html(page: int, pages: int, entries: list[Entry]) -> str:
    items = "\n".join(f"""<div class="blog-item">
    <a href="/en/Yorum/{e.slug}"><h4>{html.escape(e.title)}</h4></a>
    <span class="date">{e.published:%d.%m.%Y}</span> <span class="author">{e.author[0]}</span>
    <p>{html.escape(e.summary)}</p>
    <a href="{e.url}" class="read-more">Read more</a>
</div>""" for e in entries)
    window = range(max(1, page - 2), min(pages, page + 2) + 1)
    links = [f'<li><a href="/en/Yorumlar?page={max(1, page - 1)}">«</a></li>']
    active = ' class="active"'
    links += [f'<li{active if p == page else ""}><a href="/en/Yorumlar?page={p}">{p}</a></li>' for p in window]
    links.append(f'<li><a href="/en/Yorumlar?page={min(pages, page + 1)}">»</a></li>')
    url = f"https://{AVIM}/en/Yorumlar?page={page}"
    return avim_head("Commentaries", url, "AVİM - Commentaries") + f"""<div class="page-title"><h1>Commentaries</h1></div>
<div class="row">
<div class="col-md-12 blog-list">
{items}
</div>
</div>
<div class="pagination-wrap">
<ul class="pagination">
{chr(10).join(links)}
</ul>
</div>
""" + AVIM_FOOT


def commentary_entries(count: int, rng: random.Random) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i in range(count):
        published = NEWEST - timedelta(days=i)
        a, b = rng.sample(ACTORS, 2)
        head = rng.choice(TITLES_A).format(A=a.upper(), B=b.upper(), F=rng.choice(FIELDS).upper(),
                                           P=rng.choice(PLACES).upper())
        title = f"{head}: {rng.choice(TITLES_B)}".replace("THE THE", "THE")
        slug = slugify(title)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            title, slug = f"{title} ({seen[slug]})", f"{slug}-{seen[slug]}"
        number = f"{published.year} / {published.timetuple().tm_yday}"
        entries.append(Entry(f"https://{AVIM}/en/Yorum/{slug}", slug, title, published, number,
                             rng.choice(AUTHORS), sentence(rng)))
    return entries


# ------------------------------------------------------------------------------------ driver


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(out: Path, spec: Spec = Spec()) -> Internet:
    rng = random.Random(spec.seed)
    internet = Internet(sites=out)
    hosts = site_hosts(spec.domains, rng)
    rules: dict[str, list[str]] = {host: [] for host in hosts}
    entries = commentary_entries(spec.commentaries, rng)
    avim = out / AVIM
    for index, entry in enumerate(entries):
        articles = []
        for position in range(spec.citations):
            number = index * spec.citations + position
            host_index = number % len(hosts)
            host = hosts[host_index]
            title = f"{sentence(rng).split(',')[0].rstrip('.')}"
            published = date(2025, 3, 1) + timedelta(days=rng.randint(0, 358))
            article = Article(host, article_path(host_index, 100000 + number, title), title,
                              f"{rng.choice(FIRST)} {rng.choice(LAST)}", published)
            articles.append(article)
            internet.cited_urls.append(f"http://{host}{article.path}")
            fate = rng.random()
            if fate < 0.03:
                internet.not_found += 1
                rules[host].append(f'\n[[rules]]\npath = "{article.path}"\nstatus = 404\n'
                                   'headers = { "LinkChecker" = "ok" }\n')
                continue
            target = article.path
            if fate < 0.06:
                internet.redirected += 1
                target = article_path(host_index + 1, 100000 + number, title + " updated")
                rules[host].append(f'\n[[rules]]\npath = "{article.path}"\nredirect = "{target}"\n'
                                   'headers = { "LinkChecker" = "ok" }\n')
            write(out / host / file_for(target), article_html(article, rng))
        file = avim / "en" / "Yorum" / f"{entry.slug}.html"
        write(file, commentary_html(entry, articles, entries[max(0, index - 3):index] or entries[1:4], rng))
        internet.commentaries.append((entry.url, file))
    for host, host_rules in rules.items():
        write(out / host / "robots.txt", ALLOW_ALL)
        write(out / host / "_site.toml", "".join(host_rules) + HEADER_RULE)
    pages = internet.listing_pages
    routes = ['"/en/Yorumlar" = "listings/en-yorumlar-1.html"']
    for page in range(1, pages + 1):
        write(avim / "listings" / f"en-yorumlar-{page}.html",
              listing_html(page, pages, entries[(page - 1) * PER_PAGE: page * PER_PAGE]))
        routes.append(f'"/en/Yorumlar?page={page}" = "listings/en-yorumlar-{page}.html"')
    write(avim / "_site.toml", "[routes]\n" + "\n".join(routes) + "\n")
    write(avim / "robots.txt", AVIM_ROBOTS)
    return internet


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commentaries", type=int, default=Spec.commentaries, metavar="N")
    parser.add_argument("--citations", type=int, default=Spec.citations, metavar="M", help="per commentary")
    parser.add_argument("--domains", type=int, default=Spec.domains, metavar="K", help="cited sites")
    parser.add_argument("--seed", type=int, default=Spec.seed)
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: a new temporary folder)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="avimcrawl-bench-"))
    internet = generate(out, Spec(args.commentaries, args.citations, args.domains, args.seed))
    print(f"{out}: {len(internet.commentaries)} commentaries on {internet.listing_pages} listing pages, "
          f"{len(internet.cited_urls)} cited URLs on {args.domains} sites "
          f"({internet.not_found} answer 404, {internet.redirected} redirect)")


if __name__ == "__main__":
    main()
