-- Areas (districts/counties, 市本级) with their number of units.
SELECT area, count(*) AS units FROM v_units GROUP BY area ORDER BY area
