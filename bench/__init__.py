"""Benchmarks (speed goes here, not in tests). Each script prints one final JSON line."""
