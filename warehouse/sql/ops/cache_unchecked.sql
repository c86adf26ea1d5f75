-- The current parse keys (keys_df(sha256)) parsed by this parser version without checks of this
-- checks version: what a re-check evaluates from the cached cells, with where they are.
SELECT p.sha256, p.template, p.variant, p.meta_json, p.part
FROM parsed p
WHERE p.parser_version = $pv AND p.ok AND p.sha256 IN (SELECT sha256 FROM keys_df)
  AND NOT EXISTS (SELECT 1 FROM checked k WHERE k.sha256 = p.sha256 AND k.parser_version = $pv
                                           AND k.checks_version = $cv)
ORDER BY p.part, p.sha256
