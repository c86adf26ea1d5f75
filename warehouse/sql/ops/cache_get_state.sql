SELECT value FROM state WHERE key = $key
