-- Forget the rejections of this parser version for the contents in retry_df(sha256), so that
-- those files are parsed again (after a library was installed or a limit raised).
DELETE FROM parsed
WHERE parser_version = $pv AND NOT ok AND sha256 IN (SELECT sha256 FROM retry_df);
