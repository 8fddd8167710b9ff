"""avimcrawl: an archival crawler for AVİM commentaries and the sources they cite."""

__version__ = "0.1.0"

PROJECT_URL = "https://github.com/avimcrawl/avimcrawl"
USER_AGENT = f"avimcrawl/{__version__} (+{PROJECT_URL})"
