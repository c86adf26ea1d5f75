"""The demo city (示例市): a deterministic synthetic corpus with known truth."""
