"""WARC writing: records that standard tools accept, offsets that read back, rotation."""

from __future__ import annotations

import gzip
import random
import shutil
import subprocess
import sys
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from warcio.archiveiterator import ArchiveIterator

from avimcrawl.warc import WarcFileWriter

PAGE = "<html><head><title>Türkiye-Serbia</title></head><body><p>Erişim tarihi</p></body></html>".encode()


def exchange(url: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> tuple[Request, Response]:
    request = Request(url, headers={"User-Agent": "avimcrawl/test", "Accept-Encoding": "gzip"})
    response = HtmlResponse(url, status=status, body=body, request=request,
                            headers={"Content-Type": "text/html; charset=utf-8", **(headers or {})})
    return request, response


def read_record_at(path: Path, offset: int):
    with path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record.raw_stream.read(), record


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    warcio = shutil.which("warcio") or str(Path(sys.executable).parent / "warcio")
    return subprocess.run([warcio, "check", "-v", str(path)], capture_output=True, text=True)


def test_records_read_back_at_their_offsets(tmp_path):
    writer = WarcFileWriter(tmp_path, "20260224101500")
    compressed = gzip.compress(PAGE)
    locations = [
        writer.write_exchange(*exchange("https://www.dailysabah.com/politics/diplomacy/x", PAGE)),
        writer.write_exchange(*exchange("https://www.aa.com.tr/tr/dunya/y/3456789", compressed,
                                        headers={"Content-Encoding": "gzip", "Transfer-Encoding": "chunked"})),
        writer.write_exchange(*exchange("https://armenianweekly.com/gone/", b"Not Found", status=404)),
    ]
    writer.close()
    path = tmp_path / "avimcrawl-20260224101500-00000.warc.gz"
    assert [loc.file for loc in locations] == [path.name] * 3
    rec_type, uri, payload, _ = read_record_at(path, locations[0].offset)
    assert (rec_type, uri, payload) == ("response", "https://www.dailysabah.com/politics/diplomacy/x", PAGE)
    _, _, payload, record = read_record_at(path, locations[1].offset)
    assert payload == compressed  # the bytes the server sent, not decompressed
    assert record.http_headers.get_header("X-Crawler-Transfer-Encoding") == "chunked"
    _, _, _, record = read_record_at(path, locations[2].offset)
    assert record.http_headers.get_statuscode() == "404"
    assert locations[2].status == 404


def test_file_starts_with_warcinfo_and_pairs_requests_with_responses(tmp_path):
    writer = WarcFileWriter(tmp_path, "20260224101500")
    writer.write_exchange(*exchange("https://caspianpost.com/politics/x", PAGE))
    writer.close()
    with (tmp_path / "avimcrawl-20260224101500-00000.warc.gz").open("rb") as handle:
        records = list(ArchiveIterator(handle))
    assert [r.rec_type for r in records] == ["warcinfo", "response", "request"]
    assert records[2].rec_headers.get_header("WARC-Concurrent-To") == records[1].rec_headers.get_header("WARC-Record-ID")
    assert records[2].http_headers.protocol == "GET"


def test_warcio_check_passes(tmp_path):
    writer = WarcFileWriter(tmp_path, "20260224101500")
    for i in range(3):
        writer.write_exchange(*exchange(f"https://www.hurriyetdailynews.com/a-{i}", PAGE * (i + 1)))
    writer.close()
    result = warcio_check(tmp_path / "avimcrawl-20260224101500-00000.warc.gz")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "digest pass" in result.stdout


def test_rotation_at_the_size_limit(tmp_path):
    writer = WarcFileWriter(tmp_path, "20260224101500", max_size=2000)
    incompressible = [random.Random(i).randbytes(1500) for i in range(3)]
    files = {writer.write_exchange(*exchange(f"https://www.yenisafak.com/a-{i}", body)).file
             for i, body in enumerate(incompressible)}
    writer.close()
    assert files == {f"avimcrawl-20260224101500-0000{i}.warc.gz" for i in range(3)}
    for name in files:
        with (tmp_path / name).open("rb") as handle:
            assert next(iter(ArchiveIterator(handle))).rec_type == "warcinfo"


def test_a_second_writer_of_the_same_crawl_continues_the_serials(tmp_path):
    for _ in range(2):
        writer = WarcFileWriter(tmp_path, "20260224101500")
        writer.write_exchange(*exchange("https://www.trthaber.com/x", PAGE))
        writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "avimcrawl-20260224101500-00000.warc.gz", "avimcrawl-20260224101500-00001.warc.gz"]


def test_standard_tools_index_and_extract(tmp_path):
    """The README's recipes: `warcio index` lists records by offset, `warcio extract` reads one back."""
    writer = WarcFileWriter(tmp_path, "20260224101500")
    location = writer.write_exchange(*exchange("https://www.trthaber.com/haber/dunya/x-123.html", PAGE))
    writer.close()
    path = tmp_path / location.file
    warcio = shutil.which("warcio") or str(Path(sys.executable).parent / "warcio")
    index = subprocess.run([warcio, "index", "-f", "warc-type,warc-target-uri,offset,http:status", str(path)],
                           capture_output=True, text=True, check=True).stdout
    assert ('{"warc-type": "response", "warc-target-uri": "https://www.trthaber.com/haber/dunya/x-123.html", '
            f'"offset": "{location.offset}", "http:status": "200"}}') in index
    payload = subprocess.run([warcio, "extract", "--payload", str(path), str(location.offset)],
                             capture_output=True, check=True).stdout
    assert payload == PAGE


WRITE_UNTIL_FULL = """
import random, sys
from pathlib import Path
from tests.test_warc import exchange
from avimcrawl.warc import WarcFileWriter
writer = WarcFileWriter(Path(sys.argv[1]), "20260224101500")
noise = random.Random(7)
written = 0
try:
    for n in range(1000):
        body = bytes(noise.getrandbits(8) for _ in range(noise.randint(500, 20000)))  # does not compress
        writer.write_exchange(*exchange(f"https://www.dailysabah.com/{n}", body))
        written += 1
except OSError as error:
    print(written, error.strerror, flush=True)
    writer.write_exchange(*exchange("https://www.dailysabah.com/again", b"x"))  # goes to a new file
"""


def test_a_write_past_a_file_size_limit_leaves_every_file_readable_to_its_end(tmp_path):
    import resource

    limit = 150_000
    result = subprocess.run([sys.executable, "-c", WRITE_UNTIL_FULL, str(tmp_path)], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent, timeout=120,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    written, _, reason = result.stdout.strip().partition(" ")
    assert reason == "File too large", result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 2
    responses = 0
    for path in files:
        assert path.stat().st_size <= limit
        with path.open("rb") as handle:
            responses += sum(record.rec_type == "response" for record in ArchiveIterator(handle))
    assert responses == int(written) + 1 > 1  # every record written whole, the cut one gone
