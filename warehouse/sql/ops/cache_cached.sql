-- Contents already parsed by this parser version.
SELECT sha256 FROM parsed WHERE parser_version = $pv
