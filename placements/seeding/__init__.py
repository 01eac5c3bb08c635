"""Synthetic data for the demo and for benchmarks: a coherent world of councils,
practices, contracts and staff, and children with years of history whose SSDA903
episodes chain like the real return. Same seed (and --today), same data."""
