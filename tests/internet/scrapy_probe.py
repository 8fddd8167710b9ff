"""Fetch URLs with a real Scrapy crawl; used by tests to check the proxy.

    python -m tests.internet.scrapy_probe [--verify] CHAIN [CHAIN ...]

A CHAIN is comma-separated URLs fetched one after the other (the next one is
requested from the previous one's callback, so a chain on one https host
exercises the pooled CONNECT tunnel).  Chains run concurrently.  Proxies come
from the environment, as for the real crawler.  Prints one JSON line per
response: {"url", "status", "body"}, or {"url", "error"} for a failure.
``--verify`` turns on DOWNLOAD_VERIFY_CERTIFICATES (trust from SSL_CERT_FILE).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from twisted.python.failure import Failure


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


class ProbeSpider(scrapy.Spider):
    name = "probe"

    def __init__(self, chains: Sequence[Sequence[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chains = chains

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for chain in self.chains:
            yield self.request(chain, 0)

    def request(self, chain: Sequence[str], position: int) -> scrapy.Request:
        return scrapy.Request(
            chain[position],
            callback=self.parse,
            errback=self.failed,
            cb_kwargs={"chain": chain, "position": position},
            dont_filter=True,
        )

    def parse(
        self, response: Response, chain: Sequence[str], position: int
    ) -> Any:
        emit({"url": response.url, "status": response.status, "body": response.text})
        if position + 1 < len(chain):
            yield self.request(chain, position + 1)

    def failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        emit({"url": request.url if request else None, "error": repr(failure.value)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("chains", nargs="+")
    args = parser.parse_args(argv)
    process = CrawlerProcess(
        settings={
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "RETRY_ENABLED": False,
            "HTTPERROR_ALLOW_ALL": True,
            "DOWNLOAD_TIMEOUT": 20,
            "DOWNLOAD_VERIFY_CERTIFICATES": args.verify,
        }
    )
    process.crawl(ProbeSpider, chains=[chain.split(",") for chain in args.chains])
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
