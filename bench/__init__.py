"""Benchmarks (`make bench`); a package so that the import contracts see bench/run.py."""
