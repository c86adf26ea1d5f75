-- About the published warehouse: built_at, parser_version, synthetic, row counts.
SELECT key, value FROM meta ORDER BY key
