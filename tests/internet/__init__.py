"""The local internet: a proxy that serves fixture sites to the real program under test."""
