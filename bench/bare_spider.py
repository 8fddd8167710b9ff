"""The floor under `check --all`: Scrapy alone fetching the same URLs, with the settings the
benchmark gives avimcrawl (no delay, C requests at once, P per site, robots.txt obeyed, one
item per response) and none of avimcrawl's work (no extraction, WARC, database or verdicts).

    scrapy runspider bench/bare_spider.py -a urls=FILE -s CONCURRENT_REQUESTS=C -s CONCURRENT_REQUESTS_PER_DOMAIN=P
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"
    custom_settings = {
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": True, "HTTPERROR_ALLOW_ALL": True,
        "CONCURRENT_ITEMS": 1, "WARN_ON_GENERATOR_RETURN_VALUE": False, "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO", "COOKIES_ENABLED": False,
    }

    def __init__(self, urls: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = Path(urls)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls_file.read_text().split():
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response: Response) -> Any:
        yield {"url": response.url, "status": response.status}
