ATTACH $path AS cache (READ_ONLY);
