INSERT OR REPLACE INTO state VALUES ($key, $value);
